// voxclone/version.hpp
#pragma once

#include <string>
#include <string_view>

namespace voxclone {

/// The library's version, "MAJOR.MINOR.PATCH"; `voxclone --version` prints the same.
std::string_view version() noexcept;
/// The FFmpeg libraries the library runs with: libavformat's and libavcodec's versions
/// ("avformat 59.27.100, avcodec 59.37.100") and FFmpeg's own release string.
std::string ffmpeg_version();

}  // namespace voxclone

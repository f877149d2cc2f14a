// The FFmpeg versions the library runs with (the loaded libraries', not the headers').
extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
}

#include <fmt/format.h>

#include "voxclone/version.hpp"

namespace voxclone {
namespace {

std::string dotted(unsigned v) {
  return fmt::format("{}.{}.{}", AV_VERSION_MAJOR(v), AV_VERSION_MINOR(v), AV_VERSION_MICRO(v));
}

}  // namespace

std::string ffmpeg_version() {
  return fmt::format("FFmpeg {} (libavformat {}, libavcodec {})", av_version_info(),
                     dotted(avformat_version()), dotted(avcodec_version()));
}

}  // namespace voxclone

// Internal: small helpers shared by the stages that call FFmpeg.
#pragma once

#include <string>

namespace voxclone::detail {

/// av_strerror's words for an FFmpeg error code.
std::string av_error_text(int code);

}  // namespace voxclone::detail

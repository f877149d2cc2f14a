// Internal: raw PCM an app captured, which needs no demuxer or decoder: straight to the convert
// stage, with the same checks and the same clipping scan as a decoded input.
#pragma once

#include "voxclone/decode.hpp"

namespace voxclone::detail {

/// The PCM converted to mono 24 kHz in DecodedInput::audio, described as a decoded input is.
Result<DecodedInput> decode_raw_pcm(const InputSource& source);

}  // namespace voxclone::detail

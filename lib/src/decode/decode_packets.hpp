// Internal: the one-decoder loop, as FFmpeg's doc/examples/decode_audio.c, for the ways that
// decode on the reading thread (count_samples, decode_serial, decode_pipelined): each packet of
// the stream is sent and every frame ready received and handed on, with EAGAIN and EOF as
// normal flow, and a null packet at the end flushes the decoder. What the decoder rejects is
// counted as damaged and skipped.
#pragma once

#include <functional>

#include "decode/ways.hpp"

namespace voxclone::detail {

/// Takes one decoded frame (it may move the frame's data out); false stops the decode, for a
/// reason the taker knows.
using FrameTaker = std::function<bool(AVFrame&)>;

/// Counts the input samples, the damaged packets and what stopped reading in `tally`.
Result<void> decode_packets(const DecodeJob& job, AVCodecContext& decoder, const FrameTaker& take,
                            DecodeTally& tally);

}  // namespace voxclone::detail

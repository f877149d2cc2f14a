// Internal: the decode stage as a stream. decode() collects everything into memory; the prep
// pipeline instead hands each converted chunk to a sink (speech levels + spool), so a long
// recording never sits in memory whole.
#pragma once

#include <functional>
#include <optional>
#include <span>

#include "voxclone/decode.hpp"

namespace voxclone::detail {

/// Receives mono 24 kHz audio in chunks, in order; an error stops the decode.
using AudioSink = std::function<Result<void>(std::span<const float>)>;

/// Decodes like decode(), but the audio goes to `sink` (DecodedInput::audio stays empty). An
/// empty sink only counts: no conversion, no clipping scan; the duration is still exact.
/// `pipelined`: decode on this thread while workers convert (the pipelined or split way,
/// decode/ways.hpp); else one thread.
/// `container`: the demuxer to use (FFmpeg's short name) when the caller knows it, which skips
/// probing the content; null probes. `stream`: the audio stream to use; none given: the best.
/// `read_until_seconds`: nothing after this is wanted, so reading stops there (see
/// PacketReader::stop_after); the decoded duration is then what was read.
Result<DecodedInput> decode_streaming(const InputSource& source, const Callbacks& callbacks,
                                      AudioSink sink, bool pipelined = true,
                                      const char* container = nullptr, StreamSpecifier stream = {},
                                      std::optional<double> read_until_seconds = std::nullopt);

}  // namespace voxclone::detail

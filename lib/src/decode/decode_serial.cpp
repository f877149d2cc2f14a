// The one-thread way: each frame scanned for clipping, converted and handed to the sink as soon
// as it is decoded.
#include "decode/decode_packets.hpp"
#include "decode/frame_converter.hpp"
#include "decode/ways.hpp"

namespace voxclone::detail {

Result<DecodeTally> decode_serial(const DecodeJob& job, AVCodecContext& decoder) {
  DecodeTally tally;
  FrameConverter converter(job.name, hand_to(job.sink));
  Result<void> converted;
  auto decoded = decode_packets(
      job, decoder,
      [&](AVFrame& frame) {
        scan_frame(frame, tally.clip);
        converted = converter.push(frame);
        return converted.has_value();
      },
      tally);
  if (!decoded) return std::unexpected(decoded.error());
  if (!converted) return std::unexpected(converted.error());
  if (auto r = converter.finish(); !r) return std::unexpected(r.error());
  tally.produced = converter.produced();
  return tally;
}

}  // namespace voxclone::detail

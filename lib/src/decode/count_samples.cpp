// The way without a sink: decode only to count the samples, for the exact duration (validate
// reads a sample back this way). No conversion, no clipping scan.
#include <cstddef>

#include "decode/decode_packets.hpp"
#include "decode/ways.hpp"

namespace voxclone::detail {

Result<DecodeTally> count_samples(const DecodeJob& job, AVCodecContext& decoder) {
  // The rate the decoder opened with, as InputInfo::sample_rate has it: a decoder may change
  // its context's rate mid-stream.
  const int rate = decoder.sample_rate;
  DecodeTally tally;
  auto decoded = decode_packets(
      job, decoder, [](AVFrame&) { return true; }, tally);
  if (!decoded) return std::unexpected(decoded.error());
  if (rate > 0)
    tally.produced = static_cast<std::size_t>(av_rescale(tally.input_samples, kSampleRate, rate));
  return tally;
}

}  // namespace voxclone::detail

// Internal: the true peak of mono float audio (ITU-R BS.1770 style: 4x oversampling with
// libswresample), as one figure or as a per-sample envelope for the limiter.
#pragma once

#include <algorithm>
#include <cstddef>
#include <span>
#include <vector>

#include "voxclone/error.hpp"

namespace voxclone::detail {

/// The true-peak envelope of mono float audio: for each sample, the largest magnitude of the
/// 4x-upsampled signal (libswresample) within one original sample of it. Streams in chunks, so
/// memory stays a few hundred KiB beyond the result. With `threads` > 1 the signal is cut into
/// that many parts, upsampled at once; the result is identical to one pass.
Result<std::vector<float>> true_peak_envelope(std::span<const float> in, int rate, int threads = 1);
/// A value of the envelope depends on the input within this many samples of it (the upsampler's
/// reach and the context each part is fed): the values of a signal's first part up to this
/// many samples before its end are those of the whole signal's, whatever follows.
inline constexpr std::size_t kEnvelopeReach = 128;
/// Values [begin, end) of `in`'s envelope into env[begin, end), in `threads` parts at once, as
/// true_peak_envelope computes them. `in` may be the start of a longer signal still to come
/// while end + kEnvelopeReach <= in.size().
Result<void> true_peak_envelope_range(std::span<const float> in, std::size_t begin,
                                      std::size_t end, int rate, float* env, int threads = 1);
/// The largest value of that envelope (linear): the signal's true peak, without the envelope.
Result<float> true_peak(std::span<const float> in, int rate, int threads = 1);
/// The largest envelope value over [begin, end) of `in`, as true_peak computes it for a part:
/// the largest over any parts that cover the signal is true_peak's figure, to the bit.
Result<float> true_peak_range(std::span<const float> in, std::size_t begin, std::size_t end, int rate);
/// The fewest samples true_peak cuts a part of (shorter parts cost more in set-up than they share).
inline constexpr std::size_t kMinPeakPart = std::size_t{1} << 16;
/// How true_peak cuts `size` samples into at most `max_parts` parts of at least kMinPeakPart
/// (one part when shorter): `per` samples each, the last one shorter. Shared with the split
/// GainSearch::measure_beside makes, so the two cannot come to cut differently.
struct PeakParts {
  std::size_t parts, per;
};
inline PeakParts peak_parts(std::size_t size, std::size_t max_parts) {
  const std::size_t parts = std::clamp<std::size_t>(size / kMinPeakPart, 1, std::max<std::size_t>(1, max_parts));
  return {parts, (size + parts - 1) / parts};
}

}  // namespace voxclone::detail

// Internal: the true peak of mono float audio (ITU-R BS.1770 style: 4x oversampling with
// libswresample), as one figure or as a per-sample envelope for the limiter.
#pragma once

#include <span>
#include <vector>

#include "voxclone/error.hpp"

namespace voxclone::detail {

/// The true-peak envelope of mono float audio: for each sample, the largest magnitude of the
/// 4x-upsampled signal (libswresample) within one original sample of it. Streams in chunks, so
/// memory stays a few hundred KiB beyond the result. With `threads` > 1 the signal is cut into
/// that many parts, upsampled at once; the result is identical to one pass.
Result<std::vector<float>> true_peak_envelope(std::span<const float> in, int rate, int threads = 1);
/// The largest value of that envelope (linear): the signal's true peak, without the envelope.
Result<float> true_peak(std::span<const float> in, int rate, int threads = 1);

}  // namespace voxclone::detail

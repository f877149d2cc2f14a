// Internal: the look-ahead limiter normalise uses where gain alone would break the true-peak
// ceiling. Written here: FFmpeg's alimiter lives in libavfilter, which voxclone does not link,
// and working offline on the whole window lets the limiter see every peak before it arrives.
#pragma once

#include <atomic>
#include <cstddef>
#include <span>
#include <vector>

namespace voxclone::detail {

struct LimitStats {
  double max_reduction_db = 0;
  double seconds = 0;        // how long the gain stayed more than 0.1 dB below 1
  double peak_estimate = 0;  // linear: the envelope through the gain curve
};

/// Limits `x` in place so that no sample, and no point of its true-peak envelope, exceeds
/// `threshold` (linear). `peak[n] * peak_scale` is the signal's true-peak envelope at sample n:
/// true_peak_envelope of the signal before its gain, times that gain. Limiting against the
/// envelope instead of the samples keeps the threshold a true-peak threshold, so it need not be
/// lowered round after round to chase the overs between samples.
/// With `done`, the count of leading samples of x that are final (limited) is published there
/// as the pass goes (every few thousand samples, release order, with a notify), so a meter on
/// another thread can follow the rendering instead of waiting for all of it (normalise.cpp).
/// The last value published is x.size(); the caller publishes it itself should this throw.
LimitStats limit(std::vector<float>& x, std::span<const float> peak, float peak_scale,
                 double threshold, int lookahead, int rate, double release_s,
                 std::atomic<std::size_t>* done = nullptr);

}  // namespace voxclone::detail

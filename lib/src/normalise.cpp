// Stage 5: loudness normalisation under a true-peak ceiling.
//
// Linear gain to the target; where that would push the true peak over the ceiling, a look-ahead
// limiter (written here: FFmpeg's alimiter lives in libavfilter, which voxclone does not link, and
// working offline on the whole window lets the limiter see every peak before it arrives) holds
// the peaks. Limiting lowers the loudness a little, so gain and limiter threshold are refined
// against fresh libebur128 measurements until both the loudness and the true peak are in spec.
#include "voxclone/normalise.hpp"

#include <algorithm>
#include <cmath>
#include <deque>

#include <fmt/format.h>

namespace voxclone {
namespace {

double db_to_lin(double db) { return std::pow(10.0, db / 20.0); }

struct LimitStats {
  double max_reduction_db = 0;
  double seconds = 0;
};

// Gain curve g[n] <= threshold / |x[n]| at every sample, smooth on both sides of each peak:
//   required gain  -> sliding minimum over ±L (sees the peak L samples early)
//                  -> moving average over L+1 (a smooth attack that still reaches the minimum
//                     at the peak, since the average only spans values at or below it)
//                  -> release: recover towards 1 with a time constant, never faster.
LimitStats limit(std::vector<float>& x, double threshold, int lookahead, int rate, double release_s) {
  const std::size_t n = x.size();
  const auto L = static_cast<std::size_t>(std::max(1, lookahead));
  std::vector<float> req(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double a = std::fabs(x[i]);
    req[i] = a > threshold ? static_cast<float>(threshold / a) : 1.0f;
  }
  // Sliding minimum over [i-L, i+L] with a monotonic deque.
  std::vector<float> mn(n);
  std::deque<std::size_t> dq;
  std::size_t next = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t hi = std::min(n - 1, i + L);
    for (; next <= hi; ++next) {
      while (!dq.empty() && req[dq.back()] >= req[next]) dq.pop_back();
      dq.push_back(next);
    }
    while (dq.front() + L < i) dq.pop_front();
    mn[i] = req[dq.front()];
  }
  // Centred moving average over L+1 samples.
  const std::size_t half = L / 2;
  std::vector<float> avg(n);
  double sum = 0;
  std::size_t lo = 0, hi = 0;  // window [lo, hi)
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t want_lo = i >= half ? i - half : 0;
    const std::size_t want_hi = std::min(n, i + half + 1);
    while (hi < want_hi) sum += mn[hi++];
    while (lo < want_lo) sum -= mn[lo++];
    avg[i] = static_cast<float>(sum / static_cast<double>(hi - lo));
  }
  const double coeff = std::exp(-1.0 / (release_s * rate));
  LimitStats st;
  double g = 1.0;
  std::size_t reducing = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double released = 1.0 - (1.0 - g) * coeff;
    g = std::min<double>(avg[i], released);
    g = std::min<double>(g, req[i]);  // the hard guarantee, whatever rounding did above
    x[i] = static_cast<float>(x[i] * g);
    if (g < 0.9886) ++reducing;  // > 0.1 dB
    st.max_reduction_db = std::max(st.max_reduction_db, -20.0 * std::log10(g));
  }
  st.seconds = static_cast<double>(reducing) / rate;
  return st;
}

}  // namespace

Result<NormaliseResult> normalise(Audio& audio, const NormaliseOptions& opt) {
  NormaliseResult res;
  auto before = measure_loudness(audio.samples, audio.sample_rate);
  if (!before) return std::unexpected(before.error());
  res.before = *before;
  if (res.before.integrated_lufs <= -69.0)
    return fail(ErrorCategory::no_speech,
                fmt::format("normalise: the audio is too quiet to measure ({:.1f} LUFS)",
                            res.before.integrated_lufs));

  // Aim a little inside the limits: independent meters interpolate true peaks slightly
  // differently, and a target met to the hundredth is met by every meter.
  constexpr double kPeakMargin = 0.3;
  const double peak_goal = opt.ceiling_dbtp - kPeakMargin;
  const std::vector<float> original = audio.samples;
  double gain_db = opt.target_lufs - res.before.integrated_lufs;
  double threshold_db = peak_goal;
  const int lookahead = static_cast<int>(std::lround(opt.lookahead_seconds * audio.sample_rate));

  Loudness now{};
  LimitStats lim;
  for (int iter = 0; iter < 10; ++iter) {
    const auto g = static_cast<float>(db_to_lin(gain_db));
    for (std::size_t i = 0; i < original.size(); ++i) audio.samples[i] = original[i] * g;
    lim = {};
    if (res.before.true_peak_dbtp + gain_db > peak_goal)
      lim = limit(audio.samples, db_to_lin(threshold_db), lookahead, audio.sample_rate,
                  opt.release_seconds);
    auto m = measure_loudness(audio.samples, audio.sample_rate);
    if (!m) return std::unexpected(m.error());
    now = *m;
    const bool peak_ok = now.true_peak_dbtp <= opt.ceiling_dbtp - kPeakMargin / 2;
    const bool loud_ok = std::fabs(now.integrated_lufs - opt.target_lufs) <= 0.15;
    if (peak_ok && loud_ok) break;
    if (!peak_ok) threshold_db -= now.true_peak_dbtp - peak_goal + 0.05;
    if (!loud_ok) gain_db += opt.target_lufs - now.integrated_lufs;
  }
  res.gain_db = gain_db;
  res.after = now;
  res.limited_max_db = lim.max_reduction_db;
  res.limited_seconds = lim.seconds;
  if (now.true_peak_dbtp > opt.ceiling_dbtp)
    return fail(ErrorCategory::internal,
                fmt::format("normalise: could not hold the true peak under {:.1f} dBTP ({:.2f})",
                            opt.ceiling_dbtp, now.true_peak_dbtp));
  return res;
}

}  // namespace voxclone

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
#include <future>

#include <fmt/format.h>

#include "loudness_meter.hpp"
#include "resampler.hpp"

namespace voxclone {
namespace {

double db_to_lin(double db) { return std::pow(10.0, db / 20.0); }

struct LimitStats {
  double max_reduction_db = 0;
  double seconds = 0;
  double peak_estimate = 0;  // linear: the envelope through the gain curve
};

// Gain curve g[n] <= threshold / |x[n]| at every sample, smooth on both sides of each peak:
//   required gain  -> sliding minimum over ±L (sees the peak L samples early)
//                  -> moving average over L+1 (a smooth attack that still reaches the minimum
//                     at the peak, since the average only spans values at or below it)
//                  -> release: recover towards 1 with a time constant, never faster.
// `peak[n] * peak_scale` is the signal's true-peak envelope at sample n (true_peak_envelope of
// the signal before its gain, times that gain).
LimitStats limit(std::vector<float>& x, const std::vector<float>& peak, float peak_scale,
                 double threshold, int lookahead, int rate, double release_s) {
  const std::size_t n = x.size();
  const auto L = static_cast<std::size_t>(std::max(1, lookahead));
  std::vector<float> req(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double a = std::max(std::fabs(x[i]), peak[i] * peak_scale);
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
    st.peak_estimate = std::max(st.peak_estimate, std::max<double>(peak[i] * peak_scale, std::fabs(x[i])) * g);
    x[i] = static_cast<float>(x[i] * g);
    if (g < 0.9886) ++reducing;  // > 0.1 dB
    st.max_reduction_db = std::max(st.max_reduction_db, -20.0 * std::log10(g));
  }
  st.seconds = static_cast<double>(reducing) / rate;
  return st;
}

// Limiting against the true-peak envelope (see resampler.hpp) instead of the samples keeps the
// limiter's threshold a true-peak threshold, so it need not be lowered round after round to
// chase the overs between samples.
using detail::true_peak_envelope;

}  // namespace

Result<NormaliseResult> normalise(Audio& audio, const NormaliseOptions& opt, const Callbacks& cb) {
  NormaliseResult res;
  // Integrated loudness only (cheap); the true peak comes from the 4x envelope below, which is
  // what a true-peak meter computes too. libebur128's full true-peak mode runs once, on the
  // result.
  // The envelope (4x upsampling) and the integrated loudness are independent: measure them on
  // both cores at once.
  auto envelope_job = std::async(std::launch::async, [&] {
    return true_peak_envelope(audio.samples, audio.sample_rate);
  });
  auto before = detail::measure_integrated(audio.samples, audio.sample_rate);
  auto envelope = envelope_job.get();
  if (!before) return std::unexpected(before.error());
  res.before = *before;
  if (res.before.integrated_lufs <= -69.0)
    return fail(ErrorCategory::no_speech,
                fmt::format("normalise: the audio is too quiet to measure ({:.1f} LUFS)",
                            res.before.integrated_lufs));

  // Aim a little inside the limits: independent meters interpolate true peaks slightly
  // differently, and a target met to the hundredth is met by every meter.
  constexpr double kPeakMargin = 0.3;
  constexpr double kMaxGainDb = 60.0;  // past this it is noise being amplified
  // Limiting lowers loudness, so more gain is needed; but every extra dB of gain also lifts the
  // pauses' room tone by a dB. Allow the limiter at most this much extra gain to work with.
  constexpr double kMaxExtraGainDb = 8.0;
  constexpr double kTolerance = 0.15;
  const double peak_goal = opt.ceiling_dbtp - kPeakMargin;
  // The input moves in here and the result is rendered into audio.samples: at most three
  // window-sized buffers (input, envelope, one rendering) are alive at once.
  const std::vector<float> original = std::move(audio.samples);
  std::vector<float>& work = audio.samples;
  auto stop = [&] { return cb.cancel && cb.cancel(); };
  if (stop()) return fail(ErrorCategory::cancelled, "cancelled while normalising");
  if (!envelope) return std::unexpected(envelope.error());
  float env_max = 0.0f;
  for (float e : *envelope) env_max = std::max(env_max, e);
  res.before.true_peak_dbtp = env_max > 0 ? 20.0 * std::log10(env_max) : -200.0;
  double threshold_db = peak_goal;
  const int lookahead = static_cast<int>(std::lround(opt.lookahead_seconds * audio.sample_rate));

  struct Trial {
    double gain_db = 0;
    double threshold_db = 0;
    double integrated_lufs = 0;
    LimitStats limited;
  };
  // Renders gain (and limiting at threshold thr_db) into `work`.
  auto render = [&](double gain_db, double thr_db) {
    const auto g = static_cast<float>(db_to_lin(gain_db));
    work.resize(original.size());
    for (std::size_t i = 0; i < original.size(); ++i) work[i] = original[i] * g;
    LimitStats st;
    st.peak_estimate = env_max * g;
    if (res.before.true_peak_dbtp + gain_db > thr_db)
      st = limit(work, *envelope, g, db_to_lin(thr_db), lookahead, audio.sample_rate, opt.release_seconds);
    return st;
  };
  Trial rendered{};  // what `work` holds now
  // Gain, limit where needed, measure the loudness; the peak is the envelope's estimate.
  auto trial = [&](double gain_db) -> Result<Trial> {
    if (stop()) return fail(ErrorCategory::cancelled, "cancelled while normalising");
    Trial t;
    t.gain_db = gain_db;
    t.threshold_db = threshold_db;
    t.limited = render(gain_db, threshold_db);
    if (stop()) return fail(ErrorCategory::cancelled, "cancelled while normalising");
    auto m = detail::measure_integrated(work, audio.sample_rate);
    if (!m) return std::unexpected(m.error());
    t.integrated_lufs = m->integrated_lufs;
    rendered = t;
    return t;
  };
  // The gain search at the current limiter threshold.
  auto search = [&]() -> Result<Trial> {
    // Linear gain alone meets the target unless the limiter had to work.
    const double base_gain = std::min(kMaxGainDb, opt.target_lufs - res.before.integrated_lufs);
    auto best = trial(base_gain);
    if (!best) return best;
    if (best->integrated_lufs >= opt.target_lufs - kTolerance) return best;
    // Loudness rises monotonically with gain: regula falsi in the allowed bracket.
    Trial lo = *best;
    auto hi = trial(std::min(kMaxGainDb, base_gain + kMaxExtraGainDb));
    if (!hi) return hi;
    if (hi->integrated_lufs <= opt.target_lufs + kTolerance) return hi;  // as close as the ceiling allows
    for (int iter = 0; iter < 12; ++iter) {
      const double f_lo = lo.integrated_lufs - opt.target_lufs;
      const double f_hi = hi->integrated_lufs - opt.target_lufs;
      double g = lo.gain_db - f_lo * (hi->gain_db - lo.gain_db) / (f_hi - f_lo);
      g = std::clamp(g, lo.gain_db + 0.05 * (hi->gain_db - lo.gain_db),
                     hi->gain_db - 0.05 * (hi->gain_db - lo.gain_db));
      auto mid = trial(g);
      if (!mid) return mid;
      best = *mid;
      const double f = mid->integrated_lufs - opt.target_lufs;
      if (std::fabs(f) <= kTolerance) break;
      if (f < 0) lo = *mid;
      else *hi = *mid;
    }
    return best;
  };

  Result<Trial> best;
  Loudness now{};
  for (int round = 0;; ++round) {
    best = search();
    if (!best) return std::unexpected(best.error());
    // Rendering is deterministic: redo the chosen one if a later trial overwrote it.
    if (rendered.gain_db != best->gain_db || rendered.threshold_db != best->threshold_db)
      render(best->gain_db, best->threshold_db);
    // Once per round, the result itself: libebur128's integrated loudness and sample peak, and
    // its true peak from the same 4x upsampling the envelope uses (libswresample's filter is
    // sharper, and far cheaper, than libebur128's own true-peak interpolator).
    auto tp_job = std::async(std::launch::async, [&] { return true_peak_envelope(work, audio.sample_rate); });
    auto m = detail::measure_integrated(work, audio.sample_rate);
    auto tp = tp_job.get();
    if (!m) return std::unexpected(m.error());
    if (!tp) return std::unexpected(tp.error());
    now = *m;
    const float tp_max = tp->empty() ? 0.0f : *std::max_element(tp->begin(), tp->end());
    now.true_peak_dbtp = tp_max > 0 ? 20.0 * std::log10(tp_max) : -200.0;
    if (now.true_peak_dbtp <= opt.ceiling_dbtp - kPeakMargin / 3 || round >= 5) break;
    // The gain curve's own movement left an over the envelope did not predict: tighten.
    threshold_db -= now.true_peak_dbtp - peak_goal + 0.05;
  }
  const double gain_db = best->gain_db;
  const LimitStats lim = best->limited;
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

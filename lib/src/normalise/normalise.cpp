// Stage 5: loudness normalisation under a true-peak ceiling.
//
// Linear gain to the target; where that would push the true peak over the ceiling, a look-ahead
// limiter (written here: FFmpeg's alimiter lives in libavfilter, which voxclone does not link, and
// working offline on the whole window lets the limiter see every peak before it arrives) holds
// the peaks. Limiting lowers the loudness a little, so gain and limiter threshold are refined
// against fresh libebur128 measurements until both the loudness and the true peak are in spec.
#include "voxclone/normalise.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <future>
#include <thread>

#include <fmt/format.h>

#include "core/float_bits.hpp"
#include "core/log.hpp"
#include "analyse/loudness_meter.hpp"
#include "normalise/true_peak.hpp"

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
//
// One pass, each stage running ahead of the next by what it needs, in small rings: the
// whole-window intermediate arrays would cost more in fresh pages than the arithmetic does.
LimitStats limit(std::vector<float>& x, const std::vector<float>& peak, float peak_scale,
                 double threshold, int lookahead, int rate, double release_s) {
  const std::size_t n = x.size();
  const auto L = static_cast<std::size_t>(std::max(1, lookahead));
  const std::size_t half = L / 2;
  const auto thr = static_cast<float>(threshold);
  // Ring sizes (powers of two, indexed by mask): req must reach back from the newest value to
  // the oldest the queue or the hard guarantee still reads; mn spans the average's window.
  const std::size_t req_size = std::bit_ceil(2 * L + half + 4);
  const std::size_t mn_size = std::bit_ceil(2 * half + 4);
  const std::size_t req_mask = req_size - 1, mn_mask = mn_size - 1;
  std::vector<float> req(req_size), mn(mn_size);
  std::vector<std::size_t> q(req_size);  // monotonic queue of indices for the sliding minimum
  std::size_t q_head = 0, q_tail = 0;      // absolute positions; q[pos & req_mask]
  std::size_t r_next = 0, m_next = 0;      // next index of req and of mn to compute
  auto compute_req = [&] {
    const float a = std::max(std::fabs(x[r_next]), peak[r_next] * peak_scale);
    const float r = a > thr ? thr / a : 1.0f;
    req[r_next & req_mask] = r;
    while (q_tail > q_head && req[q[(q_tail - 1) & req_mask] & req_mask] >= r) --q_tail;
    q[q_tail++ & req_mask] = r_next;
    ++r_next;
  };
  const double coeff = std::exp(-1.0 / (release_s * rate));
  LimitStats st;
  double sum = 0;        // of mn over the average's window [lo, m_next)
  const double inv_full = 1.0 / static_cast<double>(half * 2 + 1);  // the window away from the ends
  std::size_t lo = 0;
  double g = 1.0, g_min = 1.0;
  std::size_t reducing = 0;
  for (std::size_t i = 0; i < n; ++i) {
    // mn up to i + half (the average's window), each needing req up to its own + L.
    const std::size_t want_m = std::min(n, i + half + 1);
    for (; m_next < want_m; ++m_next) {
      const std::size_t want_r = std::min(n, m_next + L + 1);
      while (r_next < want_r) compute_req();
      while (q[q_head & req_mask] + L < m_next) ++q_head;
      const float m = req[q[q_head & req_mask] & req_mask];
      mn[m_next & mn_mask] = m;
      sum += m;
    }
    const std::size_t want_lo = i >= half ? i - half : 0;
    for (; lo < want_lo; ++lo) sum -= mn[lo & mn_mask];
    const std::size_t span = m_next - lo;
    const double avg = span == half * 2 + 1 ? sum * inv_full : sum / static_cast<double>(span);
    const double released = 1.0 - (1.0 - g) * coeff;
    g = std::min(avg, released);
    g = std::min<double>(g, req[i & req_mask]);  // the hard guarantee, whatever rounding did above
    st.peak_estimate = std::max(st.peak_estimate, std::max<double>(peak[i] * peak_scale, std::fabs(x[i])) * g);
    x[i] = static_cast<float>(x[i] * g);
    if (g < 0.9886) ++reducing;  // > 0.1 dB
    g_min = std::min(g_min, g);
  }
  st.max_reduction_db = -20.0 * std::log10(g_min);
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
  const int threads = opt.threads > 0 ? static_cast<int>(opt.threads)
                                      : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  // Integrated loudness (libebur128, without its true-peak mode) and the 4x true-peak envelope
  // (see resampler.hpp), which is what a true-peak meter computes too, are independent: with
  // more than one thread they run at once, the envelope itself cut into parts.
  // `Peak` is the whole envelope (the limiter needs it) or only its maximum (the final check).
  auto measure_both = [&]<class Peak>(std::span<const float> x, bool want_integrated, Peak (*peak_of)(std::span<const float>, int, int))
      -> std::pair<Result<Loudness>, Peak> {
    if (threads <= 1) {
      Result<Loudness> m = want_integrated ? detail::measure_integrated(x, audio.sample_rate) : Loudness{};
      return {std::move(m), peak_of(x, audio.sample_rate, 1)};
    }
    auto peak_job = std::async(std::launch::async, [&] { return peak_of(x, audio.sample_rate, threads); });
    Result<Loudness> m = want_integrated ? detail::measure_integrated(x, audio.sample_rate) : Loudness{};
    return {std::move(m), peak_job.get()};
  };
  auto [before, envelope] = measure_both(audio.samples, true, &detail::true_peak_envelope);
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
  // window-sized buffers (input, envelope, one rendering) are alive.
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
    bool measured = false;  // integrated_lufs is libebur128's, on exactly these samples
    float true_peak = -1;   // linear, measured on exactly these samples (-1: not measured)
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
      st = limit(work, *envelope, g, db_to_lin(thr_db), lookahead, audio.sample_rate,
                 opt.release_seconds);
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
    if (t.limited.max_reduction_db <= 0.0) {
      // Gain alone: gating is relative, so the loudness moves by exactly the gain (the final
      // measurement below confirms it).
      t.integrated_lufs = res.before.integrated_lufs + gain_db;
    } else {
      if (stop()) return fail(ErrorCategory::cancelled, "cancelled while normalising");
      // The true peak comes at once, on the other core: if this trial is the one kept (as it
      // usually is), the final check below has nothing left to measure.
      auto [m, tp] = measure_both(work, true, &detail::true_peak);
      if (!m) return std::unexpected(m.error());
      if (!tp) return std::unexpected(tp.error());
      t.integrated_lufs = m->integrated_lufs;
      t.measured = true;
      t.true_peak = *tp;
    }
    detail::logf(cb, LogLevel::debug, "normalise: gain {:+.2f} dB, limiter at {:.2f} dBTP -> {:.2f} LUFS{}",
                 t.gain_db, t.threshold_db, t.integrated_lufs, t.measured ? "" : " (gain only)");
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
    // Once per round, the result itself: libebur128's integrated loudness and the true peak
    // from the same 4x upsampling the envelope uses (libswresample's filter is sharper, and far
    // cheaper, than libebur128's own true-peak interpolator). A limited trial measured both.
    if (best->measured && best->true_peak >= 0) {
      now = Loudness{};
      now.integrated_lufs = best->integrated_lufs;
      now.true_peak_dbtp = best->true_peak > 0 ? 20.0 * std::log10(best->true_peak) : -200.0;
    } else {
      auto [m, tp] = measure_both(work, !best->measured, &detail::true_peak);
      if (!m) return std::unexpected(m.error());
      if (!tp) return std::unexpected(tp.error());
      now = Loudness{};
      now.integrated_lufs = best->measured ? best->integrated_lufs : m->integrated_lufs;
      now.true_peak_dbtp = *tp > 0 ? 20.0 * std::log10(*tp) : -200.0;
    }
    const float sample_peak = detail::peak_of(work.data(), work.size());
    now.sample_peak_dbfs = sample_peak > 0 ? 20.0 * std::log10(sample_peak) : -200.0;
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

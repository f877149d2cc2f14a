// Stage 5: loudness normalisation under a true-peak ceiling.
//
// Linear gain to the target; where that would push the true peak over the ceiling, the
// look-ahead limiter (limiter.hpp) holds the peaks. Limiting lowers the loudness a little, so
// gain and limiter threshold are refined against fresh libebur128 measurements until both the
// loudness and the true peak are in spec. The state of that search is one small object, the
// GainSearch below; each of its functions answers one question about it.
#include "voxclone/normalise.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <future>
#include <span>
#include <thread>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "core/float_bits.hpp"
#include "core/log.hpp"
#include "core/spare_threads.hpp"
#include "analyse/loudness_meter.hpp"
#include "normalise/limiter.hpp"
#include "normalise/normalise_into.hpp"
#include "normalise/true_peak.hpp"

namespace voxclone {
namespace {

// Aim a little inside the limits: independent meters interpolate true peaks slightly
// differently, and a target met to the hundredth is met by every meter.
constexpr double kPeakMargin = 0.3;
constexpr double kMaxGainDb = 60.0;  // past this it is noise being amplified
// Limiting lowers loudness, so more gain is needed; but every extra dB of gain also lifts the
// pauses' room tone by a dB. Allow the limiter at most this much extra gain to work with.
constexpr double kMaxExtraGainDb = 8.0;
constexpr double kTolerance = 0.15;
// The true peak's parts when work is done beside it (GainSearch::measure_beside): enough that
// the caller, once done, finds parts left to share (a combined sample's 22 s: 8 parts of 2.75 s,
// ~1 ms each, beside an encoding and a check of ~4.5 ms).
constexpr std::size_t kPeakPartsBeside = 8;
// The envelope predicts nearly every over; should the gain curve leave one, the threshold is
// lowered and the gain searched again, in at most this many rounds.
constexpr int kMaxRounds = 6;

double db_to_lin(double db) {
  return std::pow(10.0, db / 20.0);
}
// Peaks are floats: their decibels come from std::log10(float), in float precision.
double db_of(float lin) {
  return lin > 0 ? 20.0 * std::log10(lin) : -200.0;
}

std::unexpected<Error> fail_cancelled() {
  return fail(ErrorCategory::cancelled, "cancelled while normalising");
}

// libebur128's integrated loudness of x[0, n) while another thread renders it (the limiter):
// each stretch is measured as soon as `done` says it is final, so the meter's pass runs beside
// the limiter's instead of after it. libebur128 is fed the same samples in the same order as
// measure_integrated feeds it, and its result does not depend on how they are cut into calls
// (test_normalise holds the two ways to the same samples and figures).
// `abandon` stops it between stretches (a cancelled search does not wait for its measurement).
Result<Loudness> loudness_following(const std::vector<float>& x, std::size_t n,
                                    const std::atomic<std::size_t>& done,
                                    const std::atomic<bool>& abandon, int rate) {
  constexpr std::size_t kStretch = 16384;  // samples measured between two looks at `abandon`
  auto meter = detail::LoudnessMeter::create(rate, false);
  if (!meter) return std::unexpected(meter.error());
  for (std::size_t at = 0; at < n;) {
    done.wait(at, std::memory_order_acquire);
    const std::size_t now = std::min({n, done.load(std::memory_order_acquire), at + kStretch});
    if (abandon.load(std::memory_order_relaxed)) return fail_cancelled();
    if (auto r = meter->push({x.data() + at, now - at}); !r) return std::unexpected(r.error());
    at = now;
  }
  return meter->result();
}

// A limited rendering's loudness, measured alongside the limiter (loudness_following). Declared
// before the rendering, so the meter's thread is joined (the future's destructor waits) before
// `done` goes; a measurement nobody took (a cancelled search) is abandoned, not waited for.
struct Follower {
  std::atomic<std::size_t> done{0};
  std::atomic<bool> abandon{false};
  std::future<Result<Loudness>> loudness;

  ~Follower() { abandon.store(true, std::memory_order_relaxed); }  // before the future waits
};

// One rendering of the input: a gain, the limiter threshold it ran at, and what it measured.
struct Trial {
  double gain_db = 0;
  double threshold_db = 0;
  double integrated_lufs = 0;
  bool measured = false;  // integrated_lufs is libebur128's, on exactly these samples
  detail::LimitStats limited;
};

// The input (the caller's, only read), its loudness and true-peak envelope, the limiter
// threshold of this round, and the rendering the output Audio holds now.
class GainSearch {
 public:
  /// Measures the input; renderings are written into `out` (whose sample_rate is the input's).
  /// With `measured`, its figures and envelope are taken instead (it must outlive the search).
  static Result<GainSearch> start(std::span<const float> input, Audio& out,
                                  const NormaliseOptions& opt, const Callbacks& cb,
                                  const detail::InputMeasure* measured);

  /// The gain that meets the target at the current limiter threshold, rendered or not.
  Result<Trial> search_gain();
  /// Loudness and true peak of `t`, rendered into the caller's Audio if it is not there now;
  /// `beside` (if any) called with that rendering while it is measured.
  Result<Loudness> measure_result(const Trial& t, const detail::BesideMeasuring& beside);
  /// The gain curve's own movement left an over the envelope did not predict: lower the
  /// limiter's threshold by as much.
  void tighten(double true_peak_dbtp) { threshold_db_ -= true_peak_dbtp - peak_goal() + 0.05; }
  const Loudness& before() const { return before_; }

 private:
  GainSearch(std::span<const float> input, Audio& out, const NormaliseOptions& opt,
             const Callbacks& cb);
  double peak_goal() const { return opt_.ceiling_dbtp - kPeakMargin; }
  std::pair<Result<Loudness>, Result<float>> measure(std::span<const float> x, bool want_integrated) const;
  std::pair<Result<Loudness>, Result<float>> measure_beside(std::span<const float> x, bool want_integrated,
                                                            const detail::BesideMeasuring& beside) const;
  detail::LimitStats render(double gain_db, double threshold_db, Follower* follow = nullptr);
  Result<Trial> trial(double gain_db);

  Audio& audio_;  // holds the current rendering
  const NormaliseOptions& opt_;
  const Callbacks& cb_;
  int threads_;
  int lookahead_;  // samples
  std::span<const float> input_;
  // The input's loudness and true-peak envelope: the caller's (measured_), or measured here.
  const detail::InputMeasure& measurement() const { return measured_ != nullptr ? *measured_ : own_; }
  std::span<const float> envelope() const { return measurement().envelope; }
  const detail::InputMeasure* measured_ = nullptr;
  detail::InputMeasure own_;
  float envelope_max_ = 0.0f;
  Loudness before_;
  double threshold_db_;  // the limiter's, this round
  Trial rendered_{};     // what audio_.samples holds now
};

GainSearch::GainSearch(std::span<const float> input, Audio& audio, const NormaliseOptions& opt,
                       const Callbacks& cb)
    : audio_(audio),
      opt_(opt),
      cb_(cb),
      threads_(opt.threads > 0
                   ? static_cast<int>(opt.threads)
                   : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()))),
      lookahead_(static_cast<int>(std::lround(opt.lookahead_seconds * audio.sample_rate))),
      input_(input),
      threshold_db_(opt.ceiling_dbtp - kPeakMargin) {}

Result<GainSearch> GainSearch::start(std::span<const float> input, Audio& out,
                                     const NormaliseOptions& opt, const Callbacks& cb,
                                     const detail::InputMeasure* measured) {
  GainSearch s(input, out, opt, cb);
  if (measured == nullptr) {
    auto own = detail::measure_input(input, out.sample_rate, static_cast<unsigned>(s.threads_));
    if (!own) return std::unexpected(own.error());
    s.own_ = std::move(*own);
  }
  s.measured_ = measured;
  const Loudness& before = s.measurement().before;
  if (before.integrated_lufs <= -69.0)
    return fail(ErrorCategory::no_speech,
                fmt::format("normalise: the audio is too quiet to measure ({:.1f} LUFS)",
                            before.integrated_lufs));
  // Each rendering goes into out.samples: with the input, three window-sized buffers (input,
  // envelope, one rendering) are alive, and the input is never copied.
  if (detail::cancelled(cb)) return fail_cancelled();
  for (float e : s.envelope()) s.envelope_max_ = std::max(s.envelope_max_, e);
  s.before_ = before;
  s.before_.true_peak_dbtp = db_of(s.envelope_max_);
  return s;
}

// A rendering's integrated loudness (libebur128, without its true-peak mode) and its true peak
// (the maximum of the 4x envelope, true_peak.hpp, which is what a true-peak meter computes too)
// are independent: with more than one thread they run at once, the true peak itself cut into
// parts. (The input's loudness and whole envelope, which the limiter needs: measure_input.)
std::pair<Result<Loudness>, Result<float>> GainSearch::measure(std::span<const float> x,
                                                               bool want_integrated) const {
  const int rate = audio_.sample_rate;
  if (threads_ <= 1 || !want_integrated) {  // the peak alone is cut into parts by true_peak
    Result<Loudness> m = want_integrated ? detail::measure_integrated(x, rate) : Loudness{};
    return {std::move(m), detail::true_peak(x, rate, threads_)};
  }
  auto peak_job = std::async(std::launch::async, [&] { return detail::true_peak(x, rate, threads_); });
  Result<Loudness> m = detail::measure_integrated(x, rate);
  return {std::move(m), peak_job.get()};
}

// measure(), with the caller's `beside` work on this thread first: the true peak's parts go to
// threads_ - 1 helpers meanwhile, and this thread takes up the parts none has started when it
// is done (after the loudness, if wanted), so the threads stay within the budget and none
// waits while parts are left. The largest of the parts' peaks is true_peak()'s figure, to the
// bit. (A combined sample's 22 s: the true peak on two threads, then the encoding and the
// check on one, left a core idle for ~4.5 ms; bench/README.md, session 25.)
std::pair<Result<Loudness>, Result<float>> GainSearch::measure_beside(std::span<const float> x,
                                                                      bool want_integrated,
                                                                      const detail::BesideMeasuring& beside) const {
  const int rate = audio_.sample_rate;
  const std::size_t per = detail::peak_parts(x.size(), kPeakPartsBeside).per;
  detail::SpareThreads helpers(static_cast<unsigned>(threads_ - 1));
  std::vector<detail::SpareThreads::Job<Result<float>>> peaks;
  for (std::size_t b = 0; b < x.size(); b += per)
    peaks.push_back(helpers.run([x, b, e = std::min(x.size(), b + per), rate] {
      return detail::true_peak_range(x, b, e, rate);
    }));
  beside(audio_);
  Result<Loudness> m = want_integrated ? detail::measure_integrated(x, rate) : Result<Loudness>{Loudness{}};
  // The helpers take the parts from the first; this thread from the last, so that it waits only
  // for the parts under way when they meet (taken in order, it waited for each in turn).
  std::vector<Result<float>> got;
  for (std::size_t k = peaks.size(); k-- > 0;) got.push_back(peaks[k].get());
  Result<float> peak{0.0f};
  for (std::size_t k = got.size(); k-- > 0;) {  // in part order: the first part's error, if any
    if (!got[k]) return {std::move(m), std::move(got[k])};
    peak = std::max(*peak, *got[k]);
  }
  return {std::move(m), std::move(peak)};
}

// Gain, and limiting at `threshold_db` where the gain alone would break it, into audio.samples.
// With `follow`, a limited rendering's loudness is measured on another thread as the limiter
// goes (follow->loudness).
detail::LimitStats GainSearch::render(double gain_db, double threshold_db, Follower* follow) {
  const auto g = static_cast<float>(db_to_lin(gain_db));
  std::vector<float>& work = audio_.samples;
  work.resize(input_.size());
  for (std::size_t i = 0; i < input_.size(); ++i) work[i] = input_[i] * g;
  detail::LimitStats st;
  st.peak_estimate = envelope_max_ * g;
  if (before_.true_peak_dbtp + gain_db > threshold_db) {
    if (follow == nullptr) {
      st = detail::limit(work, envelope(), g, db_to_lin(threshold_db), lookahead_,
                         audio_.sample_rate, opt_.release_seconds);
      return st;
    }
    follow->loudness = std::async(std::launch::async, loudness_following, std::cref(work),
                                  work.size(), std::cref(follow->done), std::cref(follow->abandon),
                                  audio_.sample_rate);
    // Should the limiter throw (out of memory), the meter still reaches the end and stops.
    struct Release {
      Follower& f;
      std::size_t n;
      ~Release() {
        f.done.store(n, std::memory_order_release);
        f.done.notify_one();
      }
    } release{*follow, work.size()};
    st = detail::limit(work, envelope(), g, db_to_lin(threshold_db), lookahead_, audio_.sample_rate,
                       opt_.release_seconds, &follow->done);
  }
  return st;
}

// Renders `gain_db` at this round's threshold and measures its loudness; the true peak is the
// envelope's estimate unless the limiter worked (then it is measured alongside).
Result<Trial> GainSearch::trial(double gain_db) {
  if (detail::cancelled(cb_)) return fail_cancelled();
  Trial t;
  t.gain_db = gain_db;
  t.threshold_db = threshold_db_;
  // With more than one thread, libebur128 measures the rendering as the limiter makes it: the
  // limiter's pass, which is sequential, no longer leaves a core idle (in a combined sample's two
  // renderings of 25 s the limiter is about half of the normalising).
  Follower follow;
  t.limited = render(gain_db, threshold_db_, threads_ > 1 ? &follow : nullptr);
  if (t.limited.max_reduction_db <= 0.0) {
    // Gain alone: gating is relative, so the loudness moves by exactly the gain (the final
    // measurement confirms it).
    t.integrated_lufs = before_.integrated_lufs + gain_db;
  } else {
    if (detail::cancelled(cb_)) return fail_cancelled();
    // The loudness alone: it decides whether the search keeps this trial, and only the kept
    // one's true peak is measured (measure_result). Measured here too, every trial that missed
    // the target, as a combined sample's first one does, cost a 4x upsampling of the window.
    Result<Loudness> m = follow.loudness.valid()
                             ? follow.loudness.get()
                             : detail::measure_integrated(audio_.samples, audio_.sample_rate);
    if (!m) return std::unexpected(m.error());
    t.integrated_lufs = m->integrated_lufs;
    t.measured = true;
  }
  detail::logf(cb_, LogLevel::debug,
               "normalise: gain {:+.2f} dB, limiter at {:.2f} dBTP -> {:.2f} LUFS{}", t.gain_db,
               t.threshold_db, t.integrated_lufs, t.measured ? "" : " (gain only)");
  rendered_ = t;
  return t;
}

Result<Trial> GainSearch::search_gain() {
  // Linear gain alone meets the target unless the limiter had to work.
  const double target = opt_.target_lufs;
  const double base_gain = std::min(kMaxGainDb, target - before_.integrated_lufs);
  auto best = trial(base_gain);
  if (!best) return best;
  if (best->integrated_lufs >= target - kTolerance) return best;
  // Loudness rises monotonically with gain: regula falsi in the allowed bracket. Its upper end
  // is sought near first: the limiter takes back a little less than the gain adds (voice notes
  // and windows needed 1.6-1.7 times their first miss), so twice the miss usually brackets the
  // target and saves a trial; the allowed maximum is tried only when that still falls short.
  Trial lo = *best;
  const double cap = std::min(kMaxGainDb, base_gain + kMaxExtraGainDb);
  const double near = std::min(cap, base_gain + 2.0 * (target - best->integrated_lufs) + 0.1);
  auto hi = trial(near);
  if (!hi) return hi;
  if (std::fabs(hi->integrated_lufs - target) <= kTolerance) return hi;
  if (hi->integrated_lufs < target && near < cap) {
    lo = *hi;
    hi = trial(cap);
    if (!hi) return hi;
  }
  if (hi->integrated_lufs <= target + kTolerance) return hi;  // as close as the ceiling allows
  for (int iter = 0; iter < 12; ++iter) {
    const double f_lo = lo.integrated_lufs - target;
    const double f_hi = hi->integrated_lufs - target;
    double g = lo.gain_db - f_lo * (hi->gain_db - lo.gain_db) / (f_hi - f_lo);
    g = std::clamp(g, lo.gain_db + 0.05 * (hi->gain_db - lo.gain_db),
                   hi->gain_db - 0.05 * (hi->gain_db - lo.gain_db));
    auto mid = trial(g);
    if (!mid) return mid;
    best = *mid;
    const double f = mid->integrated_lufs - target;
    if (std::fabs(f) <= kTolerance) break;
    if (f < 0)
      lo = *mid;
    else
      *hi = *mid;
  }
  return best;
}

// libebur128's integrated loudness and the true peak from the same 4x upsampling the envelope
// uses (libswresample's filter is sharper, and far cheaper, than libebur128's own true-peak
// interpolator). A limited trial measured its loudness already.
Result<Loudness> GainSearch::measure_result(const Trial& t, const detail::BesideMeasuring& beside) {
  // Rendering is deterministic: redo the chosen one if a later trial overwrote it.
  if (rendered_.gain_db != t.gain_db || rendered_.threshold_db != t.threshold_db) {
    render(t.gain_db, t.threshold_db);
    rendered_ = t;
  }
  const std::vector<float>& work = audio_.samples;
  Loudness now{};
  auto [m, tp] = beside && threads_ > 1 ? measure_beside(work, !t.measured, beside) : measure(work, !t.measured);
  if (!m) return std::unexpected(m.error());
  if (!tp) return std::unexpected(tp.error());
  now.integrated_lufs = t.measured ? t.integrated_lufs : m->integrated_lufs;
  now.true_peak_dbtp = db_of(*tp);
  now.sample_peak_dbfs = db_of(detail::peak_of(work.data(), work.size()));
  return now;
}

}  // namespace

namespace detail {

Result<InputMeasure> measure_input(std::span<const float> input, int rate, unsigned threads) {
  auto loudness = [&] { return measure_integrated(input, rate); };
  const int parts = static_cast<int>(std::max(1u, threads));
  Result<Loudness> before{Loudness{}};
  Result<std::vector<float>> envelope{std::vector<float>{}};
  if (parts <= 1) {
    before = loudness();
    envelope = true_peak_envelope(input, rate, 1);
  } else {
    auto job = std::async(std::launch::async, loudness);
    envelope = true_peak_envelope(input, rate, parts);
    before = job.get();
  }
  if (!before) return std::unexpected(before.error());
  if (!envelope) return std::unexpected(envelope.error());
  return InputMeasure{*before, std::move(*envelope)};
}

Result<NormaliseResult> normalise_into(std::span<const float> input, Audio& out,
                                       const NormaliseOptions& opt, const Callbacks& cb,
                                       const InputMeasure* measured, const BesideMeasuring& beside) {
  if (measured != nullptr && measured->envelope.size() != input.size())
    return fail(ErrorCategory::internal, "normalise: the envelope handed over is not the input's");
  auto search = GainSearch::start(input, out, opt, cb, measured);
  if (!search) return std::unexpected(search.error());
  Trial best;
  Loudness after;
  // A round: the gain search at the limiter's threshold, then the result measured. Rounds
  // continue only while the true peak breaks the ceiling by more than the margin allows.
  for (int round = 0;; ++round) {
    auto t = search->search_gain();
    if (!t) return std::unexpected(t.error());
    best = *t;
    auto m = search->measure_result(best, beside);
    if (!m) return std::unexpected(m.error());
    after = *m;
    if (after.true_peak_dbtp <= opt.ceiling_dbtp - kPeakMargin / 3 || round + 1 >= kMaxRounds)
      break;
    search->tighten(after.true_peak_dbtp);
  }
  if (after.true_peak_dbtp > opt.ceiling_dbtp)
    return fail(ErrorCategory::internal,
                fmt::format("normalise: could not hold the true peak under {:.1f} dBTP ({:.2f})",
                            opt.ceiling_dbtp, after.true_peak_dbtp));
  NormaliseResult res;
  res.before = search->before();
  res.after = after;
  res.gain_db = best.gain_db;
  res.limited_max_db = best.limited.max_reduction_db;
  res.limited_seconds = best.limited.seconds;
  return res;
}

}  // namespace detail

Result<NormaliseResult> normalise(Audio& audio, const NormaliseOptions& opt, const Callbacks& cb) {
  // The samples move out to be read, and the rendering goes back into `audio`; a failure
  // leaves the audio as it was.
  std::vector<float> input = std::move(audio.samples);
  auto res = detail::normalise_into(input, audio, opt, cb);
  if (!res) audio.samples = std::move(input);
  return res;
}

}  // namespace voxclone

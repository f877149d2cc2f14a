#include "prep/whole_measure.hpp"

#include <utility>

#include "normalise/true_peak.hpp"
#include "voxclone/audio.hpp"

namespace voxclone::detail {
namespace {

using Task = std::future<Result<void>>;

// A stretch of the whole fed to the meter once the stretch before it is in (`before`, the
// task feeding it).
struct FeedMeter {
  LoudnessMeter* meter;
  Task before;
  std::span<const float> part;

  Result<void> operator()() {
    if (before.valid())
      if (auto r = before.get(); !r) return r;
    return part.empty() ? Result<void>{} : meter->push(part);
  }
};

// Envelope values [from, to) of `x` into out[from, to), on `threads` threads, and the values
// before them (`before`: waited for, or, deferred, computed now). The values do not depend on
// one another: `first_before` only orders the work. A stretch followed beside the checks
// comes after the one before it, so that the stretches never take more than a core between
// them; the rest, at the end, starts at once on every thread.
struct ComputeEnvelope {
  Task before;
  std::span<const float> x;
  std::size_t from;
  std::size_t to;
  int threads;
  float* out;
  bool first_before;

  Result<void> operator()() {
    Result<void> mine;
    if (!first_before) mine = true_peak_envelope_range(x, from, to, kSampleRate, out, threads);
    if (before.valid())
      if (auto b = before.get(); !b) return b;
    if (first_before) mine = true_peak_envelope_range(x, from, to, kSampleRate, out, threads);
    return mine;
  }
};

}  // namespace

WholeMeasure::WholeMeasure(WholeMeasure&&) noexcept = default;
WholeMeasure::~WholeMeasure() = default;

Result<WholeMeasure> WholeMeasure::create(std::size_t capacity) {
  auto meter = LoudnessMeter::create(kSampleRate, false);
  if (!meter) return std::unexpected(meter.error());
  WholeMeasure m(std::move(*meter));
  m.envelope_.reserve(capacity);  // as the whole's samples: the values never move
  return m;
}

void WholeMeasure::follow(std::span<const float> x, bool beside) {
  loudness_ = std::async(std::launch::async, FeedMeter{&meter_, std::move(loudness_), x.subspan(metered_)});
  metered_ = x.size();
  const std::size_t settled = x.size() > kEnvelopeReach ? x.size() - kEnvelopeReach : 0;
  if (settled <= enveloped_) return;
  // Within the reserve: the values the tasks before are writing stay where they are.
  envelope_.resize(settled);
  envelope_job_ = std::async(beside ? std::launch::async : std::launch::deferred,
                             ComputeEnvelope{std::move(envelope_job_), x, enveloped_, settled, 1, envelope_.data(), true});
  enveloped_ = settled;
}

Result<InputMeasure> WholeMeasure::finish(std::span<const float> x, int threads) {
  envelope_.resize(x.size());
  FeedMeter loudness{&meter_, std::move(loudness_), x.subspan(metered_)};
  // The meter's rest on a thread of its own, and the envelope's, which costs about twice as
  // much per second of audio, on `threads` at once beside it and beside any stretch still being
  // measured: the cores share all of it (a stretch's envelope left to one thread while the
  // meter's thread had finished left a core idle for the difference).
  ComputeEnvelope envelope{std::move(envelope_job_), x, enveloped_, x.size(), threads, envelope_.data(), false};
  metered_ = enveloped_ = x.size();
  Result<void> pushed;
  Result<void> env;
  if (threads <= 1) {
    pushed = loudness();
    env = envelope();
  } else {
    auto job = std::async(std::launch::async, std::move(loudness));
    env = envelope();
    pushed = job.get();
  }
  if (!pushed) return std::unexpected(pushed.error());
  if (!env) return std::unexpected(env.error());
  return InputMeasure{meter_.result(), std::move(envelope_)};
}

}  // namespace voxclone::detail

#include "prep/whole_measure.hpp"

#include <algorithm>
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

// Envelope values [from, to) of `x` into out[from, to), on `threads` threads, once the values
// before them are in (`before`: waited for, or, deferred, computed now). The values do not
// depend on one another; the stretches are computed one after another only so that they never
// take more than a core between them.
struct ComputeEnvelope {
  Task before;
  std::span<const float> x;
  std::size_t from;
  std::size_t to;
  int threads;
  float* out;

  Result<void> operator()() {
    if (before.valid())
      if (auto b = before.get(); !b) return b;
    return true_peak_envelope_range(x, from, to, kSampleRate, out, threads);
  }
};

}  // namespace

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
                             ComputeEnvelope{std::move(envelope_job_), x, enveloped_, settled, 1, envelope_.data()});
  enveloped_ = settled;
}

Result<InputMeasure> WholeMeasure::finish(std::span<const float> x, int threads) {
  envelope_.resize(x.size());
  FeedMeter loudness{&meter_, std::move(loudness_), x.subspan(metered_)};
  // With more than one thread, the meter's rest has one of them and the envelope's the others,
  // so that neither waits for a core: the two take about as long per second of audio.
  ComputeEnvelope envelope{std::move(envelope_job_), x, enveloped_, x.size(), std::max(1, threads - 1),
                           envelope_.data()};
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

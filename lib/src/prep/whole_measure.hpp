// Internal: a combined sample's whole measured for normalising as it is joined, input by input,
// beside the checks of the inputs still to come (prepare_combined(), combine.cpp).
#pragma once

#include <cstddef>
#include <future>
#include <span>
#include <vector>

#include "analyse/loudness_meter.hpp"
#include "normalise/normalise_into.hpp"
#include "voxclone/error.hpp"

namespace voxclone::detail {

/// The whole's detail::InputMeasure, taken as it grows at its end (24 kHz samples): libebur128
/// is fed the joined samples in order (its figures do not depend on how they are cut into
/// calls), and the true-peak envelope is computed up to kEnvelopeReach before the end, where
/// what is joined later can no longer change it. finish() gives exactly what measure_input()
/// gives of the finished whole, however it was followed and on however many threads.
///
/// The two measurements are two chains of tasks, each stretch's task waiting for the one before
/// it in its chain: the meter is sequential, and the envelope's stretches, whose values do not
/// depend on one another, take one core between them beside the checks. The chains run side by
/// side, and the caller never waits for either until finish(), where the envelope's rest starts
/// at once on every thread. (Session 20 measured a stretch's loudness and
/// envelope one after the other on one thread, and waited for it before going on; when the
/// last two checks ended close together, as two voice notes' do, one core then measured while
/// the other stood idle and the whole's normalising waited: bench/README.md, session 21.)
class WholeMeasure {
 public:
  /// `capacity`: the most samples the whole will hold (the caller's reserve: it never moves).
  static Result<WholeMeasure> create(std::size_t capacity);
  // Defined with the meter's library, which only whole_measure.cpp links to. Moved only before
  // follow(): its tasks hold `this`. Destroying it waits for the tasks still running.
  WholeMeasure(WholeMeasure&&) noexcept;
  WholeMeasure& operator=(WholeMeasure&&) = delete;
  ~WholeMeasure();

  /// Starts measuring what `x` adds to the whole (x is the whole so far, which only ever grows
  /// at its end and must stay where it is until finish()), and returns at once. With `beside`,
  /// the envelope's values too are computed on a thread of their own; else at finish(), on its
  /// caller's thread (one thread beside the caller at most, as `-j 1` asks).
  void follow(std::span<const float> x, bool beside);

  /// Measures the rest of `x` (the whole, finished): the meter's rest on a thread of its own
  /// (with `threads` over 1), the envelope's on `threads` threads beside it; waits for every
  /// stretch, and gives what measure_input(x) gives. Once only.
  Result<InputMeasure> finish(std::span<const float> x, int threads);

 private:
  explicit WholeMeasure(LoudnessMeter meter) : meter_(std::move(meter)) {}

  LoudnessMeter meter_;
  std::vector<float> envelope_;
  std::size_t metered_ = 0;    // samples handed to the meter's tasks
  std::size_t enveloped_ = 0;  // envelope values handed to the envelope's tasks
  // Declared after what they write: destroyed (waited for) first.
  std::future<Result<void>> loudness_;
  std::future<Result<void>> envelope_job_;
};

}  // namespace voxclone::detail

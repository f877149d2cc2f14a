// Internal: EBU R128 loudness and true peak of mono audio fed in pieces (libebur128), so a
// sample read back after encoding is measured as it decodes, never held whole.
#pragma once

#include <span>

#include "c_handles.hpp"
#include "voxclone/analyse.hpp"

namespace voxclone::detail {

class LoudnessMeter {
 public:
  /// `true_peak` off: integrated loudness and sample peak only, several times cheaper.
  static Result<LoudnessMeter> create(int sample_rate, bool true_peak = true);
  Result<void> push(std::span<const float> samples);
  [[nodiscard]] Loudness result() const;

 private:
  explicit LoudnessMeter(Ebur128Ptr st) : st_(std::move(st)) {}
  Ebur128Ptr st_;
};

/// Integrated loudness and sample peak (no true peak: its oversampling dominates the cost).
Result<Loudness> measure_integrated(std::span<const float> samples, int sample_rate);

}  // namespace voxclone::detail

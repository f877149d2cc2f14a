// Internal: EBU R128 loudness and true peak of mono audio fed in pieces (libebur128), so a
// sample read back after encoding is measured as it decodes, never held whole.
#pragma once

#include <memory>
#include <span>

extern "C" {
#include <ebur128.h>
}

#include "voxclone/analyse.hpp"

namespace voxclone::detail {

struct Ebur128Destroyer {
  void operator()(ebur128_state* p) const noexcept { ebur128_destroy(&p); }
};
using Ebur128Ptr = std::unique_ptr<ebur128_state, Ebur128Destroyer>;

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

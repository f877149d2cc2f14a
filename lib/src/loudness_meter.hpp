// Internal: EBU R128 loudness and true peak of mono audio fed in pieces (libebur128), so a
// sample read back after encoding is measured as it decodes, never held whole.
#pragma once

#include <span>

#include "c_handles.hpp"
#include "voxclone/analyse.hpp"

namespace voxclone::detail {

class LoudnessMeter {
 public:
  static Result<LoudnessMeter> create(int sample_rate);
  Result<void> push(std::span<const float> samples);
  [[nodiscard]] Loudness result() const;

 private:
  explicit LoudnessMeter(Ebur128Ptr st) : st_(std::move(st)) {}
  Ebur128Ptr st_;
};

}  // namespace voxclone::detail

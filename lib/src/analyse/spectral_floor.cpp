// The steady floor per bin, by minimum statistics (see spectral_floor.hpp).
#include "analyse/spectral_floor.hpp"

#include <algorithm>
#include <cstdlib>
#include <limits>

namespace voxclone::detail {
namespace {

// Smoothing of each bin's power from frame to frame (40 ms frames: a time constant of ~0.1 s).
constexpr float kSmoothing = 0.6f;
// The minimum is taken over kSubWindows sub-windows of kSubWindowFrames frames: 5 x 0.4 s.
constexpr std::size_t kSubWindowFrames = 10;
constexpr std::size_t kSubWindows = 5;

float env_or(const char* name, float fallback) {
  const char* v = std::getenv(name);
  return v ? static_cast<float>(std::atof(v)) : fallback;
}
// The minimum of a smoothed noisy power lies under its mean (Martin 2001: a bias of ~1.5-2 for
// this smoothing and window), and what is left of the floor still ripples: subtract more than
// the minimum, and keep at least kKeptShare of the power (no bin goes to zero: the pitch's
// autocorrelation of an emptied spectrum would be noise of rounding).
const float kOverSubtraction = env_or("VX_FLOOR_BETA", 2.0f);
const float kKeptShare = env_or("VX_FLOOR_KEEP", 0.05f);

}  // namespace

SpectralFloor::SpectralFloor(std::size_t bins)
    : smooth_(bins, 0.0f),
      current_(bins, std::numeric_limits<float>::max()),
      past_(bins * kSubWindows, std::numeric_limits<float>::max()),
      floor_(bins, 0.0f),
      bins_(bins) {}

void SpectralFloor::add(std::span<const float> power) {
  const std::size_t n = std::min(bins_, power.size());
  const float a = frames_ == 0 ? 0.0f : kSmoothing;
  for (std::size_t k = 0; k < n; ++k) {
    smooth_[k] = a * smooth_[k] + (1.0f - a) * power[k];
    current_[k] = std::min(current_[k], smooth_[k]);
  }
  ++frames_;
  // The floor: the minimum over the sub-window being filled and the completed ones.
  for (std::size_t k = 0; k < n; ++k) {
    float m = current_[k];
    for (std::size_t w = 0; w < past_filled_; ++w) m = std::min(m, past_[w * bins_ + k]);
    floor_[k] = m;
  }
  if (++in_current_ == kSubWindowFrames) {
    std::copy(current_.begin(), current_.end(), past_.begin() + static_cast<std::ptrdiff_t>(next_past_ * bins_));
    next_past_ = (next_past_ + 1) % (kSubWindows - 1);
    past_filled_ = std::min(past_filled_ + 1, kSubWindows - 1);
    std::fill(current_.begin(), current_.end(), std::numeric_limits<float>::max());
    in_current_ = 0;
  }
}

void SpectralFloor::subtract(std::span<const float> power, std::span<float> clean) const {
  const std::size_t n = std::min({bins_, power.size(), clean.size()});
  for (std::size_t k = 0; k < n; ++k)
    clean[k] = std::max(power[k] - kOverSubtraction * floor_[k], kKeptShare * power[k]);
}

}  // namespace voxclone::detail

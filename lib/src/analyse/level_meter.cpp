#include "analyse/level_meter.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>

#include "core/float_bits.hpp"

namespace voxclone::detail {

// RBJ audio-EQ-cookbook biquad, direct form I.
struct Biquad {
  double b0 = 1, b1 = 0, b2 = 0, a1 = 0, a2 = 0;
  double x1 = 0, x2 = 0, y1 = 0, y2 = 0;

  static Biquad make(bool highpass, double freq, double rate) {
    constexpr double kQ = 0.70710678118654752;  // Butterworth
    const double w0 = 2.0 * M_PI * freq / rate;
    const double alpha = std::sin(w0) / (2.0 * kQ);
    const double c = std::cos(w0);
    const double a0 = 1.0 + alpha;
    Biquad q;
    if (highpass) {
      q.b0 = (1.0 + c) / 2.0 / a0;
      q.b1 = -(1.0 + c) / a0;
    } else {
      q.b0 = (1.0 - c) / 2.0 / a0;
      q.b1 = (1.0 - c) / a0;
    }
    q.b2 = q.b0;
    q.a1 = -2.0 * c / a0;
    q.a2 = (1.0 - alpha) / a0;
    return q;
  }

  double operator()(double x) {
    // Everything but the last output's term first: only one multiply-subtract then waits on
    // the previous sample, which keeps the recursion's chain (and so the filter) short.
    const double y = (b0 * x + b1 * x1 + b2 * x2 - a2 * y2) - a1 * y1;
    x2 = x1;
    x1 = x;
    y2 = y1;
    y1 = y;
    return y;
  }
};

LevelMeter::LevelMeter(int sample_rate, double frame_seconds, bool spool_levels)
    : rate_(sample_rate),
      hop_(static_cast<std::size_t>(std::lround(frame_seconds * sample_rate))),
      hp_(std::make_unique<Biquad>(Biquad::make(true, 100.0, sample_rate))),
      lp_(std::make_unique<Biquad>(Biquad::make(false, std::min(4000.0, 0.45 * sample_rate), sample_rate))),
      levels_("frame levels", spool_levels ? RecordSpool<float>::kDefaultMemoryRecords
                                           : RecordSpool<float>::kNeverSpill) {}

LevelMeter::~LevelMeter() = default;
LevelMeter::LevelMeter(LevelMeter&&) noexcept = default;
LevelMeter& LevelMeter::operator=(LevelMeter&&) noexcept = default;

void LevelMeter::push(std::span<const float> samples) {
  if (hop_ == 0) return;
  // Filter state in locals (registers) for the loop, written back at the end; the work goes a
  // frame's worth of samples at a time, so the per-sample loop has no frame bookkeeping.
  Biquad hp = *hp_, lp = *lp_;
  std::int32_t peak_bits = std::bit_cast<std::int32_t>(peak_);
  std::size_t i = 0;
  while (i < samples.size()) {
    const std::size_t n = std::min(hop_ - in_frame_, samples.size() - i);
    double energy = energy_;
    for (std::size_t k = i; k < i + n; ++k) {
      peak_bits = std::max(peak_bits, abs_bits(samples[k]));
      const double y = lp(hp(samples[k]));
      energy += y * y;
    }
    energy_ = energy;
    in_frame_ += n;
    i += n;
    if (in_frame_ == hop_) close_frame();
  }
  *hp_ = hp;
  *lp_ = lp;
  peak_ = from_bits(peak_bits);
}

void LevelMeter::close_frame() {
  const double mean = energy_ / static_cast<double>(in_frame_);
  levels_.push_back(static_cast<float>(10.0 * std::log10(mean + 1e-20)));
  energy_ = 0;
  in_frame_ = 0;
}

std::vector<float> LevelMeter::finish() {
  if (in_frame_ > 0) close_frame();
  return levels_.take_all();
}

}  // namespace voxclone::detail

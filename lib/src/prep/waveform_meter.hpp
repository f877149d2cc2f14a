// The coarse waveform a picture draws (PrepReport::waveform), measured as the input streams by:
// the lowest and highest sample per step. When the steps reach kMaxSteps, neighbours merge and
// the step doubles, so memory stays bounded whatever the input's length.
#pragma once

#include <algorithm>
#include <cstddef>
#include <span>

#include "voxclone/report.hpp"

namespace voxclone::detail {

class WaveformMeter {
 public:
  static constexpr std::size_t kMaxSteps = 8192;
  explicit WaveformMeter(int sample_rate, std::size_t first_step = 240)
      : rate_(sample_rate), step_(first_step) {}

  /// Runs a step at a time through branch-free integer min/max (waveform_meter.cpp).
  void push(std::span<const float> chunk);

  Waveform finish() {
    if (filled_ > 0) close_step();
    Waveform w;
    w.step_seconds = static_cast<double>(step_) / rate_;
    w.min = std::move(min_);
    w.max = std::move(max_);
    return w;
  }

 private:
  void close_step() {
    min_.push_back(lo_);
    max_.push_back(hi_);
    lo_ = 1e30f;
    hi_ = -1e30f;
    filled_ = 0;
    if (min_.size() < kMaxSteps) return;
    for (std::size_t i = 0; i < min_.size() / 2; ++i) {
      min_[i] = std::min(min_[2 * i], min_[2 * i + 1]);
      max_[i] = std::max(max_[2 * i], max_[2 * i + 1]);
    }
    min_.resize(min_.size() / 2);
    max_.resize(max_.size() / 2);
    step_ *= 2;
  }

  int rate_;
  std::size_t step_;
  std::size_t filled_ = 0;
  float lo_ = 1e30f, hi_ = -1e30f;  // of the step being filled
  std::vector<float> min_, max_;
};

}  // namespace voxclone::detail

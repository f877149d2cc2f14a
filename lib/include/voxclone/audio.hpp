// voxclone/audio.hpp — the PCM buffer that flows between the stages.
//
// After the convert stage all audio is mono float at 24 kHz, the rate the clone endpoint wants.
#pragma once

#include <cstddef>
#include <vector>

namespace voxclone {

/// The sample rate voxclone works at and writes: the clone endpoint's raw-PCM rate.
inline constexpr int kSampleRate = 24000;

/// Mono float PCM, nominally in [-1, 1].
struct Audio {
  std::vector<float> samples;
  int sample_rate = kSampleRate;

  [[nodiscard]] double duration_seconds() const noexcept {
    return sample_rate > 0 ? static_cast<double>(samples.size()) / sample_rate : 0.0;
  }
};

}  // namespace voxclone

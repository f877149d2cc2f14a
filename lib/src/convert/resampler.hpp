// Internal: the convert stage. Any layout to mono (downmix.hpp: libswresample's own matrix for
// the layout), then the one channel resampled to 24 kHz in float, streaming, with
// libswresample. Mixing first matters: libswresample alone resamples every channel before
// mixing them (its order heuristic weighs only the rematrix), which for stereo doubles the
// convert stage's largest cost. Reconfigures itself if the input's rate changes mid-stream
// (some streams change rate or layout part-way), flushing what the old rate's filter held.
#pragma once

#include <span>
#include <vector>

#include "convert/downmix.hpp"
#include "ffmpeg/handles.hpp"
#include "voxclone/error.hpp"

namespace voxclone::detail {

/// Float audio is ±1 at full scale; a sample 60 dB over it is not a recording but damage (or a
/// hostile file), and squaring it in a meter would overflow.
inline constexpr float kMaxSampleMagnitude = 1000.0f;

class Resampler {
 public:
  explicit Resampler(std::vector<float>& out) : out_(&out) {}

  /// Converts one decoded frame, appending to the output vector.
  Result<void> push(const AVFrame& frame);
  /// Converts `nb_samples` of raw data in the given format.
  Result<void> push(const uint8_t* const* data, int nb_samples, const AVChannelLayout& layout,
                    AVSampleFormat format, int sample_rate);
  /// Converts mono float samples (already through Downmix) at the given rate.
  Result<void> push_mono(std::span<const float> samples, int sample_rate);
  /// Drains the resampler's delay line; call once at the end.
  Result<void> flush();


 private:
  Result<void> configure(int sample_rate);

  std::vector<float>* out_;
  Downmix mix_;
  std::vector<float> mixed_;  // the mix's output, the resampler's input
  std::vector<float> clean_;  // a copy with the unusable samples silenced, when there were any
  SwrPtr swr_;                // mono float at in_rate_ to 24 kHz
  int in_rate_ = 0;
};

}  // namespace voxclone::detail

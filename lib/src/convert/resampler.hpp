// Internal: the convert stage. Downmixes any layout to mono and resamples to 24 kHz in float,
// streaming, with libswresample: first the downmix (FFmpeg's own matrix for the layout), then
// the resampling of the one mono channel. libswresample alone would resample every channel
// before mixing them (its order heuristic weighs only the rematrix), which for stereo doubles
// the convert stage's largest cost. Reconfigures itself if the input format changes mid-stream
// (some streams change rate or layout part-way), flushing what the old configuration held.
#pragma once

#include <vector>

#include "ffmpeg/handles.hpp"
#include "voxclone/error.hpp"

namespace voxclone::detail {

class Resampler {
 public:
  explicit Resampler(std::vector<float>& out) : out_(&out) {}

  /// Converts one decoded frame, appending to the output vector.
  Result<void> push(const AVFrame& frame);
  /// Converts `nb_samples` of raw data in the given format.
  Result<void> push(const uint8_t* const* data, int nb_samples, const AVChannelLayout& layout,
                    AVSampleFormat format, int sample_rate);
  /// Drains the resampler's delay line; call once at the end.
  Result<void> flush();

 private:
  Result<void> configure(const AVChannelLayout& layout, AVSampleFormat format, int sample_rate);
  Result<void> convert(const uint8_t* const* data, int nb_samples);
  Result<void> resample(const uint8_t* const* data, int nb_samples);

  std::vector<float>* out_;
  SwrPtr mix_;              // several channels to mono at the input's rate; null for mono input
  std::vector<float> mixed_;  // its output, the resampler's input
  SwrPtr swr_;              // to 24 kHz mono float
  AVChannelLayout in_layout_{};
  AVSampleFormat in_format_ = AV_SAMPLE_FMT_NONE;
  int in_rate_ = 0;
};

}  // namespace voxclone::detail

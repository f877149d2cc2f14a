// Internal: the convert stage. Downmixes any layout to mono and resamples to 24 kHz in float,
// streaming, with libswresample. Reconfigures itself if the input format changes mid-stream
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

  std::vector<float>* out_;
  SwrPtr swr_;
  AVChannelLayout in_layout_{};
  AVSampleFormat in_format_ = AV_SAMPLE_FMT_NONE;
  int in_rate_ = 0;
};

}  // namespace voxclone::detail

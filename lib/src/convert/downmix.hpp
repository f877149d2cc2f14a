// Internal: the convert stage's first step. Any layout and sample format to mono float at the
// input's own rate, with libswresample's matrix for the layout (Resampler then changes the rate
// of the one channel). The split decode runs it on its decoding threads, so its segments hold
// one float channel instead of the decoder's frames (half the memory for stereo, and the
// decoder's frame pool stays small); the other ways run it inside Resampler. Both give the same
// samples: a mix keeps no state from one call to the next.
#pragma once

#include <cstdint>
#include <vector>

#include "ffmpeg/handles.hpp"
#include "voxclone/error.hpp"

namespace voxclone::detail {

class Downmix {
 public:
  Downmix() = default;
  ~Downmix();
  Downmix(const Downmix&) = delete;
  Downmix& operator=(const Downmix&) = delete;

  /// True when samples in this layout and format need mixing or converting (all but mono float).
  static bool needed(const AVChannelLayout& layout, AVSampleFormat format) {
    return layout.nb_channels != 1 || format != AV_SAMPLE_FMT_FLT;
  }

  /// Appends `nb_samples` of `data`, mixed to mono float, to `out`.
  Result<void> append(const uint8_t* const* data, int nb_samples, const AVChannelLayout& layout,
                      AVSampleFormat format, int sample_rate, std::vector<float>& out);
  /// The same for a decoded frame (a frame without a channel layout, as from a WAV without a
  /// channel mask, gets the default layout for its channel count).
  Result<void> append(const AVFrame& frame, std::vector<float>& out);

 private:
  Result<void> configure(const AVChannelLayout& layout, AVSampleFormat format, int sample_rate);

  SwrPtr swr_;
  AVChannelLayout layout_{};
  AVSampleFormat format_ = AV_SAMPLE_FMT_NONE;
  int rate_ = 0;
};

/// A frame's channel layout, or the default one for its channel count when it has none; the
/// caller uninits it.
Result<void> frame_layout(const AVFrame& frame, AVChannelLayout& layout);

}  // namespace voxclone::detail

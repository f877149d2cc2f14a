#include "decode/clip_scan.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <type_traits>

extern "C" {
#include <libavutil/samplefmt.h>
}

#include "core/float_bits.hpp"

namespace voxclone::detail {
namespace {

template <class T>
float to_unit(T v) {
  if constexpr (std::is_same_v<T, float>) {
    return v;
  } else if constexpr (std::is_same_v<T, double>) {
    // A double beyond float's range does not convert (undefined behaviour): held at the edge.
    return static_cast<float>(std::isnan(v) ? v : std::clamp(v, -3.0e38, 3.0e38));
  } else if constexpr (std::is_same_v<T, uint8_t>) {
    return (static_cast<float>(v) - 128.0f) / 128.0f;
  } else {
    return static_cast<float>(v) / static_cast<float>(std::numeric_limits<T>::max());
  }
}

// The largest magnitude in one channel, in a branch-free loop (see float_bits.hpp).
template <class T>
float channel_peak(const T* data, int n, int stride) {
  if constexpr (std::is_same_v<T, float>) {
    if (stride == 1) return peak_of(data, static_cast<std::size_t>(n));  // planar
    std::int32_t m = 0;
    for (int i = 0; i < n; ++i)
      m = std::max(m, abs_bits(data[static_cast<std::ptrdiff_t>(i) * stride]));
    return from_bits(m);
  } else if constexpr (std::is_same_v<T, double>) {
    double m = 0;
    for (int i = 0; i < n; ++i) {
      const double a = std::fabs(data[static_cast<std::ptrdiff_t>(i) * stride]);
      if (a <= 1000.0) m = std::max(m, a);  // NaN fails too: no audio, no peak
    }
    return static_cast<float>(m);
  } else if constexpr (std::is_same_v<T, uint8_t>) {
    int m = 0;
    for (int i = 0; i < n; ++i)
      m = std::max(m, std::abs(int{data[static_cast<std::ptrdiff_t>(i) * stride]} - 128));
    return static_cast<float>(m) / 128.0f;
  } else {
    std::int64_t m = 0;
    for (int i = 0; i < n; ++i) {
      const auto v = static_cast<std::int64_t>(data[static_cast<std::ptrdiff_t>(i) * stride]);
      m = std::max(m, v < 0 ? -v : v);
    }
    return static_cast<float>(static_cast<double>(m) /
                              static_cast<double>(std::numeric_limits<T>::max()));
  }
}

// The clipped runs of one frame, all channels: how many samples, and where the first starts
// (samples from the frame's start).
struct FrameClips {
  std::int64_t samples = 0;
  int first = std::numeric_limits<int>::max();
};

// Samples of a float channel that are no audio: NaN, ±Inf, beyond ±1000 (integer formats have
// none). The convert stage silences the same ones (Resampler::push_mono).
template <class T>
std::int64_t count_unusable(const T* data, int n, int stride) {
  std::int64_t bad = 0;
  if constexpr (std::is_same_v<T, float>) {
    for (int i = 0; i < n; ++i) bad += unusable_bit(data[static_cast<std::ptrdiff_t>(i) * stride]);
  } else if constexpr (std::is_same_v<T, double>) {
    for (int i = 0; i < n; ++i)
      bad += std::fabs(data[static_cast<std::ptrdiff_t>(i) * stride]) <= 1000.0 ? 0 : 1;
  }
  return bad;
}

// A planar float channel (what the MP3, AAC, Opus and Vorbis decoders give), both figures in one
// pass: its largest |x| (as bits, float_bits.hpp) and how many samples are no audio. This runs
// over every decoded sample of the input (3.5 % of a long prep's instructions in two passes on
// baseline x86-64, whose SSE2 has no 32-bit integer max); an AVX2 copy is chosen at load time
// where the CPU has it. Integer operations only: every copy gives the same result.
VOXCLONE_AVX2_CLONES
void planar_float_stats(const float* x, int n, std::int32_t& peak_bits, std::int32_t& unusable) {
  std::int32_t m = 0, bad = 0;
  for (int i = 0; i < n; ++i) {
    m = std::max(m, abs_bits(x[i]));
    bad += unusable_bit(x[i]);
  }
  peak_bits = m;
  unusable = bad;
}

template <class T>
void scan_channel(const T* data, int n, int stride, ClipCount& count, FrameClips& frame) {
  constexpr float kFull = 0.989f;  // -0.1 dBFS
  float peak = 0.0f;
  if constexpr (std::is_same_v<T, float>) {
    if (stride == 1) {
      std::int32_t bits = 0, bad = 0;
      planar_float_stats(data, n, bits, bad);
      count.unusable += bad;
      peak = from_bits(bits);
    }
  }
  if (!std::is_same_v<T, float> || stride != 1) {
    count.unusable += count_unusable(data, n, stride);
    peak = channel_peak(data, n, stride);
  }
  count.peak = std::max(count.peak, peak);
  if (!(peak >= kFull)) return;  // nothing near full scale: no run to count (the usual case)
  auto counted = [&](int end, int run) {
    frame.samples += run;
    frame.first = std::min(frame.first, end - run);
  };
  int run = 0;
  for (int i = 0; i < n; ++i) {
    const float a = std::fabs(to_unit(data[static_cast<std::ptrdiff_t>(i) * stride]));
    if (a >= kFull && a <= 1000.0f) {  // NaN, ±Inf and absurd values are damage, not clipping
      ++run;
    } else {
      if (run >= 3) counted(i, run);
      run = 0;
    }
  }
  if (run >= 3) counted(n, run);
}

template <class T>
void scan_frame_as(const AVFrame& f, bool planar, int channels, ClipCount& count,
                   FrameClips& frame) {
  for (int c = 0; c < channels; ++c) {
    if (planar) {
      scan_channel(reinterpret_cast<const T*>(f.extended_data[c]), f.nb_samples, 1, count, frame);
    } else {
      scan_channel(reinterpret_cast<const T*>(f.extended_data[0]) + c, f.nb_samples, channels,
                   count, frame);
    }
  }
}

}  // namespace

double ClipCount::peak_dbfs() const {
  return peak > 0 ? 20.0 * std::log10(peak) : -200.0;
}

void ClipCount::add(const ClipCount& other) {
  clipped += other.clipped;
  unusable += other.unusable;
  peak = std::max(peak, other.peak);
  for (const auto& w : other.where) where.push_back({seconds + w.start_seconds, w.samples});
  seconds += other.seconds;
}

void scan_frame(const AVFrame& frame, ClipCount& count) {
  const auto format = static_cast<AVSampleFormat>(frame.format);
  const bool planar = av_sample_fmt_is_planar(format) != 0;
  const int channels = frame.ch_layout.nb_channels;
  FrameClips clips;
  switch (av_get_packed_sample_fmt(format)) {
    case AV_SAMPLE_FMT_U8:
      scan_frame_as<uint8_t>(frame, planar, channels, count, clips);
      break;
    case AV_SAMPLE_FMT_S16:
      scan_frame_as<int16_t>(frame, planar, channels, count, clips);
      break;
    case AV_SAMPLE_FMT_S32:
      scan_frame_as<int32_t>(frame, planar, channels, count, clips);
      break;
    case AV_SAMPLE_FMT_FLT:
      scan_frame_as<float>(frame, planar, channels, count, clips);
      break;
    case AV_SAMPLE_FMT_DBL:
      scan_frame_as<double>(frame, planar, channels, count, clips);
      break;
    default:
      break;  // S64 is not produced by any audio decoder voxclone meets
  }
  const double seconds_per_sample = frame.sample_rate > 0 ? 1.0 / frame.sample_rate : 0.0;
  if (clips.samples > 0) {
    count.clipped += clips.samples;
    count.where.push_back({count.seconds + clips.first * seconds_per_sample, clips.samples});
  }
  count.seconds += frame.nb_samples * seconds_per_sample;
}

}  // namespace voxclone::detail

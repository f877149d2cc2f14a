#include "resampler.hpp"

#include <fmt/format.h>

extern "C" {
#include <libavutil/channel_layout.h>
#include <libavutil/mathematics.h>
}

#include "ffmpeg_util.hpp"
#include "voxclone/audio.hpp"

namespace voxclone::detail {

Result<void> Resampler::push(const AVFrame& frame) {
  AVChannelLayout layout{};
  if (frame.ch_layout.order == AV_CHANNEL_ORDER_UNSPEC || frame.ch_layout.nb_channels == 0) {
    // A WAV without a channel mask: give it the default layout for its channel count.
    av_channel_layout_default(&layout, frame.ch_layout.nb_channels > 0 ? frame.ch_layout.nb_channels : 1);
  } else if (av_channel_layout_copy(&layout, &frame.ch_layout) < 0) {
    return fail(ErrorCategory::internal, "convert: out of memory copying a channel layout");
  }
  auto r = push(frame.extended_data, frame.nb_samples, layout,
                static_cast<AVSampleFormat>(frame.format), frame.sample_rate);
  av_channel_layout_uninit(&layout);
  return r;
}

Result<void> Resampler::push(const uint8_t* const* data, int nb_samples,
                             const AVChannelLayout& layout, AVSampleFormat format,
                             int sample_rate) {
  if (nb_samples <= 0) return {};
  if (!swr_ || format != in_format_ || sample_rate != in_rate_ ||
      av_channel_layout_compare(&layout, &in_layout_) != 0) {
    if (swr_) {
      if (auto r = flush(); !r) return r;
    }
    if (auto r = configure(layout, format, sample_rate); !r) return r;
  }
  return convert(data, nb_samples);
}

Result<void> Resampler::configure(const AVChannelLayout& layout, AVSampleFormat format,
                                  int sample_rate) {
  // Below 1 kHz nothing is audio (and resampling 1 Hz to 24 kHz would make 24000 samples of
  // every one: a tiny file could ask for gigabytes). Above 1.5 MHz no converter or format goes.
  if (sample_rate < 1000 || sample_rate > 1'536'000) {
    return fail(ErrorCategory::decode_failed,
                fmt::format("convert: a sample rate of {} Hz is not one audio has (1 kHz to 1.5 MHz)", sample_rate));
  }
  AVChannelLayout mono = AV_CHANNEL_LAYOUT_MONO;
  SwrContext* raw = nullptr;
  // FFmpeg 5.1 takes the layouts non-const (later versions const); it only reads them.
  int rc = swr_alloc_set_opts2(&raw, &mono, AV_SAMPLE_FMT_FLT, kSampleRate,
                               const_cast<AVChannelLayout*>(&layout), format,
                               sample_rate, 0, nullptr);
  SwrPtr swr(raw);
  if (rc < 0 || (rc = swr_init(swr.get())) < 0) {
    char desc[64] = "?";
    av_channel_layout_describe(&layout, desc, sizeof desc);
    return fail(ErrorCategory::decode_failed,
                fmt::format("convert {} Hz {} {} to 24 kHz mono: {}", sample_rate, desc,
                            av_get_sample_fmt_name(format) ? av_get_sample_fmt_name(format) : "?",
                            av_error_text(rc)));
  }
  swr_ = std::move(swr);
  av_channel_layout_uninit(&in_layout_);
  av_channel_layout_copy(&in_layout_, &layout);
  in_format_ = format;
  in_rate_ = sample_rate;
  return {};
}

Result<void> Resampler::convert(const uint8_t* const* data, int nb_samples) {
  // Room for everything the resampler may emit now: its delay plus this input, at the new rate
  // (resample_audio.c sizes its output the same way).
  const int64_t room = av_rescale_rnd(swr_get_delay(swr_.get(), in_rate_) + nb_samples,
                                      kSampleRate, in_rate_, AV_ROUND_UP);
  const std::size_t old_size = out_->size();
  out_->resize(old_size + static_cast<std::size_t>(room));
  auto* dst = reinterpret_cast<uint8_t*>(out_->data() + old_size);
  const int got = swr_convert(swr_.get(), &dst, static_cast<int>(room),
                              const_cast<const uint8_t**>(data), nb_samples);
  if (got < 0) {
    out_->resize(old_size);
    return fail(ErrorCategory::decode_failed, "convert: " + av_error_text(got));
  }
  out_->resize(old_size + static_cast<std::size_t>(got));
  return {};
}

Result<void> Resampler::flush() {
  if (!swr_) return {};
  for (;;) {
    const int64_t room = swr_get_delay(swr_.get(), kSampleRate) + 256;
    const std::size_t old_size = out_->size();
    out_->resize(old_size + static_cast<std::size_t>(room));
    auto* dst = reinterpret_cast<uint8_t*>(out_->data() + old_size);
    const int got = swr_convert(swr_.get(), &dst, static_cast<int>(room), nullptr, 0);
    if (got < 0) {
      out_->resize(old_size);
      return fail(ErrorCategory::decode_failed, "convert: flushing: " + av_error_text(got));
    }
    out_->resize(old_size + static_cast<std::size_t>(got));
    if (got == 0) break;
  }
  swr_.reset();
  return {};
}

Result<std::vector<float>> true_peak_envelope(const std::vector<float>& in, int rate) {
  AVChannelLayout mono = AV_CHANNEL_LAYOUT_MONO;
  SwrContext* raw = nullptr;
  int rc = swr_alloc_set_opts2(&raw, &mono, AV_SAMPLE_FMT_FLT, rate * 4, &mono, AV_SAMPLE_FMT_FLT,
                               rate, 0, nullptr);
  SwrPtr swr(raw);
  if (rc < 0 || (rc = swr_init(swr.get())) < 0)
    return fail(ErrorCategory::internal, "true-peak upsampler: " + av_error_text(rc));
  std::vector<float> env(in.size(), 0.0f);
  // up[k] is upsampled sample up_base + k; swr's output is aligned so that upsampled sample 4n
  // is original sample n.
  std::vector<float> up;
  std::size_t up_base = 0, next = 0;  // next: first original sample whose envelope is not done
  constexpr std::size_t kChunk = 8192;
  std::vector<float> out(kChunk * 4 + 1024);
  auto drain = [&](bool final) {
    const std::size_t have_end = up_base + up.size();  // one past the last upsampled sample
    for (; next < in.size(); ++next) {
      const std::size_t lo = next * 4 >= 4 ? next * 4 - 4 : 0;
      const std::size_t hi = next * 4 + 5;  // exclusive
      if (hi > have_end && !final) break;
      float m = 0.0f;
      for (std::size_t k = std::max(lo, up_base); k < std::min(hi, have_end); ++k)
        m = std::max(m, std::fabs(up[k - up_base]));
      env[next] = m;
    }
    // Keep only what the next envelope values can still need.
    const std::size_t keep_from = next * 4 >= 4 ? next * 4 - 4 : 0;
    if (keep_from > up_base) {
      up.erase(up.begin(), up.begin() + static_cast<std::ptrdiff_t>(std::min(keep_from - up_base, up.size())));
      up_base = keep_from;
    }
  };
  for (std::size_t pos = 0;; pos += kChunk) {
    // Whole chunks while input remains, then one call with no input to flush the filter.
    const std::size_t n = pos < in.size() ? std::min(kChunk, in.size() - pos) : 0;
    auto* dst = reinterpret_cast<uint8_t*>(out.data());
    const auto* src = reinterpret_cast<const uint8_t*>(in.data() + std::min(pos, in.size()));
    const int got = swr_convert(swr.get(), &dst, static_cast<int>(out.size()),
                                n > 0 ? &src : nullptr, static_cast<int>(n));
    if (got < 0) return fail(ErrorCategory::internal, "true-peak upsampler: " + av_error_text(got));
    up.insert(up.end(), out.begin(), out.begin() + got);
    drain(false);
    if (n == 0) break;
  }
  drain(true);
  return env;
}

}  // namespace voxclone::detail

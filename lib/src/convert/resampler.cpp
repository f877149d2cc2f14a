#include "convert/resampler.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cmath>
#include <future>

#include <fmt/format.h>

extern "C" {
#include <libavutil/channel_layout.h>
#include <libavutil/mathematics.h>
}

#include "ffmpeg/av_error.hpp"
#include "core/float_bits.hpp"
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
  auto describe = [&](int rc) {
    char desc[64] = "?";
    av_channel_layout_describe(&layout, desc, sizeof desc);
    return fail(ErrorCategory::decode_failed,
                fmt::format("convert {} Hz {} {} to 24 kHz mono: {}", sample_rate, desc,
                            av_get_sample_fmt_name(format) ? av_get_sample_fmt_name(format) : "?",
                            av_error_text(rc)));
  };
  // One libswresample context from `from` to `to`; FFmpeg 5.1 takes the layouts non-const
  // (later versions const), and only reads them.
  auto open = [&](const AVChannelLayout& from, AVSampleFormat from_format, int from_rate,
                  int to_rate) -> Result<SwrPtr> {
    SwrContext* raw = nullptr;
    int rc = swr_alloc_set_opts2(&raw, &mono, AV_SAMPLE_FMT_FLT, to_rate,
                                 const_cast<AVChannelLayout*>(&from), from_format, from_rate, 0,
                                 nullptr);
    SwrPtr swr(raw);
    if (rc < 0 || (rc = swr_init(swr.get())) < 0) return describe(rc);
    return swr;
  };
  // Several channels at another rate: mix to mono first, then resample the one channel.
  const bool mix_first = layout.nb_channels > 1 && sample_rate != kSampleRate;
  SwrPtr mix;
  if (mix_first) {
    auto m = open(layout, format, sample_rate, sample_rate);
    if (!m) return std::unexpected(m.error());
    mix = std::move(*m);
  }
  auto s = mix_first ? open(mono, AV_SAMPLE_FMT_FLT, sample_rate, kSampleRate)
                     : open(layout, format, sample_rate, kSampleRate);
  if (!s) return std::unexpected(s.error());
  SwrPtr swr = std::move(*s);
  mix_ = std::move(mix);
  swr_ = std::move(swr);
  av_channel_layout_uninit(&in_layout_);
  av_channel_layout_copy(&in_layout_, &layout);
  in_format_ = format;
  in_rate_ = sample_rate;
  return {};
}

Result<void> Resampler::convert(const uint8_t* const* data, int nb_samples) {
  if (!mix_) return resample(data, nb_samples);
  // The mix keeps the rate, so it has no delay: nb_samples in, nb_samples out.
  mixed_.resize(static_cast<std::size_t>(nb_samples));
  auto* mixed = reinterpret_cast<uint8_t*>(mixed_.data());
  const int got = swr_convert(mix_.get(), &mixed, nb_samples, const_cast<const uint8_t**>(data),
                              nb_samples);
  if (got < 0) return fail(ErrorCategory::decode_failed, "convert: " + av_error_text(got));
  const uint8_t* planes[1] = {mixed};
  return resample(planes, got);
}

Result<void> Resampler::resample(const uint8_t* const* data, int nb_samples) {
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
  mix_.reset();
  return {};
}

}  // namespace voxclone::detail

#include "convert/resampler.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include <fmt/format.h>

extern "C" {
#include <libavutil/channel_layout.h>
#include <libavutil/mathematics.h>
}

#include "core/float_bits.hpp"
#include "ffmpeg/av_error.hpp"
#include "voxclone/audio.hpp"

namespace voxclone::detail {

Result<void> Resampler::push(const AVFrame& frame) {
  AVChannelLayout layout{};
  if (auto r = frame_layout(frame, layout); !r) return r;
  auto r = push(frame.extended_data, frame.nb_samples, layout,
                static_cast<AVSampleFormat>(frame.format), frame.sample_rate);
  av_channel_layout_uninit(&layout);
  return r;
}

Result<void> Resampler::push(const uint8_t* const* data, int nb_samples,
                             const AVChannelLayout& layout, AVSampleFormat format,
                             int sample_rate) {
  if (nb_samples <= 0) return {};
  if (!Downmix::needed(layout, format))
    return push_mono({reinterpret_cast<const float*>(data[0]), static_cast<std::size_t>(nb_samples)},
                     sample_rate);
  mixed_.clear();
  if (auto r = mix_.append(data, nb_samples, layout, format, sample_rate, mixed_); !r) return r;
  return push_mono(mixed_, sample_rate);
}

Result<void> Resampler::configure(int sample_rate) {
  // Below 1 kHz nothing is audio (and resampling 1 Hz to 24 kHz would make 24000 samples of
  // every one: a tiny file could ask for gigabytes). Above 1.5 MHz no converter or format goes.
  if (sample_rate < 1000 || sample_rate > 1'536'000) {
    return fail(ErrorCategory::decode_failed,
                fmt::format("convert: a sample rate of {} Hz is not one audio has (1 kHz to 1.5 MHz)", sample_rate));
  }
  AVChannelLayout mono = AV_CHANNEL_LAYOUT_MONO;
  SwrContext* raw = nullptr;
  // Planar float (kMonoFloat): libswresample then filters straight from our samples into our
  // buffer, without copying each side through its own.
  int rc = swr_alloc_set_opts2(&raw, &mono, kMonoFloat, kSampleRate, &mono, kMonoFloat, sample_rate, 0, nullptr);
  SwrPtr swr(raw);
  if (rc < 0 || (rc = swr_init(swr.get())) < 0)
    return fail(ErrorCategory::decode_failed,
                fmt::format("convert {} Hz mono to 24 kHz: {}", sample_rate, av_error_text(rc)));
  swr_ = std::move(swr);
  in_rate_ = sample_rate;
  return {};
}

namespace {

// How many of x[0, n) are NaN, ±Inf or too large to be audio (one branch-free pass: the usual
// input has none, and then nothing is copied). It runs over every input sample: the test is on
// the float's bits (float_bits.hpp) with a 32-bit count, and an AVX2 copy is chosen at load
// time where the CPU has it; integer operations, so every copy counts the same.
VOXCLONE_AVX2_CLONES
std::size_t count_unusable_run(const float* x, std::size_t n) {
  std::uint32_t bad = 0;  // n is at most kRun
  for (std::size_t i = 0; i < n; ++i) bad += static_cast<std::uint32_t>(unusable_bit(x[i]));
  return bad;
}

std::size_t count_unusable(std::span<const float> x) {
  static_assert(std::bit_cast<std::int32_t>(kMaxSampleMagnitude) == kThousandBits, "unusable_bit tests for it");
  constexpr std::size_t kRun = std::size_t{1} << 30;
  std::size_t bad = 0;
  for (std::size_t i = 0; i < x.size(); i += kRun)
    bad += count_unusable_run(x.data() + i, std::min(kRun, x.size() - i));
  return bad;
}

}  // namespace

Result<void> Resampler::push_mono(std::span<const float> samples, int sample_rate) {
  if (samples.empty()) return {};
  // Every meter downstream (levels, loudness, the voice meter, the waveform) and the resampler's
  // filter itself would be poisoned by one NaN (the filter spreads it to its neighbours): such
  // samples become silence here, once (the clipping scan counts them as damage: DecodeStats).
  if (count_unusable(samples) > 0) {
    clean_.assign(samples.begin(), samples.end());
    for (float& v : clean_)
      if (!(std::fabs(v) <= kMaxSampleMagnitude)) v = 0.0f;
    samples = clean_;
  }
  if (!swr_ || sample_rate != in_rate_) {
    if (swr_) {
      if (auto r = flush(); !r) return r;
    }
    if (auto r = configure(sample_rate); !r) return r;
  }
  const int n = static_cast<int>(samples.size());
  // Room for everything the resampler may emit now: its delay plus this input, at the new rate
  // (resample_audio.c sizes its output the same way).
  const int64_t room = av_rescale_rnd(swr_get_delay(swr_.get(), in_rate_) + n, kSampleRate,
                                      in_rate_, AV_ROUND_UP);
  const std::size_t old_size = out_->size();
  out_->resize(old_size + static_cast<std::size_t>(room));
  auto* dst = reinterpret_cast<uint8_t*>(out_->data() + old_size);
  const auto* src = reinterpret_cast<const uint8_t*>(samples.data());
  const int got = swr_convert(swr_.get(), &dst, static_cast<int>(room), &src, n);
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

}  // namespace voxclone::detail

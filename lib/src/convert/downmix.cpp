#include "convert/downmix.hpp"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

extern "C" {
#include <libavutil/channel_layout.h>
}

#include "ffmpeg/av_error.hpp"

namespace voxclone::detail {

Result<void> frame_layout(const AVFrame& frame, AVChannelLayout& layout) {
  if (frame.ch_layout.order == AV_CHANNEL_ORDER_UNSPEC || frame.ch_layout.nb_channels == 0) {
    av_channel_layout_default(&layout, frame.ch_layout.nb_channels > 0 ? frame.ch_layout.nb_channels : 1);
    return {};
  }
  if (av_channel_layout_copy(&layout, &frame.ch_layout) < 0)
    return fail(ErrorCategory::internal, "convert: out of memory copying a channel layout");
  return {};
}

Downmix::~Downmix() { av_channel_layout_uninit(&layout_); }

namespace {

// A mixer from `layout` to mono float. With `equal_weights`, every channel counts the same
// (1/N each) instead of libswresample's matrix for the layout: libswresample builds a matrix
// only for layouts whose channels it can place (FFmpeg's default layouts end at 24 channels,
// "22.2"; 25 to 64 channels come unnamed, AV_CHANNEL_ORDER_UNSPEC, and swr_init refuses them
// with EINVAL). A file with that many channels is a microphone array or a multitrack
// recording: every channel is a view of the same room, and the average is the mono mix.
int make_mixer(const AVChannelLayout& layout, AVSampleFormat format, int sample_rate,
               bool equal_weights, SwrPtr& out) {
  AVChannelLayout mono = AV_CHANNEL_LAYOUT_MONO;
  SwrContext* raw = nullptr;
  // FFmpeg 5.1 takes the layouts non-const (later versions const); it only reads them.
  int rc = swr_alloc_set_opts2(&raw, &mono, kMonoFloat, sample_rate,
                               const_cast<AVChannelLayout*>(&layout), format, sample_rate, 0,
                               nullptr);
  SwrPtr swr(raw);
  if (rc >= 0 && equal_weights) {
    const int n = layout.nb_channels;
    std::vector<double> matrix(static_cast<std::size_t>(std::max(n, 1)), 1.0 / std::max(n, 1));
    rc = swr_set_matrix(swr.get(), matrix.data(), n);  // one output row, stride n
  }
  if (rc >= 0) rc = swr_init(swr.get());
  if (rc >= 0) out = std::move(swr);
  return rc;
}

}  // namespace

Result<void> Downmix::configure(const AVChannelLayout& layout, AVSampleFormat format,
                                int sample_rate) {
  SwrPtr swr;
  int rc = make_mixer(layout, format, sample_rate, false, swr);
  if (rc < 0 && layout.nb_channels > 1) rc = make_mixer(layout, format, sample_rate, true, swr);
  if (rc < 0) {
    char desc[64] = "?";
    av_channel_layout_describe(&layout, desc, sizeof desc);
    return fail(ErrorCategory::decode_failed,
                fmt::format("convert {} Hz {} {} to mono: {}", sample_rate, desc,
                            av_get_sample_fmt_name(format) ? av_get_sample_fmt_name(format) : "?",
                            av_error_text(rc)));
  }
  swr_ = std::move(swr);
  av_channel_layout_uninit(&layout_);
  av_channel_layout_copy(&layout_, &layout);
  format_ = format;
  rate_ = sample_rate;
  return {};
}

Result<void> Downmix::append(const uint8_t* const* data, int nb_samples,
                             const AVChannelLayout& layout, AVSampleFormat format,
                             int sample_rate, std::vector<float>& out) {
  if (nb_samples <= 0) return {};
  if (!swr_ || format != format_ || sample_rate != rate_ ||
      av_channel_layout_compare(&layout, &layout_) != 0) {
    if (auto r = configure(layout, format, sample_rate); !r) return r;
  }
  // The rate stays, so there is no delay: nb_samples in, nb_samples out.
  const std::size_t old_size = out.size();
  out.resize(old_size + static_cast<std::size_t>(nb_samples));
  auto* dst = reinterpret_cast<uint8_t*>(out.data() + old_size);
  const int got = swr_convert(swr_.get(), &dst, nb_samples, const_cast<const uint8_t**>(data),
                              nb_samples);
  if (got < 0) {
    out.resize(old_size);
    return fail(ErrorCategory::decode_failed, "convert: " + av_error_text(got));
  }
  out.resize(old_size + static_cast<std::size_t>(got));
  return {};
}

Result<void> Downmix::append(const AVFrame& frame, std::vector<float>& out) {
  AVChannelLayout layout{};
  if (auto r = frame_layout(frame, layout); !r) return r;
  auto r = append(frame.extended_data, frame.nb_samples, layout,
                  static_cast<AVSampleFormat>(frame.format), frame.sample_rate, out);
  av_channel_layout_uninit(&layout);
  return r;
}

}  // namespace voxclone::detail

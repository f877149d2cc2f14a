#include "decode/raw_pcm.hpp"

#include <algorithm>
#include <cstdint>

#include <fmt/format.h>

extern "C" {
#include <libavutil/channel_layout.h>
}

#include "decode/clip_scan.hpp"
#include "ffmpeg/handles.hpp"
#include "voxclone/convert.hpp"

namespace voxclone::detail {

Result<DecodedInput> decode_raw_pcm(const InputSource& source) {
  const PcmView v = source.pcm_view();
  const std::string& name = source.display_name();
  if (v.frames == 0)
    return fail(ErrorCategory::input_unreadable, fmt::format("'{}' holds no PCM frames", name));
  DecodedInput out;
  auto audio = convert_pcm(v);
  if (!audio)
    return fail(audio.error().category, fmt::format("'{}': {}", name, audio.error().message));
  out.audio = std::move(*audio);
  out.info.container = "raw";
  out.info.container_long = "raw PCM from the caller";
  out.info.codec = v.format == PcmFormat::s16 ? "pcm_s16le" : "pcm_f32le";
  out.info.sample_rate = v.sample_rate;
  out.info.channels = v.channels;
  out.info.audio_streams = 1;
  out.info.stream_index = 0;
  AudioStreamInfo only;
  only.index = 0;
  only.codec = out.info.codec;
  only.sample_rate = v.sample_rate;
  only.channels = v.channels;
  only.is_default = true;
  out.info.audio_stream_list = {only};
  out.info.bytes = static_cast<std::int64_t>(source.bytes().size());
  out.info.duration_seconds = out.audio.duration_seconds();
  out.info.announced_seconds = static_cast<double>(v.frames) / v.sample_rate;
  // The same clipping scan the decoder runs, on frame-shaped views of the caller's buffer,
  // 4096 frames at a time as a decoder hands them over.
  FramePtr frame(av_frame_alloc());
  if (!frame) return fail(ErrorCategory::internal, "decode: out of memory");
  frame->format = v.format == PcmFormat::s16 ? AV_SAMPLE_FMT_S16 : AV_SAMPLE_FMT_FLT;
  av_channel_layout_default(&frame->ch_layout, v.channels);
  frame->sample_rate = v.sample_rate;
  frame->extended_data = frame->data;
  const std::size_t frame_bytes =
      (v.format == PcmFormat::s16 ? 2u : 4u) * static_cast<std::size_t>(v.channels);
  constexpr std::size_t kScanFrames = 4096;
  ClipCount clip;
  for (std::size_t at = 0; at < v.frames; at += kScanFrames) {
    frame->nb_samples = static_cast<int>(std::min(kScanFrames, v.frames - at));
    frame->data[0] =
        const_cast<uint8_t*>(reinterpret_cast<const uint8_t*>(v.data) + at * frame_bytes);
    scan_frame(*frame, clip);
  }
  frame->data[0] = nullptr;  // the caller's buffer: av_frame_free must not touch it
  out.stats.input_samples = static_cast<std::int64_t>(v.frames);
  out.stats.clipped_samples = clip.clipped;
  out.stats.unusable_samples = clip.unusable;
  out.stats.clipping = std::move(clip.where);
  out.stats.input_peak_dbfs = clip.peak_dbfs();
  return out;
}

}  // namespace voxclone::detail

#include "voxclone/convert.hpp"

#include <fmt/format.h>

extern "C" {
#include <libavutil/channel_layout.h>
}

#include "convert/resampler.hpp"

namespace voxclone {

Result<Audio> convert_pcm(const PcmView& pcm) {
  if (pcm.data == nullptr && pcm.frames > 0)
    return fail(ErrorCategory::invalid_argument, "convert: no PCM data given");
  if (pcm.channels < 1 || pcm.channels > 64)
    return fail(ErrorCategory::invalid_argument,
                fmt::format("convert: {} channels is not a channel count (1 to 64)", pcm.channels));
  if (pcm.sample_rate < 1000 || pcm.sample_rate > 768000)
    return fail(ErrorCategory::invalid_argument,
                fmt::format("convert: {} Hz is not a sample rate (1000 to 768000)", pcm.sample_rate));
  Audio audio;
  detail::Resampler resampler(audio.samples);
  AVChannelLayout layout{};
  av_channel_layout_default(&layout, pcm.channels);
  const AVSampleFormat fmt = pcm.format == PcmFormat::s16 ? AV_SAMPLE_FMT_S16 : AV_SAMPLE_FMT_FLT;
  const std::size_t bytes_per_frame =
      static_cast<std::size_t>(pcm.channels) * (pcm.format == PcmFormat::s16 ? 2 : 4);
  // Feed in slices so a huge buffer never needs one huge resampler call.
  constexpr std::size_t kSlice = 1 << 16;
  const auto* base = static_cast<const uint8_t*>(pcm.data);
  for (std::size_t done = 0; done < pcm.frames; done += kSlice) {
    const std::size_t n = std::min(kSlice, pcm.frames - done);
    const uint8_t* planes[1] = {base + done * bytes_per_frame};
    if (auto r = resampler.push(planes, static_cast<int>(n), layout, fmt, pcm.sample_rate); !r)
      return std::unexpected(r.error());
  }
  if (auto r = resampler.flush(); !r) return std::unexpected(r.error());
  return audio;
}

}  // namespace voxclone

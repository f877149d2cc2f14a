// probe(): what the container says of itself before anything is decoded (a batch weighs its
// inputs by the durations they announce).
#include <fmt/format.h>

#include "decode/demuxer.hpp"
#include "ffmpeg/log_bridge.hpp"
#include "voxclone/decode.hpp"

namespace voxclone {

Result<InputInfo> probe(const InputSource& source, const Callbacks& callbacks) {
  detail::LogScope scope(callbacks);
  InputInfo info;
  switch (source.kind()) {
    case InputSource::Kind::standard_input:
      return fail(ErrorCategory::invalid_argument,
                  "probe: standard input can be read only once; it is not probed");
    case InputSource::Kind::pcm: {
      const PcmView v = source.pcm_view();
      info.container = info.container_long = "pcm";
      info.sample_rate = v.sample_rate;
      info.channels = v.channels;
      info.audio_streams = 1;
      if (v.sample_rate > 0) info.announced_seconds = static_cast<double>(v.frames) / v.sample_rate;
      return info;
    }
    case InputSource::Kind::file:
    case InputSource::Kind::memory:
      break;
  }
  auto demuxer = detail::open_demuxer(source, callbacks, nullptr);
  if (!demuxer) return std::unexpected(demuxer.error());
  detail::describe_container(*(*demuxer)->format, info);
  info.bytes = (*demuxer)->bytes;
  return info;
}

}  // namespace voxclone

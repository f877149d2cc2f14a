// Stage 7: read the encoded bytes back (FFmpeg, from memory) and hold them to the clone
// endpoint's rules: a named format, 24 kHz mono for raw PCM, at most 10 MB.
#include "voxclone/validate.hpp"

#include <fmt/format.h>

#include "decode/stream.hpp"
#include "service/contract.hpp"
#include "voxclone/decode.hpp"

namespace voxclone {

Result<SampleCheck> validate_sample(const EncodedSample& sample) {
  SampleCheck c;
  c.format = sample.format;
  c.bytes = sample.bytes.size();
  auto bad = [&](std::string why) {
    return fail(ErrorCategory::sample_invalid, fmt::format("sample ({}): {}", to_string(sample.format), why));
  };
  if (sample.bytes.empty()) return bad("it is empty");
  if (c.bytes > kMaxSampleBytes)
    return bad(fmt::format("{} bytes is over the endpoint's limit of {} bytes (10 MB)", c.bytes,
                           kMaxSampleBytes));
  if (sample.format == SampleFormat::pcm) {
    // Raw PCM carries no header to read back: its shape is fixed by the contract.
    if (c.bytes % 2 != 0) return bad("odd byte count for 16-bit samples");
    if (sample.sample_rate != detail::kPcmSampleRate || sample.channels != detail::kPcmChannels)
      return bad(fmt::format("raw PCM must be 24 kHz mono, not {} Hz {} ch", sample.sample_rate,
                             sample.channels));
    c.sample_rate = detail::kPcmSampleRate;
    c.channels = detail::kPcmChannels;
    c.duration_seconds = static_cast<double>(c.bytes) / (2.0 * detail::kPcmSampleRate);
  } else {
    // Read back in full (a damaged tail shows), keeping nothing of the audio but its length.
    // One thread: a sample is at most a few MB, where a second thread costs more than it saves.
    // The demuxer is the one the format names, not a guess from probing: bytes that do not
    // parse as what they claim to be fail here.
    const bool wav = sample.format == SampleFormat::wav;
    auto probe = detail::decode_streaming(InputSource::memory(sample.bytes, "sample"), {},
                                          detail::AudioSink{}, false, wav ? "wav" : "mp3");
    if (!probe) return bad("cannot be read back: " + probe.error().message);
    const InputInfo& in = probe->info;
    const char* want_container = wav ? "wav" : "mp3";
    const char* want_codec = wav ? "pcm_s16le" : "mp3";
    if (in.container != want_container || in.codec != want_codec)
      return bad(fmt::format("reads back as {}/{}, not {}/{}", in.container, in.codec,
                             want_container, want_codec));
    c.sample_rate = in.sample_rate;
    c.channels = in.channels;
    c.duration_seconds = in.duration_seconds;
    if (c.channels != 1) return bad(fmt::format("{} channels; voxclone writes mono", c.channels));
    if (c.sample_rate != kSampleRate)
      return bad(fmt::format("{} Hz; voxclone writes 24000 Hz", c.sample_rate));
  }
  if (c.duration_seconds < kAdvisedMinSampleSeconds - 0.05 ||
      c.duration_seconds > kAdvisedMaxSampleSeconds + 0.05)
    c.warnings.push_back(fmt::format("{:.1f} s is outside the service's advice of {:g}–{:g} s",
                                     c.duration_seconds, kAdvisedMinSampleSeconds,
                                     kAdvisedMaxSampleSeconds));
  return c;
}

}  // namespace voxclone

// Stage 1: decode, as a pipeline: open the input with libavformat (demuxer.hpp, the format
// found by probing the content), choose the audio stream (the best one, or the one asked for)
// and open its decoder (audio_stream.hpp), decode it one of the ways in ways.hpp, which hand
// every frame, converted to mono 24 kHz, to the sink; then say what was decoded. Raw PCM has no
// container and goes straight to the convert stage (raw_pcm.hpp).
#include "voxclone/decode.hpp"

#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "decode/audio_stream.hpp"
#include "decode/demuxer.hpp"
#include "decode/raw_pcm.hpp"
#include "decode/stream.hpp"
#include "decode/ways.hpp"
#include "ffmpeg/av_error.hpp"
#include "ffmpeg/log_bridge.hpp"

namespace voxclone {
namespace detail {
namespace {

// Which way to decode (ways.hpp); they all give the same samples.
Result<DecodeTally> decode_job(const DecodeJob& job, AVCodecContext& decoder, bool pipelined) {
  if (!job.sink) return count_samples(job, decoder);
  if (!pipelined) return decode_serial(job, decoder);
  if (splittable(job)) return decode_split(job);
  return decode_pipelined(job, decoder);
}

// What was decoded, as DecodedInput says it; nothing decoded at all is an error.
Result<DecodedInput> finish(DecodedInput out, const DecodeTally& tally, std::string_view name) {
  out.stats.input_samples = tally.input_samples;
  out.stats.damaged_packets = tally.damaged_packets;
  out.stats.clipped_samples = tally.clip.clipped;
  out.stats.unusable_samples = tally.clip.unusable;
  out.stats.clipping = tally.clip.where;
  out.stats.input_peak_dbfs = tally.clip.peak_dbfs();
  if (tally.read_end != AVERROR_EOF) {  // reading stopped before the end: cut short
    out.stats.truncated = true;
    out.stats.read_error = av_error_text(tally.read_end);
  }
  out.info.duration_seconds = static_cast<double>(tally.produced) / kSampleRate;
  if (tally.produced == 0) {
    if (out.stats.damaged_packets > 0 || out.stats.truncated)
      return fail(ErrorCategory::decode_failed,
                  fmt::format("decode '{}': no audio could be decoded ({} damaged packets{})", name,
                              out.stats.damaged_packets,
                              out.stats.read_error.empty() ? "" : "; " + out.stats.read_error));
    return fail(ErrorCategory::decode_failed,
                fmt::format("decode '{}': the audio stream is empty", name));
  }
  // A container that promised noticeably more than decoded: the file was cut short.
  const double announced = out.info.announced_seconds;
  if (announced > 0 && out.info.duration_seconds < announced * 0.97 - 0.5 && !tally.stopped_early)
    out.stats.truncated = true;
  return out;
}

Result<DecodedInput> decode_container(const InputSource& source, const Callbacks& callbacks,
                                      const AudioSink& sink, bool pipelined, const char* container,
                                      StreamSpecifier stream,
                                      std::optional<double> read_until_seconds) {
  const std::string& name = source.display_name();
  DecodedInput out;
  auto input = open_demuxer(source, callbacks, container);
  if (!input) return std::unexpected(input.error());
  Demuxer& demuxer = **input;
  out.info.bytes = demuxer.bytes;
  describe_container(*demuxer.format, out.info);
  out.info.audio_stream_list = list_audio_streams(*demuxer.format);
  out.info.stream_chosen = stream.given() ? StreamChoice::given : StreamChoice::best;
  auto audio = choose_audio_stream(*demuxer.format, name, stream);
  if (!audio) return std::unexpected(audio.error());
  auto decoder = open_decoder(*audio, name);
  if (!decoder) return std::unexpected(decoder.error());
  describe_stream(*audio, **decoder, out.info);
  auto tally = decode_job(DecodeJob{demuxer, *audio, callbacks, sink, name, read_until_seconds},
                          **decoder, pipelined);
  if (!tally) return std::unexpected(tally.error());
  if (demuxer.stdin_reader && demuxer.stdin_reader->limit_reached()) {
    // A pipe that went on past the limit: read no further, and said (the warning "truncated").
    tally->read_end = AVERROR(EFBIG);
    auto done = finish(std::move(out), *tally, name);
    if (done)
      done->stats.read_error = fmt::format(
          "standard input went on past {} bytes ({:g} GiB), the most voxclone reads from a pipe; "
          "the rest was not read (--end stops reading sooner; a file has no limit)",
          source.max_stdin_bytes(), static_cast<double>(source.max_stdin_bytes()) / (1 << 30));
    return done;
  }
  return finish(std::move(out), *tally, name);
}

}  // namespace

Result<DecodedInput> decode_streaming(const InputSource& source, const Callbacks& callbacks,
                                      AudioSink sink, bool pipelined, const char* container,
                                      StreamSpecifier stream,
                                      std::optional<double> read_until_seconds) {
  if (source.kind() != InputSource::Kind::pcm)
    return decode_container(source, callbacks, sink, pipelined, container, stream,
                            read_until_seconds);
  auto d = decode_raw_pcm(source);
  if (!d) return d;
  if (sink) {
    if (auto r = sink(d->audio.samples); !r) return std::unexpected(r.error());
  }
  // Freed, not emptied (`= {}` would keep the capacity): the sink has what it needs.
  d->audio.samples = std::vector<float>();
  return d;
}

}  // namespace detail

Result<DecodedInput> decode(const InputSource& source, const Callbacks& callbacks) {
  detail::LogScope scope(callbacks);
  std::vector<float> all;
  auto d =
      detail::decode_streaming(source, callbacks, [&](std::span<const float> s) -> Result<void> {
        all.insert(all.end(), s.begin(), s.end());
        return {};
      });
  if (d) d->audio.samples = std::move(all);
  return d;
}

}  // namespace voxclone

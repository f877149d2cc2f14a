// A recording's voice as a voiceprint: the decode and the analysis prepare() runs (speech
// levels, the voice meter, the content analysis and its speakers), without the selection or
// anything after it, so a voice note of a few seconds is enough.
#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <future>
#include <optional>
#include <system_error>

#include "analyse/content.hpp"
#include "analyse/level_meter.hpp"
#include "analyse/voice_meter.hpp"
#include "core/log.hpp"
#include "core/words.hpp"
#include "decode/stream.hpp"
#include "prep/input_name.hpp"
#include "voiceprint/speaker_stats.hpp"
#include "voxclone/voiceprint.hpp"

namespace voxclone {
namespace {

// The voice of speaker `rank` (0: none was told apart), when it holds `min_speech_seconds`.
Result<Voiceprint> enough(const Voiceprint& v, int rank, const SpeechAnalysis& speech, double min_speech_seconds,
                          const Callbacks& cb) {
  if (v.empty() || v.speech_seconds < min_speech_seconds) {
    return fail(speech.segments.empty() ? ErrorCategory::no_speech : ErrorCategory::too_little_speech,
                fmt::format("{:.1f} s of voiced speech{}; a voiceprint needs {:g} s", detail::shown_below(v.speech_seconds),
                            rank > 0 ? fmt::format(" by speaker {}", rank) : "", min_speech_seconds));
  }
  detail::logf(cb, LogLevel::info, "voiceprint of speaker {}: {:.1f} s of voiced speech", rank, v.speech_seconds);
  return v;
}

Result<void> check_options(const VoiceprintOptions& o) {
  if (o.speaker < 0 || o.speaker > 99)
    return fail(ErrorCategory::invalid_argument, fmt::format("speaker {} is outside 1–99", o.speaker));
  if (!(o.min_speech_seconds >= 0.5 && o.min_speech_seconds <= 600))
    return fail(ErrorCategory::invalid_argument,
                fmt::format("min_speech_seconds {:g} is outside 0.5–600", o.min_speech_seconds));
  if (!(o.read_seconds == 0 || o.read_seconds >= 1) || !std::isfinite(o.read_seconds))
    return fail(ErrorCategory::invalid_argument,
                fmt::format("read_seconds {:g} must be 0 (all of it) or at least 1", o.read_seconds));
  return {};
}

// The voice measured on the recording's first `read_seconds` (nullopt: all of it). `cut` says
// whether the recording went on past them. `pipelined`: the decode hands its frames to two
// more threads (decode_streaming); the numbers are the same either way.
Result<Voiceprint> measure(const InputSource& source, const VoiceprintOptions& o, std::optional<double> read_seconds,
                           bool pipelined, bool& cut) {
  auto voice = detail::VoiceMeter::create(kSampleRate);
  if (!voice) return std::unexpected(voice.error());
  detail::LevelMeter levels(kSampleRate, VadOptions{}.frame_seconds);
  // The decoder stops reading a container at `read_seconds`, but hands on the whole of its last
  // chunk (and raw PCM whole): the meters take exactly the first `read_seconds`, so that every
  // kind of source gives the same voiceprint.
  // (A read_seconds past any recording's length, 1e18 samples, is no limit: nor is it cast.)
  const double wanted = read_seconds ? *read_seconds * kSampleRate : 1e18;
  const std::size_t most = wanted < 1e18 ? static_cast<std::size_t>(wanted) : SIZE_MAX;
  std::size_t samples = 0;
  cut = false;
  auto d = detail::decode_streaming(
      source, o.callbacks,
      [&](std::span<const float> chunk) -> Result<void> {
        if (chunk.size() > most - samples) {
          cut = true;
          chunk = chunk.first(most - samples);
        }
        if (chunk.empty()) return {};
        levels.push(chunk);
        samples += chunk.size();
        return voice->push(chunk);
      },
      pipelined, /*container=*/nullptr, /*stream=*/{}, read_seconds);
  if (!d) return std::unexpected(d.error());
  // A container whose reading stopped at `read_seconds` (its decoded duration is what was read,
  // the packet that holds that moment and the resampler's tail: about the moment; a recording
  // that ends within a second of it may be read twice, for nothing worse than the time).
  if (read_seconds && d->info.duration_seconds >= *read_seconds - 1.0) cut = true;
  auto features = voice->finish();
  if (!features) return std::unexpected(features.error());
  const double seconds = static_cast<double>(samples) / kSampleRate;
  const float peak = levels.peak();
  const SpeechAnalysis speech = classify_frames(levels.finish(), peak, seconds);
  auto content = detail::analyse_content(speech, *features, seconds, o.callbacks);
  if (!content) return std::unexpected(content.error());
  if (o.speaker > static_cast<int>(content->speakers.size()))
    return fail(ErrorCategory::invalid_argument,
                fmt::format("speaker {}: the recording holds {} voice{}", o.speaker,
                            content->speakers.size(), content->speakers.size() == 1 ? "" : "s"));
  if (o.speaker == 0) return detail::main_voiceprint(*features, speech, *content, o.min_speech_seconds, o.callbacks);
  return enough(detail::speaker_voiceprint(*features, *content, o.speaker), o.speaker, speech,
                o.min_speech_seconds, o.callbacks);
}

}  // namespace

Result<Voiceprint> detail::main_voiceprint(const VoiceFeatures& features, const SpeechAnalysis& speech,
                                           const ContentAnalysis& content, double min_speech_seconds,
                                           const Callbacks& cb) {
  // No voice told apart (every speech block unassigned): the speech as one voice.
  const int rank = content.speakers.empty() ? 0 : 1;
  const std::vector<Voiceprint> voices = speaker_voiceprints(features, content);
  Voiceprint v = speaker_voiceprint(features, content, rank);
  // A short note of one person is often split into several voices (its letters and words
  // differ more than its speaker does): the other voices that sound like the main one are that
  // person too, and their speech joins it (by the comparison the voiceprint model was fitted
  // on such pooled notes with, join_similarity(): the numbers a voiceprint holds stay those of
  // sessions 8-13).
  if (rank == 1)
    for (std::size_t k = 1; k < voices.size(); ++k)
      if (join_similarity(voices[k], voices[0]) >= kSamePersonScore) v = pooled(v, voices[k]);
  // A note whose speech the content analysis did not call clean (a phone line, a noisy room):
  // all of its speech, as one voice.
  if (v.empty() || v.speech_seconds < min_speech_seconds) {
    Voiceprint all = speech_voiceprint(features, speech);
    if (!all.empty() && all.speech_seconds > v.speech_seconds) v = all;
  }
  return enough(v, rank, speech, min_speech_seconds, cb);
}

namespace {

Result<Voiceprint> voiceprint_of(const InputSource& source, const VoiceprintOptions& options, bool pipelined) {
  if (auto ok = check_options(options); !ok) return std::unexpected(detail::with_input_name(source, ok.error()));
  bool cut = false;
  // Standard input cannot be read a second time: all of it, once.
  const bool first_part = options.read_seconds > 0 && source.kind() != InputSource::Kind::standard_input;
  auto v = measure(source, options, first_part ? std::optional(options.read_seconds) : std::nullopt, pipelined, cut);
  if (!v && cut &&
      (v.error().category == ErrorCategory::no_speech || v.error().category == ErrorCategory::too_little_speech ||
       v.error().category == ErrorCategory::invalid_argument)) {
    // Its first seconds hold too little of the voice (or fewer voices than asked for): all of it.
    detail::logf(options.callbacks, LogLevel::info, "voiceprint: the first {:g} s hold {}; reading all of it",
                 options.read_seconds, v.error().message);
    v = measure(source, options, std::nullopt, pipelined, cut);
  }
  if (!v) return std::unexpected(detail::with_input_name(source, v.error()));
  return v;
}

}  // namespace

Result<Voiceprint> voiceprint_of(const InputSource& source, const VoiceprintOptions& options) {
  return voiceprint_of(source, options, /*pipelined=*/true);
}

std::shared_future<Result<Voiceprint>> voiceprint_of_async(InputSource source, VoiceprintOptions options) {
  // The source and options are moved into the task: it shares nothing with the caller but the
  // (immutable) bytes of a memory source and the callbacks the caller chose to give it.
  // One thread: beside a prep that uses the others, two more decoding threads would only take
  // turns with it, at the cost of their hand-offs.
  auto task = [source = std::move(source), options = std::move(options)] {
    return voiceprint_of(source, options, /*pipelined=*/false);
  };
  try {
    return std::async(std::launch::async, task).share();
  } catch (const std::system_error&) {
    // No thread to be had: measured when it is first waited for, on the waiting thread.
    return std::async(std::launch::deferred, std::move(task)).share();
  }
}

}  // namespace voxclone

// The pipeline: decode → convert → analyse → select → normalise → encode → validate.
// Each stage lives in its own file (normalise and encode, with MP3's re-tuning between them, run
// from tune_for_encoder.cpp); this one only runs them in order, fills the report and decides
// which findings are worth a warning (their codes and wording: warnings.hpp).
#include "voxclone/prep.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include <malloc.h>

#include "core/log.hpp"
#include "ffmpeg/log_bridge.hpp"
#include "decode/stream.hpp"
#include "analyse/content.hpp"
#include "analyse/level_meter.hpp"
#include "analyse/mains_hum.hpp"
#include "analyse/loudness_meter.hpp"
#include "analyse/voice_meter.hpp"
#include "select/assemble.hpp"
#include "select/voice.hpp"
#include "prep/checked_window.hpp"
#include "prep/example.hpp"
#include "prep/input_name.hpp"
#include "prep/kept_figures.hpp"
#include "prep/spool.hpp"
#include "prep/streams_tried.hpp"
#include "prep/tune_for_encoder.hpp"
#include "prep/waveform_meter.hpp"
#include "prep/warnings.hpp"
#include "voxclone/decode.hpp"
#include "voxclone/validate.hpp"
#include "core/words.hpp"
#include "voiceprint/match.hpp"
#include "voiceprint/speaker_stats.hpp"

namespace voxclone {
namespace {

using detail::warn;
using detail::WarningId;

bool is_telephone_codec(std::string_view codec) {
  return codec == "pcm_mulaw" || codec == "pcm_alaw" || codec == "gsm" || codec == "gsm_ms" ||
         codec == "amr_nb" || codec == "g723_1" || codec == "g729" || codec == "adpcm_g726";
}

// What decoding found that a user should know: a damaged or cut-short file, a stream chosen
// among several, a narrow band. (Clipping is judged on the kept window: warn_about_kept_audio.)
void warn_about_decoding(PrepReport& rep, const Callbacks& cb, const DecodedInput& d) {
  if (d.stats.truncated) {
    if (d.info.announced_seconds > 0)
      warn<WarningId::truncated>(rep, cb, d.info.duration_seconds, d.info.announced_seconds,
                                 d.stats.read_error.empty() ? "" : " (" + d.stats.read_error + ")");
    else
      warn<WarningId::truncated_read_error>(rep, cb, d.info.duration_seconds, d.stats.read_error);
  }
  if (d.stats.damaged_packets > 0) warn<WarningId::damaged_packets>(rep, cb, detail::count_of(static_cast<long long>(d.stats.damaged_packets), "damaged packet"), d.stats.damaged_packets == 1 ? "was" : "were");
  if (d.stats.unusable_samples > 0)
    warn<WarningId::unusable_samples>(rep, cb, detail::count_of(static_cast<long long>(d.stats.unusable_samples), "sample is", "samples are"));
  if (d.info.audio_streams > 1 && d.info.stream_chosen == StreamChoice::best)
    warn<WarningId::several_audio_streams>(rep, cb, d.info.audio_streams, d.info.stream_index,
                                           d.info.codec, d.info.channels);
  if (d.info.sample_rate <= 8000 || is_telephone_codec(d.info.codec))
    warn<WarningId::telephone_band>(rep, cb, d.info.sample_rate, d.info.codec);
}

// What the content analysis found that the user should know: what was left out, and what is
// under the kept speech.
void warn_about_content(PrepReport& rep, const Callbacks& cb, const ContentAnalysis& c,
                        const detail::VoiceChoice& choice, const SelectOptions& o) {
  const double music = c.music_seconds + (o.allow_music ? 0.0 : c.speech_over_music_seconds);
  if (music >= 1.0)
    warn<WarningId::music_left_out>(rep, cb, music,
                     c.speech_over_music_seconds >= 1.0 && !o.allow_music
                         ? fmt::format(" (including {:.0f} s of speech over music)", c.speech_over_music_seconds)
                         : "");
  if (c.speakers.size() > 1)
    warn<WarningId::other_speakers_left_out>(
        rep, cb, c.speakers.size(), choice.speaker,
        c.speakers[static_cast<std::size_t>(std::max(1, choice.speaker) - 1)].talk_seconds,
        choice.other_voices_seconds);
  if (c.other_seconds >= 1.0)
    warn<WarningId::other_sound_left_out>(rep, cb, c.other_seconds);
}

// Over this share of the kept pauses in words' own fading tails (KeptFigures::echo_pause_fraction),
// what stands close under the speech is a reverberant room's echo, not noise, and the warning
// says so: "record in a quieter room" does not help there. Measured on tune (tests/realvoice/
// README.md, session 28): reverberant one-person scenes 0.54-0.93 (19 of rv9 tune and a lead
// tune set, seed 113), every other scene of rv9 tune (clean, noise, hum, phone, beds, intros,
// applause, several voices) and the seed-113 noise and clean scenes 0.17 or less (noise 0.05 or
// less); testdata's two reverberant rooms 0.75 and 0.79, speech_noisy 0.02.
constexpr double kEchoPauseShare = 0.4;

// What the kept audio itself holds, from its own figures (never the rest of the input): a music
// bed (accepted with --allow-music), voices in the background (a babble fills the pauses with
// voiced sound, where a quiet room has none), noise close under the speech, clipping.
void warn_about_kept_audio(PrepReport& rep, const Callbacks& cb, const KeptFigures& k,
                           const SpeechAnalysis& speech) {
  if (k.music_under_speech_seconds >= 0.8 || k.music_in_pauses) {
    // What the sample itself holds comes before what was left out of it (issue 19: a sample
    // over a bed says so in its first warning, not after "N s of music left out").
    if (k.music_under_speech_seconds >= 0.8)
      warn<WarningId::music_under_speech>(rep, cb, k.music_under_speech_seconds);
    else
      warn<WarningId::music_in_kept_pauses>(rep, cb, k.snr_db);
    std::rotate(rep.warnings.begin(), rep.warnings.end() - 1, rep.warnings.end());
  }
  if (k.voiced_pause_fraction > 0.3)
    warn<WarningId::background_voices>(rep, cb, 100.0 * k.voiced_pause_fraction);
  if (!speech.segments.empty() && k.snr_db < 25.0) {
    if (k.echo_pause_fraction > kEchoPauseShare)
      warn<WarningId::room_echo_floor>(rep, cb, k.snr_db);
    else
      warn<WarningId::high_noise_floor>(rep, cb, k.snr_db);
  }
  if (k.clipped_fraction > 1e-4) warn<WarningId::clipping>(rep, cb, k.clipped_fraction * 100);
}

// What both prepare() and check() do: everything up to the kept window's loudness.
struct Analysed {
  DecodedInput decoded;  // info and stats; the audio itself went to the spool
  SpeechAnalysis speech;  // without its per-frame arrays once the window is chosen
  Selection selection;
  Audio kept;
  double usable_speech_seconds = 0.0;  // the chosen voice's speech the window could use
};

// A pipe is read only as far as --end (and a second of margin for the last word's pause): what
// follows can never be kept, and a stream without an end would otherwise be read until the
// limit. A file is read whole, as the analysis of the whole recording (its voices, its noise)
// has always been made on it.
std::optional<double> read_until(const InputSource& src, const PrepOptions& opt) {
  if (src.kind() != InputSource::Kind::standard_input || !opt.select.end_seconds) return {};
  return *opt.select.end_seconds + 1.0;
}

// The least voiced speech of the voice an input that gives no sample is judged by (--combine
// refuses another person's note by name whether or not it could give speech): as voiceprint_of()
// is asked for an example, a few seconds of talk.
constexpr double kMainVoiceSeconds = 1.0;

// One audio stream of the input, analysed. With `main_voice`, when the stream gives no window
// for lack of speech, or a window of no voice told apart, its main voice from the same analysis
// (detail::main_voiceprint()).
Result<Analysed> analyse_stream(const InputSource& src, const PrepOptions& opt,
                                StreamSpecifier stream, PrepReport& rep,
                                std::optional<Result<Voiceprint>>* main_voice = nullptr) {
  const Callbacks& cb = opt.callbacks;
  rep.input_name = src.display_name();
  Analysed a;
  detail::StageClock clock(cb);
  // One streaming pass: speech levels are measured and the converted audio spooled as the
  // input decodes; only the kept window is ever read back into memory.
  detail::Spool spool;
  detail::LevelMeter meter(kSampleRate, opt.vad.frame_seconds, /*spool_levels=*/true);
  detail::WaveformMeter waveform(kSampleRate);
  auto voice = detail::VoiceMeter::create(kSampleRate);
  if (!voice) return std::unexpected(voice.error());
  {
    auto d = detail::decode_streaming(src, cb, [&](std::span<const float> chunk) -> Result<void> {
      meter.push(chunk);
      waveform.push(chunk);
      if (auto r = voice->push(chunk); !r) return r;
      return spool.append(chunk);
    }, detail::threads_for(opt) > 1, nullptr, stream, read_until(src, opt));
    if (!d) return std::unexpected(d.error());
    a.decoded = std::move(*d);
  }
  clock.lap("decode and measure");
  // The decoding threads' buffers are free now, but glibc keeps freed memory of its per-thread
  // arenas resident; handing it back keeps the analysis below from peaking on top of it.
  ::malloc_trim(0);
  rep.waveform = waveform.finish();
  const double input_seconds = static_cast<double>(spool.size()) / kSampleRate;
  const DecodedInput& d = a.decoded;
  rep.input = d.info;
  rep.decode = d.stats;
  if (d.stats.input_samples > 0)
    rep.clipped_fraction = static_cast<double>(d.stats.clipped_samples) /
                           static_cast<double>(d.stats.input_samples * std::max(1, d.info.channels));
  warn_about_decoding(rep, cb, d);

  detail::progress(cb, Stage::analyse, 0.0);
  const float peak = meter.peak();
  std::vector<float> levels = meter.finish();
  if (auto r = meter.status(); !r) return std::unexpected(r.error());
  a.speech = classify_frames(std::move(levels), peak, input_seconds, opt.vad);
  if (detail::cancelled(cb)) return fail(ErrorCategory::cancelled, "cancelled while analysing");
  // Mains hum under the pauses: the levels and the voice meter's features again, measured
  // without its lines (mains_hum.hpp).
  const detail::SampleReader read_spool = [&](std::size_t start, std::size_t count, std::vector<float>& out) {
    return spool.read(start, count, out);
  };
  auto hum = detail::find_mains_hum(a.speech.frame_db, opt.vad.frame_seconds, kSampleRate, spool.size(), read_spool);
  if (!hum) return std::unexpected(hum.error());
  std::optional<detail::VoiceFeatures> features_without_hum;
  if (*hum && !a.speech.silent) {
    detail::logf(cb, LogLevel::info,
                 "mains hum at {:g} Hz under the quietest {:.1f} s ({} lines; without them its level falls "
                 "{:.1f} dB): measured again without it",
                 (*hum)->mains_hz, (*hum)->quiet_seconds, (*hum)->lines_hz.size(), (*hum)->floor_drop_db);
    auto again = detail::measure_without_hum(**hum, kSampleRate, opt.vad.frame_seconds, spool.size(), read_spool,
                                             /*spool_levels=*/true, cb);
    if (!again) return std::unexpected(again.error());
    a.speech = classify_frames(std::move(again->frame_db), again->peak, input_seconds, opt.vad);
    features_without_hum = std::move(again->features);
  }
  detail::progress(cb, Stage::analyse, 1.0);
  clock.lap("speech detection");
  if (detail::cancelled(cb)) return fail(ErrorCategory::cancelled, "cancelled while analysing");
  rep.speech_seconds = a.speech.speech_seconds;
  rep.noise_floor_dbfs = a.speech.noise_floor_dbfs;
  rep.snr_db = a.speech.snr_db;
  detail::logf(cb, LogLevel::info,
               "speech: {:.1f} s in {} segments; noise floor {:.1f} dBFS; SNR {:.1f} dB",
               a.speech.speech_seconds, a.speech.segments.size(), a.speech.noise_floor_dbfs,
               a.speech.snr_db);

  auto features = voice->finish();
  if (!features) return std::unexpected(features.error());
  if (features_without_hum) {
    // What fills the pauses is the hum: their verdict (steady, changing) stays the first pass's.
    // Without the hum, a recording's words spliced over digital silence leave pauses that
    // alternate between the room of the words and nothing, which read as a changing bed (tune:
    // a false "music left out" on a hum scene).
    features_without_hum->pauses = features->pauses;
    features_without_hum->pauses.under_mains_hum = true;
    *features = std::move(*features_without_hum);
  }
  // With an example (--like), the example tells the voices apart: it chooses among the 2 s
  // pieces' own voices, all of their blocks kept (the count from longer pieces joins a person's
  // voices by keeping one core, and left one real-voice test scene 0.8 s of its wanted person's
  // 50 s).
  detail::ContentVerdicts verdicts;
  auto content = detail::analyse_content(a.speech, *features, input_seconds, cb,
                                         {.from_longer_pieces = !detail::has_example(opt),
                                          .threads = detail::threads_for(opt)},
                                         &verdicts);
  if (!content) return std::unexpected(content.error());
  // Words under a steady noise nearly as loud as they are: refused as that, not as music
  // (analyse/content_music_guard.hpp).
  if (verdicts.speech_over_noise_db > 0 && content->speech_seconds + content->speech_over_music_seconds == 0.0)
    return fail(ErrorCategory::no_speech,
                fmt::format("no speech clean enough to clone: the speech is under steady noise nearly as "
                            "loud as the voice (the words stand only {:.0f} dB over it); record in a "
                            "quieter place or closer to the microphone",
                            verdicts.speech_over_noise_db));
  rep.content = std::move(*content);  // moved, not copied: 1.8 MB at 10 hours
  const ContentAnalysis& found = *rep.content;
  clock.lap("content and speakers");
  detail::logf(cb, LogLevel::info,
               "content: {:.1f} s speech, {:.1f} s speech over music, {:.1f} s music, {:.1f} s "
               "other; {}", found.speech_seconds, found.speech_over_music_seconds,
               found.music_seconds, found.other_seconds,
               detail::count_of(static_cast<long long>(found.speakers.size()), "voice"));
  // The voices as voiceprints: the example (--like) chooses among them, and the kept one is
  // reported (a clone keeps it to check a retrain against). An example still being measured
  // (PrepOptions::like_measuring) is waited for here, the first step that needs it.
  auto example = detail::example_of(opt);
  if (!example) return std::unexpected(example.error());
  const std::optional<Voiceprint>& like = *example;
  std::vector<Voiceprint> prints = detail::speaker_voiceprints(*features, found);
  SelectOptions select = opt.select;
  if (like) {
    rep.match = detail::match_voice(prints, *like, opt.like_name);
    if (!detail::sounds_like(*rep.match, opt.like_min_score)) {
      // No voice found sounds like the example: it may be merged with a similar voice, and a
      // finer split of the same pieces can hold it alone.
      auto finer = detail::split_for_example(*features, a.speech, found, input_seconds, *like,
                                             rep.match->score, opt.like_min_score, cb);
      if (!finer) return std::unexpected(finer.error());
      std::optional<VoiceMatch> finer_match;
      if (*finer) finer_match = detail::match_voice((*finer)->prints, *like, opt.like_name);
      if (finer_match && !detail::breaks_tie(*rep.match, *finer_match)) {
        detail::logf(cb, LogLevel::info, "two voices of {} sound about equally like {}; a split into {} voices "
                     "finds none clearly apart (speaker {} scores {:.3f}, the next {:.3f})", found.speakers.size(),
                     opt.like_name, (*finer)->content.speakers.size(), finer_match->speaker, finer_match->score,
                     finer_match->next_score);
      } else if (finer_match) {
        detail::logf(cb, LogLevel::info, "no voice of {} sounds like {}: split into {} voices",
                     found.speakers.size(), opt.like_name, (*finer)->content.speakers.size());
        rep.content = std::move((*finer)->content);
        prints = std::move((*finer)->prints);
        rep.match = std::move(finer_match);
      }
    }
    if (!detail::sounds_like(*rep.match, opt.like_min_score))
      return std::unexpected(detail::no_voice_matches(*rep.match, opt.like_min_score, opt.like_name));
    select.speaker = rep.match->speaker;
    select.speaker_at_seconds.reset();
    detail::logf(cb, LogLevel::info, "{}", match_to_text(*rep.match));
  }
  auto choice = detail::choose_voice(a.speech, found, input_seconds, select);
  std::optional<ContentAnalysis> joined;  // the voices as the choice saw them, when they differ
  if (!choice && like && choice.error().category == ErrorCategory::too_little_speech) {
    // Too little of the closest voice: the analysis may have split the wanted person into
    // several voices (short words differ more than their speakers do). Every voice that
    // sounds like the example is then their speech.
    joined = found;
    if (detail::join_matching_voices(*joined, *rep.match, opt.like_min_score)) {
      detail::logf(cb, LogLevel::info, "joining the other voices that sound like {}", opt.like_name);
      if (auto again = detail::choose_voice(a.speech, *joined, input_seconds, select)) choice = std::move(again);
    }
  }
  auto give_main_voice = [&] {
    if (main_voice) *main_voice = detail::main_voiceprint(*features, a.speech, *rep.content, kMainVoiceSeconds, cb);
  };
  if (!choice) {
    if (detail::lacks_speech(choice.error())) give_main_voice();
    return std::unexpected(choice.error());
  }
  rep.kept_speaker = choice->speaker;
  if (choice->speaker > 0 && static_cast<std::size_t>(choice->speaker) <= prints.size())
    rep.voiceprint = joined ? detail::speaker_voiceprint(*features, *joined, choice->speaker)
                            : prints[static_cast<std::size_t>(choice->speaker) - 1];
  if (!rep.voiceprint) give_main_voice();
  a.usable_speech_seconds = choice->clean_seconds;
  warn_about_content(rep, cb, found, *choice, select);

  // The window reads the per-frame arrays too: lent, not copied (voice.hpp).
  choice->speech.frame_db = std::move(a.speech.frame_db);
  choice->speech.is_speech = std::move(a.speech.is_speech);
  auto sel = detail::select_window(choice->speech, input_seconds, select,
                                   {kSampleRate, spool.size(), [&](std::size_t start, std::size_t count, std::vector<float>& out) {
                                      return spool.read(start, count, out);
                                    }});
  a.speech.frame_db = std::move(choice->speech.frame_db);
  a.speech.is_speech = std::move(choice->speech.is_speech);
  if (!sel) {
    if (detail::lacks_speech(sel.error())) give_main_voice();
    return std::unexpected(sel.error());
  }
  a.selection = *sel;
  rep.selection = *sel;
  rep.kept = detail::measure_kept(*sel, a.speech, found, *features, d, hum->has_value());
  if (auto r = features->status(); !r) return std::unexpected(r.error());
  detail::logf(cb, LogLevel::info,
               "kept: speech {:.1f} dBFS over {:.1f} s of pauses at {:.1f} dBFS: SNR {:.1f} dB",
               rep.kept->speech_level_dbfs, rep.kept->pause_seconds, rep.kept->noise_floor_dbfs,
               rep.kept->snr_db);
  warn_about_kept_audio(rep, cb, *rep.kept, a.speech);
  // Nothing reads the per-frame levels again: the read-back below, normalising and encoding
  // work on the kept window, and need not sit on top of 0.9 MB an hour of input. (Assigned
  // fresh vectors, not `= {}`: that is assign(initializer_list), which keeps the capacity.)
  a.speech.frame_db = std::vector<float>();
  a.speech.is_speech = std::vector<std::uint8_t>();
  detail::progress(cb, Stage::select, 1.0);
  if (sel->forced_cuts > 0) warn<WarningId::cut_inside_speech>(rep, cb, detail::count_of(sel->forced_cuts, "cut"));
  auto kept = detail::assemble_from(spool.size(), kSampleRate, *sel,
                                    [&](std::size_t start, std::size_t count, std::vector<float>& out) {
                                      return spool.read(start, count, out);
                                    });
  if (!kept) return std::unexpected(kept.error());
  a.kept = std::move(*kept);
  clock.lap("selection and read-back");
  return a;
}

// What came of analysing one stream, for the words of streams_tried.hpp.
detail::StreamTried tried(const AudioStreamInfo& stream, bool is_default, const PrepReport& rep,
                          const Result<Analysed>& a) {
  detail::StreamTried t;
  t.stream = stream;
  t.is_default = is_default;
  t.usable = a.has_value();
  t.holds = detail::what_it_holds(rep);
  if (a) {
    t.usable_speech_seconds = a->usable_speech_seconds;
  } else {
    t.error = a.error();
  }
  return t;
}

// The file's default stream held no usable speech (`first`, reported in `rep`): each of its
// other audio streams is analysed in turn and the one with the most usable speech is kept, its
// report replacing `rep` with a warning saying why. When none will do, an error naming each
// stream and what it holds (`rep` stays the default stream's).
Result<Analysed> analyse_other_streams(const InputSource& src, const PrepOptions& opt,
                                       Result<Analysed> first, PrepReport& rep) {
  const InputInfo input = rep.input;
  const auto default_stream =
      std::find_if(input.audio_stream_list.begin(), input.audio_stream_list.end(),
                   [&](const AudioStreamInfo& s) { return s.index == input.stream_index; });
  if (default_stream == input.audio_stream_list.end()) return first;
  std::vector<detail::StreamTried> streams{tried(*default_stream, true, rep, first)};
  detail::logf(opt.callbacks, LogLevel::info,
               "audio stream #{} holds no usable speech ({}): trying the file's other audio streams",
               input.stream_index, first.error().message);
  std::optional<Analysed> best;
  PrepReport best_report;
  std::size_t best_at = 0;
  for (const AudioStreamInfo& s : input.audio_stream_list) {
    if (s.index == input.stream_index) continue;
    detail::logf(opt.callbacks, LogLevel::info, "trying audio stream #{}", s.index);
    PrepReport r;
    auto a = analyse_stream(src, opt, StreamSpecifier{.index = s.index}, r);
    if (!a && a.error().category == ErrorCategory::cancelled) return a;
    streams.push_back(tried(s, false, r, a));
    if (a && (!best || a->usable_speech_seconds > best->usable_speech_seconds)) {
      best = std::move(*a);
      best_report = std::move(r);
      best_at = streams.size() - 1;
    }
  }
  if (!best) return std::unexpected(detail::no_stream_has_speech(streams));
  rep = std::move(best_report);
  rep.input.stream_chosen = StreamChoice::for_speech;
  const detail::StreamTried chosen = streams[best_at];
  streams.erase(streams.begin() + static_cast<std::ptrdiff_t>(best_at));
  detail::warn_stream_chosen(rep, opt.callbacks, chosen, streams);
  return std::move(*best);
}

// The stream asked for, else the best one; and when the best one holds no usable speech, the
// file's other audio streams. That second look costs a decode per stream, so it happens only
// when the first fails: a file whose default stream will do is read once.
Result<Analysed> analyse_input(const InputSource& src, const PrepOptions& opt, PrepReport& rep,
                               std::optional<Result<Voiceprint>>* main_voice = nullptr) {
  const StreamSpecifier wanted{.index = opt.stream_index, .audio_number = opt.audio_stream};
  auto first = analyse_stream(src, opt, wanted, rep, main_voice);
  // The example failed (its error is the one prepare() gives): no other stream is tried for it.
  if (!first && detail::example_failed(opt)) return first;
  if (first || !detail::lacks_speech(first.error()) || rep.input.audio_streams < 2) return first;
  if (wanted.given())
    return std::unexpected(
        detail::with_other_streams(first.error(), rep.input, "--stream chose this one"));
  if (src.kind() == InputSource::Kind::standard_input)
    return std::unexpected(detail::with_other_streams(first.error(), rep.input,
                                                      "standard input cannot be read twice"));
  return analyse_other_streams(src, opt, std::move(first), rep);
}

}  // namespace

Result<void> validate_options(const PrepOptions& o) {
  auto bad = [](std::string m) { return fail(ErrorCategory::invalid_argument, std::move(m)); };
  const auto& s = o.select;
  if (!(s.min_seconds >= 1.0 && s.min_seconds <= 600.0))
    return bad(fmt::format("--min-seconds {:g} is outside 1–600", s.min_seconds));
  if (!(s.max_seconds >= kAdvisedMinSampleSeconds && s.max_seconds <= 600.0))
    return bad(fmt::format("--max-seconds {:g} is outside {:g}–600: the clone endpoint advises a "
                           "sample of at least {:g} s",
                           s.max_seconds, kAdvisedMinSampleSeconds, kAdvisedMinSampleSeconds));
  if (s.min_seconds > s.max_seconds)
    return bad(fmt::format("--min-seconds {:g} is more than --max-seconds {:g}", s.min_seconds,
                           s.max_seconds));
  // NaN compares false with everything: each time is held to being a finite number first.
  if (s.start_seconds && !(std::isfinite(*s.start_seconds) && *s.start_seconds >= 0))
    return bad(fmt::format("--start {:g} must be a time from 0 on", *s.start_seconds));
  if (s.end_seconds && !(std::isfinite(*s.end_seconds) && *s.end_seconds > 0))
    return bad(fmt::format("--end {:g} must be a time after 0", *s.end_seconds));
  if (s.speaker < 0 || s.speaker > 99) return bad(fmt::format("--speaker {} is outside 1–99", s.speaker));
  if (s.speaker_at_seconds && !(std::isfinite(*s.speaker_at_seconds) && *s.speaker_at_seconds >= 0))
    return bad(fmt::format("--speaker-at {:g} must be a time from 0 on", *s.speaker_at_seconds));
  if (s.speaker > 0 && s.speaker_at_seconds)
    return bad("--speaker and --speaker-at both choose a voice: give one of them");
  if (o.like && o.like_measuring.valid())
    return bad("like and like_measuring both give the example: give one of them");
  if (detail::has_example(o) && (s.speaker > 0 || s.speaker_at_seconds))
    return bad(fmt::format("--like and {} both choose a voice: give one of them",
                           s.speaker > 0 ? "--speaker" : "--speaker-at"));
  if (o.like && o.like->empty()) return bad("--like: the example's voiceprint is empty");
  if (!(o.like_min_score >= 0.0 && o.like_min_score <= 1.0))
    return bad(fmt::format("like_min_score {:g} is outside 0–1", o.like_min_score));
  if (s.start_seconds && s.end_seconds && *s.end_seconds <= *s.start_seconds)
    return bad(fmt::format("--end {:g} must be after --start {:g}", *s.end_seconds, *s.start_seconds));
  if (!(s.edge_seconds >= 0 && s.edge_seconds <= 0.5)) return bad("edge silence must be 0–0.5 s");
  if (o.stream_index < -1 || o.stream_index > 999)
    return bad(fmt::format("--stream {} is outside 0–999", o.stream_index));
  if (o.audio_stream < -1 || o.audio_stream > 999)
    return bad(fmt::format("--stream a:{} is outside a:0–a:999", o.audio_stream));
  if (o.stream_index >= 0 && o.audio_stream >= 0)
    return bad(fmt::format("stream_index {} and audio_stream {} both choose a stream: give one",
                           o.stream_index, o.audio_stream));
  const auto& n = o.normalise;
  if (!(n.target_lufs >= -40.0 && n.target_lufs <= -5.0))
    return bad(fmt::format("--loudness {:g} LUFS is outside -40 to -5", n.target_lufs));
  if (!(n.ceiling_dbtp >= -20.0 && n.ceiling_dbtp <= 0.0))
    return bad(fmt::format("--true-peak {:g} dBTP is outside -20 to 0", n.ceiling_dbtp));
  if (o.format == SampleFormat::mp3 && !is_mp3_bitrate(o.encode.mp3_bitrate))
    return bad(fmt::format("--mp3-bitrate {:g} kb/s: MPEG-2 Layer III at 24 kHz takes 32, 40, 48, "
                           "56, 64, 80, 96, 112, 128, 144 or 160 kb/s",
                           o.encode.mp3_bitrate / 1000.0));
  // Raw 16-bit PCM and WAV grow at 48 kB/s: past ~200 s they break the 10 MB limit.
  const double bytes_per_second = o.format == SampleFormat::mp3 ? o.encode.mp3_bitrate / 8.0 : 48000.0;
  if (s.max_seconds * bytes_per_second > 0.98 * kMaxSampleBytes)
    return bad(fmt::format("--max-seconds {:g} would make a {} sample over the 10 MB limit; at "
                           "most {:.0f} s fit", s.max_seconds, to_string(o.format),
                           0.98 * kMaxSampleBytes / bytes_per_second));
  return {};
}

namespace {

// check()'s work: everything up to the kept window's loudness, the window kept. On a failure
// the report as far as it got is copied to partial_report; on success the caller has it in rep
// (check() copies it for its own caller), so --combine's checks copy no input's report (its
// analysis is an hour's blocks for an hour's input).
Result<Audio> check_into(const InputSource& source, const PrepOptions& options, PrepReport& rep,
                         PrepReport* partial_report, bool true_peak = true,
                         std::optional<Result<Voiceprint>>* main_voice = nullptr) {
  const auto failed = [&](Error e) -> Result<Audio> {
    if (partial_report) *partial_report = rep;
    return std::unexpected(std::move(e));
  };
  auto a = analyse_input(source, options, rep, main_voice);
  if (!a) return failed(detail::with_input_name(source, a.error()));
  auto loud = true_peak ? measure_loudness(a->kept.samples, a->kept.sample_rate)
                        : detail::measure_integrated(a->kept.samples, a->kept.sample_rate);
  if (!loud) return failed(loud.error());
  rep.window_loudness = *loud;
  const double gain = options.normalise.target_lufs - rep.window_loudness->integrated_lufs;
  if (gain > 20.0)
    warn<WarningId::large_gain>(rep, options.callbacks, rep.window_loudness->integrated_lufs, gain);
  rep.verdict = assess(rep);
  return std::move(a->kept);
}

}  // namespace

unsigned detail::threads_for(const PrepOptions& o) {
  return o.threads > 0 ? o.threads : std::max(1u, std::thread::hardware_concurrency());
}

// What normalising had to do that a user should know: a large gain, heavy limiting, a target
// the peaks did not allow.
void detail::warn_about_normalising(PrepReport& rep, const PrepOptions& options) {
  const Callbacks& cb = options.callbacks;
  const NormaliseResult& n = *rep.normalised;
  if (n.gain_db > 20.0) warn<WarningId::large_gain>(rep, cb, n.before.integrated_lufs, n.gain_db);
  if (n.limited_max_db > 6.0)
    warn<WarningId::heavy_limiting>(rep, cb, n.limited_max_db, options.normalise.ceiling_dbtp);
  if (std::fabs(n.after.integrated_lufs - options.normalise.target_lufs) > 0.5)
    warn<WarningId::loudness_missed>(rep, cb, n.after.integrated_lufs, options.normalise.target_lufs);
}

Result<detail::CheckedWindow> detail::check_keeping_window(const InputSource& source,
                                                           const PrepOptions& options, bool true_peak,
                                                           std::optional<Result<Voiceprint>>* main_voice,
                                                           PrepReport* partial_report) {
  detail::LogScope scope(options.callbacks);
  return alongside_example(options, [&](const PrepOptions& o) -> Result<CheckedWindow> {
    CheckedWindow out;
    auto kept = check_into(source, o, out.report, partial_report, true_peak, main_voice);
    if (!kept) return std::unexpected(kept.error());
    out.kept = std::move(*kept);
    return out;
  });
}

Result<PrepReport> check(const InputSource& source, const PrepOptions& options,
                         PrepReport* partial_report) {
  detail::LogScope scope(options.callbacks);
  if (auto v = validate_options(options); !v) return std::unexpected(v.error());
  auto r = detail::alongside_example(options, [&](const PrepOptions& o) -> Result<PrepReport> {
    PrepReport rep;
    auto kept = check_into(source, o, rep, partial_report);
    if (!kept) return std::unexpected(kept.error());
    return rep;
  });
  if (r && partial_report) *partial_report = *r;
  // The example failed: nothing of the input is reported, as when it was measured first.
  if (!r && partial_report && detail::example_failed(options)) *partial_report = PrepReport{};
  return r;
}

namespace {

Result<PrepResult> prepare_now(const InputSource& source, const PrepOptions& options) {
  const Callbacks& cb = options.callbacks;
  PrepResult res;
  PrepReport& rep = res.report;
  auto analysed = analyse_input(source, options, rep);
  if (!analysed) return std::unexpected(detail::with_input_name(source, analysed.error()));
  auto tuned = detail::normalise_and_encode(analysed->kept, options, detail::threads_for(options), source);
  if (!tuned) return std::unexpected(tuned.error());
  res.sample = std::move(tuned->sample);
  rep.normalised = tuned->normalised;
  rep.window_loudness = tuned->normalised.before;  // measured there: integrated, and the 4x true peak
  detail::warn_about_normalising(rep, options);

  detail::StageClock clock(cb);
  if (detail::cancelled(cb)) return fail(ErrorCategory::cancelled, "cancelled while encoding");
  detail::progress(cb, Stage::validate, 0.0);
  auto v = validate_sample(res.sample);
  if (!v) return std::unexpected(detail::with_input_name(source, v.error()));
  rep.output = OutputInfo{res.sample.format, v->sample_rate, v->channels, v->duration_seconds,
                          v->bytes, {}};
  for (const auto& w : v->warnings) warn<WarningId::duration_advice>(rep, cb, w);
  rep.verdict = assess(rep);
  clock.lap("validate");
  detail::progress(cb, Stage::validate, 1.0);
  return res;
}

}  // namespace

Result<PrepResult> prepare(const InputSource& source, const PrepOptions& options) {
  detail::LogScope scope(options.callbacks);
  if (auto v = validate_options(options); !v) return std::unexpected(v.error());
  return detail::alongside_example(options, [&](const PrepOptions& o) { return prepare_now(source, o); });
}

}  // namespace voxclone

// The library as apps use it: raw PCM in, bytes out, cancellation that stops quickly and leaves
// nothing, independent calls on several threads at once, FFmpeg's log routed to the caller.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <set>
#include <thread>
#include <utility>

#include "support/sanitizers.hpp"
#include "support/test_support.hpp"
#include "voxclone/voxclone.hpp"

namespace {

using namespace std::chrono_literals;

TEST(Library, RawPcmFramesMakeTheSameKindOfSample) {
  // Decode a fixture ourselves to interleaved s16 stereo at 44.1 kHz, as a capture API would.
  auto d = voxclone::decode(voxclone::InputSource::file(vt::data("clip.flac")));
  ASSERT_TRUE(d);
  std::vector<int16_t> pcm;
  // 24 kHz mono back up to a 44.1 kHz stereo shape is not needed: any rate and layout will do.
  for (float s : d->audio.samples) {
    const auto v = static_cast<int16_t>(std::lrint(std::clamp(s, -1.0f, 1.0f) * 32000));
    pcm.push_back(v);
    pcm.push_back(v);
  }
  std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(pcm.data()), pcm.size() * 2);
  auto r = voxclone::prepare(voxclone::InputSource::pcm(bytes, 24000, 2, voxclone::PcmFormat::s16, "mic"), {});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->report.input.container, "raw");
  EXPECT_EQ(r->report.input.channels, 2);
  EXPECT_NEAR(r->report.speech_seconds, vt::label_seconds(vt::labels("clip")), 0.5);
  EXPECT_EQ(r->sample.sample_rate, 24000);
  auto bad = voxclone::prepare(voxclone::InputSource::pcm(bytes, 0, 2, voxclone::PcmFormat::s16), {});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().category, voxclone::ErrorCategory::invalid_argument);
}

TEST(Library, CancelStopsWithin100msAtAnyStage) {
  // A 10-minute recording (the long fixture looped) so every stage has real work.
  const auto dir = vt::temp_dir("cancel");
  const auto big = dir / "long.flac";
  ASSERT_EQ(vt::run({VOXCLONE_FFMPEG, "-v", "error", "-stream_loop", "9", "-i", vt::data("speech_long.flac").string(),
                     "-c:a", "flac", big.string()}).exit_code, 0);
  // Best of three per stage: the machine is shared, and one quick stop shows the polling is
  // frequent enough; a slow one alone only shows the machine was busy.
  for (auto stage : {voxclone::Stage::decode, voxclone::Stage::analyse, voxclone::Stage::normalise}) {
    auto best = std::chrono::steady_clock::duration::max();
    const auto bound = 100ms * vt::kSlowdown;  // 100 ms; more under ASan's slower code
    for (int attempt = 0; attempt < 3 && best >= bound; ++attempt) {
      std::atomic<bool> stop{false};
      std::chrono::steady_clock::time_point asked{};
      voxclone::PrepOptions o;
      o.callbacks.progress = [&](voxclone::Stage s, double f) {
        if (s == stage && f >= 0.0 && !stop.exchange(true)) asked = std::chrono::steady_clock::now();
      };
      o.callbacks.cancel = [&] { return stop.load(); };
      auto r = voxclone::prepare(voxclone::InputSource::file(big), o);
      const auto latency = std::chrono::steady_clock::now() - asked;
      ASSERT_FALSE(r) << "stage " << voxclone::to_string(stage);
      EXPECT_EQ(r.error().category, voxclone::ErrorCategory::cancelled);
      best = std::min(best, latency);
    }
    std::printf("cancel during %s: stopped after %lld ms\n", std::string(voxclone::to_string(stage)).c_str(),
                static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(best).count()));
    EXPECT_LT(best, bound) << voxclone::to_string(stage);
  }
}

TEST(Library, IndependentCallsRunInParallelAndMatchTheSerialResult) {
  const std::vector<std::string> files = {"clip.m4a", "clip.ogg", "speech_noisy.flac", "clip_cover.mp3"};
  std::vector<std::vector<std::byte>> serial;
  for (const auto& f : files) {
    auto r = voxclone::prepare(voxclone::InputSource::file(vt::data(f)), {});
    ASSERT_TRUE(r) << r.error().message;
    serial.push_back(r->sample.bytes);
  }
  for (int round = 0; round < 3; ++round) {
    std::vector<std::vector<std::byte>> parallel(files.size());
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < files.size(); ++i)
      threads.emplace_back([&, i] {
        voxclone::PrepOptions o;
        o.callbacks.log = [](voxclone::LogLevel, std::string_view) {};
        auto r = voxclone::prepare(voxclone::InputSource::file(vt::data(files[i])), o);
        if (r) parallel[i] = r->sample.bytes;
      });
    for (auto& t : threads) t.join();
    for (std::size_t i = 0; i < files.size(); ++i) EXPECT_EQ(parallel[i], serial[i]) << files[i];
  }
}

TEST(Library, ThreadCountDoesNotChangeTheSample) {
  // One thread, two, or more than the machine has: the same window, the same bytes, the same
  // report figures (WAV and MP3, whose encode is checked by decoding it back).
  for (const char* f : {"speech_long.flac", "clip_cover.mp3", "clipped.flac"}) {
    for (auto format : {voxclone::SampleFormat::wav, voxclone::SampleFormat::mp3}) {
      std::vector<std::byte> first;
      voxclone::PrepReport first_report;
      for (unsigned threads : {1u, 2u, 5u}) {
        voxclone::PrepOptions o;
        o.threads = threads;
        o.format = format;
        auto r = voxclone::prepare(voxclone::InputSource::file(vt::data(f)), o);
        ASSERT_TRUE(r) << f << ": " << r.error().message;
        if (threads == 1) {
          first = r->sample.bytes;
          first_report = r->report;
          continue;
        }
        EXPECT_EQ(r->sample.bytes, first) << f << " with " << threads << " threads";
        EXPECT_EQ(r->report.selection->start_seconds, first_report.selection->start_seconds) << f;
        EXPECT_EQ(r->report.normalised->after.true_peak_dbtp,
                  first_report.normalised->after.true_peak_dbtp) << f;
      }
    }
  }
}

TEST(Library, SplitDecodeOfMp3AndFlacMatchesOneDecoder) {
  // Raw MP3 and FLAC are decoded in stretches on several threads (each stretch primed on the
  // packets before it). Whatever the bit reservoir and frame size, the joins must not show:
  // the speech found, the window chosen and the sample's bytes equal one decoder's.
  const auto dir = vt::temp_dir("split");
  struct Variant {
    const char* name;
    std::vector<std::string> args;
  };
  const std::vector<Variant> variants = {
      {"cbr128_44k_stereo.mp3", {"-ac", "2", "-ar", "44100", "-c:a", "libmp3lame", "-b:a", "128k"}},
      {"cbr320_48k_stereo.mp3", {"-ac", "2", "-ar", "48000", "-c:a", "libmp3lame", "-b:a", "320k"}},
      {"vbr_q6_44k.mp3", {"-ac", "2", "-ar", "44100", "-c:a", "libmp3lame", "-q:a", "6"}},
      {"mpeg2_32k_22k_mono.mp3", {"-ac", "1", "-ar", "22050", "-c:a", "libmp3lame", "-b:a", "32k"}},
      {"mpeg25_8k_8k_mono.mp3", {"-ac", "1", "-ar", "8000", "-c:a", "libmp3lame", "-b:a", "8k"}},
      {"flac_s16_44k_stereo.flac", {"-ac", "2", "-ar", "44100", "-c:a", "flac", "-sample_fmt", "s16"}},
  };
  for (const auto& v : variants) {
    const auto file = dir / v.name;
    std::vector<std::string> argv = {VOXCLONE_FFMPEG, "-v", "error", "-y", "-i",
                                     vt::data("speech_long.flac").string()};
    argv.insert(argv.end(), v.args.begin(), v.args.end());
    argv.push_back(file.string());
    ASSERT_EQ(vt::run(argv).exit_code, 0) << v.name;
    voxclone::PrepOptions one, split;
    one.threads = 1;
    split.threads = 2;
    auto a = voxclone::prepare(voxclone::InputSource::file(file), one);
    auto b = voxclone::prepare(voxclone::InputSource::file(file), split);
    ASSERT_TRUE(a && b) << v.name;
    EXPECT_EQ(a->report.speech_seconds, b->report.speech_seconds) << v.name;
    EXPECT_EQ(a->report.noise_floor_dbfs, b->report.noise_floor_dbfs) << v.name;
    EXPECT_EQ(a->report.selection->start_seconds, b->report.selection->start_seconds) << v.name;
    EXPECT_EQ(a->report.selection->end_seconds, b->report.selection->end_seconds) << v.name;
    EXPECT_EQ(a->report.input.duration_seconds, b->report.input.duration_seconds) << v.name;
    EXPECT_EQ(a->report.decode.input_samples, b->report.decode.input_samples) << v.name;
    EXPECT_EQ(a->report.decode.damaged_packets, b->report.decode.damaged_packets) << v.name;
    EXPECT_EQ(a->sample.bytes, b->sample.bytes) << v.name;
  }
}

TEST(Library, FfmpegLogLinesGoToTheCallerNotTheTerminal) {
  std::vector<std::string> lines;
  voxclone::Callbacks cb;
  cb.log = [&](voxclone::LogLevel, std::string_view l) { lines.emplace_back(l); };
  auto d = voxclone::decode(voxclone::InputSource::file(vt::data("truncated.mp3")), cb);
  ASSERT_TRUE(d);
  bool from_ffmpeg = false;
  for (const auto& l : lines) from_ffmpeg |= l.starts_with("ffmpeg: ");
  EXPECT_TRUE(from_ffmpeg) << "no FFmpeg line reached the callback";
}

// The streaming pipeline (levels and content measured while decoding, audio spooled) must choose
// what the plain in-memory path (decode everything, detect_speech, analyse_content,
// keep_one_voice, select_window) chooses.
class StreamingMatchesInMemory : public ::testing::TestWithParam<const char*> {};

TEST_P(StreamingMatchesInMemory, SameWindowLengthAndLoudness) {
  const auto src = voxclone::InputSource::file(vt::data(GetParam()));
  auto d = voxclone::decode(src);
  ASSERT_TRUE(d) << d.error().message;
  const auto speech = voxclone::detect_speech(d->audio);
  const auto content = voxclone::analyse_content(d->audio, speech);
  ASSERT_TRUE(content) << content.error().message;
  const auto voice = voxclone::keep_one_voice(speech, *content, d->audio.duration_seconds());
  ASSERT_TRUE(voice) << voice.error().message;
  auto ref = voxclone::select_window(*voice, d->audio.duration_seconds(), {});
  ASSERT_TRUE(ref) << ref.error().message;
  auto kept = voxclone::assemble(d->audio, *ref);
  auto norm = voxclone::normalise(kept, {});
  ASSERT_TRUE(norm);

  auto r = voxclone::prepare(src, {});
  ASSERT_TRUE(r) << r.error().message;
  const auto& s = *r->report.selection;
  EXPECT_NEAR(s.start_seconds, ref->start_seconds, 0.02 + 1e-9) << GetParam();
  EXPECT_NEAR(s.end_seconds, ref->end_seconds, 0.02 + 1e-9) << GetParam();
  EXPECT_NEAR(s.speech_seconds, ref->speech_seconds, 0.02);
  EXPECT_NEAR(r->sample.duration_seconds, kept.duration_seconds(), 1.0 / 24000);
  EXPECT_NEAR(r->report.normalised->after.integrated_lufs, norm->after.integrated_lufs, 0.05);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, StreamingMatchesInMemory,
                         ::testing::Values("speech_long.flac", "speech_noisy.flac", "speech_quiet.flac",
                                           "clip_cover.mp3", "clip_51.m4a"),
                         [](const auto& info) {
                           std::string n = info.param;
                           for (auto& ch : n)
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           return n;
                         });

TEST(Library, WarningCodesAreListedOnceAndCoverWhatPrepReports) {
  const auto codes = voxclone::warning_codes();
  const std::set<std::string_view> listed(codes.begin(), codes.end());
  EXPECT_EQ(listed.size(), codes.size());
  for (const char* c : {"truncated", "damaged_packets", "several_audio_streams",
                        "stream_chosen_for_speech", "telephone_band",
                        "clipping", "cut_inside_speech", "high_noise_floor", "large_gain",
                        "heavy_limiting", "loudness_missed", "duration_advice"})
    EXPECT_TRUE(listed.contains(c)) << c;
  auto r = voxclone::prepare(voxclone::InputSource::file(vt::data("speech_quiet.flac")));
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_FALSE(r->report.warnings.empty());
  for (const auto& w : r->report.warnings) EXPECT_TRUE(listed.contains(w.code)) << w.code;
}

// Several audio streams: when the default one holds no usable speech, the others are analysed
// and the one with the most is used, saying so; a stream asked for is used alone.

// A Matroska file of the given streams ({fixture, "a:N"}), each as FLAC, the first the default.
std::filesystem::path mux(const std::string& name,
                          const std::vector<std::pair<std::string, std::string>>& streams) {
  const auto out = vt::temp_dir("mux") / name;
  std::vector<std::string> argv{VOXCLONE_FFMPEG, "-v", "error", "-y"};
  for (const auto& [file, spec] : streams) argv.insert(argv.end(), {"-i", vt::data(file).string()});
  for (std::size_t i = 0; i < streams.size(); ++i)
    argv.insert(argv.end(), {"-map", std::to_string(i) + ":" + streams[i].second});
  argv.insert(argv.end(), {"-c:a", "flac", "-disposition:a:0", "default", out.string()});
  EXPECT_EQ(vt::run(argv).exit_code, 0);
  return out;
}

bool has_warning(const voxclone::PrepReport& r, std::string_view code) {
  return std::any_of(r.warnings.begin(), r.warnings.end(),
                     [&](const voxclone::Warning& w) { return w.code == code; });
}

TEST(Streams, TheDefaultWithoutSpeechGivesWayToTheStreamWithSpeech) {
  const auto file = vt::data("two_streams.mkv");  // a:0 music (default), a:1 clip's speech
  std::vector<std::string> lines;
  voxclone::PrepOptions o;
  o.callbacks.log = [&](voxclone::LogLevel, std::string_view l) { lines.emplace_back(l); };
  auto r = voxclone::prepare(voxclone::InputSource::file(file), o);
  ASSERT_TRUE(r) << r.error().message;
  const auto& rep = r->report;
  EXPECT_EQ(rep.input.stream_index, 1);
  EXPECT_EQ(rep.input.stream_chosen, voxclone::StreamChoice::for_speech);
  EXPECT_EQ(rep.input.channels, 1);
  ASSERT_FALSE(rep.warnings.empty());
  EXPECT_EQ(rep.warnings.front().code, "stream_chosen_for_speech");
  const std::string& m = rep.warnings.front().message;
  EXPECT_NE(m.find("used audio stream #1 (\"Microphone\", opus, 1 ch, eng), with 13 s of speech"),
            std::string::npos) << m;
  EXPECT_NE(m.find("stream #0 (\"Desktop audio\", opus, 2 ch), the default, holds no speech (16 s "
                   "of music, level -1"), std::string::npos) << m;
  EXPECT_FALSE(has_warning(rep, "several_audio_streams"));  // the warning above says it all
  EXPECT_TRUE(std::any_of(lines.begin(), lines.end(), [](const std::string& l) {
    return l.find("trying audio stream #1") != std::string::npos;
  }));
  // The speech kept is clip's, where clip keeps it.
  auto clip = voxclone::prepare(voxclone::InputSource::file(vt::data("clip.flac")));
  ASSERT_TRUE(clip) << clip.error().message;
  EXPECT_NEAR(rep.selection->start_seconds, clip->report.selection->start_seconds, 0.05);
  EXPECT_NEAR(rep.selection->end_seconds, clip->report.selection->end_seconds, 0.05);
  EXPECT_NEAR(rep.selection->speech_seconds, clip->report.selection->speech_seconds, 0.3);
  // The same sample as asking for that stream, and the same from memory (it can be re-read).
  voxclone::PrepOptions given;
  given.stream_index = 1;
  auto one = voxclone::prepare(voxclone::InputSource::file(file), given);
  ASSERT_TRUE(one) << one.error().message;
  EXPECT_EQ(one->report.input.stream_chosen, voxclone::StreamChoice::given);
  EXPECT_EQ(one->sample.bytes, r->sample.bytes);
  std::ifstream in(file, std::ios::binary);
  std::vector<char> raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto mem = voxclone::prepare(voxclone::InputSource::memory(std::as_bytes(std::span(raw))));
  ASSERT_TRUE(mem) << mem.error().message;
  EXPECT_EQ(mem->report.input.stream_index, 1);
  EXPECT_EQ(mem->sample.bytes, r->sample.bytes);
  // check() says the same.
  auto c = voxclone::check(voxclone::InputSource::file(file));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->input.stream_index, 1);
  ASSERT_FALSE(c->warnings.empty());
  EXPECT_EQ(c->warnings.front().message, m);
}

TEST(Streams, TheOneWithTheMostUsableSpeechWins) {
  // a:0 music; a:1 clip (12.9 s of speech); a:2 speech_long (43.7 s).
  const auto file = mux("three.mkv", {{"two_streams.mkv", "a:0"}, {"clip.flac", "a:0"},
                                      {"speech_long.flac", "a:0"}});
  auto r = voxclone::prepare(voxclone::InputSource::file(file));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->report.input.stream_index, 2);
  EXPECT_EQ(r->report.input.stream_chosen, voxclone::StreamChoice::for_speech);
  const std::string& m = r->report.warnings.front().message;
  EXPECT_NE(m.find("used audio stream #2 (flac, 1 ch)"), std::string::npos) << m;
  EXPECT_NE(m.find("stream #0 (\"Desktop audio\", flac, 2 ch), the default, holds no speech"),
            std::string::npos) << m;
  EXPECT_NE(m.find("stream #1 (flac, 2 ch) holds less speech (13 s)"), std::string::npos) << m;
}

TEST(Streams, WhenNoStreamHasSpeechTheErrorSaysWhatEachHolds) {
  const auto none = mux("none.mkv", {{"two_streams.mkv", "a:0"}, {"room_tone.flac", "a:0"}});
  voxclone::PrepReport partial;
  auto r = voxclone::check(voxclone::InputSource::file(none), {}, &partial);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().category, voxclone::ErrorCategory::no_speech);
  const std::string& m = r.error().message;
  EXPECT_NE(m.find("none of its 2 audio streams holds enough speech"), std::string::npos) << m;
  EXPECT_NE(m.find("stream #0 (\"Desktop audio\", flac, 2 ch), the default, holds no speech (16 "
                   "s of music, level -"), std::string::npos) << m;
  EXPECT_NE(m.find("stream #1 (flac, 1 ch) holds no speech ("), std::string::npos) << m;
  EXPECT_EQ(partial.input.stream_index, 0);  // the report is the default stream's
  // Some speech, too little of it: that category, and the stream still named.
  const auto little = mux("little.mkv", {{"two_streams.mkv", "a:0"}, {"speech_short.flac", "a:0"}});
  auto l = voxclone::prepare(voxclone::InputSource::file(little));
  ASSERT_FALSE(l);
  EXPECT_EQ(l.error().category, voxclone::ErrorCategory::too_little_speech);
  EXPECT_NE(l.error().message.find("stream #1 (flac, 1 ch) holds too little speech (7 s of speech"),
            std::string::npos) << l.error().message;
}

TEST(Streams, AStreamAskedForIsUsedAloneAndNamesTheOthers) {
  voxclone::PrepOptions o;
  o.audio_stream = 0;  // the music
  auto r = voxclone::prepare(voxclone::InputSource::file(vt::data("two_streams.mkv")), o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().category, voxclone::ErrorCategory::no_speech);
  EXPECT_NE(r.error().message.find("the file's other audio stream was not tried (--stream chose "
                                   "this one): a:1 is #1 (\"Microphone\", opus, 1 ch, eng)"),
            std::string::npos) << r.error().message;
  o.audio_stream = 1;
  auto s = voxclone::prepare(voxclone::InputSource::file(vt::data("two_streams.mkv")), o);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->report.input.stream_index, 1);
  EXPECT_EQ(s->report.input.stream_chosen, voxclone::StreamChoice::given);
  EXPECT_FALSE(has_warning(s->report, "stream_chosen_for_speech"));
  EXPECT_FALSE(has_warning(s->report, "several_audio_streams"));  // the caller chose it
  o.audio_stream = 2;
  auto missing = voxclone::prepare(voxclone::InputSource::file(vt::data("two_streams.mkv")), o);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().category, voxclone::ErrorCategory::invalid_argument);
  EXPECT_NE(missing.error().message.find("--stream a:2 names no audio stream; its audio streams "
                                         "are: a:0 is #0 (\"Desktop audio\", opus, 2 ch), a:1 is "
                                         "#1 (\"Microphone\", opus, 1 ch, eng)"),
            std::string::npos) << missing.error().message;
  o.stream_index = 1;
  auto both = voxclone::validate_options(o);
  ASSERT_FALSE(both);
  EXPECT_EQ(both.error().category, voxclone::ErrorCategory::invalid_argument);
}

TEST(Streams, ADefaultStreamWithSpeechIsReadOnce) {
  std::vector<std::string> lines;
  voxclone::PrepOptions o;
  o.callbacks.log = [&](voxclone::LogLevel, std::string_view l) { lines.emplace_back(l); };
  auto r = voxclone::prepare(voxclone::InputSource::file(vt::data("clip.mkv")), o);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->report.input.stream_index, 0);
  EXPECT_EQ(r->report.input.stream_chosen, voxclone::StreamChoice::best);
  EXPECT_TRUE(has_warning(r->report, "several_audio_streams"));
  for (const auto& l : lines) EXPECT_EQ(l.find("trying"), std::string::npos) << l;
}

// check()'s partial report: on success the whole report, as returned (the review draws it); the
// library copies it once, at the end, not as the check goes (session 26).
TEST(Library, CheckGivesItsWholeReportAsThePartialOneOnSuccess) {
  voxclone::PrepReport partial;
  auto r = voxclone::check(voxclone::InputSource::file(vt::data("speech_long.flac")), {}, &partial);
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_TRUE(partial.window_loudness.has_value());  // measured after the analysis
  EXPECT_EQ(partial.window_loudness->integrated_lufs, r->window_loudness->integrated_lufs);
  EXPECT_EQ(partial.window_loudness->true_peak_dbtp, r->window_loudness->true_peak_dbtp);
  ASSERT_TRUE(partial.selection && r->selection);
  EXPECT_EQ(partial.selection->pieces.size(), r->selection->pieces.size());
  EXPECT_EQ(partial.warnings.size(), r->warnings.size());
  ASSERT_TRUE(partial.verdict && r->verdict);
  EXPECT_EQ(partial.verdict->kind, r->verdict->kind);
  EXPECT_EQ(partial.verdict->reasons.size(), r->verdict->reasons.size());
}

TEST(Library, VersionIsSemantic) {
  const std::string v(voxclone::version());
  EXPECT_EQ(std::count(v.begin(), v.end(), '.'), 2) << v;
}

}  // namespace

// The library as apps use it: raw PCM in, bytes out, cancellation that stops quickly and leaves
// nothing, independent calls on several threads at once, FFmpeg's log routed to the caller.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <set>
#include <thread>

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
  for (const char* c : {"truncated", "damaged_packets", "several_audio_streams", "telephone_band",
                        "clipping", "cut_inside_speech", "high_noise_floor", "large_gain",
                        "heavy_limiting", "loudness_missed", "duration_advice"})
    EXPECT_TRUE(listed.contains(c)) << c;
  auto r = voxclone::prepare(voxclone::InputSource::file(vt::data("speech_quiet.flac")));
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_FALSE(r->report.warnings.empty());
  for (const auto& w : r->report.warnings) EXPECT_TRUE(listed.contains(w.code)) << w.code;
}

TEST(Library, VersionIsSemantic) {
  const std::string v(voxclone::version());
  EXPECT_EQ(std::count(v.begin(), v.end(), '.'), 2) << v;
}

}  // namespace

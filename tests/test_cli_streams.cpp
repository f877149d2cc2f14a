// Several audio streams, end to end: a screen capture whose default stream is music and whose
// second is the microphone (testdata/two_streams.mkv). Without --stream, prep and check use the
// microphone and say why; --stream takes an index, a:N or 0:a:N, and anything else is refused
// before the input is read. The sample is held to clip.flac's, the microphone's source, by
// ffmpeg's decoder and loudness meter.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "support/test_support.hpp"

namespace {

using nlohmann::json;

const std::string kTwo = vt::data("two_streams.mkv").string();  // a:0 music, a:1 clip's speech

// A WAV as mono float at 24 kHz, decoded by ffmpeg.
std::vector<float> samples_of(const std::filesystem::path& wav) {
  const auto raw = wav.parent_path() / (wav.filename().string() + ".f32");
  EXPECT_EQ(vt::run({VOXCLONE_FFMPEG, "-v", "error", "-y", "-i", wav.string(), "-ac", "1", "-ar",
                     "24000", "-f", "f32le", raw.string()})
                .exit_code,
            0);
  std::ifstream in(raw, std::ios::binary);
  std::vector<float> out;
  float v = 0;
  while (in.read(reinterpret_cast<char*>(&v), sizeof v)) out.push_back(v);
  return out;
}

// Normalised cross-correlation at the best lag within ±20 ms: 1 for the same waveform.
double similarity(const std::vector<float>& a, const std::vector<float>& b) {
  double best = 0;
  const std::size_t n = std::min(a.size(), b.size());
  for (int lag = -480; lag <= 480; lag += 1) {
    double ab = 0, aa = 0, bb = 0;
    for (std::size_t i = 480; i + 480 < n; ++i) {
      const double x = a[i], y = b[static_cast<std::size_t>(static_cast<long>(i) + lag)];
      ab += x * y;
      aa += x * x;
      bb += y * y;
    }
    if (aa > 0 && bb > 0) best = std::max(best, ab / std::sqrt(aa * bb));
  }
  return best;
}

const json& report_of(const json& j) {
  return j["results"][0]["report"];
}

std::vector<std::string> codes_of(const json& report) {
  std::vector<std::string> out;
  for (const auto& w : report["warnings"]) out.push_back(w["code"]);
  return out;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST(Streams, PrepUsesTheStreamWithSpeechAndSaysWhy) {
  const auto dir = vt::temp_dir("auto");
  const auto r = vt::cli({"prep", kTwo, "-o", (dir / "two.wav").string(), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = vt::cli_json(r);
  const json& rep = report_of(j);
  EXPECT_EQ(rep["input"]["stream_index"], 1);
  EXPECT_EQ(rep["input"]["stream_chosen"], "auto_speech");
  EXPECT_EQ(rep["input"]["audio_streams"], 2);
  ASSERT_EQ(rep["input"]["audio_stream_list"].size(), 2u);
  EXPECT_EQ(rep["input"]["audio_stream_list"][1]["title"], "Microphone");
  EXPECT_EQ(rep["input"]["audio_stream_list"][1]["audio_number"], 1);
  EXPECT_EQ(rep["input"]["audio_stream_list"][0]["default"], true);
  ASSERT_FALSE(rep["warnings"].empty());
  EXPECT_EQ(rep["warnings"][0]["code"], "stream_chosen_for_speech");
  const std::string m = rep["warnings"][0]["message"];
  EXPECT_NE(m.find("used audio stream #1 (\"Microphone\", opus, 1 ch, eng)"), std::string::npos)
      << m;
  EXPECT_NE(m.find("stream #0 (\"Desktop audio\", opus, 2 ch), the default, holds no speech (16 s "
                   "of music"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("--stream picks another"), std::string::npos) << m;
  EXPECT_FALSE(contains(codes_of(rep), "several_audio_streams"));

  // What was kept is the microphone's speech: clip.flac prepared alone keeps the same window,
  // and the two samples are the same waveform (through Opus at 16 kb/s), at the same loudness.
  const auto ref = vt::cli(
      {"prep", vt::data("clip.flac").string(), "-o", (dir / "clip.wav").string(), "--json"});
  ASSERT_EQ(ref.exit_code, 0) << ref.err;
  const json ref_json = vt::cli_json(ref);
  const json& clip = report_of(ref_json);
  EXPECT_NEAR(rep["window"]["start_seconds"].get<double>(),
              clip["window"]["start_seconds"].get<double>(), 0.05);
  EXPECT_NEAR(rep["window"]["end_seconds"].get<double>(),
              clip["window"]["end_seconds"].get<double>(), 0.05);
  EXPECT_NEAR(rep["window"]["speech_seconds"].get<double>(),
              clip["window"]["speech_seconds"].get<double>(), 0.3);
  const double two_seconds =
      std::stod(vt::probe(dir / "two.wav")["format"]["duration"].get<std::string>());
  const double clip_seconds =
      std::stod(vt::probe(dir / "clip.wav")["format"]["duration"].get<std::string>());
  EXPECT_NEAR(two_seconds, clip_seconds, 0.05);
  EXPECT_GT(similarity(samples_of(dir / "two.wav"), samples_of(dir / "clip.wav")), 0.9);
  EXPECT_NEAR(vt::independent_meter(dir / "two.wav").integrated_lufs, -20.0, 0.5);
  // The music, prepared on its own, would be nothing like it: it is refused.
  EXPECT_EQ(
      vt::cli({"prep", kTwo, "--stream", "a:0", "-o", (dir / "music.wav").string()}).exit_code, 5);
}

TEST(Streams, CheckSaysWhatPrepWouldDo) {
  const auto r = vt::cli({"check", kTwo});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("usable: 12.9 s of speech"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("used audio stream #1 (\"Microphone\", opus, 1 ch, eng)"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("the default, holds no speech (16 s of music"), std::string::npos) << r.out;
  const auto j = vt::cli({"check", kTwo, "--json"});
  ASSERT_EQ(j.exit_code, 0) << j.err;
  const json all = vt::cli_json(j);
  const json& rep = report_of(all);
  EXPECT_EQ(rep["input"]["stream_index"], 1);
  EXPECT_EQ(rep["input"]["stream_chosen"], "auto_speech");
  EXPECT_EQ(rep["warnings"][0]["code"], "stream_chosen_for_speech");
}

TEST(Streams, EveryWayOfNamingTheMicrophoneGivesTheSameSample) {
  const auto dir = vt::temp_dir("named");
  ASSERT_EQ(vt::cli({"prep", kTwo, "-o", (dir / "auto.wav").string(), "-q"}).exit_code, 0);
  std::ifstream auto_in(dir / "auto.wav", std::ios::binary);
  const std::string auto_bytes((std::istreambuf_iterator<char>(auto_in)),
                               std::istreambuf_iterator<char>());
  int n = 0;
  for (const char* spec : {"a:1", "0:a:1", "1"}) {
    SCOPED_TRACE(spec);
    const auto out = dir / ("given" + std::to_string(++n) + ".wav");
    const auto r = vt::cli({"prep", kTwo, "--stream", spec, "-o", out.string(), "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json all = vt::cli_json(r);
    const json& rep = report_of(all);
    EXPECT_EQ(rep["input"]["stream_index"], 1);
    EXPECT_EQ(rep["input"]["stream_chosen"], "given");
    EXPECT_FALSE(contains(codes_of(rep), "stream_chosen_for_speech"));
    EXPECT_FALSE(contains(codes_of(rep), "several_audio_streams"));  // the user chose
    std::ifstream in(out, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(bytes, auto_bytes);  // the same stream, the same analysis, the same sample
  }
}

TEST(Streams, TheMusicAskedForFailsAndNamesTheMicrophone) {
  const auto dir = vt::temp_dir("music");
  const auto r =
      vt::cli({"prep", kTwo, "--stream", "a:0", "-o", (dir / "o.wav").string(), "--json"});
  EXPECT_EQ(r.exit_code, 5) << r.err;
  const json j = vt::cli_json(r);
  EXPECT_EQ(j["results"][0]["error"]["category"], "no_speech");
  EXPECT_NE(r.err.find("the file's other audio stream was not tried (--stream chose this one): "
                       "a:1 is #1 (\"Microphone\", opus, 1 ch, eng)"),
            std::string::npos)
      << r.err;
  EXPECT_TRUE(vt::list_dir(dir).empty());
  // check's report of it: the stream asked for, and what it holds.
  const auto c = vt::cli({"check", kTwo, "--stream", "a:0", "--json"});
  EXPECT_EQ(c.exit_code, 5) << c.err;
  const json cj = vt::cli_json(c);
  EXPECT_EQ(report_of(cj)["input"]["stream_index"], 0);
  EXPECT_EQ(report_of(cj)["input"]["stream_chosen"], "given");
  EXPECT_GE(report_of(cj)["content"]["music_seconds"].get<double>(), 14.0);
}

TEST(Streams, BadSpecifiersAreRefusedBeforeReadingAndWriteNothing) {
  const auto dir = vt::temp_dir("badspec");
  for (const char* spec : {"a:", "a:-1", "1:a:0", "v:0", "x:1", "a:1:0", "1000"}) {
    SCOPED_TRACE(spec);
    // A missing input shows that nothing was read: the option is refused first (exit 2, not 3).
    for (const std::string& in : {kTwo, (dir / "missing.mkv").string()}) {
      const auto r = vt::cli({"prep", in, "--stream", spec, "-o", (dir / "o.wav").string()});
      EXPECT_EQ(r.exit_code, 2) << r.err;
      EXPECT_NE(r.err.find(std::string("--stream ") + spec + ": use an index (2), a:N or 0:a:N"),
                std::string::npos)
          << r.err;
    }
    const auto c = vt::cli({"check", kTwo, "--stream", spec});
    EXPECT_EQ(c.exit_code, 2) << c.err;
  }
  // Well formed, but the file has no such audio stream: refused with the list of those it has.
  for (const char* spec : {"a:99", "a:2", "0:a:2", "7"}) {
    SCOPED_TRACE(spec);
    const auto r =
        vt::cli({"prep", kTwo, "--stream", spec, "-o", (dir / "o.wav").string(), "--json"});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_EQ(vt::cli_json(r)["results"][0]["error"]["category"], "invalid_argument");
    EXPECT_NE(r.err.find("its audio streams are: a:0 is #0 (\"Desktop audio\", opus, 2 ch), a:1 is "
                         "#1 (\"Microphone\", opus, 1 ch, eng)"),
              std::string::npos)
        << r.err;
  }
  EXPECT_TRUE(vt::list_dir(dir).empty());
  // A file with no audio at all stays "no audio stream" (exit 4), whatever was asked for.
  const auto none = vt::cli({"prep", vt::data("video_only.mp4").string(), "--stream", "a:0", "-o",
                             (dir / "o.wav").string()});
  EXPECT_EQ(none.exit_code, 4) << none.err;
  EXPECT_NE(none.err.find("no audio stream"), std::string::npos) << none.err;
}

TEST(Streams, StandardInputIsNotReadTwiceButTheOthersAreNamed) {
  const auto dir = vt::temp_dir("stdin");
  const auto r = vt::cli({"prep", "-", "-o", (dir / "o.wav").string()}, kTwo);
  EXPECT_EQ(r.exit_code, 5) << r.err;
  EXPECT_NE(
      r.err.find("not tried (standard input cannot be read twice): a:1 is #1 (\"Microphone\""),
      std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("--stream a:N picks one"), std::string::npos) << r.err;
  EXPECT_TRUE(vt::list_dir(dir).empty());
  const auto ok =
      vt::cli({"prep", "-", "--stream", "a:1", "-o", (dir / "o.wav").string(), "-q"}, kTwo);
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(vt::list_dir(dir), std::vector<std::string>{"o.wav"});
}

TEST(Streams, WhenNoStreamHasSpeechEachIsNamed) {
  const auto dir = vt::temp_dir("nospeech");
  const auto file = dir / "music_and_room.mkv";
  ASSERT_EQ(vt::run({VOXCLONE_FFMPEG, "-v", "error", "-i", kTwo, "-i",
                     vt::data("room_tone.flac").string(), "-map", "0:a:0", "-map", "1:a:0", "-c:a",
                     "flac", file.string()})
                .exit_code,
            0);
  const auto r = vt::cli({"check", file.string()});
  EXPECT_EQ(r.exit_code, 5) << r.err;
  EXPECT_NE(r.out.find("not usable: none of its 2 audio streams holds enough speech: stream #0 "
                       "(\"Desktop audio\", flac, 2 ch), the default, holds no speech"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("stream #1 (flac, 1 ch) holds no speech"), std::string::npos) << r.out;
}

TEST(Streams, ADefaultStreamWithSpeechIsUsedAsBefore) {
  const auto r = vt::cli({"prep", vt::data("clip.mkv").string(), "-o",
                          (vt::temp_dir("best") / "o.wav").string(), "--json", "-v"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json all = vt::cli_json(r);
  const json& rep = report_of(all);
  EXPECT_EQ(rep["input"]["stream_index"], 0);
  EXPECT_EQ(rep["input"]["stream_chosen"], "best");
  EXPECT_TRUE(contains(codes_of(rep), "several_audio_streams"));
  EXPECT_FALSE(contains(codes_of(rep), "stream_chosen_for_speech"));
  EXPECT_EQ(r.err.find("trying audio stream"), std::string::npos) << r.err;  // read once
}

TEST(Streams, CloneChoosesTheSameWay) {
  const vt::EnvChanges env{{"COZE_API_BASE", std::nullopt}, {"COZE_API_TOKEN", "test-token"}};
  const auto r = vt::cli({"clone", kTwo, "--name", "me", "--dry-run", "--json"}, "", env);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = vt::cli_json(r);
  EXPECT_EQ(report_of(j)["input"]["stream_chosen"], "auto_speech");
  const auto bad =
      vt::cli({"clone", kTwo, "--name", "me", "--dry-run", "--stream", "v:0"}, "", env);
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
}

}  // namespace

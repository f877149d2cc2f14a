// `voxclone prep` and `voxclone check` end to end: every input format, every bad input, exit
// codes, no partial files, JSON, stdin/stdout, batch folders. Outputs are checked with ffprobe
// and ffmpeg's own loudness meter, not with voxclone's.
#include <gtest/gtest.h>

#include <csignal>
#include <fstream>

#include "support/test_support.hpp"

namespace {

using nlohmann::json;

class PrepFormat : public ::testing::TestWithParam<const char*> {};

TEST_P(PrepFormat, WritesA24kMonoWavWithinSpec) {
  const std::string in = GetParam();
  const auto dir = vt::temp_dir("prep");
  const auto out = dir / "out.wav";
  const auto r = vt::cli({"prep", vt::data(in).string(), "-o", out.string(), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json all = vt::cli_json(r);
  EXPECT_TRUE(all["ok"].get<bool>());
  const json& report = all["results"][0]["report"];
  const auto p = vt::probe(out);
  EXPECT_EQ(p["streams"][0]["codec_name"], "pcm_s16le");
  EXPECT_EQ(p["streams"][0]["sample_rate"], "24000");
  EXPECT_EQ(p["streams"][0]["channels"], 1);
  const double seconds = std::stod(p["format"]["duration"].get<std::string>());
  EXPECT_LE(seconds, 30.0);
  EXPECT_GE(seconds, 10.0);
  EXPECT_NEAR(report["output"]["duration_seconds"].get<double>(), seconds, 0.01);
  const auto m = vt::independent_meter(out);
  EXPECT_NEAR(m.integrated_lufs, -20.0, 0.5);
  EXPECT_LE(m.true_peak_dbtp, -2.0);
  EXPECT_EQ(vt::list_dir(dir), std::vector<std::string>{"out.wav"});
}

INSTANTIATE_TEST_SUITE_P(Fixtures, PrepFormat,
                         ::testing::Values("clip.flac", "clip_cover.mp3", "clip.m4a", "clip.ogg",
                                           "clip.webm", "clip.mkv", "clip_video.mp4",
                                           "clip_mulaw.wav", "clip_51.m4a", "clip_ogg_named.mp3",
                                           "clip_noext", "speech_long.flac", "speech_quiet.flac",
                                           "speech_noisy.flac", "truncated.mp3", "clipped.flac"),
                         [](const auto& info) {
                           std::string n = info.param;
                           for (auto& ch : n)
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           return n;
                         });

struct Bad {
  std::string file;
  int exit_code;
  std::string words;
};

class PrepRejects : public ::testing::TestWithParam<Bad> {};

TEST_P(PrepRejects, WithExitCodeOneLineAndNoOutput) {
  const Bad& c = GetParam();
  const auto dir = vt::temp_dir("bad");
  const auto out = dir / "out.wav";
  const auto in = c.file.starts_with("/") ? c.file : vt::data(c.file).string();
  const auto r = vt::cli({"prep", in, "-o", out.string()});
  EXPECT_EQ(r.exit_code, c.exit_code) << r.err;
  EXPECT_NE(r.err.find(c.words), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(std::filesystem::path(c.file).filename().string()), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_TRUE(vt::list_dir(dir).empty());
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, PrepRejects,
    ::testing::Values(Bad{"missing.wav", 3, "no such file"}, Bad{"empty.wav", 3, "empty"},
                      Bad{"not_audio.wav", 4, "not an audio or video file"},
                      Bad{"picture_only.png", 4, "no audio stream"},
                      Bad{"video_only.mp4", 4, "no audio stream"},
                      Bad{"room_tone.flac", 5, "no speech"},
                      Bad{"digital_silence.flac", 5, "silent"},
                      Bad{"speech_short.flac", 5, "s of speech; the clone endpoint needs at least 10 s"}));

TEST(Prep, ShortSpeechMessageGivesTheMeasuredSeconds) {
  const auto truth = vt::label_seconds(vt::labels("speech_short"));
  const auto r = vt::cli({"prep", vt::data("speech_short.flac").string(), "-o",
                          (vt::temp_dir("short") / "o.wav").string()});
  char want[64];
  std::snprintf(want, sizeof want, "found %.1f s of speech", truth);
  // Within 0.2 s of the labelled truth: accept the neighbouring tenths too.
  bool near = false;
  for (double d = -0.2; d <= 0.2001; d += 0.1) {
    std::snprintf(want, sizeof want, "found %.1f s of speech", truth + d);
    near |= r.err.find(want) != std::string::npos;
  }
  EXPECT_TRUE(near) << r.err << " (labels say " << truth << ")";
}

TEST(Prep, UnwritableOutputFailsWithExit6AndLeavesNothing) {
  const auto dir = vt::temp_dir("unwritable");
  std::ofstream(dir / "afile") << "x";
  const auto r = vt::cli({"prep", vt::data("clip.flac").string(), "-o", (dir / "afile" / "o.wav").string()});
  EXPECT_EQ(r.exit_code, 6) << r.err;
  EXPECT_NE(r.err.find("write"), std::string::npos);
  EXPECT_EQ(vt::list_dir(dir), std::vector<std::string>{"afile"});
  const auto r2 = vt::cli({"prep", vt::data("clip.flac").string(), "-o", (dir / "no" / "dir" / "o.wav").string()});
  EXPECT_EQ(r2.exit_code, 6) << r2.err;
  EXPECT_NE(r2.err.find("does not exist"), std::string::npos) << r2.err;
}

TEST(Prep, FormatsFromFlagAndExtension) {
  const auto dir = vt::temp_dir("formats");
  ASSERT_EQ(vt::cli({"prep", vt::data("clip.m4a").string(), "-o", (dir / "a.mp3").string(), "-q"}).exit_code, 0);
  EXPECT_EQ(vt::probe(dir / "a.mp3")["streams"][0]["codec_name"], "mp3");
  EXPECT_EQ(vt::probe(dir / "a.mp3")["streams"][0]["sample_rate"], "24000");
  ASSERT_EQ(vt::cli({"prep", vt::data("clip.m4a").string(), "-o", (dir / "b.raw").string(), "--format", "pcm", "-q"}).exit_code, 0);
  const auto pcm_bytes = std::filesystem::file_size(dir / "b.raw");
  EXPECT_EQ(pcm_bytes % 2, 0u);
  const auto m = vt::independent_meter(dir / "b.raw", true);
  EXPECT_NEAR(m.integrated_lufs, -20.0, 0.5);
  const auto bad = vt::cli({"prep", vt::data("clip.m4a").string(), "-o", (dir / "c.flac").string()});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("wav, pcm or mp3"), std::string::npos) << bad.err;
}

TEST(Prep, JsonReportHasEveryPart) {
  const auto out = vt::temp_dir("json") / "o.wav";
  const auto r = vt::cli({"prep", vt::data("speech_long.flac").string(), "-o", out.string(), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json all = vt::cli_json(r);
  const json& j = all["results"][0]["report"];
  EXPECT_EQ(j["input"]["container"], "flac");
  EXPECT_EQ(j["input"]["sample_rate"], 22050);
  EXPECT_GT(j["analysis"]["speech_seconds"].get<double>(), 30.0);
  EXPECT_GT(j["analysis"]["snr_db"].get<double>(), 20.0);
  EXPECT_GT(j["window"]["start_seconds"].get<double>(), 10.0);
  EXPECT_GE(j["window"]["pauses_shortened"].get<int>(), 1);
  EXPECT_TRUE(j["loudness"]["before"]["integrated_lufs"].is_number());
  EXPECT_NEAR(j["loudness"]["after"]["integrated_lufs"].get<double>(), -20.0, 0.3);
  EXPECT_TRUE(j["loudness"]["gain_db"].is_number());
  EXPECT_TRUE(j["loudness"]["limiter"]["max_reduction_db"].is_number());
  EXPECT_EQ(j["output"]["sample_rate"], 24000);
  EXPECT_EQ(j["output"]["channels"], 1);
  EXPECT_EQ(j["output"]["bytes"].get<std::size_t>(), std::filesystem::file_size(out));
  EXPECT_TRUE(j["warnings"].is_array());
}

TEST(Prep, WarnsAboutWhatAUserShouldFix) {
  auto warnings_of = [](const std::string& file) {
    const auto r = vt::cli({"prep", vt::data(file).string(), "-o",
                            (vt::temp_dir("warn") / "o.wav").string(), "--json"});
    std::vector<std::string> codes;
    const json j = vt::cli_json(r);  // named: a temporary would die before the loop body
    for (const auto& w : j["results"][0]["report"]["warnings"]) codes.push_back(w["code"]);
    return codes;
  };
  auto has = [](const std::vector<std::string>& v, const char* c) {
    return std::find(v.begin(), v.end(), c) != v.end();
  };
  EXPECT_TRUE(has(warnings_of("clip_mulaw.wav"), "telephone_band"));
  EXPECT_TRUE(has(warnings_of("clipped.flac"), "clipping"));
  EXPECT_TRUE(has(warnings_of("clip.mkv"), "several_audio_streams"));
  EXPECT_TRUE(has(warnings_of("truncated.mp3"), "truncated"));
  EXPECT_TRUE(has(warnings_of("speech_noisy.flac"), "high_noise_floor"));
  EXPECT_TRUE(has(warnings_of("speech_quiet.flac"), "large_gain"));
  EXPECT_TRUE(warnings_of("clip.flac").empty());
}

TEST(Prep, StdinInAndStdoutOut) {
  const auto dir = vt::temp_dir("stdio");
  const auto r = vt::cli({"prep", "-", "-o", (dir / "o.wav").string(), "-q"}, vt::data("clip.m4a").string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(vt::probe(dir / "o.wav")["streams"][0]["sample_rate"], "24000");
  const auto s = vt::cli({"prep", vt::data("clip.flac").string(), "-o", "-", "--format", "wav"});
  ASSERT_EQ(s.exit_code, 0) << s.err;
  EXPECT_EQ(s.out.substr(0, 4), "RIFF");
  EXPECT_EQ(s.out.size(), std::filesystem::file_size(dir / "o.wav") > 0 ? s.out.size() : 0u);
}

TEST(Prep, StartAndEndForceTheRegion) {
  const auto out = vt::temp_dir("region") / "o.wav";
  const auto truth = vt::labels("speech_long");
  // The sparse part only: its four sentences with 3 s pauses, from 0 to the end of the 4th.
  const double end = truth[3].end + 0.2;
  const auto r = vt::cli({"prep", vt::data("speech_long.flac").string(), "-o", out.string(),
                          "--start", "0", "--end", std::to_string(end), "--json", "--min-seconds", "5"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json all = vt::cli_json(r);
  const json& j = all["results"][0]["report"];
  EXPECT_LE(j["window"]["end_seconds"].get<double>(), end + 1e-6);
  EXPECT_NEAR(j["window"]["speech_seconds"].get<double>(),
              vt::label_seconds({truth.begin(), truth.begin() + 4}), 0.5);
  const auto bad = vt::cli({"prep", vt::data("speech_long.flac").string(), "-o", out.string(),
                            "--start", "20", "--end", "10"});
  EXPECT_EQ(bad.exit_code, 2);
}

TEST(Prep, BadOptionsAreUsageErrors) {
  const auto out = (vt::temp_dir("opts") / "o.wav").string();
  EXPECT_EQ(vt::cli({"prep", vt::data("clip.flac").string(), "-o", out, "--min-seconds", "40"}).exit_code, 2);
  EXPECT_EQ(vt::cli({"prep", vt::data("clip.flac").string(), "-o", out, "--loudness", "3"}).exit_code, 2);
  EXPECT_EQ(vt::cli({"prep", vt::data("clip.flac").string(), "-o", out, "--max-seconds", "400"}).exit_code, 2);
  EXPECT_EQ(vt::cli({"prep"}).exit_code, 2);
  EXPECT_EQ(vt::cli({"frobnicate"}).exit_code, 2);
}

TEST(Batch, FolderInOutDirOutOneBadFileDoesNotStopTheRest) {
  const auto in = vt::temp_dir("batch-in");
  const auto out = vt::temp_dir("batch-out");
  for (const char* f : {"clip.m4a", "clip.ogg", "room_tone.flac", "not_audio.wav"})
    std::filesystem::copy_file(vt::data(f), in / f);
  std::ofstream(in / "notes.txt") << "ignored: not a media extension";
  const auto r = vt::cli({"prep", in.string(), "--out-dir", out.string(), "--json"});
  EXPECT_EQ(r.exit_code, 4) << r.err;  // the first failure in name order: not_audio.wav
  const json j = vt::cli_json(r);
  EXPECT_EQ(j["counts"]["ok"], 2);
  EXPECT_EQ(j["counts"]["failed"], 2);
  EXPECT_EQ(j["skipped_not_media"], 1);  // notes.txt
  // clip.m4a comes first and takes clip-sample.wav; clip.ogg's would clash, so it gets "-2".
  EXPECT_EQ(vt::list_dir(out), (std::vector<std::string>{"clip-sample-2.wav", "clip-sample.wav"}));
}

TEST(Batch, TwoThreadsWriteTheSameFilesAsOne) {
  const auto in = vt::temp_dir("jobs-in");
  for (const char* f : {"clip.m4a", "clip.ogg", "clip.webm", "clip_cover.mp3", "speech_noisy.flac"})
    std::filesystem::copy_file(vt::data(f), in / f);
  const auto one = vt::temp_dir("jobs-1");
  const auto two = vt::temp_dir("jobs-2");
  ASSERT_EQ(vt::cli({"prep", in.string(), "--out-dir", one.string(), "-q", "-j", "1"}).exit_code, 0);
  ASSERT_EQ(vt::cli({"prep", in.string(), "--out-dir", two.string(), "-q", "-j", "2"}).exit_code, 0);
  const auto names = vt::list_dir(one);
  ASSERT_EQ(names.size(), 5u);
  EXPECT_EQ(vt::list_dir(two), names);
  for (const auto& n : names) {
    std::ifstream a(one / n, std::ios::binary), b(two / n, std::ios::binary);
    const std::string x((std::istreambuf_iterator<char>(a)), {}), y((std::istreambuf_iterator<char>(b)), {});
    EXPECT_EQ(x, y) << n;
  }
}

TEST(Check, SaysWhetherEachFileWouldDo) {
  const auto ok = vt::cli({"check", vt::data("speech_long.flac").string()});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("usable"), std::string::npos);
  const auto no = vt::cli({"check", vt::data("speech_short.flac").string()});
  EXPECT_EQ(no.exit_code, 5);
  EXPECT_NE(no.out.find("not usable: found"), std::string::npos) << no.out;
  const auto j = vt::cli({"check", vt::data("clip_mulaw.wav").string(), "--json"});
  EXPECT_EQ(j.exit_code, 0);
  const json parsed = vt::cli_json(j);
  EXPECT_TRUE(parsed["results"][0]["usable"].get<bool>());
  EXPECT_EQ(parsed["results"][0]["report"]["output"], nullptr);
}

TEST(Faults, InterruptDuringALongPrepLeavesNothingAndExits130) {
  const auto dir = vt::temp_dir("sigint");
  const auto big = dir / "long.flac";
  ASSERT_EQ(vt::run({VOXCLONE_FFMPEG, "-v", "error", "-stream_loop", "20", "-i",
                     vt::data("speech_long.flac").string(), "-c:a", "flac", big.string()}).exit_code, 0);
  const auto out = dir / "out";
  std::filesystem::create_directories(out);
  for (int sig : {SIGINT, SIGTERM}) {
    const auto r = vt::run_and_signal({VOXCLONE_CLI, "prep", big.string(), "-o", (out / "o.wav").string()},
                                      sig, std::chrono::milliseconds(300));
    EXPECT_EQ(r.exit_code, 130) << r.err;
    EXPECT_NE(r.err.find("cancelled"), std::string::npos) << r.err;
    EXPECT_TRUE(vt::list_dir(out).empty()) << "left behind: " << vt::list_dir(out).front();
  }
}

TEST(Faults, DiskFullIsExit6) {
  if (!std::filesystem::exists("/dev/full")) GTEST_SKIP();
  const auto r = vt::cli({"prep", vt::data("clip.flac").string(), "-o", "/dev/full", "--format", "wav", "-y"});
  EXPECT_EQ(r.exit_code, 6) << r.err;
  EXPECT_NE(r.err.find("No space left on device"), std::string::npos) << r.err;
  EXPECT_TRUE(std::filesystem::is_character_file("/dev/full"));
}

TEST(Cli, VersionMatchesTheLibrary) {
  const auto r = vt::cli({"--version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find(VOXCLONE_VERSION_FOR_TEST), std::string::npos) << r.out;
}

}  // namespace

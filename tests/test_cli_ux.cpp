// Issue 12, "the CLI a demanding user trusts", end to end with the real binary: no file lost
// (-y/-n, one naming rule, names that match their contents, - for stdout), nothing paid for
// that should not be (warnings before a clone, --force), failing before a byte is read, the
// right words, a progress line that fits the terminal, and one JSON shape checked against
// docs/voxclone.schema.json.
#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <regex>
#include <set>

#include "support/sanitizers.hpp"
#include "support/service_env.hpp"
#include "support/test_support.hpp"

namespace {

using nlohmann::json;

vt::FakeService* const g_service = &vt::shared_service();
const std::string kToken = "test-token";

using vt::slurp;

void write(const std::filesystem::path& p, const std::string& bytes) {
  std::ofstream(p, std::ios::binary) << bytes;
}

vt::RunResult api(std::vector<std::string> args, bool with_token = true) {
  args.insert(args.end(), {"--base-url", g_service->base_url()});
  vt::EnvChanges env{{"COZE_API_BASE", std::nullopt}};
  env.emplace_back("COZE_API_TOKEN", with_token ? std::optional<std::string>(kToken) : std::nullopt);
  auto r = vt::cli(args, "", env);
  EXPECT_EQ(r.out.find(kToken), std::string::npos);
  EXPECT_EQ(r.err.find(kToken), std::string::npos);
  return r;
}

// ---- Never lose a file ----------------------------------------------------------------------

TEST(NeverLoseAFile, AnExistingOutputIsRefusedUnlessYAndKeptWithN) {
  const auto dir = vt::temp_dir("keep");
  const auto keep = dir / "keep.wav";
  write(keep, "precious");
  const auto refused = vt::cli({"prep", vt::data("clip.flac").string(), "-o", keep.string()});
  EXPECT_EQ(refused.exit_code, 6) << refused.err;
  EXPECT_NE(refused.err.find("exists: add -y"), std::string::npos) << refused.err;
  EXPECT_LT(refused.seconds, 2.0 * vt::kSlowdown);  // refused before decoding
  EXPECT_EQ(slurp(keep), "precious");
  const auto kept = vt::cli({"prep", vt::data("clip.flac").string(), "-o", keep.string(), "-n", "--json"});
  EXPECT_EQ(kept.exit_code, 0) << kept.err;
  EXPECT_EQ(slurp(keep), "precious");
  const json j = vt::cli_json(kept);
  EXPECT_EQ(j["results"][0]["status"], "skipped");
  EXPECT_EQ(j["counts"]["skipped"], 1);
  const auto both = vt::cli({"prep", vt::data("clip.flac").string(), "-o", keep.string(), "-y", "-n"});
  EXPECT_EQ(both.exit_code, 2) << both.err;
  EXPECT_EQ(slurp(keep), "precious");
  const auto replaced = vt::cli({"prep", vt::data("clip.flac").string(), "-o", keep.string(), "-y", "-q"});
  EXPECT_EQ(replaced.exit_code, 0) << replaced.err;
  EXPECT_EQ(vt::probe(keep)["streams"][0]["sample_rate"], "24000");
  EXPECT_EQ(vt::list_dir(dir), std::vector<std::string>{"keep.wav"});
}

TEST(NeverLoseAFile, OneNamingRuleWithoutCollisions) {
  const auto dir = vt::temp_dir("naming");
  std::filesystem::create_directories(dir / "a");
  std::filesystem::create_directories(dir / "b");
  std::filesystem::copy_file(vt::data("clip.flac"), dir / "a" / "x.flac");
  std::filesystem::copy_file(vt::data("clip.flac"), dir / "b" / "x.flac");
  // Same name in two folders: x-sample.wav and x-sample-2.wav, never x.wav.wav.
  const auto two = vt::cli({"prep", (dir / "a" / "x.flac").string(), (dir / "b" / "x.flac").string(),
                            "--out-dir", (dir / "out").string(), "-q"});
  ASSERT_EQ(two.exit_code, 0) << two.err;
  EXPECT_EQ(vt::list_dir(dir / "out"), (std::vector<std::string>{"x-sample-2.wav", "x-sample.wav"}));
  // A folder into itself: the samples sit beside their inputs, as a single prep names them.
  const auto in_place = vt::cli({"prep", (dir / "a").string(), "--out-dir", (dir / "a").string(), "-q"});
  ASSERT_EQ(in_place.exit_code, 0) << in_place.err;
  EXPECT_EQ(vt::list_dir(dir / "a"), (std::vector<std::string>{"x-sample.wav", "x.flac"}));
  // -o FOLDER for one input, as --help says.
  std::filesystem::create_directories(dir / "one");
  const auto folder = vt::cli({"prep", (dir / "b" / "x.flac").string(), "-o", (dir / "one").string(), "-q"});
  ASSERT_EQ(folder.exit_code, 0) << folder.err;
  EXPECT_EQ(vt::list_dir(dir / "one"), std::vector<std::string>{"x-sample.wav"});
  // -o with --out-dir is a contradiction, refused before anything is written.
  const auto both = vt::cli({"prep", (dir / "b" / "x.flac").string(), "-o", (dir / "z.wav").string(),
                             "--out-dir", (dir / "zz").string()});
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_NE(both.err.find("give one of them"), std::string::npos) << both.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "zz"));
  EXPECT_FALSE(std::filesystem::exists(dir / "z.wav"));
}

TEST(NeverLoseAFile, NamesAgreeWithContents) {
  const auto dir = vt::temp_dir("agree");
  const auto r = vt::cli({"prep", vt::data("clip.flac").string(), "--format", "mp3", "-o", (dir / "a.wav").string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("make them agree"), std::string::npos) << r.err;
  EXPECT_TRUE(vt::list_dir(dir).empty());
  const auto save = vt::cli({"clone", vt::data("clip.flac").string(), "--name", "me", "--dry-run",
                             "--save-sample", (dir / "s.wav").string(), "--format", "mp3"});
  EXPECT_EQ(save.exit_code, 2) << save.err;
  EXPECT_TRUE(vt::list_dir(dir).empty());
}

TEST(NeverLoseAFile, SpeakNamesAgreeAndDashIsStdout) {
  g_service->reset();
  g_service->set_speech_audio("ID3-speech-bytes", "audio/mpeg");
  const auto dir = vt::temp_dir("speakname");
  const auto flac = api({"speak", "--voice-id", "v1", "--text", "Hi.", "-o", (dir / "hello.flac").string()});
  EXPECT_EQ(flac.exit_code, 2);
  EXPECT_NE(flac.err.find(".flac"), std::string::npos) << flac.err;
  EXPECT_EQ(g_service->request_count(), 0u);
  const auto dash = api({"speak", "--voice-id", "v1", "--text", "Hi.", "-o", "-"});
  EXPECT_EQ(dash.exit_code, 0) << dash.err;
  EXPECT_EQ(dash.out, "ID3-speech-bytes");
  EXPECT_FALSE(std::filesystem::exists("-"));
  EXPECT_EQ(g_service->request_count(), 1u);
  // An existing file: refused before the (billed) request, kept with -n.
  write(dir / "keep.mp3", "old");
  const auto refused = api({"speak", "--voice-id", "v1", "--text", "Hi.", "-o", (dir / "keep.mp3").string()});
  EXPECT_EQ(refused.exit_code, 6);
  const auto skipped = api({"speak", "--voice-id", "v1", "--text", "Hi.", "-o", (dir / "keep.mp3").string(), "-n"});
  EXPECT_EQ(skipped.exit_code, 0);
  EXPECT_EQ(slurp(dir / "keep.mp3"), "old");
  EXPECT_EQ(g_service->request_count(), 1u);
}

// ---- Before a paid upload -------------------------------------------------------------------

TEST(BeforeAPaidUpload, EveryWarningShowsBeforeSending) {
  g_service->reset();
  const auto r = api({"clone", vt::data("speech_noisy.flac").string(), "--name", "me", "--force"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("background noise"), std::string::npos) << r.err;
  EXPECT_EQ(g_service->request_count(), 1u);
}

TEST(BeforeAPaidUpload, ABadVoiceStopsTheUploadUnlessForced) {
  g_service->reset();
  const std::string music = vt::data("voice/music_bed.opus").string();
  const auto dry = api({"clone", music, "--name", "me", "--allow-music", "--dry-run", "--json"});
  EXPECT_EQ(dry.exit_code, 5) << dry.err;
  EXPECT_NE(dry.err.find("music"), std::string::npos) << dry.err;
  const json jd = vt::cli_json(dry);
  EXPECT_EQ(jd["results"][0]["error"]["category"], "bad_voice");
  EXPECT_EQ(jd["results"][0]["error"]["warnings"][0], "music_under_speech");
  const auto stopped = api({"clone", music, "--name", "me", "--allow-music"});
  EXPECT_EQ(stopped.exit_code, 5) << stopped.err;
  EXPECT_NE(stopped.err.find("--force"), std::string::npos) << stopped.err;
  EXPECT_EQ(g_service->request_count(), 0u);
  const auto forced = api({"clone", music, "--name", "me", "--allow-music", "--force"});
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_EQ(g_service->request_count(), 1u);
}

TEST(BeforeAPaidUpload, ARetryIsAnnouncedWithItsWait) {
  g_service->reset();
  g_service->script({{.status = 503, .headers = {{"Retry-After", "1"}}}});
  const auto r = api({"voices"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("Trying again in 1.0 s (attempt 2 of"), std::string::npos) << r.err;
  EXPECT_EQ(g_service->request_count(), 2u);
}

TEST(BeforeAPaidUpload, TrainingShowsAsTrainingWithElapsedTime) {
  g_service->reset();
  g_service->script({{.delay = std::chrono::milliseconds(2600)}});
  const auto r = vt::run_in_pty({VOXCLONE_CLI, "clone", vt::data("clip.flac").string(), "--name",
                                 "me", "--base-url", g_service->base_url()},
                                100, {{"COZE_API_TOKEN", kToken}, {"COZE_API_BASE", std::nullopt}});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("upload done, service training… 0:02"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("upload: upload"), std::string::npos) << r.out;
  EXPECT_EQ(g_service->request_count(), 1u);
}

TEST(BeforeAPaidUpload, ANonJsonPageAfterACloneIsOutcomeUnknown) {
  g_service->reset();
  g_service->script({{.body = "<html><body>Gateway</body></html>", .content_type = "text/html"}});
  const auto r = api({"clone", vt::data("clip.flac").string(), "--name", "me", "--json"});
  EXPECT_EQ(r.exit_code, 11) << r.err;
  const json j = vt::cli_json(r);
  EXPECT_TRUE(j["results"][0]["error"]["may_have_been_billed"].get<bool>());
  // Said once, not twice.
  const std::regex billed("billed");
  EXPECT_EQ(std::distance(std::sregex_iterator(r.err.begin(), r.err.end(), billed), std::sregex_iterator()), 1)
      << r.err;
  EXPECT_EQ(g_service->request_count(), 1u);
}

// ---- Fail fast, say it once, say it right ---------------------------------------------------

TEST(FailFast, BadValuesAndFoldersBeforeAByteIsRead) {
  const auto dir = vt::temp_dir("fast");
  const std::string in = vt::data("speech_long.flac").string();
  for (const std::vector<std::string>& extra :
       {std::vector<std::string>{"--mp3-bitrate", "1000", "-o", (dir / "a.mp3").string()},
        {"--mp3-bitrate", "320", "-o", (dir / "a.mp3").string()},
        {"--min-seconds", "3", "--max-seconds", "5"},
        {"--start", "1:75"},
        {"-q", "-v"}}) {
    std::vector<std::string> args{"prep", in};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto r = vt::cli(args);
    EXPECT_EQ(r.exit_code, 2) << extra[0] << ": " << r.err;
    EXPECT_LT(r.seconds, 1.5 * vt::kSlowdown) << extra[0];
  }
  const auto folder = vt::cli({"prep", in, "-o", (dir / "nope" / "a.wav").string()});
  EXPECT_EQ(folder.exit_code, 6);
  EXPECT_NE(folder.err.find("does not exist"), std::string::npos) << folder.err;
  EXPECT_LT(folder.seconds, 1.5 * vt::kSlowdown);
  // 160 kb/s is the top MPEG-2 rate at 24 kHz, and it is accepted.
  const auto top = vt::cli({"prep", vt::data("clip.flac").string(), "--mp3-bitrate", "160", "-o",
                            (dir / "top.mp3").string(), "-q"});
  ASSERT_EQ(top.exit_code, 0) << top.err;
  EXPECT_EQ(vt::probe(dir / "top.mp3")["streams"][0]["bit_rate"], "160000");
  EXPECT_TRUE(vt::list_dir(dir) == std::vector<std::string>{"top.mp3"});
}

TEST(FailFast, HelpGivesUnitsAndRangesForEveryNumber) {
  const auto r = vt::cli({"prep", "--help"});
  for (const char* want : {"--min-seconds SECONDS", "1–600", "--loudness LUFS", "-40 to -5",
                           "--true-peak DBTP", "--mp3-bitrate KBPS", "32, 40", "-j,--jobs N", "1–64",
                           "--speaker N", "1–99", "--start TIME", "mm:ss"})
    EXPECT_NE(r.out.find(want), std::string::npos) << want << "\n" << r.out;
}

TEST(FailFast, ClockTimesAreAcceptedAsFfmpegReadsThem) {
  const auto dir = vt::temp_dir("clock");
  const auto a = vt::cli({"prep", vt::data("speech_long.flac").string(), "--start", "0:05", "--end",
                          "00:00:40.5", "-o", (dir / "a.wav").string(), "--json"});
  const auto b = vt::cli({"prep", vt::data("speech_long.flac").string(), "--start", "5", "--end",
                          "40.5", "-o", (dir / "b.wav").string(), "--json"});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  ASSERT_EQ(b.exit_code, 0) << b.err;
  const json ja = vt::cli_json(a), jb = vt::cli_json(b);
  EXPECT_EQ(ja["results"][0]["report"]["window"], jb["results"][0]["report"]["window"]);
  EXPECT_GE(ja["results"][0]["report"]["window"]["start_seconds"].get<double>(), 5.0);
  EXPECT_LE(ja["results"][0]["report"]["window"]["end_seconds"].get<double>(), 40.5);
}

TEST(FailFast, TheRightWords) {
  const auto dir = vt::temp_dir("words");
  write(dir / "notes.mp3", "These are my notes, not a recording.\n");
  const auto text = vt::cli({"prep", (dir / "notes.mp3").string(), "-o", (dir / "o.wav").string()});
  EXPECT_EQ(text.exit_code, 4);
  EXPECT_NE(text.err.find("not an audio or video file"), std::string::npos) << text.err;
  EXPECT_EQ(text.err.find("has no audio stream"), std::string::npos) << text.err;
  const auto pre = vt::cli({"pre", "x"});
  EXPECT_EQ(pre.exit_code, 2);
  EXPECT_NE(pre.err.find("Did you mean 'prep'?"), std::string::npos) << pre.err;
  const auto verison = vt::cli({"--verison"});
  EXPECT_EQ(verison.exit_code, 2);
  EXPECT_NE(verison.err.find("Did you mean '--version'?"), std::string::npos) << verison.err;
  const auto help = vt::cli({"help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("prep"), std::string::npos);
  EXPECT_EQ(help.err.find("subcommand is required"), std::string::npos);
  const auto help_prep = vt::cli({"help", "prep"});
  EXPECT_EQ(help_prep.exit_code, 0);
  EXPECT_NE(help_prep.out.find("--out-dir"), std::string::npos);
  const auto voices = vt::cli({"voices"}, "", {{"COZE_API_TOKEN", std::nullopt}});
  EXPECT_EQ(voices.exit_code, 2);
  EXPECT_NE(voices.err.find("listVoice"), std::string::npos) << voices.err;
  EXPECT_EQ(voices.err.find("createVoice"), std::string::npos) << voices.err;
  const auto url = vt::cli({"prep", "https://example.com/talk.m4a", "-o", (dir / "u.wav").string()});
  EXPECT_EQ(url.exit_code, 2);
  EXPECT_NE(url.err.find("not URLs"), std::string::npos) << url.err;
}

TEST(FailFast, CheckHelpListsOnlyWhatCheckUses) {
  const auto r = vt::cli({"check", "--help"});
  EXPECT_NE(r.out.find("-j,--jobs"), std::string::npos) << r.out;
  for (const char* absent : {"--mp3-bitrate", "--true-peak", "--format", "--out-dir", "--overwrite"})
    EXPECT_EQ(r.out.find(absent), std::string::npos) << absent;
}

TEST(FailFast, ReportSaysWhatHappenedInPlainUnits) {
  const auto dir = vt::temp_dir("oddities");
  const auto r = vt::cli({"prep", vt::data("speech_long.flac").string(), "-o", (dir / "o.wav").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("67.8 s (1:08)"), std::string::npos) << r.out;  // h:mm:ss beside seconds
  EXPECT_EQ(r.out.find("flac / flac"), std::string::npos) << r.out;    // the long name
  // The loudness change shown is the measured one, with its sign.
  std::smatch m;
  const std::regex loud(R"((-?\d+\.\d) LUFS -> (-?\d+\.\d) LUFS \(([+-]\d+\.\d) LU\))");
  ASSERT_TRUE(std::regex_search(r.out, m, loud)) << r.out;
  EXPECT_NEAR(std::stod(m[2]) - std::stod(m[1]), std::stod(m[3]), 0.11);
  // -v is voxclone's own lines; FFmpeg's chatter only with --debug.
  const auto v = vt::cli({"prep", vt::data("clip.m4a").string(), "-o", (dir / "v.wav").string(), "-v"});
  const auto dbg = vt::cli({"prep", vt::data("clip.m4a").string(), "-o", (dir / "d.wav").string(), "--debug"});
  EXPECT_EQ(v.err.find("] ffmpeg: "), std::string::npos) << v.err;
  EXPECT_NE(dbg.err.find("] ffmpeg: "), std::string::npos) << dbg.err;
}

// ---- Long work and batches ------------------------------------------------------------------

// The visible text of a terminal stream: each redraw (after "\r" or "\n") with escapes removed.
std::vector<std::string> terminal_lines(const std::string& out) {
  std::vector<std::string> lines;
  std::string cur;
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (out[i] == '\r' || out[i] == '\n') {
      lines.push_back(cur);
      cur.clear();
    } else if (out[i] == '\033' && i + 2 < out.size() && out[i + 1] == '[') {
      i += 2;
      while (i < out.size() && !std::isalpha(static_cast<unsigned char>(out[i]))) ++i;
    } else {
      cur += out[i];
    }
  }
  lines.push_back(cur);
  return lines;
}

std::size_t cells(const std::string& s) {  // ASCII and "…" only in these lines
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

TEST(Progress, FitsANarrowTerminalRedrawsAtMostTenTimesASecondAndClearsItself) {
  const auto dir = vt::temp_dir("progress");
  const auto deep = dir / "a-rather-long-folder-name-for-a-recording" / "and-another-one-below-it";
  std::filesystem::create_directories(deep);
  std::filesystem::copy_file(vt::data("speech_long.flac"), deep / "interview-with-a-long-name.flac");
  const auto r = vt::run_in_pty({VOXCLONE_CLI, "prep", (deep / "interview-with-a-long-name.flac").string(),
                                 "-o", (dir / "o.wav").string(), "-j", "1"},
                                40);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  std::size_t redraws = 0;
  for (std::size_t p = 0; (p = r.out.find("\r\033[K", p)) != std::string::npos; p += 4)
    if (p + 4 < r.out.size() && r.out[p + 4] != '\r' && r.out[p + 4] != '\n') ++redraws;
  EXPECT_GE(redraws, 1u) << r.out;
  EXPECT_LE(static_cast<double>(redraws), 10.0 * r.seconds + 2.0) << r.seconds << " s";
  for (const auto& line : terminal_lines(r.out))
    if (line.find('%') != std::string::npos) EXPECT_LT(cells(line), 40u) << line;
  EXPECT_NE(r.out.find("…"), std::string::npos);  // the long path was cut, its end kept
  // Cleared: the report starts on a clean line, no progress text before it.
  const auto report_at = r.out.find("interview-with-a-long-name.flac\r\n");
  ASSERT_NE(report_at, std::string::npos) << r.out;
  EXPECT_NE(r.out.rfind("\r\033[K", report_at), std::string::npos);
}

TEST(Progress, ABatchShowsItsPlaceAndEndsWithASummary) {
  const auto dir = vt::temp_dir("batchpty");
  std::filesystem::create_directories(dir / "in");
  std::filesystem::copy_file(vt::data("clip.flac"), dir / "in" / "a.flac");
  std::filesystem::copy_file(vt::data("clip.m4a"), dir / "in" / "b.m4a");
  const auto r = vt::run_in_pty({VOXCLONE_CLI, "check", (dir / "in").string(), "-j", "1"}, 100);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("1 of 2 ["), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2 of 2 ["), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2 of 2 inputs usable"), std::string::npos) << r.out;
}

TEST(Batch, RecursiveKeepsTheLayoutAndCountsWhatItSkipped) {
  const auto dir = vt::temp_dir("recursive");
  std::filesystem::create_directories(dir / "in" / "day1");
  std::filesystem::copy_file(vt::data("clip.flac"), dir / "in" / "top.flac");
  std::filesystem::copy_file(vt::data("clip.flac"), dir / "in" / "day1" / "talk.flac");
  write(dir / "in" / "day1" / "notes.txt", "notes");
  const auto flat = vt::cli({"prep", (dir / "in").string(), "--out-dir", (dir / "flat").string(), "--json"});
  ASSERT_EQ(flat.exit_code, 0) << flat.err;
  EXPECT_EQ(vt::cli_json(flat)["counts"]["total"], 1);
  const auto r = vt::cli({"prep", (dir / "in").string(), "-r", "--out-dir", (dir / "out").string(), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = vt::cli_json(r);
  EXPECT_EQ(j["counts"]["ok"], 2);
  EXPECT_EQ(j["skipped_not_media"], 1);
  EXPECT_TRUE(std::filesystem::exists(dir / "out" / "top-sample.wav"));
  EXPECT_TRUE(std::filesystem::exists(dir / "out" / "day1" / "talk-sample.wav"));
  const auto text = vt::cli({"prep", (dir / "in").string(), "-r", "--out-dir", (dir / "out2").string()});
  EXPECT_NE(text.err.find("1 file in the folders skipped as not audio or video"), std::string::npos) << text.err;
}

TEST(Batch, InterruptedSummaryAccountsForEveryInput) {
  const auto dir = vt::temp_dir("interrupt");
  std::filesystem::create_directories(dir / "in");
  // 23 minutes each: the first is still being read when the signal comes.
  ASSERT_EQ(vt::run({VOXCLONE_FFMPEG, "-v", "error", "-stream_loop", "20", "-i",
                     vt::data("speech_long.flac").string(), "-c:a", "flac", (dir / "in" / "a.flac").string()})
                .exit_code,
            0);
  for (const char* n : {"b.flac", "c.flac", "d.flac"})
    std::filesystem::copy_file(dir / "in" / "a.flac", dir / "in" / n);
  const auto r = vt::run_and_signal({VOXCLONE_CLI, "prep", (dir / "in").string(), "--out-dir",
                                     (dir / "out").string(), "-j", "1", "--json"},
                                    SIGINT, std::chrono::milliseconds(700));
  EXPECT_EQ(r.exit_code, 130) << r.err;
  const json j = vt::cli_json(r);
  EXPECT_EQ(j["counts"]["total"], 4);
  EXPECT_EQ(j["counts"]["ok"].get<int>() + j["counts"]["failed"].get<int>() +
                j["counts"]["interrupted"].get<int>() + j["counts"]["not_started"].get<int>(),
            4);
  EXPECT_GE(j["counts"]["not_started"].get<int>(), 1);
  // The file being read when Ctrl-C came was interrupted, not a failure of that file.
  EXPECT_EQ(j["counts"]["failed"], 0) << j.dump(1);
  EXPECT_EQ(j["counts"]["interrupted"], 1) << j.dump(1);
  EXPECT_EQ(j["results"][0]["status"], "interrupted");
  EXPECT_EQ(j["results"][0]["exit_code"], 130);
  // One line per failure, not one here and one again in the summary.
  EXPECT_LE(std::count(r.err.begin(), r.err.end(), '\n'), 2) << r.err;
}

// ---- One JSON shape -------------------------------------------------------------------------

TEST(OneJsonShape, EveryCommandSuccessOrFailure) {
  g_service->reset();
  const auto dir = vt::temp_dir("shape");
  const std::string clip = vt::data("clip.flac").string();
  std::vector<vt::RunResult> runs = {
      vt::cli({"prep", clip, "-o", (dir / "a.wav").string(), "--json"}),
      vt::cli({"prep", vt::data("room_tone.flac").string(), "-o", (dir / "b.wav").string(), "--json"}),
      vt::cli({"prep", clip, "--max-seconds", "5", "--json"}),
      vt::cli({"check", clip, vt::data("room_tone.flac").string(), "--json"}),
      vt::cli({"check", clip, "--json"}),
      api({"clone", clip, "--name", "me", "--json"}),
      api({"clone", clip, "--name", "me", "--json", "--dry-run"}),
      api({"voices", "--json"}),
      api({"voices", "--json"}, false),
      api({"speak", "--voice-id", "v", "--text", "Hi.", "-o", (dir / "s.mp3").string(), "--json"}),
  };
  for (const auto& r : runs) {
    const json j = vt::cli_json(r);
    EXPECT_EQ(j.value("exit_code", -1), r.exit_code) << r.out;
  }
  const json dry = vt::cli_json(runs[6]);
  EXPECT_EQ(dry["results"][0]["request"]["fields"]["voice_name"], "me");
  EXPECT_EQ(dry["results"][0]["request"]["authorization"], "Bearer (set, not shown)");
  EXPECT_EQ(g_service->request_count(), 3u);  // clone, voices, speak; the dry run sent nothing
}

// ---- Expected of a CLI ----------------------------------------------------------------------

TEST(ExpectedOfACli, VersionNamesTheLibraryAndFfmpeg) {
  const auto r = vt::cli({"--version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("libvoxclone "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("FFmpeg "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("libavformat "), std::string::npos) << r.out;
}

}  // namespace

namespace {

// Every --long option a command's --help lists.
std::set<std::string> help_options(const std::string& cmd) {
  const auto r = vt::cli({cmd, "--help"});
  std::set<std::string> out;
  const std::regex opt(R"((?:^|[\s,])(--[a-z0-9][a-z0-9-]+))");
  for (auto it = std::sregex_iterator(r.out.begin(), r.out.end(), opt); it != std::sregex_iterator(); ++it)
    out.insert((*it)[1]);
  return out;
}

TEST(ExpectedOfACli, BashCompletionOffersEveryOption) {
  const std::string file = slurp(VOXCLONE_SOURCE_DIR "/tools/completion/voxclone.bash");
  ASSERT_FALSE(file.empty());
  for (const std::string cmd : {"prep", "check", "review", "clone", "voices", "speak", "login", "logout"}) {
    const auto opts = help_options(cmd);
    EXPECT_GT(opts.size(), cmd == "logout" ? 1u : 3u) << cmd;
    for (const auto& o : opts) {
      if (o == "--help") continue;
      EXPECT_TRUE(std::regex_search(file, std::regex("[ \"]" + o + "[ \"]"))) << cmd << " " << o;
    }
  }
  // And bash reads it: completing "voxclone pr" gives "prep".
  const auto r = vt::run({"/bin/bash", "-c",
                          "source " VOXCLONE_SOURCE_DIR "/tools/completion/voxclone.bash; "
                          "COMP_WORDS=(voxclone check --j); COMP_CWORD=2; _voxclone; echo \"${COMPREPLY[@]}\""});
  EXPECT_EQ(r.out, "--jobs --json\n") << r.err;
}

TEST(ExpectedOfACli, ManPageHoldsEveryCommand) {
  const std::filesystem::path man = VOXCLONE_BINARY_DIR "/tools/voxclone.1";
  if (!std::filesystem::exists("/usr/bin/help2man")) GTEST_SKIP() << "help2man is not installed";
  const std::string page = slurp(man);
  ASSERT_FALSE(page.empty()) << man;
  for (const char* want : {".SS voxclone prep", ".SS voxclone check", ".SS voxclone review", ".SS voxclone clone",
                           ".SS voxclone voices", ".SS voxclone speak", ".SS voxclone login",
                           ".SS voxclone logout", "--oauth-config", "--min-seconds", "Exit codes"})
    EXPECT_NE(page.find(want), std::string::npos) << want;
}

}  // namespace

namespace {

TEST(FailFast, The1109HintSpeaksOfATextOnlyWhenOneWasSent) {
  g_service->reset();
  g_service->script({{.body = R"({"code":1109,"msg":"WERError"})"}});
  const auto r = api({"clone", vt::data("clip.flac").string(), "--name", "me"});
  EXPECT_EQ(r.exit_code, 10) << r.err;
  EXPECT_NE(r.err.find("1109"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("text given"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("no text was sent"), std::string::npos) << r.err;
  EXPECT_EQ(g_service->request_count(), 1u);
}

}  // namespace

namespace {

TEST(Batch, StreamPicksTheAudioStream) {
  const auto dir = vt::temp_dir("stream");
  const std::string mkv = vt::data("clip.mkv").string();  // #0 stereo speech, #1 mono room tone
  const auto best = vt::cli({"check", mkv, "--json"});
  const auto one = vt::cli({"check", mkv, "--stream", "1", "--json"});
  ASSERT_EQ(best.exit_code, 0) << best.err;
  EXPECT_EQ(vt::cli_json(best)["results"][0]["report"]["input"]["stream_index"], 0);
  EXPECT_EQ(one.exit_code, 5) << one.err;  // the room tone holds no speech
  const json j = vt::cli_json(one);
  EXPECT_EQ(j["results"][0]["error"]["category"], "no_speech");
  EXPECT_EQ(j["results"][0]["report"]["input"]["stream_index"], 1);
  EXPECT_EQ(j["results"][0]["report"]["input"]["channels"], 1);
  // A stream the file does not have is the option's mistake (2), not the file's (4).
  const auto none = vt::cli({"prep", mkv, "--stream", "7", "-o", (dir / "o.wav").string()});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("stream #7 is not an audio stream"), std::string::npos) << none.err;
  EXPECT_TRUE(vt::list_dir(dir).empty());
}

}  // namespace

namespace {

TEST(Progress, SeveralAtOnceShowHowManyAreDoneAndWhichRun) {
  const auto dir = vt::temp_dir("jobspty");
  std::filesystem::create_directories(dir / "in");
  for (const char* n : {"a.flac", "b.flac", "c.flac"})
    std::filesystem::copy_file(vt::data("clip.flac"), dir / "in" / n);
  const auto r = vt::run_in_pty({VOXCLONE_CLI, "prep", (dir / "in").string(), "--out-dir",
                                 (dir / "out").string(), "-j", "2"},
                                100);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(0 of 3 done \[----------\]   0% 0:00 now: a\.flac)"))) << r.out;
  EXPECT_NE(r.out.find("3 of 3 done [##########]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("3 of 3 inputs prepared"), std::string::npos) << r.out;
  // Every report starts on a line of its own, not after a progress line.
  for (const auto& line : terminal_lines(r.out))
    if (line.find("done [") != std::string::npos) EXPECT_EQ(line.find("kept"), std::string::npos) << line;
}

}  // namespace

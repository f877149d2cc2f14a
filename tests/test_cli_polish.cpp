// Issue 23, "polish where users touch it", with the real binary: --help without CLI11's
// leftovers, "did you mean" for options, one naming rule, binary audio refused on a terminal,
// login's words on a terminal, speech in the format its name asks for, a batch that weighs its
// inputs by length and says what it skipped or was interrupted, a one-line timeline in prep,
// whole sentences, the man page, zsh and fish completion, and the C++ API's byte containers.
#include <gtest/gtest.h>

#include <csignal>
#include <cstdint>
#include <fstream>
#include <regex>
#include <set>
#include <string_view>

#include "support/service_env.hpp"
#include "support/test_support.hpp"
#include "voxclone/voxclone.hpp"

namespace {

using nlohmann::json;

vt::FakeService* const g_service = &vt::shared_service();
const std::string kToken = "test-token";

using vt::slurp;

vt::EnvChanges api_env() {
  return {{"COZE_API_BASE", std::nullopt}, {"COZE_API_TOKEN", kToken}};
}

vt::RunResult api(std::vector<std::string> args) {
  args.insert(args.end(), {"--base-url", g_service->base_url()});
  return vt::cli(args, "", api_env());
}

// Every --long option a command's --help lists.
std::set<std::string> help_options(const std::string& cmd) {
  const auto r = vt::cli({cmd, "--help"});
  std::set<std::string> out;
  const std::regex opt(R"((?:^|[\s,])(--[a-z0-9][a-z0-9-]+))");
  for (auto it = std::sregex_iterator(r.out.begin(), r.out.end(), opt); it != std::sregex_iterator(); ++it)
    out.insert((*it)[1]);
  return out;
}

const std::vector<std::string> kCommands = {"prep", "check", "clone", "voices", "speak", "login", "logout"};

// ---- --help and a bad command line ------------------------------------------------------------

TEST(Help, ShowsUnitsAndDefaultsNotCli11Leftovers) {
  std::vector<std::string> all = kCommands;
  all.push_back("");
  for (const auto& cmd : all) {
    const auto r = cmd.empty() ? vt::cli({"--help"}) : vt::cli({cmd, "--help"});
    ASSERT_EQ(r.exit_code, 0) << cmd;
    for (const char* leftover : {"Excludes:", "Needs:", "FLOAT", "TEXT:{", "INT:{", " in [", "REQUIRED"})
      EXPECT_EQ(r.out.find(leftover), std::string::npos) << cmd << ": " << leftover << "\n" << r.out;
    EXPECT_FALSE(std::regex_search(r.out, std::regex(R"(\S=[-0-9])"))) << cmd << "\n" << r.out;
  }
  const auto login = vt::cli({"login", "--help"});
  EXPECT_TRUE(std::regex_search(login.out, std::regex(R"(--timeout SECONDS\s+Seconds each request may take: 1–3600 \[default: 30\])")))
      << login.out;
  const auto prep = vt::cli({"prep", "--help"});
  EXPECT_NE(prep.out.find("--loudness LUFS"), std::string::npos) << prep.out;
  EXPECT_NE(prep.out.find("[default: -20]"), std::string::npos) << prep.out;
}

TEST(Help, AMistypedOptionGetsTheNearestOneAndAMissingInputSaysWhatToGive) {
  const auto dir = vt::temp_dir("outdir");
  const auto r = vt::cli({"prep", vt::data("clip.flac").string(), "--outdir", dir.string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("'--outdir' is not an option of 'voxclone prep'. Did you mean '--out-dir'?"),
            std::string::npos) << r.err;
  const auto eq = vt::cli({"check", vt::data("clip.flac").string(), "--min-second=12"});
  EXPECT_NE(eq.err.find("Did you mean '--min-seconds'?"), std::string::npos) << eq.err;
  const auto none = vt::cli({"prep"});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_EQ(none.err.find("is required"), std::string::npos) << none.err;
  EXPECT_NE(none.err.find("'voxclone prep' needs at least one input"), std::string::npos) << none.err;
  const auto name = vt::cli({"clone", vt::data("clip.flac").string()});
  EXPECT_NE(name.err.find("'voxclone clone' needs --name"), std::string::npos) << name.err;
  EXPECT_TRUE(vt::list_dir(dir).empty());
}

// ---- Names and where the audio goes -------------------------------------------------------------

TEST(Outputs, ANameWithoutAnExtensionGetsTheFormatsForEveryCommand) {
  const auto dir = vt::temp_dir("noext");
  const auto wav = vt::cli({"prep", vt::data("clip.flac").string(), "-o", (dir / "a").string(), "-q"});
  ASSERT_EQ(wav.exit_code, 0) << wav.err;
  EXPECT_TRUE(std::filesystem::exists(dir / "a.wav"));
  EXPECT_FALSE(std::filesystem::exists(dir / "a"));
  EXPECT_EQ(vt::probe(dir / "a.wav")["format"]["format_name"], "wav");
  const auto mp3 = vt::cli({"prep", vt::data("clip.flac").string(), "-o", (dir / "b").string(),
                            "--format", "mp3", "-q"});
  ASSERT_EQ(mp3.exit_code, 0) << mp3.err;
  EXPECT_EQ(vt::probe(dir / "b.mp3")["format"]["format_name"], "mp3");
  const auto saved = vt::cli({"clone", vt::data("clip.flac").string(), "--name", "me", "--dry-run",
                              "--save-sample", (dir / "sent").string(), "-q"},
                             "", {{"COZE_API_TOKEN", std::nullopt}, {"COZE_API_BASE", std::nullopt}});
  ASSERT_EQ(saved.exit_code, 0) << saved.err;
  EXPECT_TRUE(std::filesystem::exists(dir / "sent.mp3"));
  // A bare "." is named as such, never "a . name".
  const auto dot = vt::cli({"prep", vt::data("clip.flac").string(), "-o", (dir / "c.").string()});
  EXPECT_EQ(dot.exit_code, 2);
  EXPECT_EQ(dot.err.find("a . name"), std::string::npos) << dot.err;
  EXPECT_NE(dot.err.find("ends in a bare '.'"), std::string::npos) << dot.err;
}

TEST(Outputs, BinaryAudioIsNotWrittenToATerminal) {
  g_service->reset();
  const auto prep = vt::run_in_pty({VOXCLONE_CLI, "prep", vt::data("clip.flac").string(), "-o", "-"}, 100);
  EXPECT_EQ(prep.exit_code, 2) << prep.out;
  EXPECT_NE(prep.out.find("standard output is a terminal"), std::string::npos) << prep.out;
  EXPECT_EQ(prep.out.find("RIFF"), std::string::npos);
  auto env = api_env();
  const auto speak = vt::run_in_pty({VOXCLONE_CLI, "speak", "--voice-id", "v1", "--text", "Hi.", "-o",
                                     "-", "--base-url", g_service->base_url()},
                                    100, env);
  EXPECT_EQ(speak.exit_code, 2) << speak.out;
  EXPECT_EQ(g_service->request_count(), 0u);  // refused before the (billed) request
  // A pipe is fine.
  const auto piped = vt::cli({"prep", vt::data("clip.flac").string(), "-o", "-", "-q"});
  EXPECT_EQ(piped.exit_code, 0) << piped.err;
  EXPECT_EQ(piped.out.substr(0, 4), "RIFF");
}

TEST(Outputs, SpeechInAnotherFormatThanItsNameIsRefused) {
  g_service->reset();
  const auto dir = vt::temp_dir("speakformat");
  // A service that answers MP3 whatever was asked.
  g_service->set_speech_audio(std::string("ID3\x04\x00\x00\x00\x00\x00\x00", 10) + std::string(200, 'x'),
                              "audio/mpeg");
  const auto r = api({"speak", "--voice-id", "v1", "--text", "Hello.", "-o", (dir / "hello.wav").string()});
  EXPECT_EQ(r.exit_code, 12) << r.err;
  EXPECT_NE(r.err.find("asked for WAV but the service sent MP3 (audio/mpeg"), std::string::npos) << r.err;
  EXPECT_TRUE(vt::list_dir(dir).empty());
  EXPECT_EQ(g_service->request_count(), 1u);  // not sent again
  // The format asked for is kept.
  g_service->reset();
  const auto ok = api({"speak", "--voice-id", "v1", "--text", "Hello.", "-o", (dir / "hello.wav").string()});
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(slurp(dir / "hello.wav").substr(0, 4), "RIFF");
}

// ---- Terminal words ------------------------------------------------------------------------------

TEST(Terminal, LoginShowsItsInstructionsOnALineOfTheirOwnAndNoCloneWords) {
  g_service->reset();
  g_service->script_device({"authorization_pending"});
  const auto config = vt::temp_dir("loginpty");
  const auto r = vt::run_in_pty({VOXCLONE_CLI, "login", "--client-id", g_service->oauth.device_client_id,
                                 "--base-url", g_service->base_url()},
                                100, {{"XDG_CONFIG_HOME", config.string()}, {"COZE_API_BASE", std::nullopt}});
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out.find("training"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("upload done"), std::string::npos) << r.out;
  const auto at = r.out.find("To sign in, open ");
  ASSERT_NE(at, std::string::npos) << r.out;
  EXPECT_TRUE(at == 0 || r.out[at - 1] == '\n' || r.out.compare(at - 3, 3, "\033[K") == 0) << r.out;
}

TEST(Terminal, ARetryNoticeIsWholeSentences) {
  g_service->reset();
  g_service->script({{.status = 503}});
  const auto r = api({"voices"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto at = r.err.find("Trying again in");
  ASSERT_NE(at, std::string::npos) << r.err;
  EXPECT_EQ(r.err.substr(at - 2, 2), ". ") << r.err;
}

TEST(Terminal, ATokenFileErrorGivesTheSystemsReason) {
  const auto dir = vt::temp_dir("tokenfile");
  const auto r = vt::cli({"voices", "--token-file", (dir / "missing").string(), "--base-url",
                          g_service->base_url()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("cannot read it: No such file or directory"), std::string::npos) << r.err;
}

TEST(Terminal, PrepSummarisesTheTimelineInOneLineAndVerboseOrCheckListIt) {
  const auto dir = vt::temp_dir("timeline");
  // Timeline stretches look like "0:00.0–0:07.2" (the kept window is "1.20–31.00 s").
  const auto stretches = [](const std::string& s) {
    const std::regex stretch(R"(\d:\d\d\.\d–\s*\d+:\d\d\.\d)");
    return static_cast<std::size_t>(std::distance(std::sregex_iterator(s.begin(), s.end(), stretch),
                                                  std::sregex_iterator()));
  };
  const std::string in = vt::data("speech_long.flac").string();
  const auto plain = vt::cli({"prep", in, "-o", (dir / "a.wav").string()});
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_TRUE(std::regex_search(plain.out, std::regex(R"(timeline +\d+ stretch(es)?: \d+ [a-z_]+.*\(-v or check lists them\))")))
      << plain.out;
  const auto verbose = vt::cli({"prep", in, "-o", (dir / "b.wav").string(), "-v"});
  ASSERT_EQ(verbose.exit_code, 0) << verbose.err;
  const auto checked = vt::cli({"check", in});
  const std::size_t verbose_lines = stretches(verbose.out), check_lines = stretches(checked.out);
  EXPECT_GE(verbose_lines, 5u) << verbose.out;
  EXPECT_EQ(check_lines, verbose_lines) << checked.out;
  EXPECT_EQ(stretches(plain.out), 0u) << plain.out;
}

// ---- Batches -------------------------------------------------------------------------------------

// The percentage right after the first "<n> of <total> [" bar of the run.
int first_percent_after(const std::string& out, const std::string& head) {
  const auto at = out.find(head);
  if (at == std::string::npos) return -1;
  const auto close = out.find("] ", at);
  return std::stoi(out.substr(close + 2, 4));
}

TEST(Batch, ProgressWeighsInputsByTheirLengthAndGivesAnEta) {
  const auto dir = vt::temp_dir("weighed");
  std::filesystem::create_directories(dir / "in");
  std::filesystem::copy_file(vt::data("speech_long.flac"), dir / "in" / "a.flac");  // 68 s
  std::filesystem::copy_file(vt::data("clip.flac"), dir / "in" / "b.flac");         // 15 s
  const auto r = vt::run_in_pty({VOXCLONE_CLI, "prep", (dir / "in").string(), "--out-dir",
                                 (dir / "out").string(), "-j", "1"},
                                200);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  // When the second input starts, 68 of 83 seconds are done: 82 %, not 1 of 2 files (50 %).
  const int second = first_percent_after(r.out, "2 of 2 [");
  EXPECT_GE(second, 78) << r.out;
  EXPECT_LE(second, 86) << r.out;
  EXPECT_LE(first_percent_after(r.out, "1 of 2 ["), 5) << r.out;
  EXPECT_NE(r.out.find(", ETA "), std::string::npos) << r.out;
  // Several at once: the same weights.
  const auto j2 = vt::run_in_pty({VOXCLONE_CLI, "prep", (dir / "in").string(), "--out-dir",
                                  (dir / "out2").string(), "-j", "2"},
                                 200);
  ASSERT_EQ(j2.exit_code, 0) << j2.out;
  EXPECT_NE(j2.out.find("2 of 2 done [##########] 100%"), std::string::npos) << j2.out;
  const int one_done = first_percent_after(j2.out, "1 of 2 done [");
  EXPECT_TRUE(std::abs(one_done - 19) <= 1 || std::abs(one_done - 81) <= 1) << j2.out;  // b or a first
}

TEST(Batch, SubfoldersLeftOutWithoutRecursiveAreCounted) {
  const auto dir = vt::temp_dir("subfolders");
  std::filesystem::create_directories(dir / "in" / "day1");
  std::filesystem::create_directories(dir / "in" / "day2");
  std::filesystem::copy_file(vt::data("clip.flac"), dir / "in" / "top.flac");
  std::filesystem::copy_file(vt::data("clip.flac"), dir / "in" / "day1" / "talk.flac");
  const auto r = vt::cli({"check", (dir / "in").string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("2 subfolders skipped (-r reads subfolders too)"), std::string::npos) << r.err;
  const auto j = vt::cli_json(vt::cli({"prep", (dir / "in").string(), "--out-dir", (dir / "out").string(), "--json"}));
  EXPECT_EQ(j["skipped_subfolders"], 2);
  const auto r2 = vt::cli_json(vt::cli({"prep", (dir / "in").string(), "-r", "--out-dir", (dir / "out2").string(), "--json"}));
  EXPECT_EQ(r2["skipped_subfolders"], 0);
  EXPECT_EQ(r2["counts"]["ok"], 2);
  std::filesystem::remove(dir / "in" / "top.flac");
  const auto empty = vt::cli({"prep", (dir / "in").string(), "--out-dir", (dir / "out3").string()});
  EXPECT_EQ(empty.exit_code, 3);
  EXPECT_NE(empty.err.find("(it has 2 subfolders: -r searches them too)"), std::string::npos) << empty.err;
}

// ---- The man page and the completions ------------------------------------------------------------

TEST(Docs, ManPageIsUtf8AndHasTheSectionsAManPageHas) {
  const std::filesystem::path man = VOXCLONE_BINARY_DIR "/tools/voxclone.1";
  if (!std::filesystem::exists("/usr/bin/help2man")) GTEST_SKIP() << "help2man is not installed";
  const std::string page = slurp(man);
  ASSERT_FALSE(page.empty()) << man;
  EXPECT_EQ(page.find("??"), std::string::npos);
  EXPECT_NE(page.find("1–600"), std::string::npos);
  for (const char* section : {".SH ENVIRONMENT", ".SH FILES", ".SH \"EXIT STATUS\"", ".SH EXAMPLES"})
    EXPECT_NE(page.find(section), std::string::npos) << section;
  EXPECT_NE(page.find("COZE_API_TOKEN"), std::string::npos);
  EXPECT_NE(page.find("login.json"), std::string::npos);
  if (!std::filesystem::exists("/usr/bin/man")) GTEST_SKIP() << "man-db is not installed";
  const auto shown = vt::run({"/usr/bin/man", "-l", man.string()}, "",
                             {{"MANPAGER", "cat"}, {"PAGER", "cat"}, {"LC_ALL", "C.UTF-8"}, {"MANWIDTH", "100"}});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_EQ(shown.out.find("??"), std::string::npos);
  EXPECT_NE(shown.out.find("1–600"), std::string::npos);
  for (const char* heading : {"ENVIRONMENT", "FILES", "EXIT STATUS", "EXAMPLES", "COMMANDS"})
    EXPECT_NE(shown.out.find(std::string("\n") + heading + "\n"), std::string::npos) << heading;
  EXPECT_TRUE(std::regex_search(shown.out, std::regex(R"(\n\s+130\s+interrupted)"))) << shown.out;
  EXPECT_EQ(shown.err.find("warning"), std::string::npos) << shown.err;
}

TEST(Docs, ZshAndFishCompletionParseAndOfferEveryOption) {
  for (const char* shell_file : {"/tools/completion/_voxclone", "/tools/completion/voxclone.fish"}) {
    const std::string path = std::string(VOXCLONE_SOURCE_DIR) + shell_file;
    const std::string file = slurp(path);
    ASSERT_FALSE(file.empty()) << path;
    for (const auto& cmd : kCommands)
      for (const auto& o : help_options(cmd)) {
        if (o == "--help") continue;
        const std::string bare = o.substr(2);  // fish writes "-l out-dir"
        EXPECT_TRUE(file.find(o + "[") != std::string::npos || file.find("'" + o + "'") != std::string::npos ||
                    file.find("," + o + "}") != std::string::npos ||  // zsh: {-j,--jobs}'[...]'
                    file.find("-l " + bare + " ") != std::string::npos)
            << shell_file << ": " << cmd << " " << o;
      }
  }
  const std::string zsh_exe = std::filesystem::exists("/usr/bin/zsh") ? "/usr/bin/zsh" : "/bin/zsh";
  const bool zsh = std::filesystem::exists(zsh_exe);
  const bool fish = std::filesystem::exists("/usr/bin/fish");
  if (zsh) {
    const auto r = vt::run({zsh_exe, "-n", VOXCLONE_SOURCE_DIR "/tools/completion/_voxclone"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
  }
  if (fish) {
    const auto r = vt::run({"/usr/bin/fish", "-n", VOXCLONE_SOURCE_DIR "/tools/completion/voxclone.fish"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const auto c = vt::run({"/usr/bin/fish", "--no-config", "-c",
                            "source " VOXCLONE_SOURCE_DIR "/tools/completion/voxclone.fish; "
                            "complete -C 'voxclone check --j'"});
    EXPECT_EQ(c.out, "--jobs\tThreads: 1-64\n--json\tPrint one JSON object on stdout\n") << c.err;
  }
  if (!zsh || !fish) GTEST_SKIP() << "zsh or fish is not installed: only the option lists were checked";
}

// ---- The C++ API ---------------------------------------------------------------------------------

TEST(Api, InputSourceTakesTheByteContainersAppsHold) {
  const std::string bytes = slurp(vt::data("clip.m4a"));
  const std::vector<std::uint8_t> u8(bytes.begin(), bytes.end());
  auto a = voxclone::decode(voxclone::InputSource::memory(u8, "vector<uint8_t>"));
  auto b = voxclone::decode(voxclone::InputSource::memory(bytes, "std::string"));
  auto c = voxclone::decode(voxclone::InputSource::memory(std::span<const std::uint8_t>(u8)));
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(a->audio.samples.size(), b->audio.samples.size());
  EXPECT_EQ(a->audio.samples.size(), c->audio.samples.size());
  EXPECT_NEAR(a->info.duration_seconds, 15.47, 0.1);
  // PCM from the samples themselves: int16_t and float, the format implied.
  std::vector<std::int16_t> s16(48000 * 2);
  for (std::size_t i = 0; i < s16.size(); ++i) s16[i] = static_cast<std::int16_t>((i % 100) * 300 - 15000);
  std::vector<float> f32(s16.begin(), s16.end());
  for (auto& v : f32) v /= 32768.0f;
  auto p16 = voxclone::decode(voxclone::InputSource::pcm(std::span<const std::int16_t>(s16), 48000, 1));
  auto pf = voxclone::decode(voxclone::InputSource::pcm(std::span<const float>(f32), 48000, 1));
  ASSERT_TRUE(p16 && pf);
  EXPECT_NEAR(p16->info.duration_seconds, 2.0, 0.01);
  EXPECT_NEAR(pf->info.duration_seconds, 2.0, 0.01);
  // probe(): the header's length without decoding.
  auto info = voxclone::probe(voxclone::InputSource::file(vt::data("speech_long.flac")));
  ASSERT_TRUE(info) << info.error().message;
  EXPECT_NEAR(info->announced_seconds, 67.78, 0.05);
  EXPECT_FALSE(voxclone::probe(voxclone::InputSource::standard_input()));
}

}  // namespace

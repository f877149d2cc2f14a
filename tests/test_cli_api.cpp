// `voxclone clone`, `voices` and `speak` end to end: the real binary against the in-process fake
// of the service. Checks what a user sees (stdout, stderr, exit code), what the service saw
// (exactly how many requests, exact bytes), and that the token never shows.
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <fstream>

#include "support/sanitizers.hpp"
#include "support/service_env.hpp"
#include "support/test_support.hpp"
#include "voxclone/voxclone.hpp"

namespace {

using nlohmann::json;

vt::FakeService* const g_service = &vt::shared_service();

const std::string kToken = "test-token";

class CliApi : public ::testing::Test {
 protected:
  void SetUp() override { g_service->reset(); }

  static vt::RunResult voxclone(std::vector<std::string> args, bool with_token = true,
                                const std::string& stdin_path = "") {
    args.insert(args.end(), {"--base-url", g_service->base_url()});
    // No credential from the machine running the tests: no stored login, no service app.
    static const auto config = vt::temp_dir("cli-api-config");
    vt::EnvChanges env{{"COZE_API_BASE", std::nullopt},
                       {"XDG_CONFIG_HOME", config.string()},
                       {"COZE_JWT_OAUTH_CLIENT_ID", std::nullopt}};
    env.emplace_back("COZE_API_TOKEN", with_token ? std::optional<std::string>(kToken) : std::nullopt);
    auto r = vt::cli(args, stdin_path, env);
    // The token never appears anywhere a user or a log could see it.
    EXPECT_EQ(r.out.find(kToken), std::string::npos) << r.out;
    EXPECT_EQ(r.err.find(kToken), std::string::npos) << r.err;
    return r;
  }
};

TEST_F(CliApi, ClonePrintsTheVoiceIdAndSendsExactlyTheSavedBytes) {
  const auto saved = vt::temp_dir("clone") / "sent.mp3";
  const auto r = voxclone({"clone", vt::data("clip.m4a").string(), "--name", "me", "--language", "en",
                           "--save-sample", saved.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, std::to_string(vt::FakeService::kFirstVoiceId) + "\n");
  ASSERT_EQ(g_service->request_count(), 1u);
  const auto rq = g_service->requests()[0];
  EXPECT_TRUE(rq.contract_violations.empty()) << rq.contract_violations.front();
  std::ifstream in(saved, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto file = std::find_if(rq.parts.begin(), rq.parts.end(), [](const auto& p) { return p.name == "file"; });
  ASSERT_NE(file, rq.parts.end());
  EXPECT_EQ(file->content, bytes);
  EXPECT_EQ(file->filename, "sample.mp3");  // never the user's path
  // What was sent is a real 24 kHz mono sample at the target loudness.
  EXPECT_EQ(vt::probe(saved)["streams"][0]["sample_rate"], "24000");
  EXPECT_NEAR(vt::independent_meter(saved).integrated_lufs, -20.0, 0.5);
}

TEST_F(CliApi, CloneJsonHasTheResultAndThePrepReportButNoToken) {
  const auto r = voxclone({"clone", vt::data("clip.flac").string(), "--name", "me", "--format", "wav", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json all = vt::cli_json(r);
  EXPECT_TRUE(all["ok"].get<bool>());
  const json& j = all["results"][0];
  EXPECT_EQ(j["voice_id"], std::to_string(vt::FakeService::kFirstVoiceId));
  EXPECT_FALSE(j["log_id"].get<std::string>().empty());
  EXPECT_EQ(j["report"]["output"]["format"], "wav");
  EXPECT_EQ(g_service->requests()[0].parts[1].content, "wav");
}

TEST_F(CliApi, MissingTokenStopsBeforeAnythingIsPrepared) {
  const auto r = voxclone({"clone", vt::data("clip.flac").string(), "--name", "me", "-v"}, false);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("COZE_API_TOKEN"), std::string::npos);
  EXPECT_EQ(r.err.find("speech:"), std::string::npos) << "prepared anyway: " << r.err;
  EXPECT_EQ(g_service->request_count(), 0u);
}

TEST_F(CliApi, RuleBreakingFieldsAreRefusedBeforeSending) {
  EXPECT_EQ(voxclone({"clone", vt::data("clip.flac").string(), "--name", std::string(129, 'n')}).exit_code, 2);
  EXPECT_EQ(voxclone({"clone", vt::data("clip.flac").string(), "--name", "me", "--language", "fr"}).exit_code, 2);
  EXPECT_EQ(voxclone({"clone", vt::data("clip.flac").string(), "--name", "me", "--text", std::string(1025, 't')}).exit_code, 2);
  EXPECT_EQ(voxclone({"clone", vt::data("room_tone.flac").string(), "--name", "me"}).exit_code, 5);
  EXPECT_EQ(g_service->request_count(), 0u);
}

TEST_F(CliApi, TextWithSpeechCutOutIsRefusedWithAWayOut) {
  const auto r = voxclone({"clone", vt::data("speech_long.flac").string(), "--name", "me", "--text", "All of it."});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("1109"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--start/--end"), std::string::npos) << r.err;
  EXPECT_EQ(g_service->request_count(), 0u);
  // Only silence removed: the text still matches, so it is sent.
  const auto ok = voxclone({"clone", vt::data("clip.flac").string(), "--name", "me", "--text", "The words."});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(g_service->request_count(), 1u);
}

TEST_F(CliApi, DryRunShowsTheRequestAndSendsNothing) {
  const auto r = voxclone({"clone", vt::data("clip.flac").string(), "--name", "me", "--dry-run"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Bearer ***"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("/v1/audio/voices/clone"), std::string::npos);
  EXPECT_EQ(g_service->request_count(), 0u);
}

TEST_F(CliApi, WrongTokenOrRegionIsExit9WithTheHintAndLogId) {
  g_service->script({{.body = R"({"code":4100,"msg":"authentication is invalid","detail":{"logid":"20241210ABC"}})"}});
  const auto r = voxclone({"clone", vt::data("clip.flac").string(), "--name", "me"});
  EXPECT_EQ(r.exit_code, 9);
  EXPECT_NE(r.err.find("4100"), std::string::npos);
  EXPECT_NE(r.err.find("20241210ABC"), std::string::npos);
  EXPECT_NE(r.err.find("api.coze.com"), std::string::npos);
  EXPECT_EQ(g_service->request_count(), 1u);
}

TEST_F(CliApi, AServerErrorIsExit11NotResentAndPointsAtVoices) {
  g_service->script({{.status = 500}});
  const auto r = voxclone({"clone", vt::data("clip.flac").string(), "--name", "me", "--json"});
  EXPECT_EQ(r.exit_code, 11);
  EXPECT_NE(r.err.find("list your voices"), std::string::npos) << r.err;
  const json all = vt::cli_json(r);
  const json& j = all["results"][0];
  EXPECT_TRUE(j["error"]["may_have_been_billed"].get<bool>());
  EXPECT_EQ(j["error"]["http_status"], 500);
  EXPECT_EQ(j["error"]["attempts"], 1);
  EXPECT_EQ(g_service->request_count(), 1u);
}

TEST_F(CliApi, AStallPastTheTimeoutIsExit11AfterOneRequest) {
  g_service->script({{.delay = std::chrono::seconds(20)}});
  const auto r = voxclone({"clone", vt::data("clip.flac").string(), "--name", "me", "--timeout", "2"});
  EXPECT_EQ(r.exit_code, 11) << r.err;
  EXPECT_NE(r.err.find("may have succeeded"), std::string::npos) << r.err;
  EXPECT_EQ(g_service->request_count(), 1u);
}

TEST_F(CliApi, VerboseLogsNeverShowTheToken) {
  g_service->script({{.status = 429, .headers = {{"Retry-After", "0"}}}});
  const auto r = voxclone({"clone", vt::data("clip.flac").string(), "--name", "me", "-v"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("Trying again"), std::string::npos) << r.err;  // -v did log things
  EXPECT_EQ(g_service->request_count(), 2u);
}

TEST_F(CliApi, AGigabyteAnswerIsCutOffQuickly) {
  g_service->script({{.huge_body_bytes = 1'000'000'000}});
  const auto r = voxclone({"voices"});
  EXPECT_EQ(r.exit_code, 12) << r.err;
  EXPECT_NE(r.err.find("larger than"), std::string::npos) << r.err;
  if (!vt::kAsan) EXPECT_LT(r.max_rss_kb, 200 * 1024);
  EXPECT_LT(r.seconds, 10.0 * vt::kSlowdown);
}

TEST_F(CliApi, TerminatedDuringTheUploadSaysItMayBeBilled) {
  g_service->script({{.delay = std::chrono::seconds(30)}});
  vt::EnvChanges env{{"COZE_API_TOKEN", kToken}, {"COZE_API_BASE", std::nullopt}};
  const auto r = vt::run_and_signal({VOXCLONE_CLI, "clone", vt::data("clip.flac").string(), "--name", "me",
                                     "--base-url", g_service->base_url()},
                                    SIGTERM, std::chrono::milliseconds(2500), env);
  EXPECT_EQ(r.exit_code, 130) << r.err;
  EXPECT_NE(r.err.find("may have succeeded"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find(kToken), std::string::npos);
  EXPECT_EQ(g_service->request_count(), 1u);
}

TEST_F(CliApi, VoicesListsEveryPageAsATable) {
  const auto r = voxclone({"voices"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("VOICE ID"), std::string::npos);
  for (const auto& v : vt::FakeService::default_voices()) {
    const bool system = v["is_system_voice"].get<bool>();
    EXPECT_EQ(r.out.find(v["voice_id"].get<std::string>()) != std::string::npos, !system) << r.out;
  }
  const auto all = voxclone({"voices", "--all", "--json"});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_EQ(vt::cli_json(all)["results"][0]["voices"].size(), vt::FakeService::default_voices().size());
}

TEST_F(CliApi, SpeakWritesTheAudioOrReportsTheError) {
  g_service->set_speech_audio("ID3-not-really-mp3-but-bytes", "audio/mpeg");
  const auto dir = vt::temp_dir("speak");
  const auto ok = voxclone({"speak", "--voice-id", "v1", "--text", "Hello.", "-o", (dir / "a.mp3").string()});
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(std::filesystem::file_size(dir / "a.mp3"), 28u);
  g_service->script({{.body = R"({"code":4200,"msg":"voice not found"})"}});
  const auto bad = voxclone({"speak", "--voice-id", "nope", "--text", "Hello.", "-o", (dir / "b.mp3").string()});
  EXPECT_EQ(bad.exit_code, 10);
  EXPECT_NE(bad.err.find("voice not found"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir / "b.mp3"));
}

TEST_F(CliApi, TokenFromAFileWorksAndPlainHttpElsewhereIsRefused) {
  const auto tf = vt::temp_dir("token") / "token.txt";
  std::ofstream(tf) << kToken << "\n";
  const auto r = voxclone({"voices", "--token-file", tf.string()}, false);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const auto http = vt::cli({"voices", "--base-url", "http://api.example.com"}, "",
                            {{"COZE_API_TOKEN", kToken}});
  EXPECT_EQ(http.exit_code, 2);
  EXPECT_NE(http.err.find("unencrypted"), std::string::npos);
  EXPECT_EQ(http.err.find(kToken), std::string::npos);
}

// ---- One verdict: check, prep, clone --dry-run, clone and the library say the same ----------

// What each door makes of one recording with the same options: check's exit code and verdict,
// prep's (it writes the sample either way), clone --dry-run's, clone's, and the library's.
struct Doors {
  int check_code, prep_code, dry_run_code;
  std::string check_verdict, prep_verdict, library_verdict;
};

class OneVerdict : public CliApi {
 protected:
  Doors walk(const std::string& input, const std::vector<std::string>& options,
             const voxclone::SelectOptions& select = {}) {
    auto with = [&](std::vector<std::string> args) {
      args.insert(args.end(), options.begin(), options.end());
      return args;
    };
    Doors d;
    const auto check = vt::cli(with({"check", input, "--json"}));
    d.check_code = check.exit_code;
    const json cj = vt::cli_json(check);
    d.check_verdict = cj["results"][0]["report"]["verdict"]["verdict"];
    EXPECT_EQ(cj["results"][0]["usable"].get<bool>(), d.check_verdict != "refuse");
    const auto out = vt::temp_dir("one-verdict") / "sample.wav";
    const auto prep = vt::cli(with({"prep", input, "-o", out.string(), "-y", "--json"}));
    d.prep_code = prep.exit_code;
    d.prep_verdict = vt::cli_json(prep)["results"][0]["report"]["verdict"]["verdict"];
    EXPECT_TRUE(std::filesystem::exists(out)) << "prep writes the sample whatever the verdict";
    d.dry_run_code = voxclone(with({"clone", input, "--name", "me", "--dry-run"})).exit_code;
    voxclone::PrepOptions o;
    o.select = select;
    auto lib = voxclone::check(voxclone::InputSource::file(input), o);
    EXPECT_TRUE(lib) << lib.error().message;
    d.library_verdict = lib ? std::string(voxclone::to_string(lib->verdict->kind)) : "";
    EXPECT_EQ(g_service->request_count(), 0u);
    return d;
  }
};

// A loud intro, then clean speech (testdata/README.md, row 25): the whole input's SNR is low,
// but nothing of the intro is kept, whole file or cut with --start; every door says usable.
TEST_F(OneVerdict, ALoudIntroCutAwayIsUsableAtEveryDoor) {
  const std::string in = vt::data("noisy_intro.opus").string();
  const double clean_from = vt::labels("noisy_intro")[1].start - 0.5;
  const auto start = std::to_string(clean_from);
  for (const bool cut : {false, true}) {
    SCOPED_TRACE(cut ? "--start " + start : "whole file");
    voxclone::SelectOptions select;
    if (cut) select.start_seconds = clean_from;
    const Doors d =
        walk(in, cut ? std::vector<std::string>{"--start", start} : std::vector<std::string>{},
             select);
    EXPECT_EQ(d.check_code, 0);
    EXPECT_EQ(d.prep_code, 0);
    EXPECT_EQ(d.dry_run_code, 0);
    EXPECT_EQ(d.check_verdict, "usable");
    EXPECT_EQ(d.prep_verdict, "usable");
    EXPECT_EQ(d.library_verdict, "usable");
  }
  const auto r = vt::cli({"check", in, "--start", start, "--json"});
  const json rep = vt::cli_json(r)["results"][0]["report"];
  EXPECT_LT(rep["analysis"]["snr_db"].get<double>(), 15.0) << "the whole input: intro included";
  EXPECT_GT(rep["window"]["snr_db"].get<double>(), 35.0) << "the kept speech";
  const auto cloned = voxclone({"clone", in, "--name", "me", "--start", start});
  EXPECT_EQ(cloned.exit_code, 0) << cloned.err;
  EXPECT_EQ(g_service->request_count(), 1u);
}

// Other voices and noise under the kept speech (testdata/voice/babble.opus): every door says
// clone would refuse it; check and clone exit 5 and name --force; prep writes the sample and
// says so; clone sends nothing unless --force.
TEST_F(OneVerdict, VoicesUnderTheKeptSpeechAreRefusedAtEveryDoorUnlessForced) {
  const std::string in = vt::data("voice/babble.opus").string();
  const Doors d = walk(in, {});
  EXPECT_EQ(d.check_code, 5);
  EXPECT_EQ(d.prep_code, 0);
  EXPECT_EQ(d.dry_run_code, 5);
  EXPECT_EQ(d.check_verdict, "refuse");
  EXPECT_EQ(d.prep_verdict, "refuse");
  EXPECT_EQ(d.library_verdict, "refuse");
  const auto check = vt::cli({"check", in});
  EXPECT_NE(check.out.find("clone would refuse it (background_voices"), std::string::npos)
      << check.out;
  EXPECT_NE(check.out.find("--force"), std::string::npos) << check.out;
  const json cj = vt::cli_json(vt::cli({"check", in, "--json"}));
  EXPECT_EQ(cj["results"][0]["status"], "failed");
  EXPECT_EQ(cj["results"][0]["error"]["category"], "bad_voice");
  EXPECT_EQ(cj["results"][0]["error"]["warnings"][0], "background_voices");
  const auto prep = vt::cli({"prep", in, "-o", (vt::temp_dir("babble") / "b.wav").string()});
  EXPECT_EQ(prep.exit_code, 0) << prep.err;
  EXPECT_NE(prep.err.find("clone would refuse this sample (background_voices"), std::string::npos)
      << prep.err;
  EXPECT_NE(prep.out.find("verdict    clone would refuse it"), std::string::npos) << prep.out;
  const auto stopped = voxclone({"clone", in, "--name", "me"});
  EXPECT_EQ(stopped.exit_code, 5);
  EXPECT_NE(stopped.err.find("background_voices"), std::string::npos) << stopped.err;
  EXPECT_NE(stopped.err.find("--force"), std::string::npos) << stopped.err;
  EXPECT_EQ(g_service->request_count(), 0u);
  const auto forced = voxclone({"clone", in, "--name", "me", "--force"});
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_EQ(g_service->request_count(), 1u);
}

}  // namespace

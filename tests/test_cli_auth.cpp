// Signing in from the command line: a service app from the SDKs' environment variables or an
// --oauth-config file, `voxclone login`/`logout` with the device flow and the stored file, which
// credential wins and what -v says about it, warnings for secrets others can read, the speech
// and voice-list options, the retrain check, and each error code's exit code. The real binary
// against the in-process fake; every case counts the requests and greps all output for secrets.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <fstream>

#include "support/service_env.hpp"
#include "support/test_keys.hpp"
#include "support/test_support.hpp"

namespace {

using nlohmann::json;

vt::FakeService* const g_service = &vt::shared_service();
const std::string kToken = "pat-test-token-secret";

class CliAuth : public ::testing::Test {
 protected:
  void SetUp() override {
    g_service->oauth.jwt_public_key_pem = vt::test_rsa_key_pair().public_pem;
    g_service->reset();
    g_service->expected_token = kToken;
    config_ = vt::temp_dir("cli-auth-config");
    keys_ = vt::temp_dir("cli-auth-keys");
  }
  void TearDown() override { g_service->expected_token = "test-token"; }

  // The environment of a machine with nothing set but what the test adds.
  vt::EnvChanges env(vt::EnvChanges extra = {}) const {
    vt::EnvChanges e{{"COZE_API_TOKEN", std::nullopt},
                     {"COZE_API_BASE", std::nullopt},
                     {"COZE_JWT_OAUTH_CLIENT_ID", std::nullopt},
                     {"COZE_JWT_OAUTH_PRIVATE_KEY", std::nullopt},
                     {"COZE_JWT_OAUTH_PRIVATE_KEY_FILE_PATH", std::nullopt},
                     {"COZE_JWT_OAUTH_PUBLIC_KEY_ID", std::nullopt},
                     {"COZE_DEVICE_OAUTH_CLIENT_ID", std::nullopt},
                     {"XDG_CONFIG_HOME", config_.string()}};
    for (auto& x : extra) e.push_back(std::move(x));
    return e;
  }
  vt::EnvChanges jwt_env() const {
    const auto key = keys_ / "app.pem";
    std::ofstream(key) << vt::test_rsa_key_pair().private_pem;
    ::chmod(key.c_str(), 0600);
    return env({{"COZE_JWT_OAUTH_CLIENT_ID", g_service->oauth.jwt_client_id},
                {"COZE_JWT_OAUTH_PRIVATE_KEY_FILE_PATH", key.string()},
                {"COZE_JWT_OAUTH_PUBLIC_KEY_ID", g_service->oauth.jwt_key_id}});
  }
  std::filesystem::path oauth_config(int mode = 0600) const {
    const auto f = keys_ / "oauth.json";
    json cfg = {{"client_type", "jwt"},
                {"client_id", g_service->oauth.jwt_client_id},
                {"private_key", vt::test_rsa_key_pair().private_pem},
                {"public_key_id", g_service->oauth.jwt_key_id},
                {"coze_api_base", g_service->base_url()}};
    std::ofstream(f) << cfg.dump(2);
    ::chmod(f.c_str(), static_cast<mode_t>(mode));
    return f;
  }

  // Runs the CLI against the fake; no secret may show in anything it printed.
  static vt::RunResult voxclone(std::vector<std::string> args, const vt::EnvChanges& e,
                                bool with_base_url = true) {
    if (with_base_url) args.insert(args.end(), {"--base-url", g_service->base_url()});
    auto r = vt::cli(args, "", e);
    for (const std::string* text : {&r.out, &r.err}) {
      EXPECT_EQ(text->find(kToken), std::string::npos) << *text;
      EXPECT_EQ(text->find("PRIVATE KEY"), std::string::npos) << *text;
      EXPECT_EQ(text->find("-secret"), std::string::npos) << *text;  // issued tokens, device code
      EXPECT_EQ(text->find("eyJ"), std::string::npos) << *text;      // a JWT
    }
    return r;
  }

  std::filesystem::path config_, keys_;
};

TEST_F(CliAuth, AServiceAppFromTheSdkVariablesListsVoicesWithOneExchange) {
  const auto r = voxclone({"voices", "--json", "-v"}, jwt_env());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("service app " + g_service->oauth.jwt_client_id), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("COZE_JWT_OAUTH_"), std::string::npos) << r.err;
  EXPECT_EQ(vt::cli_json(r)["results"][0]["voices"].size(), 3u);
  ASSERT_EQ(g_service->request_count(), 2u);
  const auto rq = g_service->requests();
  EXPECT_TRUE(rq[0].contract_violations.empty()) << rq[0].contract_violations.front();
  EXPECT_TRUE(g_service->is_issued_access_token(rq[1].header("Authorization").substr(7)));
}

TEST_F(CliAuth, AKeyGivenInOneLineOfTheEnvironmentWorksToo) {
  std::string one_line;
  for (char ch : vt::test_rsa_key_pair().private_pem) one_line += ch == '\n' ? std::string("\\n") : std::string(1, ch);
  const auto r = voxclone({"voices"}, env({{"COZE_JWT_OAUTH_CLIENT_ID", g_service->oauth.jwt_client_id},
                                           {"COZE_JWT_OAUTH_PRIVATE_KEY", one_line},
                                           {"COZE_JWT_OAUTH_PUBLIC_KEY_ID", g_service->oauth.jwt_key_id}}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(g_service->request_count(), 2u);
  // Half the variables: a clear error, nothing sent.
  const auto half = voxclone({"voices"}, env({{"COZE_JWT_OAUTH_CLIENT_ID", "1"}}));
  EXPECT_EQ(half.exit_code, 2);
  EXPECT_NE(half.err.find("COZE_JWT_OAUTH_PUBLIC_KEY_ID"), std::string::npos) << half.err;
  EXPECT_EQ(g_service->request_count(), 2u);
}

TEST_F(CliAuth, AnOAuthConfigFileRetrainsWithOneExchangeForTheLookupAndTheUpload) {
  const auto r = voxclone({"clone", vt::data("clip.flac").string(), "--name", "again", "--voice-id",
                           "7426720361753903001", "--oauth-config", oauth_config().string(),
                           "--session-name", "ci", "-v"},
                          env());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "7426720361753903001\n");
  ASSERT_EQ(g_service->request_count(), 3u);  // exchange, voice lookup, upload
  const auto rq = g_service->requests();
  EXPECT_EQ(rq[0].path, "/api/permission/oauth2/token");
  EXPECT_EQ(rq[0].jwt_claims["session_name"], "ci");
  EXPECT_EQ(rq[1].path, "/v1/audio/voices");
  EXPECT_EQ(rq[2].path, "/v1/audio/voices/clone");
  EXPECT_EQ(rq[1].header("Authorization"), rq[2].header("Authorization"));
  EXPECT_NE(r.err.find("--oauth-config"), std::string::npos) << r.err;
}

TEST_F(CliAuth, CloneJsonAndDryRunNameTheCredentialButNoSecret) {
  const auto dry = voxclone({"clone", vt::data("clip.flac").string(), "--name", "me", "--dry-run",
                             "--json", "--oauth-config", oauth_config().string()},
                            env());
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(vt::cli_json(dry)["results"][0]["credential"].get<std::string>().find("service app"),
            std::string::npos);
  EXPECT_EQ(g_service->request_count(), 0u);
  const auto real = voxclone({"clone", vt::data("clip.flac").string(), "--name", "me", "--json",
                              "--oauth-config", oauth_config().string()},
                             env());
  ASSERT_EQ(real.exit_code, 0) << real.err;
  EXPECT_EQ(vt::cli_json(real)["results"][0]["voice_id"], std::to_string(vt::FakeService::kFirstVoiceId));
  EXPECT_EQ(g_service->request_count(), 2u);  // the exchange and the upload
}

TEST_F(CliAuth, SecretsOthersCanReadGetAWarning) {
  const auto r = voxclone({"voices", "--oauth-config", oauth_config(0644).string()}, env());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("can be read by other users"), std::string::npos) << r.err;
  EXPECT_EQ(g_service->request_count(), 2u);
  g_service->reset();
  const auto quiet = voxclone({"voices", "--oauth-config", oauth_config(0600).string()}, env());
  EXPECT_EQ(quiet.err.find("can be read by other users"), std::string::npos) << quiet.err;
  EXPECT_EQ(g_service->request_count(), 2u);
}

TEST_F(CliAuth, APersonalTokenWinsOverTheVariablesOfAServiceAppAndSaysSo) {
  auto e = jwt_env();
  e.emplace_back("COZE_API_TOKEN", kToken);
  const auto r = voxclone({"voices", "-v"}, e);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("personal token from COZE_API_TOKEN"), std::string::npos) << r.err;
  ASSERT_EQ(g_service->request_count(), 1u);
  EXPECT_EQ(g_service->requests()[0].header("Authorization"), "Bearer " + kToken);
}

TEST_F(CliAuth, NoCredentialAtAllNamesEveryWayToSignIn) {
  const auto r = voxclone({"voices"}, env());
  EXPECT_EQ(r.exit_code, 2);
  for (const char* way : {"COZE_API_TOKEN", "--oauth-config", "COZE_JWT_OAUTH_", "voxclone login"})
    EXPECT_NE(r.err.find(way), std::string::npos) << way << ": " << r.err;
  EXPECT_EQ(g_service->request_count(), 0u);
}

TEST_F(CliAuth, LoginStoresAPrivateFileThatVoicesUseAndLogoutRemoves) {
  g_service->script_device({"authorization_pending"});
  const auto login = voxclone({"login", "--client-id", g_service->oauth.device_client_id, "-v"}, env());
  ASSERT_EQ(login.exit_code, 0) << login.err;
  EXPECT_NE(login.err.find("https://www.coze.cn/open/oauth/device?user_code=WXYZ-"), std::string::npos)
      << login.err;
  EXPECT_NE(login.err.find("still waiting"), std::string::npos) << login.err;
  ASSERT_EQ(g_service->request_count(), 3u);  // the code, a pending poll, the approved poll
  const auto stored = config_ / "voxclone" / "login.json";
  struct stat st{};
  ASSERT_EQ(::stat(stored.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  // The poll waited the interval the service gave (1 s) between requests.
  const auto rq = g_service->requests();
  EXPECT_GE(rq[2].received - rq[1].received, std::chrono::milliseconds(900));

  // (No reset here: it would forget the tokens the fake issued.)
  const auto voices = voxclone({"voices", "-v"}, env());
  ASSERT_EQ(voices.exit_code, 0) << voices.err;
  EXPECT_NE(voices.err.find("device login of app " + g_service->oauth.device_client_id), std::string::npos)
      << voices.err;
  ASSERT_EQ(g_service->request_count(), 4u);
  const std::string used = g_service->requests()[3].header("Authorization").substr(7);
  EXPECT_TRUE(g_service->is_issued_access_token(used));

  const auto logout = voxclone({"logout"}, env(), false);
  EXPECT_EQ(logout.exit_code, 0) << logout.err;
  EXPECT_FALSE(std::filesystem::exists(stored));
  const auto again = voxclone({"voices"}, env());
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_EQ(g_service->request_count(), 4u);
}

TEST_F(CliAuth, ADeniedLoginIsExit9AndStoresNothing) {
  g_service->script_device({"access_denied"});
  const auto r = voxclone({"login", "--client-id", g_service->oauth.device_client_id}, env());
  EXPECT_EQ(r.exit_code, 9) << r.err;
  EXPECT_NE(r.err.find("denied"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(config_ / "voxclone" / "login.json"));
  EXPECT_EQ(g_service->request_count(), 2u);
  const auto which = voxclone({"login"}, env());
  EXPECT_EQ(which.exit_code, 2);
  EXPECT_NE(which.err.find("--client-id"), std::string::npos);
  EXPECT_EQ(g_service->request_count(), 2u);
}

TEST_F(CliAuth, AnExpiredStoredLoginIsRenewedAndWrittenBack) {
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch()).count();
  const auto dir = config_ / "voxclone";
  std::filesystem::create_directories(dir);
  const std::string old_refresh = g_service->issue_refresh_token();
  json login = {{"client_id", g_service->oauth.device_client_id},
                {"base_url", g_service->base_url()},
                {"access_token", g_service->issue_access_token(now - 10)},
                {"expires_at", now - 10},
                {"refresh_token", old_refresh}};
  std::ofstream(dir / "login.json") << login.dump();
  ::chmod((dir / "login.json").c_str(), 0600);
  const auto r = voxclone({"voices"}, env());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(g_service->request_count(), 2u);  // refresh + list
  std::ifstream in(dir / "login.json");
  const json back = json::parse(in);
  EXPECT_NE(back["refresh_token"], old_refresh);
  EXPECT_GT(back["expires_at"].get<std::int64_t>(), now);
  struct stat st{};
  ASSERT_EQ(::stat((dir / "login.json").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(CliAuth, RetrainingAVoiceWithNoTrainingsLeftUploadsNothing) {
  auto voices = vt::FakeService::default_voices();
  voices[1]["available_training_times"] = 0;
  g_service->set_voices(voices);
  const auto r = voxclone({"clone", vt::data("clip.flac").string(), "--name", "again", "--voice-id",
                           "7426720361753903002"},
                          env({{"COZE_API_TOKEN", kToken}}));
  EXPECT_EQ(r.exit_code, 10) << r.err;
  EXPECT_NE(r.err.find("no trainings left"), std::string::npos) << r.err;
  ASSERT_EQ(g_service->request_count(), 1u);
  EXPECT_EQ(g_service->requests()[0].path, "/v1/audio/voices");
}

TEST_F(CliAuth, SpeakOptionsAreCheckedBeforeSendingAndTheNameFitsTheFormat) {
  const auto e = env({{"COZE_API_TOKEN", kToken}});
  const auto dir = vt::temp_dir("speak-opts");
  for (std::vector<std::string> bad :
       {std::vector<std::string>{"--format", "ogg_opus", "-o", (dir / "a.mp3").string()},
        {"--sample-rate", "44000", "-o", (dir / "b.mp3").string()},
        {"--loudness-rate", "120", "-o", (dir / "c.mp3").string()},
        {"--emotion", "smug", "-o", (dir / "d.mp3").string()},
        {"--emotion-scale", "3", "-o", (dir / "e.mp3").string()},
        {"--emotion", "happy", "--emotion-scale", "9", "-o", (dir / "f.mp3").string()},
        {"--speed", "3", "-o", (dir / "g.mp3").string()}}) {
    std::vector<std::string> args{"speak", "--voice-id", "7426720361753900102", "--text", "hi"};
    args.insert(args.end(), bad.begin(), bad.end());
    const auto r = voxclone(args, e);
    EXPECT_EQ(r.exit_code, 2) << bad[0] << ": " << r.err;
  }
  EXPECT_EQ(g_service->request_count(), 0u);
  const auto ok = voxclone({"speak", "--voice-id", "7426720361753900102", "--text", "hi", "--format",
                            "wav", "--sample-rate", "16000", "--loudness-rate", "-10", "--emotion",
                            "happy", "--emotion-scale", "2", "--speed", "0.8", "-o", (dir / "out").string()},
                           e);
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_TRUE(std::filesystem::exists(dir / "out.wav"));
  ASSERT_EQ(g_service->request_count(), 1u);
  EXPECT_EQ(json::parse(g_service->requests()[0].body),
            json::parse(R"({"input":"hi","voice_id":"7426720361753900102","response_format":"wav",
              "speed":0.8,"sample_rate":16000,"loudness_rate":-10,"emotion":"happy","emotion_scale":2.0})"));
}

TEST_F(CliAuth, VoicesOptionsGoOnTheWireAndJsonKeepsEveryField) {
  const auto e = env({{"COZE_API_TOKEN", kToken}});
  const auto r = voxclone({"voices", "--system", "--state", "all", "--model-type", "big",
                           "--page-size", "1", "--json"}, e);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = vt::cli_json(r)["results"][0];
  ASSERT_EQ(j["voices"].size(), 4u);  // 2 big cloned + 2 big system voices
  ASSERT_EQ(g_service->request_count(), 4u);  // one page each, until has_more is false
  const auto rq = g_service->requests()[3];
  EXPECT_EQ(rq.query_params.at("page_num"), "4");
  EXPECT_EQ(rq.query_params.at("model_type"), "big");
  EXPECT_EQ(rq.query_params.at("voice_state"), "all");
  EXPECT_EQ(rq.query_params.at("filter_system_voice"), "false");
  EXPECT_EQ(j["voices"][3]["support_emotions"], json::array({"happy"}));
  EXPECT_EQ(j["voices"][0]["available_training_times"], 9);
  const auto bad = voxclone({"voices", "--page-size", "0"}, e);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(g_service->request_count(), 4u);
}

TEST_F(CliAuth, EachErrorCodeEndsWithItsExitCode) {
  const auto e = env({{"COZE_API_TOKEN", kToken}});
  struct Case {
    int code;
    int exit;
    std::size_t requests;
  };
  for (const Case& k : {Case{4019, 13, 1}, Case{4027, 13, 1}, Case{4028, 13, 1}, Case{4100, 9, 1},
                        Case{4101, 9, 1}, Case{4013, 10, 3}, Case{4000, 10, 1}, Case{4302, 10, 1},
                        Case{5000, 10, 3}}) {
    SCOPED_TRACE(k.code);
    g_service->reset();
    const std::string body = R"({"code":)" + std::to_string(k.code) + R"(,"msg":"x"})";
    g_service->script({{.body = body}, {.body = body}, {.body = body}});
    const auto r = voxclone({"voices", "--json"}, e);
    EXPECT_EQ(r.exit_code, k.exit) << r.err;
    EXPECT_EQ(g_service->request_count(), k.requests);
    EXPECT_EQ(vt::cli_json(r)["results"][0]["error"]["service_code"], k.code);
  }
}

}  // namespace

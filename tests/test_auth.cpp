// Signing in and the calls that guard money, against the in-process fake service: the service
// app's JWT (the fake verifies its RS256 signature with the public key and checks each claim),
// one exchange per batch and renewal near expiry, the device flow's states, refresh, the stored
// login's mode, the retrain check, each error code's verdict, and the speech and voice-list
// options on the wire. Every case asserts the exact number of requests the service saw.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <functional>

#include "auth/oauth_answer.hpp"
#include "support/service_env.hpp"
#include "support/test_keys.hpp"
#include "support/test_support.hpp"
#include "voxclone/voxclone.hpp"

namespace {

using namespace std::chrono_literals;
using voxclone::ErrorCategory;
using nlohmann::json;

vt::FakeService* const g_service = &vt::shared_service();

std::int64_t now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class Auth : public ::testing::Test {
 protected:
  void SetUp() override {
    g_service->oauth.jwt_public_key_pem = vt::test_rsa_key_pair().public_pem;
    g_service->reset();
  }

  static voxclone::JwtApp app() {
    voxclone::JwtApp a;
    a.client_id = g_service->oauth.jwt_client_id;
    a.public_key_id = g_service->oauth.jwt_key_id;
    a.private_key_pem = vt::test_rsa_key_pair().private_pem;
    return a;
  }
  static voxclone::ClientOptions options() {
    voxclone::ClientOptions o;
    o.base_url = g_service->base_url();
    o.timeout = 5s;
    o.retry_delay = 10ms;
    return o;
  }
  static voxclone::Client client(voxclone::ClientOptions o) {
    auto c = voxclone::Client::create(std::move(o));
    EXPECT_TRUE(c) << (c ? "" : c.error().message);
    return std::move(*c);
  }
  static voxclone::Client jwt_client() {
    auto o = options();
    o.jwt_app = app();
    return client(o);
  }
  static const voxclone::EncodedSample& sample() { return vt::uploadable_sample(); }
  // No secret in what a caller could show: the key, a JWT, issued tokens, the device code.
  static void no_secret_in(const std::string& text) {
    EXPECT_EQ(text.find("PRIVATE KEY"), std::string::npos) << text;
    EXPECT_EQ(text.find("-secret"), std::string::npos) << text;
    EXPECT_EQ(text.find("eyJ"), std::string::npos) << text;  // a base64url JSON object: a JWT
  }
};

// ---- the service app (JWT) ------------------------------------------------------------------

TEST_F(Auth, JwtIsSignedRs256WithEveryClaimAndExchangedForTheAccessTokenUsed) {
  auto o = options();
  o.jwt_app = app();
  o.jwt_app->session_name = "team-batch-7";
  g_service->oauth.expected_session_name = "team-batch-7";
  auto c = client(o);
  auto r = c.list_voices();
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(g_service->request_count(), 2u);
  const auto rq = g_service->requests();
  EXPECT_EQ(rq[0].path, "/api/permission/oauth2/token");
  EXPECT_TRUE(rq[0].contract_violations.empty()) << rq[0].contract_violations.front();
  EXPECT_EQ(rq[0].jwt_header["alg"], "RS256");
  EXPECT_EQ(rq[0].jwt_header["kid"], g_service->oauth.jwt_key_id);
  EXPECT_EQ(rq[0].jwt_claims["iss"], g_service->oauth.jwt_client_id);
  EXPECT_EQ(rq[0].jwt_claims["aud"], "127.0.0.1:" + std::to_string(g_service->port()));
  EXPECT_EQ(rq[0].jwt_claims["session_name"], "team-batch-7");
  EXPECT_EQ(rq[0].jwt_claims["exp"].get<std::int64_t>() - rq[0].jwt_claims["iat"].get<std::int64_t>(), 3600);
  const json body = json::parse(rq[0].body);
  EXPECT_EQ(body["grant_type"], "urn:ietf:params:oauth:grant-type:jwt-bearer");
  EXPECT_EQ(body["duration_seconds"], 900);
  // The voices call carries the issued access token, not the JWT.
  const std::string auth = rq[1].header("Authorization");
  ASSERT_TRUE(auth.starts_with("Bearer fake-access-")) << auth;
  EXPECT_TRUE(g_service->is_issued_access_token(auth.substr(7)));
  EXPECT_TRUE(rq[1].contract_violations.empty());
  EXPECT_EQ(c.token_exchanges(), 1);
  EXPECT_EQ(c.credential_summary().find("PRIVATE"), std::string::npos);
}

TEST_F(Auth, OneExchangeServesAWholeBatch) {
  g_service->oauth.access_token_lifetime = 3600;
  auto c = jwt_client();
  ASSERT_TRUE(c.list_voices());
  ASSERT_TRUE(c.speak({.input = "one", .voice_id = "7426720361753903001"}));
  ASSERT_TRUE(c.clone(sample(), {.voice_name = "batch"}));
  ASSERT_TRUE(c.speak({.input = "two", .voice_id = "7426720361753903001"}));
  EXPECT_EQ(g_service->request_count(), 5u);  // 1 exchange + 4 calls
  EXPECT_EQ(c.token_exchanges(), 1);
  EXPECT_EQ(g_service->issued_access_tokens(), 1u);
}

TEST_F(Auth, ATokenNearItsExpiryIsRenewedBeforeTheNextCall) {
  // expires_in answered as now + 30 s: inside the 60 s margin, so every call renews first. Read
  // as a duration it would look valid for decades and never be renewed.
  g_service->oauth.access_token_lifetime = 30;
  auto c = jwt_client();
  ASSERT_TRUE(c.list_voices());
  ASSERT_TRUE(c.list_voices());
  ASSERT_TRUE(c.list_voices());
  ASSERT_EQ(g_service->request_count(), 6u);
  const auto rq = g_service->requests();
  for (std::size_t i = 0; i < 6; i += 2) {
    EXPECT_EQ(rq[i].path, "/api/permission/oauth2/token");
    EXPECT_TRUE(rq[i].contract_violations.empty()) << rq[i].contract_violations.front();
    EXPECT_EQ(rq[i + 1].path, "/v1/audio/voices");
  }
  EXPECT_NE(rq[0].jwt_claims["jti"], rq[2].jwt_claims["jti"]);  // a fresh JWT each time
  EXPECT_EQ(c.token_exchanges(), 3);
  // With a margin under the lifetime, the token is kept.
  g_service->reset();
  g_service->oauth.access_token_lifetime = 30;
  auto o = options();
  o.jwt_app = app();
  o.token_renew_margin = 5s;
  auto kept = client(o);
  ASSERT_TRUE(kept.list_voices());
  ASSERT_TRUE(kept.list_voices());
  EXPECT_EQ(g_service->request_count(), 3u);
}

TEST_F(Auth, ExpiresInIsReadAsAnAbsoluteTime) {
  const auto t = voxclone::detail::parse_token_answer(
      R"({"access_token":"a","expires_in":1900000000,"token_type":"Bearer"})", "", 1800000000);
  ASSERT_TRUE(t.token);
  EXPECT_EQ(t.token->expires_at, 1900000000);
  // A small value can only be a duration: read from now rather than as 1970.
  const auto d = voxclone::detail::parse_token_answer(R"({"access_token":"a","expires_in":900})",
                                                       "", 1800000000);
  EXPECT_EQ(d.token->expires_at, 1800000900);
}

TEST_F(Auth, AJwtSignedWithAnotherKeyIsRefusedAndNothingElseIsSent) {
  auto o = options();
  o.jwt_app = app();
  o.jwt_app->private_key_pem = vt::make_rsa_key_pair(2048).private_pem;
  auto c = client(o);
  auto r = c.clone(sample(), {.voice_name = "never"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().category, ErrorCategory::auth);
  EXPECT_FALSE(r.error().may_have_been_billed);
  EXPECT_NE(r.error().message.find("invalid_client"), std::string::npos) << r.error().message;
  no_secret_in(r.error().message);
  ASSERT_EQ(g_service->request_count(), 1u);  // the exchange only: no clone
  EXPECT_NE(g_service->requests()[0].contract_violations.front().find("signature"), std::string::npos);
}

TEST_F(Auth, AKeyThatIsNotAKeyFailsBeforeAnythingIsSent) {
  auto o = options();
  o.jwt_app = app();
  o.jwt_app->private_key_pem = "-----BEGIN PRIVATE KEY-----\nnot-a-key-secret\n-----END PRIVATE KEY-----\n";
  auto c = voxclone::Client::create(o);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().category, ErrorCategory::invalid_argument);
  no_secret_in(c.error().message);
  EXPECT_EQ(g_service->request_count(), 0u);
}

TEST_F(Auth, OAuthConfigInTheSdkFormat) {
  json cfg = {{"client_type", "jwt"},
              {"client_id", "1171234567890"},
              {"private_key", vt::test_rsa_key_pair().private_pem},
              {"public_key_id", "kid-test-1"},
              {"coze_api_base", "https://api.coze.com"},
              {"coze_www_base", "https://www.coze.com"}};
  auto c = voxclone::parse_oauth_config(cfg.dump());
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->api_base, "https://api.coze.com");
  auto a = voxclone::jwt_app_from(*c);
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->client_id, "1171234567890");
  cfg["client_type"] = "pkce";
  EXPECT_FALSE(voxclone::parse_oauth_config(cfg.dump()));
  cfg["client_type"] = "jwt";
  cfg.erase("public_key_id");
  auto missing = voxclone::parse_oauth_config(cfg.dump());
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("public_key_id"), std::string::npos);
  no_secret_in(missing.error().message);
}

// ---- the device flow ------------------------------------------------------------------------

struct DeviceRun {
  voxclone::ApiResult<voxclone::OAuthToken> token;
  std::vector<std::chrono::seconds> waits;
};

DeviceRun device_login(const voxclone::ClientOptions& o) {
  voxclone::DeviceApp app{.client_id = g_service->oauth.device_client_id};
  auto code = voxclone::request_device_code(o, app);
  EXPECT_TRUE(code) << (code ? "" : code.error().message);
  if (!code) return {std::unexpected(code.error()), {}};
  EXPECT_NE(code->verification_url.find("user_code=" + code->user_code), std::string::npos);
  DeviceRun run{voxclone::OAuthToken{}, {}};
  voxclone::DevicePollOptions poll;
  poll.sleep = [&](std::chrono::seconds s) {
    run.waits.push_back(s);
    return true;
  };
  run.token = voxclone::wait_for_device_token(o, app, *code, poll);
  return run;
}

TEST_F(Auth, DeviceFlowPollsAtTheServicesIntervalAndSlowsDownWhenAsked) {
  g_service->oauth.device_interval = 2;
  g_service->script_device({"authorization_pending", "slow_down", "authorization_pending"});
  auto run = device_login(options());
  ASSERT_TRUE(run.token) << run.token.error().message;
  EXPECT_TRUE(run.token->access_token.starts_with("fake-access-"));
  EXPECT_FALSE(run.token->refresh_token.empty());
  EXPECT_GT(run.token->expires_at, now());
  // 2 s, 2 s, then 5 s more after slow_down: 7 s, 7 s.
  EXPECT_EQ(run.waits, (std::vector<std::chrono::seconds>{2s, 2s, 7s, 7s}));
  ASSERT_EQ(g_service->request_count(), 5u);  // the code + 4 polls
  for (const auto& rq : g_service->requests())
    EXPECT_TRUE(rq.contract_violations.empty()) << rq.contract_violations.front();
}

TEST_F(Auth, DeviceFlowStopsOnDenialAndOnExpiry) {
  g_service->script_device({"authorization_pending", "access_denied"});
  auto denied = device_login(options());
  ASSERT_FALSE(denied.token);
  EXPECT_EQ(denied.token.error().category, ErrorCategory::auth);
  EXPECT_NE(denied.token.error().message.find("denied"), std::string::npos);
  EXPECT_EQ(g_service->request_count(), 3u);

  g_service->reset();
  g_service->script_device({"expired_token"});
  auto expired = device_login(options());
  ASSERT_FALSE(expired.token);
  EXPECT_EQ(expired.token.error().category, ErrorCategory::auth);
  EXPECT_NE(expired.token.error().message.find("expired"), std::string::npos);
  EXPECT_EQ(g_service->request_count(), 2u);

  // A code whose lifetime is over is not polled at all.
  g_service->reset();
  g_service->oauth.device_code_lifetime = 0;
  auto lapsed = device_login(options());
  ASSERT_FALSE(lapsed.token);
  EXPECT_TRUE(lapsed.waits.empty());
  EXPECT_EQ(g_service->request_count(), 1u);
}

TEST_F(Auth, AnUnknownDeviceAppIsRefused) {
  auto code = voxclone::request_device_code(options(), {.client_id = "nobody"});
  ASSERT_FALSE(code);
  EXPECT_EQ(code.error().category, ErrorCategory::auth);
  EXPECT_EQ(g_service->request_count(), 1u);
}

// ---- a stored login: renewal with the refresh token, the file ------------------------------

TEST_F(Auth, AnExpiredLoginIsRenewedOnceWithItsRefreshTokenAndReported) {
  voxclone::StoredLogin login{.client_id = g_service->oauth.device_client_id,
                              .base_url = g_service->base_url(),
                              .token = {.access_token = g_service->issue_access_token(now() - 5),
                                        .expires_at = now() - 5,
                                        .refresh_token = g_service->issue_refresh_token()}};
  auto o = options();
  o.login = login;
  std::vector<voxclone::StoredLogin> renewed;
  o.on_login_renewed = [&](const voxclone::StoredLogin& l) { renewed.push_back(l); };
  auto c = client(o);
  ASSERT_TRUE(c.list_voices());
  ASSERT_TRUE(c.list_voices());
  ASSERT_EQ(g_service->request_count(), 3u);  // refresh + 2 calls
  const auto rq = g_service->requests();
  EXPECT_EQ(json::parse(rq[0].body)["grant_type"], "refresh_token");
  EXPECT_TRUE(rq[0].contract_violations.empty());
  ASSERT_EQ(renewed.size(), 1u);
  EXPECT_NE(renewed[0].token.refresh_token, login.token.refresh_token);
  EXPECT_EQ(rq[1].header("Authorization"), "Bearer " + renewed[0].token.access_token);

  // A refresh token that no longer works: sign in again, nothing else sent.
  g_service->reset();
  o.login->token.refresh_token = "fake-refresh-revoked-secret";
  auto stale = client(o);
  auto r = stale.speak({.input = "hi", .voice_id = "7426720361753903001"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().category, ErrorCategory::auth);
  EXPECT_NE(r.error().message.find("voxclone login"), std::string::npos) << r.error().message;
  no_secret_in(r.error().message);
  EXPECT_EQ(g_service->request_count(), 1u);
}

TEST_F(Auth, TheStoredLoginIsPrivateAndWrittenAtomically) {
  const auto dir = vt::temp_dir("login") / "config" / "voxclone";
  const auto path = dir / "login.json";
  voxclone::StoredLogin l{.client_id = "456", .base_url = "https://api.coze.cn",
                          .token = {.access_token = "at-secret", .expires_at = 1900000000,
                                    .refresh_token = "rt-secret"}};
  ASSERT_TRUE(voxclone::save_login(path, l));
  struct stat st{};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat(dir.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  EXPECT_FALSE(voxclone::readable_by_others(path));
  // Over a file someone made readable: the new one is 0600 again, and no temporary is left.
  ::chmod(path.c_str(), 0644);
  EXPECT_TRUE(voxclone::readable_by_others(path));
  l.token.access_token = "at2-secret";
  ASSERT_TRUE(voxclone::save_login(path, l));
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(vt::list_dir(dir), std::vector<std::string>{"login.json"});
  auto back = voxclone::load_login(path);
  ASSERT_TRUE(back && *back);
  EXPECT_EQ((*back)->token.access_token, "at2-secret");
  EXPECT_EQ((*back)->token.expires_at, 1900000000);
  EXPECT_EQ((*back)->token.refresh_token, "rt-secret");
  EXPECT_EQ(voxclone::remove_login(path).value(), true);
  EXPECT_EQ(voxclone::remove_login(path).value(), false);
  auto none = voxclone::load_login(path);
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
}

// ---- retraining: looked up first, nothing sent when it cannot be done ----------------------

TEST_F(Auth, RetrainingAVoiceNotInTheAccountSendsNoUpload) {
  auto c = client([] { auto o = options(); o.token = "test-token"; return o; }());
  auto r = c.clone(sample(), {.voice_name = "again", .voice_id = "7426720361753999999"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().category, ErrorCategory::rejected);
  EXPECT_FALSE(r.error().may_have_been_billed);
  EXPECT_NE(r.error().message.find("not among"), std::string::npos) << r.error().message;
  ASSERT_EQ(g_service->request_count(), 1u);
  const auto rq = g_service->requests()[0];
  EXPECT_EQ(rq.path, "/v1/audio/voices");
  EXPECT_EQ(rq.query_params.at("voice_state"), "all");
}

TEST_F(Auth, RetrainingAVoiceWithNoTrainingsLeftSendsNoUpload) {
  auto voices = vt::FakeService::default_voices();
  voices[0]["available_training_times"] = 0;
  g_service->set_voices(voices);
  auto c = client([] { auto o = options(); o.token = "test-token"; return o; }());
  auto r = c.clone(sample(), {.voice_name = "again", .voice_id = "7426720361753903001"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().category, ErrorCategory::rejected);
  EXPECT_NE(r.error().message.find("no trainings left"), std::string::npos) << r.error().message;
  EXPECT_EQ(g_service->request_count(), 1u);
  // With trainings left, the retrain goes out once, with the voice's id.
  g_service->reset();
  auto ok = c.clone(sample(), {.voice_name = "again", .voice_id = "7426720361753903003"});
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->voice_id, "7426720361753903003");
  ASSERT_EQ(g_service->request_count(), 2u);
  EXPECT_EQ(g_service->requests()[1].path, "/v1/audio/voices/clone");
}

// ---- each error code: its verdict, hint, and how often it is sent --------------------------

struct CodeCase {
  int code;
  ErrorCategory category;
  std::size_t requests;  // with max_attempts 3
  const char* hint;
};

TEST_F(Auth, EveryErrorCodeHasItsCategoryHintAndRetryRule) {
  const std::vector<CodeCase> cases = {
      {4000, ErrorCategory::rejected, 1, "broke one of the endpoint's rules"},
      {4013, ErrorCategory::rejected, 3, "rate-limiting"},
      {4019, ErrorCategory::payment_required, 1, "top it up"},
      {4027, ErrorCategory::payment_required, 1, "overdue payment"},
      {4028, ErrorCategory::payment_required, 1, "credits are used up"},
      {4100, ErrorCategory::auth, 1, "coze.com"},
      {4101, ErrorCategory::auth, 1, "createVoice"},
      {4200, ErrorCategory::rejected, 1, "does not exist"},
      {4300, ErrorCategory::rejected, 1, "audio format"},
      {4301, ErrorCategory::rejected, 1, "file size"},
      {4302, ErrorCategory::rejected, 1, "length"},
      {4303, ErrorCategory::rejected, 1, "24 kHz mono"},
      {4304, ErrorCategory::rejected, 1, "one audio file"},
      {5000, ErrorCategory::outcome_unknown, 1, "may have succeeded and been billed"},
  };
  for (const auto& k : cases) {
    SCOPED_TRACE(k.code);
    g_service->reset();
    const std::string body = R"({"code":)" + std::to_string(k.code) +
                             R"(,"msg":"said by the service","detail":{"logid":"LOG)" +
                             std::to_string(k.code) + R"("}})";
    g_service->script({{.body = body}, {.body = body}, {.body = body}});
    auto o = options();
    o.token = "test-token";
    auto c = client(o);
    auto r = c.clone(sample(), {.voice_name = "coded"});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().category, k.category) << r.error().message;
    EXPECT_NE(r.error().message.find(k.hint), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("LOG" + std::to_string(k.code)), std::string::npos);
    EXPECT_EQ(r.error().service_code, k.code);
    EXPECT_EQ(g_service->request_count(), k.requests);
    if (k.category == ErrorCategory::payment_required) EXPECT_FALSE(r.error().may_have_been_billed);
  }
}

TEST_F(Auth, A4013ThenSuccessIsSentTwice) {
  g_service->script({{.body = R"({"code":4013,"msg":"too many requests"})"}});
  auto o = options();
  o.token = "test-token";
  auto c = client(o);
  auto r = c.clone(sample(), {.voice_name = "busy"});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(g_service->request_count(), 2u);
}

// ---- the speech and voice-list options on the wire -----------------------------------------

TEST_F(Auth, EverySpeechOptionGoesOnTheWireAndBadOnesNever) {
  auto o = options();
  o.token = "test-token";
  auto c = client(o);
  voxclone::SpeechRequest req{.input = "你好",
                              .voice_id = "7426720361753900102",
                              .response_format = "ogg_opus",
                              .speed = 1.25,
                              .sample_rate = 48000,
                              .loudness_rate = -20,
                              .emotion = "happy",
                              .emotion_scale = 4.5};
  ASSERT_TRUE(c.speak(req));
  ASSERT_EQ(g_service->request_count(), 1u);
  const auto rq = g_service->requests()[0];
  EXPECT_TRUE(rq.contract_violations.empty()) << rq.contract_violations.front();
  const json body = json::parse(rq.body);
  EXPECT_EQ(body, json::parse(R"({"input":"你好","voice_id":"7426720361753900102",
    "response_format":"ogg_opus","speed":1.25,"sample_rate":48000,"loudness_rate":-20,
    "emotion":"happy","emotion_scale":4.5})"));
  using Change = std::function<void(voxclone::SpeechRequest&)>;
  const std::vector<Change> changes = {
      [](auto& r) { r.loudness_rate = 101; },    [](auto& r) { r.loudness_rate = -51; },
      [](auto& r) { r.emotion = "smug"; },        [](auto& r) { r.emotion_scale = 5.5; },
      [](auto& r) { r.emotion.reset(); },         [](auto& r) { r.sample_rate = 44000; },
      [](auto& r) { r.speed = 2.5; },             [](auto& r) { r.input = std::string(1025, 'a'); }};
  for (const auto& change : changes) {
    voxclone::SpeechRequest bad = req;
    change(bad);
    auto r = c.speak(bad);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().category, ErrorCategory::invalid_argument) << r.error().message;
  }
  EXPECT_EQ(g_service->request_count(), 1u);
}

TEST_F(Auth, VoicePagesAreFollowedWhileHasMoreSaysSo) {
  std::vector<json> voices;
  for (int i = 0; i < 5; ++i) {
    auto v = vt::FakeService::default_voices()[0];
    v["voice_id"] = "74267203617539030" + std::to_string(10 + i);
    v["model_type"] = i % 2 == 0 ? "small" : "big";
    v["state"] = i == 4 ? "init" : "cloned";
    voices.push_back(v);
  }
  voices.push_back(vt::FakeService::default_voices()[4]);  // a system voice with emotions
  g_service->set_voices(voices);
  auto o = options();
  o.token = "test-token";
  auto c = client(o);
  auto all = c.list_voices({.include_system_voices = true, .voice_state = "all", .page_size = 2});
  ASSERT_TRUE(all) << all.error().message;
  EXPECT_EQ(all->size(), 6u);
  ASSERT_EQ(g_service->request_count(), 3u);
  for (int p = 0; p < 3; ++p) {
    const auto rq = g_service->requests()[static_cast<std::size_t>(p)];
    EXPECT_TRUE(rq.contract_violations.empty());
    EXPECT_EQ(rq.query_params.at("page_num"), std::to_string(p + 1));
    EXPECT_EQ(rq.query_params.at("page_size"), "2");
    EXPECT_EQ(rq.query_params.at("filter_system_voice"), "false");
  }
  EXPECT_EQ(all->back().support_emotions, std::vector<std::string>{"happy"});
  g_service->reset();
  g_service->set_voices(voices);
  auto small = c.list_voices({.model_type = "small", .voice_state = "cloned"});
  ASSERT_TRUE(small);
  EXPECT_EQ(small->size(), 2u);  // voices 0 and 2: small, cloned, not system
  ASSERT_EQ(g_service->request_count(), 1u);
  EXPECT_EQ(g_service->requests()[0].query_params.at("model_type"), "small");
  EXPECT_EQ(g_service->requests()[0].query_params.at("filter_system_voice"), "true");
  // Bad options are refused before sending.
  EXPECT_FALSE(c.list_voices({.model_type = "huge"}));
  EXPECT_FALSE(c.list_voices({.voice_state = "gone"}));
  EXPECT_FALSE(c.list_voices({.page_size = 101}));
  EXPECT_EQ(g_service->request_count(), 1u);
}

}  // namespace

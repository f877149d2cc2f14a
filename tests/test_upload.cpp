// The upload module against an in-process fake of the service that checks every request
// against the contract and misbehaves on demand. Each case asserts how many requests the
// service saw: a clone that may have arrived is never sent twice.
#include <gtest/gtest.h>

#include <chrono>

#include "support/service_env.hpp"
#include "support/test_support.hpp"
#include "voxclone/encode.hpp"
#include "voxclone/prep.hpp"
#include "voxclone/upload.hpp"
#include "service/answer.hpp"
#include "voxclone/validate.hpp"

namespace {

using namespace std::chrono_literals;
using voxclone::ErrorCategory;

// One server for the whole suite (started once, as cpr's test server is).
vt::FakeService* const g_service = &vt::shared_service();

constexpr const char* kToken = "test-token";

class Upload : public ::testing::Test {
 protected:
  void SetUp() override { g_service->reset(); }

  static voxclone::ClientOptions options() {
    voxclone::ClientOptions o;
    o.base_url = g_service->base_url();
    o.token = kToken;
    o.timeout = 5s;
    o.retry_delay = 10ms;
    return o;
  }
  static voxclone::Client client(voxclone::ClientOptions o = options()) {
    auto c = voxclone::Client::create(std::move(o));
    EXPECT_TRUE(c) << (c ? "" : c.error().message);
    return std::move(*c);
  }
  static const voxclone::EncodedSample& sample() { return vt::uploadable_sample(); }
  static void no_token_in(const voxclone::ApiError& e) {
    EXPECT_EQ(e.message.find(kToken), std::string::npos) << e.message;
    EXPECT_EQ(e.transport_error.find(kToken), std::string::npos);
  }
};

TEST_F(Upload, CloneSendsTheContractsMultipartAndReturnsTheVoiceId) {
  auto c = client();
  voxclone::CloneRequest req;
  req.voice_name = "我的声音 voice";
  auto r = c.clone(sample(), req);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->voice_id, std::to_string(vt::FakeService::kFirstVoiceId));
  EXPECT_FALSE(r->log_id.empty());
  ASSERT_EQ(g_service->request_count(), 1u);
  const auto rq = g_service->requests()[0];
  EXPECT_TRUE(rq.contract_violations.empty()) << rq.contract_violations.front();
  EXPECT_EQ(rq.method, "POST");
  EXPECT_EQ(rq.path, "/v1/audio/voices/clone");
  EXPECT_TRUE(rq.content_type.starts_with("multipart/form-data; boundary=")) << rq.content_type;
  EXPECT_EQ(rq.headers.count("Authorization"), 1u);
  EXPECT_EQ(rq.header("Authorization"), "Bearer test-token");
  ASSERT_EQ(rq.parts.size(), 3u);
  EXPECT_EQ(rq.parts[0].name, "voice_name");
  EXPECT_EQ(rq.parts[0].content, "我的声音 voice");
  EXPECT_EQ(rq.parts[1].name, "audio_format");
  EXPECT_EQ(rq.parts[1].content, "mp3");
  EXPECT_EQ(rq.parts[2].name, "file");
  EXPECT_EQ(rq.parts[2].filename, "sample.mp3");
  EXPECT_EQ(rq.parts[2].content_type, "audio/mpeg");
  const auto& b = sample().bytes;
  EXPECT_EQ(rq.parts[2].content, std::string(reinterpret_cast<const char*>(b.data()), b.size()));
}

TEST_F(Upload, OptionalFieldsAreSentOnlyWhenGivenAndExactly) {
  auto c = client();
  voxclone::CloneRequest req;
  req.voice_name = "me";
  req.language = "en";
  req.text = "Hello there.";
  req.preview_text = "Preview me.";
  req.voice_id = "7426720361753903001";  // a retrain: looked up first (one list request)
  req.space_id = "456";
  req.description = "a test";
  ASSERT_TRUE(c.clone(sample(), req));
  ASSERT_EQ(g_service->request_count(), 2u);
  const auto rq = g_service->requests()[1];
  EXPECT_TRUE(rq.contract_violations.empty());
  std::map<std::string, std::string> got;
  for (const auto& p : rq.parts)
    if (p.name != "file") got[p.name] = p.content;
  EXPECT_EQ(got, (std::map<std::string, std::string>{{"voice_name", "me"}, {"audio_format", "mp3"},
                                                      {"language", "en"}, {"text", "Hello there."},
                                                      {"preview_text", "Preview me."},
                                                      {"voice_id", "7426720361753903001"},
                                                      {"space_id", "456"},
                                                      {"description", "a test"}}));
}

TEST_F(Upload, ValidationErrorsSendNothing) {
  auto c = client();
  voxclone::CloneRequest long_name;
  long_name.voice_name = std::string(43, 'x') + "声声声声声声声声声声声声声声声声声声声声声声声声声声声声";  // 43 + 84 = 127 bytes
  EXPECT_TRUE(voxclone::validate_clone_fields(long_name));
  long_name.voice_name += "声";  // 130 bytes, 72 characters
  auto r = c.clone(sample(), long_name);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().category, ErrorCategory::invalid_argument);
  EXPECT_NE(r.error().message.find("128 bytes"), std::string::npos);
  voxclone::CloneRequest lang{.voice_name = "me", .language = "fr"};
  EXPECT_FALSE(c.clone(sample(), lang));
  voxclone::CloneRequest text{.voice_name = "me", .text = std::string(1025, 'a')};
  EXPECT_FALSE(c.clone(sample(), text));
  voxclone::EncodedSample huge = sample();
  huge.bytes.resize(voxclone::kMaxSampleBytes + 1);
  EXPECT_FALSE(c.clone(huge, {.voice_name = "me"}));
  EXPECT_EQ(g_service->request_count(), 0u);
}

// A prepared sample is held to its verdict: refused, nothing reaches the service; forced or
// usable, exactly one request. The verdict is assessed afresh from the report, so a report saying
// "usable" over a blocking warning does not get through.
TEST_F(Upload, APreparedSampleIsSentOnlyWhenItsVerdictLetsIt) {
  auto c = client();
  voxclone::PrepResult prepared{.sample = sample(), .report = {}};
  prepared.report.kept = voxclone::KeptFigures{.snr_db = 40.0};
  prepared.report.warnings = {{"large_gain", "very quiet"},
                              {"music_under_speech", "12 s of the kept speech has music under it"}};
  prepared.report.verdict = voxclone::SampleVerdict{};  // "usable": not what the warnings say
  auto refused = c.clone(prepared, {.voice_name = "me"});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().category, ErrorCategory::bad_voice);
  EXPECT_EQ(voxclone::to_string(refused.error().category), "bad_voice");
  EXPECT_NE(refused.error().message.find("music_under_speech"), std::string::npos) << refused.error().message;
  EXPECT_NE(refused.error().message.find("nothing was sent"), std::string::npos) << refused.error().message;
  EXPECT_NE(refused.error().message.find("CloneSafety{.force = true}"), std::string::npos);
  EXPECT_EQ(refused.error().message.find("large_gain"), std::string::npos) << "not a blocking code";
  EXPECT_FALSE(refused.error().may_have_been_billed);
  EXPECT_EQ(refused.error().attempts, 0);
  // A retrain is refused before the voice is even looked up.
  EXPECT_FALSE(c.clone(prepared, {.voice_name = "me", .voice_id = "7426720361733144585"}));
  EXPECT_EQ(g_service->request_count(), 0u);

  auto forced = c.clone(prepared, {.voice_name = "me"}, {.force = true});
  ASSERT_TRUE(forced) << forced.error().message;
  EXPECT_EQ(g_service->request_count(), 1u);

  prepared.report.warnings = {{"large_gain", "very quiet"}};  // usable with warnings
  auto usable = c.clone(prepared, {.voice_name = "me"});
  ASSERT_TRUE(usable) << usable.error().message;
  EXPECT_EQ(g_service->request_count(), 2u);
  // The request's own rules still come first.
  EXPECT_EQ(c.clone(prepared, {.voice_name = ""}).error().category, ErrorCategory::invalid_argument);
  // The raw bytes assess nothing: a caller that holds only bytes decided for itself.
  prepared.report.warnings = {{"background_voices", "other voices"}};
  EXPECT_FALSE(c.clone(prepared, {.voice_name = "me"}));
  EXPECT_TRUE(c.clone(prepared.sample, {.voice_name = "me"}));
  EXPECT_EQ(g_service->request_count(), 3u);
}

struct AuthCase {
  int status;
  int code;
  const char* words;
};
class UploadAuth : public Upload, public ::testing::WithParamInterface<AuthCase> {};

TEST_P(UploadAuth, IsAnAuthErrorWithHintAndLogId) {
  const auto& p = GetParam();
  g_service->script({{.status = p.status,
                      .body = nlohmann::json{{"code", p.code}, {"msg", "nope"}, {"detail", {{"logid", "LOG123"}}}}.dump()}});
  auto r = client().clone(sample(), {.voice_name = "me"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().category, ErrorCategory::auth);
  EXPECT_EQ(r.error().service_code, p.code);
  EXPECT_EQ(r.error().http_status, p.status);
  EXPECT_EQ(r.error().log_id, "LOG123");
  EXPECT_NE(r.error().message.find("LOG123"), std::string::npos);
  EXPECT_NE(r.error().message.find(p.words), std::string::npos) << r.error().message;
  EXPECT_FALSE(r.error().may_have_been_billed);
  EXPECT_EQ(g_service->request_count(), 1u);
  no_token_in(r.error());
}

INSTANTIATE_TEST_SUITE_P(Codes, UploadAuth,
                         ::testing::Values(AuthCase{200, 4100, "coze.com"}, AuthCase{401, 4100, "coze.cn"},
                                           AuthCase{200, 4101, "createVoice"},
                                           AuthCase{403, 4101, "createVoice"}));

TEST_F(Upload, WrongTokenIsRefusedByTheServiceItself) {
  auto o = options();
  o.token = "another-token";
  auto r = client(o).clone(sample(), {.voice_name = "me"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().category, ErrorCategory::auth);
  EXPECT_EQ(r.error().http_status, 401);
  EXPECT_EQ(r.error().message.find("another-token"), std::string::npos);
}

TEST_F(Upload, WerErrorExplainsTheTextMismatch) {
  g_service->script({{.body = R"({"code":1109,"msg":"WERError","detail":{"logid":"L1109"}})"}});
  auto r = client().clone(sample(), {.voice_name = "me", .text = "not what it says"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().category, ErrorCategory::rejected);
  EXPECT_EQ(r.error().service_code, 1109);
  EXPECT_NE(r.error().message.find("does not match"), std::string::npos);
  EXPECT_EQ(g_service->request_count(), 1u);
}

TEST_F(Upload, RateLimitIsRetriedHonouringRetryAfter) {
  g_service->script({{.status = 429, .headers = {{"Retry-After", "1"}}}});
  const auto t0 = std::chrono::steady_clock::now();
  auto r = client().clone(sample(), {.voice_name = "me"});
  const auto took = std::chrono::steady_clock::now() - t0;
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(g_service->request_count(), 2u);
  EXPECT_EQ(r->attempts, 2);
  EXPECT_GE(took, 950ms);  // waited as told, not the 10 ms backoff
}

TEST_F(Upload, ServiceUnavailableAndCode4013AreRetried) {
  g_service->script({{.status = 503}, {.body = R"({"code":4013,"msg":"rate limited"})"}});
  auto r = client().clone(sample(), {.voice_name = "me"});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->attempts, 3);  // every request sent, the two retried ones included
  EXPECT_EQ(g_service->request_count(), 3u);
}

TEST_F(Upload, RetriesStopAtThreeAttempts) {
  g_service->script({{.status = 429}, {.status = 429}, {.status = 429}, {.status = 429}});
  auto r = client().clone(sample(), {.voice_name = "me"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().category, ErrorCategory::rejected);
  EXPECT_EQ(r.error().attempts, 3);
  EXPECT_EQ(g_service->request_count(), 3u);
}

TEST_F(Upload, ARetryAfterLongerThanWeWaitIsReportedNotSlept) {
  g_service->script({{.status = 429, .headers = {{"Retry-After", "3600"}}}});
  auto r = client().clone(sample(), {.voice_name = "me"});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("3600"), std::string::npos) << r.error().message;
  EXPECT_EQ(g_service->request_count(), 1u);
}

struct UnknownCase {
  const char* what;
  vt::Reply reply;
};
class UploadOutcomeUnknown : public Upload, public ::testing::WithParamInterface<UnknownCase> {};

TEST_P(UploadOutcomeUnknown, IsNeverResentAndSaysItMayBeBilled) {
  g_service->script({GetParam().reply});
  auto o = options();
  o.timeout = 1500ms;
  const auto t0 = std::chrono::steady_clock::now();
  auto r = client(o).clone(sample(), {.voice_name = "me"});
  const auto took = std::chrono::steady_clock::now() - t0;
  ASSERT_FALSE(r) << GetParam().what;
  EXPECT_EQ(r.error().category, ErrorCategory::outcome_unknown) << r.error().message;
  EXPECT_TRUE(r.error().may_have_been_billed);
  EXPECT_NE(r.error().message.find("may have succeeded"), std::string::npos) << r.error().message;
  EXPECT_EQ(r.error().attempts, 1);
  EXPECT_LT(took, 4s);  // within the timeout, not the fake's 10 s
  // Give a stalled fake a moment: the point is that no second request ever arrives.
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(g_service->request_count(), 1u) << GetParam().what;
  no_token_in(r.error());
}

INSTANTIATE_TEST_SUITE_P(
    Faults, UploadOutcomeUnknown,
    ::testing::Values(UnknownCase{"500", {.status = 500}}, UnknownCase{"502", {.status = 502}},
                      UnknownCase{"stalled", {.delay = 10s}},
                      UnknownCase{"dropped", {.drop = true}},
                      UnknownCase{"not json", {.body = "<html>oops</html>", .content_type = "text/html"}},
                      UnknownCase{"huge", {.huge_body_bytes = 50'000'000}},
                      UnknownCase{"trickle", {.huge_body_bytes = 200'000, .trickle_interval = 100ms}},
                      UnknownCase{"success without id", {.body = R"({"code":0,"msg":"","data":{}})"}}),
    [](const auto& info) {
      std::string n = info.param.what;
      for (auto& ch : n)
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
      return n;
    });

TEST_F(Upload, CouldNotConnectIsRetriedAndNeverBilled) {
  auto o = options();
  // A port nobody listens on: bind one, note it, close it.
  { vt::FakeService gone; o.base_url = gone.base_url(); }
  auto r = client(o).clone(sample(), {.voice_name = "me"});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().category, ErrorCategory::network);
  EXPECT_FALSE(r.error().may_have_been_billed);
  EXPECT_EQ(r.error().attempts, 3);
  EXPECT_FALSE(r.error().transport_error.empty());
  EXPECT_EQ(r.error().http_status, 0);
}

TEST_F(Upload, BaseUrlRules) {
  EXPECT_TRUE(voxclone::check_base_url("https://api.coze.com"));
  EXPECT_TRUE(voxclone::check_base_url("http://127.0.0.1:8080"));
  EXPECT_TRUE(voxclone::check_base_url("http://localhost:1"));
  EXPECT_TRUE(voxclone::check_base_url("http://[::1]:1"));
  EXPECT_FALSE(voxclone::check_base_url("http://api.coze.com"));
  EXPECT_FALSE(voxclone::check_base_url("http://10.0.0.1"));
  EXPECT_FALSE(voxclone::check_base_url("ftp://x"));
  EXPECT_FALSE(voxclone::check_base_url("not a url"));
  auto o = options();
  o.base_url = "http://example.com";
  EXPECT_FALSE(voxclone::Client::create(o));
  o = options();
  o.token = "";
  EXPECT_FALSE(voxclone::Client::create(o));
}

TEST_F(Upload, ListVoicesFollowsEveryPage) {
  std::vector<nlohmann::json> voices;
  for (int i = 0; i < 5; ++i)
    voices.push_back({{"voice_id", "v" + std::to_string(i)}, {"name", "voice " + std::to_string(i)},
                      {"is_system_voice", false}, {"language_code", "en"}, {"language_name", "English"},
                      {"preview_text", ""}, {"preview_audio", ""}, {"available_training_times", 9 - i},
                      {"create_time", 1700000000 + i}, {"update_time", 1700000000 + i},
                      {"model_type", "big"}, {"state", "cloned"}});
  g_service->set_voices(voices);
  voxclone::ListVoicesOptions lo;
  lo.page_size = 2;
  auto r = client().list_voices(lo);
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->size(), 5u);
  EXPECT_EQ((*r)[4].voice_id, "v4");
  EXPECT_EQ((*r)[4].available_training_times, 5);
  EXPECT_EQ(g_service->request_count(), 3u);
  const auto rq = g_service->requests();
  EXPECT_EQ(rq[0].query_params.at("page_num"), "1");
  EXPECT_EQ(rq[2].query_params.at("page_num"), "3");
  EXPECT_EQ(rq[0].query_params.at("filter_system_voice"), "true");
  for (const auto& q : rq) EXPECT_TRUE(q.contract_violations.empty());
}

TEST_F(Upload, ListVoicesMayRetryAfterAServerErrorSinceItIsNotBilled) {
  g_service->script({{.status = 500}});
  auto r = client().list_voices();
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(g_service->request_count(), 2u);
}

TEST_F(Upload, SpeechWritesAudioOnlyWhenTheAnswerIsAudio) {
  g_service->set_speech_audio(std::string("ID3\x03" "fakeaudio", 13), "audio/mpeg");
  auto c = client();
  auto ok = c.speak({.input = "Hello.", .voice_id = "v1"});
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->bytes.size(), 13u);
  const auto rq = g_service->requests()[0];
  EXPECT_TRUE(rq.contract_violations.empty());
  const auto body = nlohmann::json::parse(rq.body);
  EXPECT_EQ(body["input"], "Hello.");
  EXPECT_EQ(body["voice_id"], "v1");
  EXPECT_EQ(body["response_format"], "mp3");

  g_service->script({{.body = R"({"code":4200,"msg":"voice not found","detail":{"logid":"LX"}})"}});
  auto bad = c.speak({.input = "Hello.", .voice_id = "nope"});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().category, ErrorCategory::rejected);
  EXPECT_EQ(bad.error().service_code, 4200);
  EXPECT_EQ(bad.error().log_id, "LX");
  const auto before = g_service->request_count();
  EXPECT_FALSE(c.speak({.input = "Hello.", .voice_id = "v1", .response_format = "flac"}));
  EXPECT_FALSE(c.speak({.input = "Hello.", .voice_id = "v1", .speed = 3.0}));
  EXPECT_EQ(g_service->request_count(), before);
}

TEST(RetryAfter, SecondsDatesAndNonsense) {
  using voxclone::detail::parse_retry_after;
  EXPECT_EQ(parse_retry_after("7"), std::chrono::milliseconds(7000));
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), std::chrono::milliseconds(0));  // past
  EXPECT_FALSE(parse_retry_after("soon"));
  EXPECT_FALSE(parse_retry_after(""));
  // Found by fuzz_answer: a date far in the future overflowed std::chrono (UBSan). Now capped.
  const auto far = parse_retry_after("Wed, 21 Oct 202026 07:28:00 GMT");
  if (far) EXPECT_LE(*far, std::chrono::hours(24 * 366));
  EXPECT_LE(parse_retry_after("99999999999999999999").value(), std::chrono::hours(24 * 366));
}

TEST_F(Upload, DescribeRedactsTheToken) {
  const auto d = voxclone::describe_clone_request("https://api.coze.cn", {.voice_name = "me"}, sample());
  EXPECT_NE(d.find("Bearer ***"), std::string::npos);
  EXPECT_NE(d.find("voice_name"), std::string::npos);
  EXPECT_NE(d.find("sample.mp3"), std::string::npos);
}

}  // namespace

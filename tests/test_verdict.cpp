// The money rule as pure functions, without a network: libcurl's result -> what became of the
// request (transport_of), an exchange and its answer -> the verdict (category, may it be resent,
// may a clone have been billed), and the verdict -> whether and when the retry loop sends again.
// test_upload.cpp checks the same rules end to end against the fake service.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "service/answer.hpp"
#include "service/contract.hpp"
#include "service/exchange.hpp"
#include "service/http.hpp"
#include "service/retry.hpp"
#include "service/verdict.hpp"

namespace {

using namespace std::chrono_literals;
using voxclone::ErrorCategory;
using voxclone::detail::Endpoint;
using voxclone::detail::Exchange;
using voxclone::detail::kCloneEndpoint;
using voxclone::detail::kListVoicesEndpoint;
using voxclone::detail::kSpeechEndpoint;
using voxclone::detail::RetryKind;
using voxclone::detail::ServiceAnswer;
using voxclone::detail::Transport;
using voxclone::detail::Verdict;

voxclone::ClientOptions options() {
  voxclone::ClientOptions o;
  o.base_url = "https://api.coze.cn";
  o.timeout = 300s;
  o.max_attempts = 3;
  o.retry_delay = 1000ms;
  return o;
}

Exchange delivered(long status, std::string body, std::string content_type = "application/json") {
  Exchange ex;
  ex.transport = Transport::delivered;
  ex.status = status;
  ex.body = std::move(body);
  ex.content_type = std::move(content_type);
  ex.log_id = "HDR-LOG";
  return ex;
}

Exchange in_transit(Transport t, long status = 0) {
  Exchange ex;
  ex.transport = t;
  ex.status = status;
  ex.transport_error = "curl says so";
  ex.answer_limit = 1 << 20;  // what perform() sets for a JSON request's answer
  return ex;
}

Verdict judge(const Exchange& ex, const Endpoint& call) {
  const ServiceAnswer a = voxclone::detail::parse_service_answer(ex.body, ex.log_id);
  return voxclone::detail::classify(ex, a, call, options());
}

std::string service_body(int code, const char* msg = "m") {
  return nlohmann::json{{"code", code}, {"msg", msg}, {"detail", {{"logid", "LOG1"}}}}.dump();
}

// ---------------------------------------------------------------------------------------------
// libcurl's result -> Transport

TEST(TransportOf, OnlyFailuresBeforeAConnectionCountAsNeverArrived) {
  using voxclone::detail::transport_of;
  EXPECT_EQ(transport_of(CURLE_OK, true, false, false), Transport::delivered);
  EXPECT_EQ(transport_of(CURLE_COULDNT_RESOLVE_HOST, false, false, false),
            Transport::never_arrived);
  EXPECT_EQ(transport_of(CURLE_COULDNT_RESOLVE_PROXY, false, false, false),
            Transport::never_arrived);
  EXPECT_EQ(transport_of(CURLE_COULDNT_CONNECT, false, false, false), Transport::never_arrived);
  // A timeout while connecting never sent a byte; one after connecting may have sent it all.
  EXPECT_EQ(transport_of(CURLE_OPERATION_TIMEDOUT, false, false, false), Transport::never_arrived);
  EXPECT_EQ(transport_of(CURLE_OPERATION_TIMEDOUT, true, false, false), Transport::timed_out);
  for (CURLcode c : {CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE,
                     CURLE_FAILED_INIT})
    EXPECT_EQ(transport_of(c, true, false, false), Transport::failed) << curl_easy_strerror(c);
  // libcurl sends the request only over a finished TLS handshake: a TLS failure, even after the
  // TCP connection was made, sent nothing (issue 22: it said "may have been billed").
  for (CURLcode c : {CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION,
                     CURLE_SSL_CACERT_BADFILE, CURLE_SSL_PINNEDPUBKEYNOTMATCH})
    EXPECT_EQ(transport_of(c, true, false, false), Transport::never_arrived)
        << curl_easy_strerror(c);
  EXPECT_EQ(transport_of(CURLE_WRITE_ERROR, true, false, true), Transport::answer_too_large);
  EXPECT_EQ(transport_of(CURLE_ABORTED_BY_CALLBACK, true, true, false), Transport::cancelled);
  EXPECT_EQ(transport_of(CURLE_ABORTED_BY_CALLBACK, false, true, false), Transport::cancelled);
}

// ---------------------------------------------------------------------------------------------
// Transport -> verdict

struct TransportCase {
  const char* name;
  Transport transport;
  const Endpoint* call;
  bool request_sent;
  ErrorCategory category;
  RetryKind retry;
  bool billed;
  const char* words;  // in the message
};

class VerdictInTransit : public ::testing::TestWithParam<TransportCase> {};

TEST_P(VerdictInTransit, CategoryRetryAndBilling) {
  const auto& p = GetParam();
  Exchange ex = in_transit(p.transport);
  ex.request_sent = p.request_sent;
  const Verdict v = judge(ex, *p.call);
  EXPECT_EQ(v.error.category, p.category) << v.error.message;
  EXPECT_EQ(v.retry, p.retry) << v.error.message;
  EXPECT_EQ(v.error.may_have_been_billed, p.billed) << v.error.message;
  EXPECT_NE(v.error.message.find(p.words), std::string::npos) << v.error.message;
  EXPECT_TRUE(v.error.message.starts_with(std::string(p.call->what) + ": ")) << v.error.message;
  // Only a clone's message says it may have been billed, and only when it may have been.
  EXPECT_EQ(v.error.message.find("may have succeeded") != std::string::npos, p.billed)
      << v.error.message;
  EXPECT_FALSE(v.retry_after);
  EXPECT_EQ(v.error.http_status, 0);
}

const TransportCase kTransportCases[] = {
    {"clone_never_arrived", Transport::never_arrived, &kCloneEndpoint, false,
     ErrorCategory::network, RetryKind::yes, false, "could not reach the service: curl says so"},
    {"list_never_arrived", Transport::never_arrived, &kListVoicesEndpoint, false,
     ErrorCategory::network, RetryKind::yes, false, "could not reach"},
    {"clone_timed_out", Transport::timed_out, &kCloneEndpoint, true, ErrorCategory::outcome_unknown,
     RetryKind::if_idempotent, true, "no answer within 300 s"},
    {"clone_dropped", Transport::failed, &kCloneEndpoint, true, ErrorCategory::outcome_unknown,
     RetryKind::if_idempotent, true, "the connection failed: curl says so"},
    {"list_timed_out", Transport::timed_out, &kListVoicesEndpoint, true,
     ErrorCategory::outcome_unknown, RetryKind::if_idempotent, false, "no answer within"},
    {"speech_dropped", Transport::failed, &kSpeechEndpoint, true, ErrorCategory::outcome_unknown,
     RetryKind::if_idempotent, false, "the connection failed"},
    {"clone_too_large", Transport::answer_too_large, &kCloneEndpoint, true,
     ErrorCategory::outcome_unknown, RetryKind::no, true, "larger than 1048576 bytes"},
    {"list_too_large", Transport::answer_too_large, &kListVoicesEndpoint, true,
     ErrorCategory::bad_response, RetryKind::no, false, "larger than"},
    {"clone_cancelled_after_sending", Transport::cancelled, &kCloneEndpoint, true,
     ErrorCategory::cancelled, RetryKind::no, true, "cancelled after the request was sent"},
    {"clone_cancelled_while_sending", Transport::cancelled, &kCloneEndpoint, false,
     ErrorCategory::cancelled, RetryKind::no, false, "cancelled"},
    {"speech_cancelled_after_sending", Transport::cancelled, &kSpeechEndpoint, true,
     ErrorCategory::cancelled, RetryKind::no, false, "cancelled"},
};

INSTANTIATE_TEST_SUITE_P(Transports, VerdictInTransit, ::testing::ValuesIn(kTransportCases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Verdict, TransportErrorIsKeptOnlyWhenTheTransferFailed) {
  EXPECT_EQ(judge(in_transit(Transport::never_arrived), kCloneEndpoint).error.transport_error,
            "curl says so");
  EXPECT_EQ(judge(in_transit(Transport::timed_out), kCloneEndpoint).error.transport_error,
            "curl says so");
  EXPECT_EQ(judge(in_transit(Transport::failed), kCloneEndpoint).error.transport_error,
            "curl says so");
  EXPECT_TRUE(
      judge(in_transit(Transport::cancelled), kCloneEndpoint).error.transport_error.empty());
  EXPECT_TRUE(judge(in_transit(Transport::answer_too_large, 200), kCloneEndpoint)
                  .error.transport_error.empty());
}

// ---------------------------------------------------------------------------------------------
// Answer -> verdict

struct AnswerCase {
  const char* name;
  long status;
  std::string body;
  const Endpoint* call;
  ErrorCategory category;
  RetryKind retry;
  bool billed;
  const char* words;  // in the message
};

class VerdictOnAnswer : public ::testing::TestWithParam<AnswerCase> {};

TEST_P(VerdictOnAnswer, CategoryRetryAndBilling) {
  const auto& p = GetParam();
  const Verdict v =
      judge(delivered(p.status, p.body, p.body.starts_with("{") ? "application/json" : "text/html"),
            *p.call);
  EXPECT_EQ(v.error.category, p.category) << v.error.message;
  EXPECT_EQ(v.retry, p.retry) << v.error.message;
  EXPECT_EQ(v.error.may_have_been_billed, p.billed) << v.error.message;
  EXPECT_NE(v.error.message.find(p.words), std::string::npos) << v.error.message;
  EXPECT_EQ(v.error.message.find("may have succeeded") != std::string::npos, p.billed)
      << v.error.message;
  EXPECT_EQ(v.error.http_status, p.status);
  EXPECT_TRUE(v.error.transport_error.empty());
}

const AnswerCase kAnswerCases[] = {
    // The service says to send it again: even a clone.
    {"clone_429", 429, "", &kCloneEndpoint, ErrorCategory::rejected, RetryKind::yes, false,
     "busy or rate-limiting (no code, HTTP 429)"},
    {"clone_503", 503, "", &kCloneEndpoint, ErrorCategory::rejected, RetryKind::yes, false,
     "busy or rate-limiting"},
    {"clone_4013", 200, service_body(4013), &kCloneEndpoint, ErrorCategory::rejected,
     RetryKind::yes, false, "(code 4013: m, HTTP 200)"},
    {"speech_429", 429, "", &kSpeechEndpoint, ErrorCategory::rejected, RetryKind::yes, false,
     "busy"},
    // The token: never resent.
    {"clone_4100", 200, service_body(4100), &kCloneEndpoint, ErrorCategory::auth, RetryKind::no,
     false, "rejected the token"},
    {"clone_401_without_code", 401, "", &kCloneEndpoint, ErrorCategory::auth, RetryKind::no, false,
     "rejected the token"},
    {"clone_4101", 200, service_body(4101), &kCloneEndpoint, ErrorCategory::auth, RetryKind::no,
     false, "'createVoice' permission"},
    {"clone_403_without_code", 403, "", &kCloneEndpoint, ErrorCategory::auth, RetryKind::no, false,
     "'createVoice' permission"},
    {"list_4101", 200, service_body(4101), &kListVoicesEndpoint, ErrorCategory::auth, RetryKind::no,
     false, "'listVoice' permission"},
    {"speech_403_without_code", 403, "", &kSpeechEndpoint, ErrorCategory::auth, RetryKind::no,
     false, "'createSpeech' permission"},
    // A 5xx: the work may have been done. Only an unbilled, idempotent call may be resent.
    {"clone_500", 500, "", &kCloneEndpoint, ErrorCategory::outcome_unknown,
     RetryKind::if_idempotent, true, "the service failed (no code, HTTP 500)"},
    {"clone_502_with_code", 502, service_body(5000), &kCloneEndpoint,
     ErrorCategory::outcome_unknown, RetryKind::if_idempotent, true, "code 5000"},
    {"list_500", 500, "", &kListVoicesEndpoint, ErrorCategory::rejected, RetryKind::if_idempotent,
     false, "the service failed"},
    {"speech_504", 504, "", &kSpeechEndpoint, ErrorCategory::rejected, RetryKind::if_idempotent,
     false, "the service failed"},
    // Not JSON: a 2xx clone may have been made; an error status is a refusal.
    {"clone_200_html", 200, "<html>oops</html>", &kCloneEndpoint, ErrorCategory::outcome_unknown,
     RetryKind::no, true, "(HTTP 200, text/html) is not the JSON"},
    {"clone_400_html", 400, "<html>bad</html>", &kCloneEndpoint, ErrorCategory::bad_response,
     RetryKind::no, false, "is not the JSON"},
    {"list_200_html", 200, "<html>oops</html>", &kListVoicesEndpoint, ErrorCategory::bad_response,
     RetryKind::no, false, "is not the JSON"},
    // The service refused, with its code: never resent, a hint for the known codes.
    {"clone_1109", 200, service_body(1109, "WERError"), &kCloneEndpoint, ErrorCategory::rejected,
     RetryKind::no, false, "does not match the text"},
    {"clone_4000", 400, service_body(4000), &kCloneEndpoint, ErrorCategory::rejected, RetryKind::no,
     false, "broke one of the endpoint's rules"},
    {"speech_4200", 200, service_body(4200), &kSpeechEndpoint, ErrorCategory::rejected,
     RetryKind::no, false, "does not exist"},
    {"clone_other_code", 200, service_body(1234, "odd"), &kCloneEndpoint, ErrorCategory::rejected,
     RetryKind::no, false, "the service refused (code 1234: odd, HTTP 200)."},
    {"clone_404_json", 404, R"({"msg":"no such path"})", &kCloneEndpoint, ErrorCategory::rejected,
     RetryKind::no, false, "(no code: no such path, HTTP 404)"},
};

INSTANTIATE_TEST_SUITE_P(Answers, VerdictOnAnswer, ::testing::ValuesIn(kAnswerCases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Verdict, CarriesTheServicesCodeMessageAndLogId) {
  const Verdict v = judge(delivered(200, service_body(4200, "voice not found")), kSpeechEndpoint);
  EXPECT_EQ(v.error.service_code, 4200);
  EXPECT_EQ(v.error.service_message, "voice not found");
  EXPECT_EQ(v.error.log_id, "LOG1");  // the body's detail.logid before the header's
  EXPECT_NE(v.error.message.find("(log id LOG1)"), std::string::npos) << v.error.message;
  const Verdict h = judge(delivered(500, ""), kSpeechEndpoint);
  EXPECT_EQ(h.error.log_id, "HDR-LOG");
  EXPECT_FALSE(h.error.service_code);
}

TEST(Verdict, TheWrongTokenNamesBothRegionsAndWhereTheRequestWent) {
  const Verdict v = judge(delivered(401, service_body(4100)), kCloneEndpoint);
  EXPECT_NE(v.error.message.find("https://api.coze.cn"), std::string::npos);
  EXPECT_NE(v.error.message.find("https://api.coze.com"), std::string::npos);
  EXPECT_NE(v.error.message.find("this request went to https://api.coze.cn"), std::string::npos);
  // From one region, the other is suggested.
  EXPECT_NE(v.error.message.find("try --region com"), std::string::npos) << v.error.message;
}

TEST(Verdict, PaymentCodesAreNeverRetriedAndFileRulesAreNamed) {
  for (int code : {4019, 4027, 4028}) {
    const Verdict v = judge(delivered(200, service_body(code)), kListVoicesEndpoint);
    EXPECT_EQ(v.error.category, voxclone::ErrorCategory::payment_required) << code;
    EXPECT_EQ(v.retry, RetryKind::no) << code;
  }
  const Verdict rate = judge(delivered(200, service_body(4013)), kCloneEndpoint);
  EXPECT_EQ(rate.retry, RetryKind::yes);
  const Verdict size = judge(delivered(200, service_body(4301)), kCloneEndpoint);
  EXPECT_EQ(size.retry, RetryKind::no);
  EXPECT_NE(size.error.message.find("10 MB"), std::string::npos) << size.error.message;
  const Verdict server = judge(delivered(200, service_body(5000)), kCloneEndpoint);
  EXPECT_TRUE(server.error.may_have_been_billed);
  EXPECT_EQ(server.retry, RetryKind::if_idempotent);
}

TEST(Verdict, RetryAfterIsReadOnlyWhenTheServiceAsksToComeBack) {
  Exchange busy = delivered(429, "");
  busy.retry_after = "7";
  EXPECT_EQ(judge(busy, kCloneEndpoint).retry_after, 7000ms);
  Exchange failed = delivered(500, "");
  failed.retry_after = "7";
  EXPECT_FALSE(judge(failed, kListVoicesEndpoint).retry_after);
}

TEST(Verdict, SuccessWithoutItsPayloadIsNeverResent) {
  const Exchange ex = delivered(200, R"({"code":0,"msg":"","data":{}})");
  const ServiceAnswer a = voxclone::detail::parse_service_answer(ex.body, ex.log_id);
  const Verdict clone = voxclone::detail::clone_without_voice_id(ex, a);
  EXPECT_EQ(clone.error.category, ErrorCategory::outcome_unknown);
  EXPECT_TRUE(clone.error.may_have_been_billed);
  EXPECT_EQ(clone.retry, RetryKind::no);
  EXPECT_EQ(clone.error.service_code, 0);
  EXPECT_NE(clone.error.message.find("may have succeeded"), std::string::npos);
  const Verdict list = voxclone::detail::voices_without_list(ex, a);
  EXPECT_EQ(list.error.category, ErrorCategory::bad_response);
  EXPECT_FALSE(list.error.may_have_been_billed);
  EXPECT_EQ(list.retry, RetryKind::no);
  const Verdict speech = voxclone::detail::speech_without_audio(a);
  EXPECT_EQ(speech.error.category, ErrorCategory::bad_response);
  EXPECT_EQ(speech.error.http_status, 200);
  EXPECT_EQ(speech.retry, RetryKind::no);
}

// ---------------------------------------------------------------------------------------------
// Verdict -> the retry loop's decision

Verdict with_retry(RetryKind r, std::optional<std::chrono::milliseconds> after = std::nullopt) {
  Verdict v;
  v.error.message = "m";
  v.retry = r;
  v.retry_after = after;
  return v;
}

TEST(RetryDecision, AnUnknownOutcomeIsResentOnlyForAnIdempotentCall) {
  using voxclone::detail::delay_before_retry;
  auto v = with_retry(RetryKind::if_idempotent);
  EXPECT_FALSE(delay_before_retry(v, 1, kCloneEndpoint, options()));
  EXPECT_FALSE(delay_before_retry(v, 1, kSpeechEndpoint, options()));
  EXPECT_EQ(delay_before_retry(v, 1, kListVoicesEndpoint, options()), 1000ms);
  auto no = with_retry(RetryKind::no);
  EXPECT_FALSE(delay_before_retry(no, 1, kListVoicesEndpoint, options()));
  EXPECT_EQ(no.error.message, "m");
}

TEST(RetryDecision, BackoffDoublesAndStopsAtMaxAttempts) {
  using voxclone::detail::delay_before_retry;
  auto v = with_retry(RetryKind::yes);
  EXPECT_EQ(delay_before_retry(v, 1, kCloneEndpoint, options()), 1000ms);
  EXPECT_EQ(delay_before_retry(v, 2, kCloneEndpoint, options()), 2000ms);
  EXPECT_EQ(v.error.message, "m");
  EXPECT_FALSE(delay_before_retry(v, 3, kCloneEndpoint, options()));
  EXPECT_EQ(v.error.message, "m (gave up after 3 attempts)");
}

TEST(RetryDecision, RetryAfterIsHonouredUpToTheLimit) {
  using voxclone::detail::delay_before_retry;
  auto longer = with_retry(RetryKind::yes, 5000ms);
  EXPECT_EQ(delay_before_retry(longer, 1, kCloneEndpoint, options()), 5000ms);
  auto shorter = with_retry(RetryKind::yes, 10ms);
  EXPECT_EQ(delay_before_retry(shorter, 1, kCloneEndpoint, options()), 1000ms);  // backoff wins
  auto too_long = with_retry(RetryKind::yes, 3600s);
  EXPECT_FALSE(delay_before_retry(too_long, 1, kCloneEndpoint, options()));
  EXPECT_NE(too_long.error.message.find("asks to wait 3600 s"), std::string::npos);
}

TEST(RetryDecision, CancellingTheWaitSaysSo) {
  auto o = options();
  o.callbacks.cancel = [] { return true; };
  auto v = with_retry(RetryKind::yes);
  EXPECT_FALSE(voxclone::detail::wait_to_retry(v, 10s, 1, kCloneEndpoint, o));
  EXPECT_EQ(v.error.category, ErrorCategory::cancelled);
  EXPECT_EQ(v.error.message, "clone: cancelled while waiting to retry");
  EXPECT_FALSE(v.error.may_have_been_billed);
}

}  // namespace

// The verdict on a failed exchange: first what became of the request in transit, then, when an
// answer arrived, what the service said. Each branch sets the error's category, whether a clone
// may have been billed, and whether it may be sent again; nothing else decides those.
#include "service/verdict.hpp"

#include <string>
#include <string_view>

#include <fmt/format.h>

#include "core/ascii.hpp"

namespace voxclone::detail {
namespace {

constexpr std::string_view kMayBeBilled =
    " The clone may have succeeded and been billed: list your voices before trying again.";

// The verdict's error with what both halves fill in, and how its messages end.
struct Draft {
  const Exchange& ex;
  const ServiceAnswer& a;
  const Endpoint& call;
  const ClientOptions& opt;
  Verdict v;
  bool text_sent = true;  // the request carried a text (clone's optional `text`)

  Draft(const Exchange& exchange, const ServiceAnswer& answer, const Endpoint& endpoint,
        const ClientOptions& options)
      : ex(exchange), a(answer), call(endpoint), opt(options) {
    v.error.http_status = ex.status;
    v.error.log_id = a.log_id;
    v.error.service_code = a.code;
    v.error.service_message = a.msg;
  }
  [[nodiscard]] std::string with_log(std::string m) const {
    if (!v.error.log_id.empty()) m += fmt::format(" (log id {})", escape_controls(v.error.log_id));
    return m;
  }
  [[nodiscard]] std::string_view unknown_tail() const { return call.billed ? kMayBeBilled : ""; }
  // "code 4013: busy, HTTP 200"
  [[nodiscard]] std::string service_part() const {
    std::string s = a.code ? fmt::format("code {}", *a.code) : std::string("no code");
    if (!a.msg.empty()) s += ": " + escape_controls(a.msg);
    return fmt::format("{}, HTTP {}", s, ex.status);
  }
  Verdict done(ErrorCategory category, std::string message, RetryKind retry = RetryKind::no) {
    v.error.category = category;
    v.error.message = std::move(message);
    v.retry = retry;
    return std::move(v);
  }
};

// The service's file rules (4300-4304) in our reading of its error table: voxclone checks each
// before sending (service/request_checks.cpp), so one of these means a check of ours missed.
std::string_view file_rule(std::int64_t code) {
  switch (code) {
    case 4300: return "the audio format (wav, mp3, ogg, m4a, aac or pcm)";
    case 4301: return "the file size (at most 10 MB)";
    case 4302: return "the recording's length (10-30 s advised)";
    case 4303: return "raw PCM's shape (24 kHz mono 16-bit)";
    case 4304: return "one audio file per request, readable as audio";
    default: return "a file rule";
  }
}

std::string_view hint_for(std::int64_t code, bool text_sent) {
  switch (code) {
    case service_code::text_mismatch:
      // 1109 answers a text that does not match the audio; with no text sent, a hint about one
      // would send the user looking for something they never gave.
      return text_sent ? " The audio does not match the text given with it: give the exact words "
                         "the sample says, or leave the text out."
                       : " The service's speech recognition failed on the sample (no text was "
                         "sent): use a clearer recording.";
    case service_code::bad_request:
      return " The request broke one of the endpoint's rules.";
    case service_code::not_found:
      return " Something named in the request (a voice id, a space id) does not exist.";
    default:
      return "";
  }
}

// Credentials belong to one region: for a 4100 from one, name the other.
std::string region_hint(const ClientOptions& opt) {
  const bool cn = opt.base_url.find("coze.cn") != std::string::npos;
  const bool com = opt.base_url.find("coze.com") != std::string::npos;
  const std::string_view which = opt.jwt_app ? "the service app"
                                 : opt.login ? "the login (or run 'voxclone login' again)"
                                             : "COZE_API_TOKEN";
  std::string s = fmt::format(
      "Check {}; credentials made on coze.cn work only with {} and those made on coze.com only "
      "with {}.",
      which, kDefaultBaseUrl, kInternationalBaseUrl);
  s += fmt::format(" (this request went to {}", opt.base_url);
  if (cn) s += "; if yours was made on coze.com, try --region com";
  else if (com) s += "; if yours was made on coze.cn, try --region cn";
  return s + ")";
}

// A whole answer arrived, and it is not the call's success.
Verdict answer_verdict(Draft d) {
  const Exchange& ex = d.ex;
  const ServiceAnswer& a = d.a;
  const bool billed = d.call.billed;
  const std::string_view what = d.call.what;
  const std::int64_t code = a.code.value_or(-1);
  ApiError& e = d.v.error;
  if (ex.status == 429 || ex.status == 503 || code == service_code::rate_limited) {
    d.v.retry_after = parse_retry_after(ex.retry_after);
    return d.done(ErrorCategory::rejected,
                  d.with_log(fmt::format("{}: the service is busy or rate-limiting ({}).", what,
                                         d.service_part())),
                  RetryKind::yes);
  }
  if (code == service_code::no_balance || code == service_code::overdue ||
      code == service_code::out_of_credits) {
    const std::string_view what_to_do =
        code == service_code::overdue
            ? "The account has an overdue payment: settle it in the console (Billing), then run "
              "this again."
        : code == service_code::out_of_credits
            ? "The account's credits are used up: wait for the quota to refresh or upgrade the "
              "plan, then run this again."
            : "The account's balance or voice-clone allowance is used up: top it up or buy a "
              "voice-clone expansion pack (ask your workspace's admin), then run this again.";
    return d.done(ErrorCategory::payment_required,
                  d.with_log(fmt::format("{}: the service wants payment ({}). {} Nothing was "
                                         "billed and voxclone did not retry.",
                                         what, d.service_part(), what_to_do)));
  }
  if (code >= service_code::first_file_rule && code <= service_code::last_file_rule)
    return d.done(
        ErrorCategory::rejected,
        d.with_log(fmt::format("{}: the service refused the file: it breaks {} ({}). voxclone "
                               "checks this rule before sending, so its check missed something: "
                               "please report it with the log id.",
                               what, file_rule(code), d.service_part())));
  if (code == service_code::server_error && ex.status < 500) {
    e.may_have_been_billed = billed;
    return d.done(billed ? ErrorCategory::outcome_unknown : ErrorCategory::rejected,
                  d.with_log(fmt::format("{}: the service failed ({}).", what, d.service_part())) +
                      std::string(d.unknown_tail()),
                  RetryKind::if_idempotent);
  }
  const bool status_says_auth = (ex.status == 401 || ex.status == 403) && !a.code;
  if (code == service_code::bad_token || code == service_code::no_permission || status_says_auth) {
    if (code == service_code::no_permission || (ex.status == 403 && !a.code))
      return d.done(ErrorCategory::auth,
                    d.with_log(fmt::format("{}: the token lacks a permission ({}). Give the token "
                                           "the '{}' permission.",
                                           what, d.service_part(), d.call.permission)));
    return d.done(ErrorCategory::auth,
                  d.with_log(fmt::format("{}: the service rejected the {} ({}). {}", what,
                                         d.opt.jwt_app ? "service app's access token"
                                         : d.opt.login ? "login"
                                                       : "token",
                                         d.service_part(), region_hint(d.opt))));
  }
  if (ex.status >= 500) {
    e.may_have_been_billed = billed;
    return d.done(billed ? ErrorCategory::outcome_unknown : ErrorCategory::rejected,
                  d.with_log(fmt::format("{}: the service failed ({}).", what, d.service_part())) +
                      std::string(d.unknown_tail()),
                  RetryKind::if_idempotent);
  }
  if (!a.json_ok) {
    // A 2xx that is not JSON may be a clone that was made; an error status is a refusal.
    e.may_have_been_billed = billed && ex.status < 300;
    return d.done(
        e.may_have_been_billed ? ErrorCategory::outcome_unknown : ErrorCategory::bad_response,
        d.with_log(fmt::format("{}: the answer (HTTP {}, {}) is not the JSON the API "
                               "answers with.",
                               what, ex.status,
                               ex.content_type.empty() ? "no content type" : ex.content_type)) +
            std::string(e.may_have_been_billed ? d.unknown_tail() : ""));
  }
  return d.done(ErrorCategory::rejected,
                d.with_log(fmt::format("{}: the service refused ({}).{}", what, d.service_part(),
                                       hint_for(code, d.text_sent))));
}

}  // namespace

// What became of the request in transit first: only a whole answer is read for what the
// service said.
Verdict classify(const Exchange& ex, const ServiceAnswer& answer, const Endpoint& endpoint,
                 const ClientOptions& options, bool text_sent) {
  Draft d(ex, answer, endpoint, options);
  d.text_sent = text_sent;
  const bool billed = endpoint.billed;
  const std::string_view what = endpoint.what;
  ApiError& e = d.v.error;
  switch (ex.transport) {
    case Transport::cancelled: {
      e.may_have_been_billed = billed && ex.request_sent;
      return d.done(ErrorCategory::cancelled,
                    fmt::format("{}: cancelled{}", what,
                                e.may_have_been_billed
                                    ? " after the request was sent." + std::string(d.unknown_tail())
                                    : ""));
    }
    case Transport::never_arrived:
      e.transport_error = ex.transport_error;
      return d.done(ErrorCategory::network,
                    fmt::format("{}: could not reach the service: {}", what, ex.transport_error),
                    RetryKind::yes);
    case Transport::timed_out:
    case Transport::failed: {
      e.transport_error = ex.transport_error;
      e.may_have_been_billed = billed;
      const std::string how = ex.transport == Transport::timed_out
                                  ? fmt::format("no answer within {} s ({})",
                                                d.opt.timeout.count() / 1000, ex.transport_error)
                                  : "the connection failed: " + ex.transport_error;
      return d.done(ErrorCategory::outcome_unknown,
                    d.with_log(fmt::format("{}: {}.", what, how)) + std::string(d.unknown_tail()),
                    RetryKind::if_idempotent);
    }
    case Transport::answer_too_large:
      e.may_have_been_billed = billed;
      // The limit this request had: speech audio has its own (64 MiB), JSON answers theirs.
      return d.done(billed ? ErrorCategory::outcome_unknown : ErrorCategory::bad_response,
                    d.with_log(fmt::format("{}: the answer (HTTP {}) is larger than {} bytes "
                                           "({:g} MiB), which no answer of this API is.",
                                           what, ex.status, ex.answer_limit,
                                           static_cast<double>(ex.answer_limit) / (1 << 20))) +
                        std::string(d.unknown_tail()));
    case Transport::delivered:
      break;
  }
  return answer_verdict(std::move(d));
}

namespace {

// A success (HTTP 200, code 0) that lacks what the call's success carries: never resent.
Verdict success_without_payload(ErrorCategory category, long status, const ServiceAnswer& a,
                                std::string message) {
  Verdict v;
  v.error.category = category;
  v.error.http_status = status;
  v.error.log_id = a.log_id;
  v.error.message = std::move(message);
  return v;
}

}  // namespace

Verdict clone_without_voice_id(const Exchange& ex, const ServiceAnswer& a) {
  Verdict v = success_without_payload(
      ErrorCategory::outcome_unknown, ex.status, a,
      fmt::format("clone: the service answered success but with no voice id{}. The clone may "
                  "have succeeded and been billed: list your voices.",
                  a.log_id.empty() ? "" : " (log id " + escape_controls(a.log_id) + ")"));
  v.error.service_code = service_code::ok;
  v.error.may_have_been_billed = true;
  return v;
}

Verdict voices_without_list(const Exchange& ex, const ServiceAnswer& a) {
  return success_without_payload(ErrorCategory::bad_response, ex.status, a,
                                 "list voices: the answer has no voice_list");
}

Verdict speech_without_audio(const ServiceAnswer& a) {
  return success_without_payload(ErrorCategory::bad_response, 200, a,
                                 "speech: the service answered JSON with code 0 but no audio");
}

}  // namespace voxclone::detail

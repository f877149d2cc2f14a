// The sign-in calls: a service app's JWT exchanged for an access token, a device login (the
// code, then polling while the person approves), and a login's renewal with its refresh token.
// Each is a JSON POST through the same one-exchange transport as the API calls
// (service/http.cpp) and, where an answer is not a token, the same verdicts (service/verdict.cpp).
#include <algorithm>
#include <chrono>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "auth/jwt.hpp"
#include "auth/oauth_answer.hpp"
#include "core/log.hpp"
#include "service/answer.hpp"
#include "service/contract.hpp"
#include "service/http.hpp"
#include "service/retry.hpp"
#include "service/verdict.hpp"
#include "voxclone/upload.hpp"

namespace voxclone {
namespace {

using detail::Attempt;
using detail::Endpoint;
using detail::Exchange;
using nlohmann::json;

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string url_of(const std::string& base_url, std::string_view path) {
  std::string_view b = base_url;
  while (b.ends_with('/')) b.remove_suffix(1);
  return std::string(b) + std::string(path);
}

ApiError not_sent(const Endpoint& call, const Error& e) {
  ApiError a;
  a.category = e.category;
  a.message = fmt::format("{}: {}", call.what, e.message);
  return a;
}

detail::Request json_post(const ClientOptions& opt, std::string url, const json& body,
                          std::string bearer = {}) {
  return detail::Request{.url = std::move(url),
                         .bearer = std::move(bearer),
                         .max_answer_bytes = opt.max_response_bytes,
                         .body = detail::JsonBody{body.dump(-1, ' ', false,
                                                            json::error_handler_t::replace)}};
}

// The service's OAuth error (error_code + error_message), as an auth failure.
detail::Verdict oauth_refusal(const Exchange& ex, const detail::TokenAnswer& t, const Endpoint& call,
                              std::string_view hint) {
  detail::Verdict v;
  v.error.category = ErrorCategory::auth;
  v.error.http_status = ex.status;
  v.error.log_id = t.log_id;
  v.error.service_message = t.error_message;
  v.error.message = fmt::format("{}: the service refused ({}{}{}, HTTP {}).{}", call.what, t.error,
                                t.error_message.empty() ? "" : ": ", t.error_message, ex.status,
                                hint);
  if (!t.log_id.empty()) v.error.message += fmt::format(" (log id {})", t.log_id);
  return v;
}

// What one request to the token endpoint brought back, read both ways: as an OAuth answer
// (a token or an OAuth error) and as the API envelope (for the verdicts).
struct TokenReply {
  Exchange ex;
  detail::ServiceAnswer envelope;
  detail::TokenAnswer answer;
};

TokenReply post_for_token(const ClientOptions& opt, const detail::Request& req) {
  TokenReply r;
  r.ex = detail::perform(opt, req);
  r.envelope = detail::parse_service_answer(r.ex.body, r.ex.log_id);
  r.answer = detail::parse_token_answer(r.ex.body, r.ex.log_id, unix_now());
  return r;
}

// The token, or the verdict on its failure.
Attempt<OAuthToken> read_token(const ClientOptions& opt, const TokenReply& r,
                               std::string_view refused_hint) {
  const Endpoint& call = detail::kTokenEndpoint;
  if (r.ex.transport != detail::Transport::delivered)
    return std::unexpected(detail::classify(r.ex, r.envelope, call, opt));
  if (r.ex.status == 200 && r.answer.token) return *r.answer.token;
  if (!r.answer.error.empty())
    return std::unexpected(oauth_refusal(r.ex, r.answer, call, refused_hint));
  if (r.ex.status == 200 && (!r.envelope.code || *r.envelope.code == 0)) {
    detail::Verdict v;
    v.error.category = ErrorCategory::bad_response;
    v.error.http_status = r.ex.status;
    v.error.log_id = r.envelope.log_id;
    v.error.message = "sign-in: the service answered without an access token";
    return std::unexpected(std::move(v));
  }
  return std::unexpected(detail::classify(r.ex, r.envelope, call, opt));
}

// Sleeps, waking every 100 ms to honour the caller's cancel callback; false when cancelled.
bool cancellable_sleep(const ClientOptions& opt, std::chrono::seconds wait) {
  const auto until = std::chrono::steady_clock::now() + wait;
  while (std::chrono::steady_clock::now() < until) {
    if (detail::cancelled(opt.callbacks)) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return !detail::cancelled(opt.callbacks);
}

}  // namespace

ApiResult<OAuthToken> exchange_jwt(const ClientOptions& options, const JwtApp& app) {
  const Endpoint& call = detail::kTokenEndpoint;
  if (auto u = check_base_url(options.base_url); !u)
    return std::unexpected(not_sent(call, u.error()));
  if (app.client_id.empty() || app.public_key_id.empty())
    return std::unexpected(not_sent(
        call, Error{ErrorCategory::invalid_argument,
                    "the service app needs a client id and a public key id"}));
  ClientOptions opt = options;
  opt.jwt_app = app;  // so a refusal's hint names the app, not a personal token
  const std::string audience = detail::jwt_audience(opt.base_url);
  const json body = {
      {"grant_type", detail::kJwtGrant},
      {"duration_seconds",
       std::clamp<std::int64_t>(app.token_lifetime.count(), 1, detail::kMaxTokenLifetimeSeconds)}};
  return detail::with_retries<OAuthToken>(call, opt, [&]() -> Attempt<OAuthToken> {
    // A new JWT (a new jti) for each attempt.
    auto jwt = detail::sign_jwt(app, audience, unix_now());
    if (!jwt) {
      detail::Verdict v;
      v.error = not_sent(call, jwt.error());
      return std::unexpected(std::move(v));
    }
    const auto req = json_post(opt, url_of(opt.base_url, call.path), body, *jwt);
    return read_token(opt, post_for_token(opt, req),
                      " Check the app's client id, public key id and private key, and that "
                         "the app was made on the service this request went to.");
  });
}

ApiResult<OAuthToken> refresh_login(const ClientOptions& options, const std::string& client_id,
                                    const std::string& refresh_token) {
  const Endpoint& call = detail::kTokenEndpoint;
  if (auto u = check_base_url(options.base_url); !u)
    return std::unexpected(not_sent(call, u.error()));
  if (refresh_token.empty())
    return std::unexpected(not_sent(
        call, Error{ErrorCategory::auth, "the login has expired: run 'voxclone login' again"}));
  const json body = {{"grant_type", detail::kRefreshGrant},
                     {"client_id", client_id},
                     {"refresh_token", refresh_token}};
  const auto req = json_post(options, url_of(options.base_url, call.path), body);
  return detail::with_retries<OAuthToken>(call, options, [&]() -> Attempt<OAuthToken> {
    return read_token(options, post_for_token(options, req), " The login cannot be renewed: run 'voxclone login' again.");
  });
}

ApiResult<DeviceCode> request_device_code(const ClientOptions& options, const DeviceApp& app) {
  const Endpoint& call = detail::kDeviceCodeEndpoint;
  if (auto u = check_base_url(options.base_url); !u)
    return std::unexpected(not_sent(call, u.error()));
  if (app.client_id.empty())
    return std::unexpected(not_sent(
        call, Error{ErrorCategory::invalid_argument, "a device login needs the app's client id"}));
  const std::string path =
      app.workspace_id.empty()
          ? std::string(call.path)
          : fmt::format("/api/permission/oauth2/workspace_id/{}/device/code", app.workspace_id);
  const auto req = json_post(options, url_of(options.base_url, path), {{"client_id", app.client_id}});
  return detail::with_retries<DeviceCode>(call, options, [&]() -> Attempt<DeviceCode> {
    const Exchange ex = detail::perform(options, req);
    const auto a = detail::parse_service_answer(ex.body, ex.log_id);
    if (ex.transport != detail::Transport::delivered)
      return std::unexpected(detail::classify(ex, a, call, options));
    auto d = detail::parse_device_code_answer(ex.body, unix_now());
    if (ex.status == 200 && d.code) return std::move(*d.code);
    if (!d.error.empty()) {
      detail::TokenAnswer t;
      t.error = d.error;
      t.error_message = d.error_message;
      t.log_id = a.log_id;
      return std::unexpected(oauth_refusal(ex, t, call, " Check the device app's client id."));
    }
    if (ex.status == 200 && (!a.code || *a.code == 0)) {
      detail::Verdict v;
      v.error.category = ErrorCategory::bad_response;
      v.error.http_status = ex.status;
      v.error.message = "device login: the answer has no device code, user code or address";
      return std::unexpected(std::move(v));
    }
    return std::unexpected(detail::classify(ex, a, call, options));
  });
}

ApiResult<OAuthToken> wait_for_device_token(const ClientOptions& options, const DeviceApp& app,
                                            const DeviceCode& code,
                                            const DevicePollOptions& poll) {
  const Endpoint& call = detail::kTokenEndpoint;
  auto stop = [&](ErrorCategory c, std::string message) {
    ApiError e;
    e.category = c;
    e.message = std::move(message);
    return std::unexpected(std::move(e));
  };
  const json body = {{"grant_type", detail::kDeviceGrant},
                     {"client_id", app.client_id},
                     {"device_code", code.device_code}};
  const auto req = json_post(options, url_of(options.base_url, call.path), body);
  auto interval = code.interval;
  for (int polls = 1;; ++polls) {
    if (unix_now() >= code.expires_at)
      return stop(ErrorCategory::auth,
                  "device login: the code expired before the sign-in was approved; run "
                  "'voxclone login' again");
    const bool slept = poll.sleep ? poll.sleep(interval) : cancellable_sleep(options, interval);
    if (!slept) return stop(ErrorCategory::cancelled, "device login: cancelled");
    const TokenReply reply = post_for_token(options, req);
    const std::string& said = reply.answer.error;
    if (said == detail::kPending || said == detail::kSlowDown) {
      // RFC 8628 3.5: slow_down asks for 5 s more between polls from now on.
      if (said == detail::kSlowDown) interval += std::chrono::seconds(detail::kSlowDownStepSeconds);
      if (poll.on_poll) poll.on_poll(said);
      continue;
    }
    if (said == detail::kDenied)
      return stop(ErrorCategory::auth, "device login: the sign-in was denied in the browser");
    if (said == detail::kExpired)
      return stop(ErrorCategory::auth,
                  "device login: the code expired before the sign-in was approved; run "
                  "'voxclone login' again");
    auto r = read_token(options, reply, "");
    if (r) return std::move(*r);
    detail::Verdict& v = r.error();
    v.error.attempts = polls;
    return std::unexpected(std::move(v.error));
  }
}

}  // namespace voxclone

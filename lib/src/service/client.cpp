// Stage 8: upload. The Client and its three calls, each read as its flow: check the request,
// build it, exchange it with the service under the retry rules, read the answer.
//
// Money rule: a clone is billed. A request is sent again only when it provably never reached
// the service (curl could not resolve or connect) or when the service itself said to (429, 503,
// code 4013), and never more than max_attempts times. After a timeout, a dropped connection, a
// garbled answer or any other 5xx the outcome is unknown: report it, never resend. Where each
// half is decided: service/http.cpp (one exchange, never resent by libcurl), service/verdict.cpp
// (what a failure means), service/retry.cpp (whether to send again).
#include "voxclone/upload.hpp"

#include <algorithm>
#include <cstring>
#include <iterator>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "ffmpeg/log_bridge.hpp"
#include "service/answer.hpp"
#include "service/contract.hpp"
#include "auth/jwt.hpp"
#include "core/log.hpp"
#include "service/http.hpp"
#include "service/multipart.hpp"
#include "service/request_checks.hpp"
#include "service/retry.hpp"
#include "service/speech_format.hpp"
#include "service/verdict.hpp"
#include "voxclone/prep.hpp"
#include "voxclone/verdict.hpp"
#include "core/words.hpp"

namespace voxclone {
namespace {

using detail::Attempt;
using detail::Endpoint;
using detail::Exchange;
using detail::ServiceAnswer;

// A request that failed its checks: nothing was sent.
ApiError not_sent(const Endpoint& call, const Error& e) {
  ApiError a;
  a.category = e.category;
  a.message = fmt::format("{}: {}", call.what, e.message);
  return a;
}

ServiceAnswer read_answer(const Exchange& ex) {
  return detail::parse_service_answer(ex.body, ex.log_id);
}

bool answered_ok(const Exchange& ex, const ServiceAnswer& a) {
  return ex.answered(200) && a.code == detail::service_code::ok;
}

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string voices_page_url(const std::string& base_url, const ListVoicesOptions& o, int page,
                            int page_size) {
  std::string url =
      detail::endpoint_url(base_url, detail::kListVoicesEndpoint) +
      fmt::format("?filter_system_voice={}&voice_state={}&page_num={}&page_size={}",
                  o.include_system_voices ? "false" : "true", o.voice_state, page, page_size);
  if (o.model_type) url += "&model_type=" + *o.model_type;
  return url;
}

std::string speech_body(const SpeechRequest& r) {
  using nlohmann::json;
  json body = {
      {"input", r.input}, {"voice_id", r.voice_id}, {"response_format", r.response_format}};
  if (r.speed) body["speed"] = *r.speed;
  if (r.sample_rate) body["sample_rate"] = *r.sample_rate;
  if (r.loudness_rate) body["loudness_rate"] = *r.loudness_rate;
  if (r.emotion) body["emotion"] = *r.emotion;
  if (r.emotion_scale) body["emotion_scale"] = *r.emotion_scale;
  return body.dump(-1, ' ', false, json::error_handler_t::strict);
}

SpeechAudio speech_audio(Exchange&& ex) {
  SpeechAudio s;
  s.bytes.resize(ex.body.size());
  std::memcpy(s.bytes.data(), ex.body.data(), ex.body.size());
  s.content_type = std::move(ex.content_type);
  s.log_id = std::move(ex.log_id);
  return s;
}

}  // namespace

// The client's state: its options and, for a service app, the access token it exchanged (one
// exchange serves every call until shortly before the token expires).
struct Client::Impl {
  ClientOptions opt;
  std::optional<OAuthToken> app_token;
  int exchanges = 0;

  [[nodiscard]] bool fresh(const OAuthToken& t) const {
    return !t.access_token.empty() && unix_now() + opt.token_renew_margin.count() < t.expires_at;
  }

  // The bearer token for the next call: the service app's (exchanged when missing or near its
  // end), the device login's (renewed with its refresh token when near its end), else the
  // personal token.
  ApiResult<std::string> bearer() {
    if (opt.jwt_app) {
      if (!app_token || !fresh(*app_token)) {
        auto t = exchange_jwt(opt, *opt.jwt_app);
        ++exchanges;
        if (!t) return std::unexpected(std::move(t.error()));
        app_token = std::move(*t);
      }
      return app_token->access_token;
    }
    if (opt.login) {
      StoredLogin& l = *opt.login;
      if (!fresh(l.token)) {
        detail::logf(opt.callbacks, LogLevel::info, "the login's access token has expired: renewing it");
        auto t = refresh_login(opt, l.client_id, l.token.refresh_token);
        ++exchanges;
        if (!t) return std::unexpected(std::move(t.error()));
        // A refresh answer may leave the refresh token out: the old one stays good then.
        if (t->refresh_token.empty()) t->refresh_token = l.token.refresh_token;
        l.token = std::move(*t);
        if (opt.on_login_renewed) opt.on_login_renewed(l);
      }
      return l.token.access_token;
    }
    return opt.token;
  }
};

Result<Client> Client::create(ClientOptions options) {
  if (auto u = check_base_url(options.base_url); !u) return std::unexpected(u.error());
  if (options.jwt_app) {
    const JwtApp& app = *options.jwt_app;
    if (app.client_id.empty() || app.public_key_id.empty())
      return fail(ErrorCategory::invalid_argument,
                  "the service app needs a client id and a public key id");
    if (auto k = detail::check_private_key(app.private_key_pem); !k)
      return std::unexpected(k.error());
  } else if (options.login) {
    if (options.login->client_id.empty())
      return fail(ErrorCategory::invalid_argument, "the stored login has no client id");
  } else if (auto t = detail::check_token(options.token); !t) {
    return std::unexpected(t.error());
  }
  if (options.max_attempts < 1) options.max_attempts = 1;
  auto impl = std::make_unique<Impl>();
  impl->opt = std::move(options);
  return Client(std::move(impl));
}

Client::Client(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Client::Client(Client&&) noexcept = default;
Client& Client::operator=(Client&&) noexcept = default;
Client::~Client() = default;

const std::string& Client::base_url() const noexcept {
  return impl_->opt.base_url;
}

std::string Client::credential_summary() const {
  const ClientOptions& o = impl_->opt;
  if (o.jwt_app)
    return fmt::format("service app {} (public key {}{})", o.jwt_app->client_id,
                       o.jwt_app->public_key_id,
                       o.jwt_app->session_name.empty() ? "" : ", session " + o.jwt_app->session_name);
  if (o.login) return fmt::format("device login of app {}", o.login->client_id);
  return fmt::format("personal token ({} characters)", o.token.size());
}

int Client::token_exchanges() const noexcept {
  return impl_->exchanges;
}

ApiResult<CloneResult> Client::clone(const PrepResult& prepared, const CloneRequest& request,
                                     CloneSafety safety) {
  // The request's own rules first (a usage error is the first thing to fix), then the audio's.
  if (auto v = validate_clone_request(request, prepared.sample); !v)
    return std::unexpected(not_sent(detail::kCloneEndpoint, v.error()));
  const SampleVerdict verdict = assess(prepared.report);
  if (verdict.blocks_upload() && !safety.force) {
    ApiError e;
    e.category = ErrorCategory::bad_voice;
    e.message = fmt::format("clone: nothing was sent: {}\nPrepare another part of the recording "
                            "(PrepOptions::select: start_seconds/end_seconds, speaker), or pass "
                            "CloneSafety{{.force = true}} to upload it anyway.",
                            refusal_message(verdict));
    return std::unexpected(std::move(e));
  }
  if (verdict.blocks_upload())
    detail::logf(impl_->opt.callbacks, LogLevel::warning,
                 "clone: forced: uploading a sample whose verdict refuses it ({})",
                 verdict.blocking_codes());
  return clone(prepared.sample, request);
}

ApiResult<CloneResult> Client::clone(const EncodedSample& sample, const CloneRequest& request) {
  const ClientOptions& opt = impl_->opt;
  const Endpoint& call = detail::kCloneEndpoint;
  detail::LogScope scope(opt.callbacks);
  if (auto v = validate_clone_request(request, sample); !v)
    return std::unexpected(not_sent(call, v.error()));
  if (request.voice_id) {
    // A retrain: each voice may be trained at most 10 times. Look it up first, and send nothing
    // when it is not this account's or has no trainings left.
    auto voice = find_voice(*request.voice_id);
    if (!voice) return std::unexpected(std::move(voice.error()));
    if (voice->available_training_times <= 0) {
      ApiError e;
      e.category = ErrorCategory::rejected;
      e.message = fmt::format(
          "clone: voice {} ('{}') has no trainings left (a voice can be trained at most {} "
          "times); nothing was sent. Clone a new voice instead (leave out --voice-id).",
          voice->voice_id, voice->name, detail::kMaxTrainings);
      return std::unexpected(std::move(e));
    }
    detail::logf(opt.callbacks, LogLevel::info, "retraining voice {} ('{}'): {} left",
         voice->voice_id, voice->name, detail::count_of(voice->available_training_times, "training"));
  }
  auto bearer = impl_->bearer();
  if (!bearer) return std::unexpected(std::move(bearer.error()));
  const detail::Request req{.url = detail::endpoint_url(opt.base_url, call),
                            .bearer = *bearer,
                            .max_answer_bytes = opt.max_response_bytes,
                            .body = detail::clone_form(request, sample)};
  int sent = 0;  // the requests sent, retries included: the result reports them
  return detail::with_retries<CloneResult>(call, opt, [&]() -> Attempt<CloneResult> {
    ++sent;
    const Exchange ex = detail::perform(opt, req);
    const ServiceAnswer a = read_answer(ex);
    if (!answered_ok(ex, a))
      return std::unexpected(detail::classify(ex, a, call, opt, request.text.has_value()));
    if (auto id = detail::read_voice_id(a.data)) return CloneResult{*id, a.log_id, sent};
    return std::unexpected(detail::clone_without_voice_id(ex, a));
  });
}

ApiResult<std::vector<Voice>> Client::list_voices(const ListVoicesOptions& o) {
  const ClientOptions& opt = impl_->opt;
  const Endpoint& call = detail::kListVoicesEndpoint;
  detail::LogScope scope(opt.callbacks);
  if (auto v = validate_list_options(o); !v) return std::unexpected(not_sent(call, v.error()));
  std::vector<Voice> all;
  const int page_size = o.page_size;
  for (int page = 1; page <= o.max_pages; ++page) {
    auto bearer = impl_->bearer();
    if (!bearer) return std::unexpected(std::move(bearer.error()));
    const detail::Request req{.url = voices_page_url(opt.base_url, o, page, page_size),
                              .bearer = *bearer,
                              .max_answer_bytes = opt.max_response_bytes,
                              .body = {}};
    auto r =
        detail::with_retries<detail::VoicePage>(call, opt, [&]() -> Attempt<detail::VoicePage> {
          const Exchange ex = detail::perform(opt, req);
          const ServiceAnswer a = read_answer(ex);
          if (!answered_ok(ex, a)) return std::unexpected(detail::classify(ex, a, call, opt));
          if (auto p = detail::read_voice_page(a.data)) return std::move(*p);
          return std::unexpected(detail::voices_without_list(ex, a));
        });
    if (!r) return std::unexpected(std::move(r.error()));
    const bool more = r->has_more && !r->voices.empty();
    all.insert(all.end(), std::make_move_iterator(r->voices.begin()),
               std::make_move_iterator(r->voices.end()));
    if (!more) return all;
  }
  // The service still said has_more: the list is cut, and a caller must know it.
  detail::logf(opt.callbacks, LogLevel::warning,
               "voices: stopped after {} pages ({} voices) though the service says there are more "
               "(a guard against a list that never ends); the list is incomplete",
               o.max_pages, all.size());
  return all;
}

ApiResult<SpeechAudio> Client::speak(const SpeechRequest& request) {
  const ClientOptions& opt = impl_->opt;
  const Endpoint& call = detail::kSpeechEndpoint;
  detail::LogScope scope(opt.callbacks);
  if (auto v = validate_speech_request(request); !v)
    return std::unexpected(not_sent(call, v.error()));
  auto bearer = impl_->bearer();
  if (!bearer) return std::unexpected(std::move(bearer.error()));
  const detail::Request req{.url = detail::endpoint_url(opt.base_url, call),
                            .bearer = *bearer,
                            .max_answer_bytes = opt.max_audio_bytes,
                            .body = detail::JsonBody{speech_body(request)}};
  return detail::with_retries<SpeechAudio>(call, opt, [&]() -> Attempt<SpeechAudio> {
    Exchange ex = detail::perform(opt, req);
    if (ex.answered(200) && detail::is_audio_content_type(ex.content_type) && !ex.body.empty()) {
      if (auto wrong = detail::speech_in_another_format(request.response_format, ex))
        return std::unexpected(std::move(*wrong));
      return speech_audio(std::move(ex));
    }
    const ServiceAnswer a = read_answer(ex);
    if (answered_ok(ex, a) && a.json_ok) return std::unexpected(detail::speech_without_audio(a));
    return std::unexpected(detail::classify(ex, a, call, opt));
  });
}

ApiResult<Voice> Client::find_voice(const std::string& voice_id) {
  ListVoicesOptions o;
  o.include_system_voices = false;
  o.voice_state = "all";
  auto voices = list_voices(o);
  if (!voices) return std::unexpected(std::move(voices.error()));
  for (auto& v : *voices)
    if (v.voice_id == voice_id) return std::move(v);
  ApiError e;
  e.category = ErrorCategory::rejected;
  e.attempts = 1;
  e.message = fmt::format(
      "clone: voice {} is not among this account's {} on {}; nothing was sent. Check "
      "the id with 'voxclone voices --state all' (a voice belongs to the workspace and region "
      "it was made in).",
      voice_id, detail::count_of(static_cast<long long>(voices->size()), "voice"), impl_->opt.base_url);
  return std::unexpected(std::move(e));
}

}  // namespace voxclone

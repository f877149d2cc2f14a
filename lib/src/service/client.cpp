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
#include "service/http.hpp"
#include "service/multipart.hpp"
#include "service/request_checks.hpp"
#include "service/retry.hpp"
#include "service/verdict.hpp"

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

struct Client::Impl {
  ClientOptions opt;
};

Result<Client> Client::create(ClientOptions options) {
  if (auto u = check_base_url(options.base_url); !u) return std::unexpected(u.error());
  if (auto t = detail::check_token(options.token); !t) return std::unexpected(t.error());
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

ApiResult<CloneResult> Client::clone(const EncodedSample& sample, const CloneRequest& request) {
  const ClientOptions& opt = impl_->opt;
  const Endpoint& call = detail::kCloneEndpoint;
  detail::LogScope scope(opt.callbacks);
  if (auto v = validate_clone_request(request, sample); !v)
    return std::unexpected(not_sent(call, v.error()));
  const detail::Request req{.url = detail::endpoint_url(opt.base_url, call),
                            .max_answer_bytes = opt.max_response_bytes,
                            .body = detail::clone_form(request, sample)};
  return detail::with_retries<CloneResult>(call, opt, [&]() -> Attempt<CloneResult> {
    const Exchange ex = detail::perform(opt, req);
    const ServiceAnswer a = read_answer(ex);
    if (!answered_ok(ex, a))
      return std::unexpected(detail::classify(ex, a, call, opt, request.text.has_value()));
    if (auto id = detail::read_voice_id(a.data)) return CloneResult{*id, a.log_id, 1};
    return std::unexpected(detail::clone_without_voice_id(ex, a));
  });
}

ApiResult<std::vector<Voice>> Client::list_voices(const ListVoicesOptions& o) {
  const ClientOptions& opt = impl_->opt;
  const Endpoint& call = detail::kListVoicesEndpoint;
  detail::LogScope scope(opt.callbacks);
  std::vector<Voice> all;
  const int page_size = std::clamp(o.page_size, 1, 100);
  for (int page = 1; page <= o.max_pages; ++page) {
    const detail::Request req{.url = voices_page_url(opt.base_url, o, page, page_size),
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
  return all;
}

ApiResult<SpeechAudio> Client::speak(const SpeechRequest& request) {
  const ClientOptions& opt = impl_->opt;
  const Endpoint& call = detail::kSpeechEndpoint;
  detail::LogScope scope(opt.callbacks);
  if (auto v = validate_speech_request(request); !v)
    return std::unexpected(not_sent(call, v.error()));
  const detail::Request req{.url = detail::endpoint_url(opt.base_url, call),
                            .max_answer_bytes = opt.max_audio_bytes,
                            .body = detail::JsonBody{speech_body(request)}};
  return detail::with_retries<SpeechAudio>(call, opt, [&]() -> Attempt<SpeechAudio> {
    Exchange ex = detail::perform(opt, req);
    if (ex.answered(200) && detail::is_audio_content_type(ex.content_type) && !ex.body.empty())
      return speech_audio(std::move(ex));
    const ServiceAnswer a = read_answer(ex);
    if (answered_ok(ex, a) && a.json_ok) return std::unexpected(detail::speech_without_audio(a));
    return std::unexpected(detail::classify(ex, a, call, opt));
  });
}

}  // namespace voxclone

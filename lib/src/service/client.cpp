// Stage 8: upload. The service's HTTP API over libcurl, answers read with nlohmann/json.
//
// Money rule: a clone is billed. A request is sent again only when it provably never reached
// the service (curl could not resolve or connect) or when the service itself said to (429, 503,
// code 4013), and never more than max_attempts times. After a timeout, a dropped connection, a
// garbled answer or any other 5xx the outcome is unknown: report it, never resend.
#include "voxclone/upload.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <cctype>
#include <cmath>
#include <mutex>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "service/answer.hpp"
#include "service/curl_handles.hpp"
#include "core/log.hpp"
#include "ffmpeg/log_bridge.hpp"
#include "voxclone/validate.hpp"
#include "voxclone/version.hpp"

namespace voxclone {
namespace detail {

std::optional<std::chrono::milliseconds> parse_retry_after(const std::string& v) {
  if (v.empty()) return std::nullopt;
  if (std::all_of(v.begin(), v.end(), [](unsigned char c) { return std::isdigit(c); })) {
    if (v.size() > 9) return std::chrono::hours(24 * 365);
    return std::chrono::seconds(std::stoll(v));
  }
  const time_t when = curl_getdate(v.c_str(), nullptr);  // an HTTP date
  if (when < 0) return std::nullopt;
  // In whole seconds, capped: a date in the year 202026 (found by fuzzing) would overflow
  // std::chrono's nanosecond arithmetic.
  const time_t now = std::time(nullptr);
  if (when <= now) return std::chrono::milliseconds(0);
  constexpr time_t kYear = 365L * 24 * 3600;
  return std::chrono::seconds(std::min<time_t>(when - now, kYear));
}

ServiceAnswer parse_service_answer(std::string_view body, std::string_view log_id_header) {
  ServiceAnswer a;
  a.log_id = std::string(log_id_header);
  nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return a;
  a.json_ok = true;
  if (auto it = j.find("code"); it != j.end() && it->is_number_integer()) a.code = it->get<std::int64_t>();
  if (auto it = j.find("msg"); it != j.end() && it->is_string()) a.msg = it->get<std::string>();
  if (auto d = j.find("detail"); d != j.end() && d->is_object())
    if (auto l = d->find("logid"); l != d->end() && l->is_string() && !l->get<std::string>().empty())
      a.log_id = l->get<std::string>();
  if (auto it = j.find("data"); it != j.end()) a.data = *it;
  return a;
}

}  // namespace detail

namespace {

using nlohmann::json;
using detail::parse_retry_after;
using detail::parse_service_answer;
using detail::ServiceAnswer;

constexpr std::array kLanguages = {"zh", "en", "ja", "es", "id", "pt"};
constexpr std::array kSpeechFormats = {"wav", "pcm", "ogg_opus", "mp3"};
constexpr std::array kSpeechRates = {8000, 16000, 22050, 24000, 32000, 44100, 48000};

void global_init() {
  // curl_global_init is not thread-safe on every build: run it exactly once.
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

bool has_control_chars(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; });
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// What one HTTP exchange produced; transport and answer kept apart.
struct Exchange {
  CURLcode code = CURLE_OK;
  std::string curl_error;        // CURLOPT_ERRORBUFFER, or curl_easy_strerror
  long status = 0;
  std::string body;
  std::string content_type;
  std::string log_id;            // x-tt-logid header
  std::string retry_after;       // Retry-After header, raw
  bool body_too_large = false;
  bool cancelled = false;
  bool connected = false;        // a connection was made (the request may have been read)
  curl_off_t uploaded = 0;
  curl_off_t upload_total = 0;
};

struct TransferState {
  const Callbacks* cb;
  Exchange* ex;
  std::size_t max_body;
};

size_t on_body(char* data, size_t size, size_t n, void* user) {
  auto& st = *static_cast<TransferState*>(user);
  const std::size_t len = size * n;
  if (st.ex->body.size() + len > st.max_body) {
    st.ex->body_too_large = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  st.ex->body.append(data, len);
  return len;
}

size_t on_header(char* data, size_t size, size_t n, void* user) {
  auto& st = *static_cast<TransferState*>(user);
  const std::size_t len = size * n;
  std::string_view line(data, len);
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return len;
  const std::string name = lower(std::string(line.substr(0, colon)));
  std::string value(line.substr(colon + 1));
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front()))) value.erase(0, 1);
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) value.pop_back();
  if (name == "x-tt-logid") st.ex->log_id = value;
  if (name == "retry-after") st.ex->retry_after = value;
  return len;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t ultotal, curl_off_t ulnow) {
  auto& st = *static_cast<TransferState*>(user);
  st.ex->uploaded = ulnow;
  st.ex->upload_total = ultotal;
  if (ultotal > 0) detail::progress(*st.cb, Stage::upload, static_cast<double>(ulnow) / static_cast<double>(ultotal));
  if (detail::cancelled(*st.cb)) {
    st.ex->cancelled = true;
    return 1;
  }
  return 0;
}

// Transport failures after which the request provably never reached the service.
bool never_arrived(const Exchange& ex) {
  switch (ex.code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
      return true;
    case CURLE_OPERATION_TIMEDOUT:
      return !ex.connected;  // timed out while connecting
    default:
      return false;
  }
}

ServiceAnswer read_answer(const Exchange& ex) { return parse_service_answer(ex.body, ex.log_id); }

}  // namespace

// ---------------------------------------------------------------------------------------------
// Validation

Result<void> check_base_url(const std::string& base_url) {
  global_init();
  auto bad = [&](std::string why) {
    return fail(ErrorCategory::invalid_argument, fmt::format("base URL '{}': {}", base_url, why));
  };
  detail::CurlUrlPtr u(curl_url());
  if (!u || curl_url_set(u.get(), CURLUPART_URL, base_url.c_str(), 0) != CURLUE_OK)
    return bad("not a URL (expected https://host)");
  char* scheme = nullptr;
  char* host = nullptr;
  curl_url_get(u.get(), CURLUPART_SCHEME, &scheme, 0);
  curl_url_get(u.get(), CURLUPART_HOST, &host, 0);
  const std::string sch = scheme ? lower(scheme) : "";
  const std::string h = host ? lower(host) : "";
  curl_free(scheme);
  curl_free(host);
  if (sch == "https") return {};
  if (sch != "http") return bad("only https:// is supported");
  const bool loopback = h == "localhost" || h == "[::1]" || h == "::1" || h.starts_with("127.");
  if (!loopback)
    return bad("plain http:// would send the API token unencrypted; use https:// (http is allowed "
               "only to a loopback address such as 127.0.0.1)");
  return {};
}

Result<void> validate_clone_fields(const CloneRequest& r) {
  auto bad = [](std::string m) { return fail(ErrorCategory::invalid_argument, std::move(m)); };
  if (r.voice_name.empty()) return bad("the voice name is empty");
  if (r.voice_name.size() > 128)
    return bad(fmt::format("the voice name is {} bytes long; the endpoint allows 128 bytes (UTF-8: "
                           "a Chinese character takes 3)", r.voice_name.size()));
  if (has_control_chars(r.voice_name)) return bad("the voice name holds control characters");
  if (r.language &&
      std::find(kLanguages.begin(), kLanguages.end(), *r.language) == kLanguages.end())
    return bad(fmt::format("language '{}' is not one the endpoint takes: zh, en, ja, es, id or pt",
                           *r.language));
  if (r.text) {
    if (r.text->empty()) return bad("--text is empty");
    if (r.text->size() > 1024)
      return bad(fmt::format("the text is {} bytes long; the endpoint allows 1024 bytes (UTF-8)",
                             r.text->size()));
  }
  if (r.preview_text) {
    if (r.preview_text->empty()) return bad("the preview text is empty");
    if (r.preview_text->size() > 1024)
      return bad(fmt::format("the preview text is {} bytes long; at most 1024 bytes make sense "
                             "(the speech endpoint's limit)", r.preview_text->size()));
  }
  for (const auto* f : {&r.voice_id, &r.space_id, &r.description})
    if (*f && (f->value().empty() || f->value().size() > 1024 || has_control_chars(f->value())))
      return bad("--voice-id, --space-id and --description must be non-empty single lines");
  return {};
}

Result<void> validate_clone_request(const CloneRequest& r, const EncodedSample& sample) {
  if (auto f = validate_clone_fields(r); !f) return f;
  if (sample.bytes.size() > kMaxSampleBytes)
    return fail(ErrorCategory::sample_invalid,
                fmt::format("the sample is {} bytes; the endpoint takes at most 10 MB ({} bytes)",
                            sample.bytes.size(), kMaxSampleBytes));
  if (sample.bytes.empty()) return fail(ErrorCategory::sample_invalid, "the sample is empty");
  if (sample.format == SampleFormat::pcm && (sample.sample_rate != kSampleRate || sample.channels != 1))
    return fail(ErrorCategory::sample_invalid, "raw PCM must be 24 kHz mono 16-bit");
  return {};
}

Result<void> validate_speech_request(const SpeechRequest& r) {
  auto bad = [](std::string m) { return fail(ErrorCategory::invalid_argument, std::move(m)); };
  if (r.input.empty()) return bad("the text to speak is empty");
  if (r.input.size() > 1024)
    return bad(fmt::format("the text is {} bytes; the speech endpoint allows 1024 bytes (UTF-8)",
                           r.input.size()));
  if (r.voice_id.empty()) return bad("a voice id is needed");
  if (std::find(kSpeechFormats.begin(), kSpeechFormats.end(), r.response_format) == kSpeechFormats.end())
    return bad(fmt::format("format '{}': use mp3, wav, pcm or ogg_opus", r.response_format));
  if (r.speed && !(*r.speed >= 0.5 && *r.speed <= 2.0))
    return bad(fmt::format("speed {:g} is outside 0.5–2", *r.speed));
  if (r.sample_rate &&
      std::find(kSpeechRates.begin(), kSpeechRates.end(), *r.sample_rate) == kSpeechRates.end())
    return bad(fmt::format("sample rate {} is not one of 8000 16000 22050 24000 32000 44100 48000",
                           *r.sample_rate));
  return {};
}

namespace {

std::string sample_file_name(SampleFormat f) { return fmt::format("sample.{}", to_string(f)); }

// The multipart fields in the order the contract lists them; optional ones only when given.
std::vector<std::pair<std::string, std::string>> clone_fields(const CloneRequest& r,
                                                              const EncodedSample& sample) {
  std::vector<std::pair<std::string, std::string>> f;
  f.emplace_back("voice_name", r.voice_name);
  f.emplace_back("audio_format", std::string(to_string(sample.format)));
  auto add = [&](const char* name, const std::optional<std::string>& v) {
    if (v) f.emplace_back(name, *v);
  };
  add("language", r.language);
  add("text", r.text);
  add("preview_text", r.preview_text);
  add("voice_id", r.voice_id);
  add("space_id", r.space_id);
  add("description", r.description);
  return f;
}

std::string join_url(const std::string& base, std::string_view path) {
  std::string b = base;
  while (!b.empty() && b.back() == '/') b.pop_back();
  return b + std::string(path);
}

}  // namespace

std::string describe_clone_request(const std::string& base_url, const CloneRequest& request,
                                   const EncodedSample& sample) {
  std::string out = fmt::format("POST {}\n", join_url(base_url, "/v1/audio/voices/clone"));
  out += "Authorization: Bearer ***\n";
  out += "Content-Type: multipart/form-data; boundary=...\n";
  for (const auto& [name, value] : clone_fields(request, sample))
    out += fmt::format("  {}: {}\n", name, json(value).dump(-1, ' ', false, json::error_handler_t::replace));
  out += fmt::format("  file: {} ({}, {} bytes, {:.2f} s, {} Hz mono)\n", sample_file_name(sample.format),
                     content_type(sample.format), sample.bytes.size(), sample.duration_seconds,
                     sample.sample_rate);
  return out;
}

// ---------------------------------------------------------------------------------------------
// The client

struct Client::Impl {
  ClientOptions opt;

  enum class Retry { never_after_sending, idempotent };

  // One exchange: method and body set up by `prepare` on a fresh handle.
  template <class Prepare>
  Exchange perform(const std::string& url, std::size_t max_body, Prepare&& prepare) {
    Exchange ex;
    detail::CurlPtr h(curl_easy_init());
    if (!h) {
      ex.code = CURLE_FAILED_INIT;
      ex.curl_error = "could not start libcurl";
      return ex;
    }
    char errbuf[CURL_ERROR_SIZE] = {};
    TransferState st{&opt.callbacks, &ex, max_body};
    const std::string auth = "Authorization: Bearer " + opt.token;
    const std::string agent = fmt::format("voxclone/{}", version());
    detail::CurlSlistPtr headers(curl_slist_append(nullptr, auth.c_str()));
    CURL* c = h.get();
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_USERAGENT, agent.c_str());
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);  // thread-safe timeouts
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(opt.connect_timeout.count()));
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(opt.timeout.count()));
    // TLS verification is libcurl's default; say so anyway so no one "fixes" it off.
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    // A fresh connection, never reused: when a reused connection turns out dead, libcurl quietly
    // sends the request again on a new one, and a clone sent twice is billed twice.
    curl_easy_setopt(c, CURLOPT_FRESH_CONNECT, 1L);
    curl_easy_setopt(c, CURLOPT_FORBID_REUSE, 1L);
    // Never follow a redirect: it could carry the token to another host or turn POST into GET.
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &st);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &st);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, &st);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    // Proxies come from the environment (https_proxy, no_proxy, ...) as for the curl tool.
    // curl_slist_append returns the list's head: the same pointer when the list was not empty.
    if (curl_slist* head = prepare(c, headers.get()); head != nullptr && head != headers.get()) {
      (void)headers.release();
      headers.reset(head);
    }
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    ex.code = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &ex.status);
    char* ct = nullptr;
    if (curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ct) == CURLE_OK && ct) ex.content_type = ct;
    curl_off_t connect_time = 0;
    curl_easy_getinfo(c, CURLINFO_CONNECT_TIME_T, &connect_time);
    ex.connected = connect_time > 0 || ex.status > 0;
    if (ex.code != CURLE_OK) ex.curl_error = errbuf[0] ? errbuf : curl_easy_strerror(ex.code);
    return ex;
  }

  bool sleep_for(std::chrono::milliseconds d) {
    const auto until = std::chrono::steady_clock::now() + d;
    while (std::chrono::steady_clock::now() < until) {
      if (detail::cancelled(opt.callbacks)) return false;
      std::this_thread::sleep_for(std::min<std::chrono::milliseconds>(
          std::chrono::milliseconds(100),
          std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now())));
    }
    return true;
  }

  // Runs `attempt` until it succeeds or the retry rules stop it.
  // `what` names the call in messages ("clone", "list voices", "speech").
  template <class Attempt>
  auto with_retries(const char* what, bool billed, Retry policy, Attempt&& attempt)
      -> decltype(attempt()) {
    for (int n = 1;; ++n) {
      auto r = attempt();
      if (r) return r;
      ApiError& e = r.error();
      e.attempts = n;
      const bool may_retry = retryable_ == RetryKind::yes || (policy == Retry::idempotent && retryable_ == RetryKind::if_idempotent);
      if (!may_retry || n >= opt.max_attempts) {
        if (may_retry && n >= opt.max_attempts)
          e.message += fmt::format(" (gave up after {} attempts)", n);
        return r;
      }
      auto wait = opt.retry_delay * (1 << (n - 1));
      if (retry_after_) {
        if (*retry_after_ > opt.max_retry_after) {
          e.message += fmt::format(" The service asks to wait {} s before trying again.",
                                   std::chrono::duration_cast<std::chrono::seconds>(*retry_after_).count());
          return r;
        }
        wait = std::max(wait, *retry_after_);
      }
      detail::logf(opt.callbacks, LogLevel::info, "{}: {}; trying again in {:.1f} s (attempt {} of {})",
                   what, e.message, static_cast<double>(wait.count()) / 1000.0, n + 1, opt.max_attempts);
      if (!sleep_for(wait)) {
        e.category = ErrorCategory::cancelled;
        e.message = fmt::format("{}: cancelled while waiting to retry", what);
        e.may_have_been_billed = billed && e.may_have_been_billed;
        return r;
      }
    }
  }

  enum class RetryKind { no, yes, if_idempotent };
  RetryKind retryable_ = RetryKind::no;
  std::optional<std::chrono::milliseconds> retry_after_;

  // Turns a failed exchange or an error answer into an ApiError, and decides retryability.
  ApiError classify(const char* what, const Exchange& ex, const ServiceAnswer& a, bool billed) {
    retryable_ = RetryKind::no;
    retry_after_.reset();
    ApiError e;
    e.http_status = ex.status;
    e.log_id = a.log_id;
    e.service_code = a.code;
    e.service_message = a.msg;
    auto with_log = [&](std::string m) {
      if (!e.log_id.empty()) m += fmt::format(" (log id {})", e.log_id);
      return m;
    };
    const std::string unknown_tail =
        billed ? " The clone may have succeeded and been billed: list your voices before trying again."
               : "";
    if (ex.cancelled) {
      e.category = ErrorCategory::cancelled;
      const bool all_sent = ex.upload_total > 0 && ex.uploaded >= ex.upload_total;
      e.may_have_been_billed = billed && all_sent;
      e.message = fmt::format("{}: cancelled{}", what,
                              e.may_have_been_billed ? " after the request was sent." + unknown_tail : "");
      return e;
    }
    if (ex.code != CURLE_OK && !ex.body_too_large) {
      e.transport_error = ex.curl_error;
      if (never_arrived(ex)) {
        e.category = ErrorCategory::network;
        e.message = fmt::format("{}: could not reach the service: {}", what, ex.curl_error);
        retryable_ = RetryKind::yes;
        return e;
      }
      e.category = ErrorCategory::outcome_unknown;
      e.may_have_been_billed = billed;
      e.message = with_log(fmt::format("{}: {}{}", what,
                                       ex.code == CURLE_OPERATION_TIMEDOUT
                                           ? fmt::format("no answer within {} s ({})",
                                                         opt.timeout.count() / 1000, ex.curl_error)
                                           : "the connection failed: " + ex.curl_error,
                                       ".")) + unknown_tail;
      retryable_ = RetryKind::if_idempotent;
      return e;
    }
    if (ex.body_too_large) {
      e.category = billed ? ErrorCategory::outcome_unknown : ErrorCategory::bad_response;
      e.may_have_been_billed = billed;
      e.message = with_log(fmt::format("{}: the answer (HTTP {}) is larger than {} bytes, which no "
                                       "answer of this API is.", what, ex.status, opt.max_response_bytes)) + unknown_tail;
      return e;
    }
    // An answer arrived.
    const std::int64_t code = a.code.value_or(-1);
    auto service_part = [&] {
      std::string s = a.code ? fmt::format("code {}", *a.code) : std::string("no code");
      if (!a.msg.empty()) s += ": " + a.msg;
      return fmt::format("{}, HTTP {}", s, ex.status);
    };
    if (ex.status == 429 || ex.status == 503 || code == 4013) {
      e.category = ErrorCategory::rejected;
      e.message = with_log(fmt::format("{}: the service is busy or rate-limiting ({}).", what, service_part()));
      retry_after_ = parse_retry_after(ex.retry_after);
      retryable_ = RetryKind::yes;
      return e;
    }
    if (code == 4100 || code == 4101 || ((ex.status == 401 || ex.status == 403) && !a.code)) {
      e.category = ErrorCategory::auth;
      if (code == 4101 || (ex.status == 403 && !a.code)) {
        const char* perm = std::string_view(what) == "clone" ? "createVoice"
                           : std::string_view(what) == "list voices" ? "listVoice" : "createSpeech";
        e.message = with_log(fmt::format("{}: the token lacks a permission ({}). Give the token the "
                                         "'{}' permission.", what, service_part(), perm));
      } else {
        e.message = with_log(fmt::format(
            "{}: the service rejected the token ({}). Check COZE_API_TOKEN; a token made on "
            "coze.cn works only with {} and one made on coze.com only with {} (this request went "
            "to {}).", what, service_part(), kDefaultBaseUrl, kInternationalBaseUrl, opt.base_url));
      }
      return e;
    }
    if (ex.status >= 500) {
      e.category = billed ? ErrorCategory::outcome_unknown : ErrorCategory::rejected;
      e.may_have_been_billed = billed;
      e.message = with_log(fmt::format("{}: the service failed ({}).", what, service_part())) + unknown_tail;
      retryable_ = RetryKind::if_idempotent;
      return e;
    }
    if (!a.json_ok) {
      e.category = billed && ex.status < 300 ? ErrorCategory::outcome_unknown : ErrorCategory::bad_response;
      e.may_have_been_billed = billed && ex.status < 300;
      e.message = with_log(fmt::format("{}: the answer (HTTP {}, {}) is not the JSON the API "
                                       "answers with.", what, ex.status,
                                       ex.content_type.empty() ? "no content type" : ex.content_type)) +
                  (e.may_have_been_billed ? unknown_tail : "");
      return e;
    }
    e.category = ErrorCategory::rejected;
    std::string hint;
    if (code == 1109)
      hint = " The audio does not match the text given with it: give the exact words the sample "
             "says, or leave the text out.";
    else if (code == 4000)
      hint = " The request broke one of the endpoint's rules.";
    else if (code == 4200)
      hint = " Something named in the request (a voice id, a space id) does not exist.";
    e.message = with_log(fmt::format("{}: the service refused ({}).{}", what, service_part(), hint));
    return e;
  }
};

Result<Client> Client::create(ClientOptions options) {
  global_init();
  if (auto u = check_base_url(options.base_url); !u) return std::unexpected(u.error());
  if (options.token.empty())
    return fail(ErrorCategory::invalid_argument, "no API token (set COZE_API_TOKEN)");
  if (has_control_chars(options.token) || options.token.find(' ') != std::string::npos)
    return fail(ErrorCategory::invalid_argument, "the API token holds spaces or control characters");
  if (options.max_attempts < 1) options.max_attempts = 1;
  auto impl = std::make_unique<Impl>();
  impl->opt = std::move(options);
  return Client(std::move(impl));
}

Client::Client(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Client::Client(Client&&) noexcept = default;
Client& Client::operator=(Client&&) noexcept = default;
Client::~Client() = default;

const std::string& Client::base_url() const noexcept { return impl_->opt.base_url; }

ApiResult<CloneResult> Client::clone(const EncodedSample& sample, const CloneRequest& request) {
  detail::LogScope scope(impl_->opt.callbacks);
  if (auto v = validate_clone_request(request, sample); !v) {
    ApiError e;
    e.category = v.error().category;
    e.message = "clone: " + v.error().message;
    return std::unexpected(e);
  }
  const std::string url = join_url(impl_->opt.base_url, "/v1/audio/voices/clone");
  const auto fields = clone_fields(request, sample);
  const std::string file_name = sample_file_name(sample.format);
  const std::string type(content_type(sample.format));
  return impl_->with_retries("clone", true, Impl::Retry::never_after_sending,
                             [&]() -> ApiResult<CloneResult> {
    detail::CurlMimePtr mime;
    Exchange ex = impl_->perform(url, impl_->opt.max_response_bytes, [&](CURL* c, curl_slist*) -> curl_slist* {
      mime.reset(curl_mime_init(c));
      for (const auto& [name, value] : fields) {
        curl_mimepart* p = curl_mime_addpart(mime.get());
        curl_mime_name(p, name.c_str());
        curl_mime_data(p, value.data(), value.size());
      }
      curl_mimepart* f = curl_mime_addpart(mime.get());
      curl_mime_name(f, "file");
      curl_mime_data(f, reinterpret_cast<const char*>(sample.bytes.data()), sample.bytes.size());
      curl_mime_filename(f, file_name.c_str());
      curl_mime_type(f, type.c_str());
      curl_easy_setopt(c, CURLOPT_MIMEPOST, mime.get());
      return nullptr;
    });
    const ServiceAnswer a = read_answer(ex);
    if (ex.code == CURLE_OK && ex.status == 200 && a.code == 0) {
      const json* id = a.data.is_object() && a.data.contains("voice_id") ? &a.data["voice_id"] : nullptr;
      if (id && id->is_string() && !id->get<std::string>().empty())
        return CloneResult{id->get<std::string>(), a.log_id, 1};
      if (id && id->is_number_integer())  // tolerate a numeric id
        return CloneResult{std::to_string(id->get<std::int64_t>()), a.log_id, 1};
      ApiError e;
      e.category = ErrorCategory::outcome_unknown;
      e.http_status = ex.status;
      e.service_code = 0;
      e.log_id = a.log_id;
      e.may_have_been_billed = true;
      e.message = fmt::format("clone: the service answered success but with no voice id{}. The "
                              "clone may have succeeded and been billed: list your voices.",
                              a.log_id.empty() ? "" : " (log id " + a.log_id + ")");
      impl_->retryable_ = Impl::RetryKind::no;
      return std::unexpected(e);
    }
    return std::unexpected(impl_->classify("clone", ex, a, true));
  });
}

ApiResult<std::vector<Voice>> Client::list_voices(const ListVoicesOptions& o) {
  detail::LogScope scope(impl_->opt.callbacks);
  std::vector<Voice> all;
  const int page_size = std::clamp(o.page_size, 1, 100);
  for (int page = 1; page <= o.max_pages; ++page) {
    std::string url = join_url(impl_->opt.base_url, "/v1/audio/voices") +
                      fmt::format("?filter_system_voice={}&voice_state={}&page_num={}&page_size={}",
                                  o.include_system_voices ? "false" : "true", o.voice_state, page, page_size);
    if (o.model_type) url += "&model_type=" + *o.model_type;
    bool has_more = false;
    auto r = impl_->with_retries("list voices", false, Impl::Retry::idempotent,
                                 [&]() -> ApiResult<std::vector<Voice>> {
      Exchange ex = impl_->perform(url, impl_->opt.max_response_bytes,
                                   [](CURL* c, curl_slist*) -> curl_slist* {
                                     curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
                                     return nullptr;
                                   });
      const ServiceAnswer a = read_answer(ex);
      if (ex.code == CURLE_OK && ex.status == 200 && a.code == 0) {
        const json& d = a.data;
        if (!d.is_object() || !d.contains("voice_list") || !d["voice_list"].is_array()) {
          ApiError e;
          e.category = ErrorCategory::bad_response;
          e.http_status = ex.status;
          e.log_id = a.log_id;
          e.message = "list voices: the answer has no voice_list";
          impl_->retryable_ = Impl::RetryKind::no;
          return std::unexpected(e);
        }
        std::vector<Voice> got;
        for (const auto& v : d["voice_list"]) {
          Voice x;
          auto str = [&](const char* k) { return v.contains(k) && v[k].is_string() ? v[k].get<std::string>() : std::string(); };
          auto num = [&](const char* k) -> std::int64_t {
            if (!v.contains(k)) return 0;
            if (v[k].is_number_integer()) return v[k].get<std::int64_t>();
            if (v[k].is_string()) return std::strtoll(v[k].get<std::string>().c_str(), nullptr, 10);
            return 0;
          };
          x.voice_id = str("voice_id");
          x.name = str("name");
          x.is_system_voice = v.contains("is_system_voice") && v["is_system_voice"].is_boolean() && v["is_system_voice"].get<bool>();
          x.language_code = str("language_code");
          x.language_name = str("language_name");
          x.preview_text = str("preview_text");
          x.preview_audio = str("preview_audio");
          x.available_training_times = static_cast<int>(num("available_training_times"));
          x.create_time = num("create_time");
          x.update_time = num("update_time");
          x.model_type = str("model_type");
          x.state = str("state");
          got.push_back(std::move(x));
        }
        has_more = d.contains("has_more") && d["has_more"].is_boolean() && d["has_more"].get<bool>();
        return got;
      }
      return std::unexpected(impl_->classify("list voices", ex, a, false));
    });
    if (!r) return r;
    const bool empty_page = r->empty();
    all.insert(all.end(), std::make_move_iterator(r->begin()), std::make_move_iterator(r->end()));
    if (!has_more || empty_page) return all;
  }
  return all;
}

ApiResult<SpeechAudio> Client::speak(const SpeechRequest& request) {
  detail::LogScope scope(impl_->opt.callbacks);
  if (auto v = validate_speech_request(request); !v) {
    ApiError e;
    e.category = v.error().category;
    e.message = "speech: " + v.error().message;
    return std::unexpected(e);
  }
  json body = {{"input", request.input}, {"voice_id", request.voice_id},
               {"response_format", request.response_format}};
  if (request.speed) body["speed"] = *request.speed;
  if (request.sample_rate) body["sample_rate"] = *request.sample_rate;
  const std::string payload = body.dump(-1, ' ', false, json::error_handler_t::strict);
  const std::string url = join_url(impl_->opt.base_url, "/v1/audio/speech");
  return impl_->with_retries("speech", false, Impl::Retry::never_after_sending,
                             [&]() -> ApiResult<SpeechAudio> {
    Exchange ex = impl_->perform(url, impl_->opt.max_audio_bytes, [&](CURL* c, curl_slist* h) -> curl_slist* {
      curl_easy_setopt(c, CURLOPT_POST, 1L);
      curl_easy_setopt(c, CURLOPT_POSTFIELDS, payload.c_str());
      curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(payload.size()));
      return curl_slist_append(h, "Content-Type: application/json");
    });
    const std::string ct = lower(ex.content_type);
    const bool audio = ct.starts_with("audio/") || ct.starts_with("application/octet-stream");
    if (ex.code == CURLE_OK && ex.status == 200 && audio && !ex.body.empty()) {
      SpeechAudio s;
      s.bytes.resize(ex.body.size());
      std::memcpy(s.bytes.data(), ex.body.data(), ex.body.size());
      s.content_type = ex.content_type;
      s.log_id = ex.log_id;
      return s;
    }
    ServiceAnswer a = read_answer(ex);
    if (ex.code == CURLE_OK && ex.status == 200 && a.json_ok && a.code == 0) {
      ApiError e;
      e.category = ErrorCategory::bad_response;
      e.http_status = 200;
      e.log_id = a.log_id;
      e.message = "speech: the service answered JSON with code 0 but no audio";
      impl_->retryable_ = Impl::RetryKind::no;
      return std::unexpected(e);
    }
    return std::unexpected(impl_->classify("speech", ex, a, false));
  });
}

}  // namespace voxclone

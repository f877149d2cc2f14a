// voxclone/upload.hpp — stage 8: the clone service's HTTP API (clone, list voices, speech).
//
//   voxclone::ClientOptions co;
//   co.token = std::getenv("COZE_API_TOKEN");          // never printed, logged or returned
//   auto client = voxclone::Client::create(co);        // https://api.coze.cn by default
//   if (!client) ...;
//   voxclone::CloneRequest req{.voice_name = "me", .language = "en"};
//   auto r = client->clone(prepared.sample, req);
//   if (r) std::cout << r->voice_id << '\n';
//   else if (r.error().may_have_been_billed) ...;      // never resend blindly: list voices first
//
// Each call returns the value or an ApiError that keeps apart what failed in transit (curl's
// words), the HTTP status, the service's code and message, and its log id. A clone is billed,
// so it is retried only when the request provably never arrived (could not connect) or the
// service said to (429, 503, code 4013), at most max_attempts times.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "voxclone/encode.hpp"
#include "voxclone/error.hpp"
#include "voxclone/log.hpp"

namespace voxclone {

inline constexpr const char* kDefaultBaseUrl = "https://api.coze.cn";
inline constexpr const char* kInternationalBaseUrl = "https://api.coze.com";

struct ApiError {
  ErrorCategory category = ErrorCategory::internal;
  std::string message;          ///< one full sentence, with a hint and the log id when known
  std::string transport_error;  ///< curl's words when the exchange failed in transit, else empty
  long http_status = 0;         ///< 0 when no HTTP answer arrived
  std::optional<std::int64_t> service_code;  ///< the body's `code`, when there was one
  std::string service_message;  ///< the body's `msg`
  std::string log_id;           ///< `detail.logid` or the x-tt-logid header
  int attempts = 0;             ///< requests sent (or tried) in all
  bool may_have_been_billed = false;  ///< a clone that may have reached the service
};

template <class T>
using ApiResult = std::expected<T, ApiError>;

struct ClientOptions {
  std::string base_url = kDefaultBaseUrl;
  std::string token;  ///< the API token; sent only as "Authorization: Bearer"
  std::chrono::milliseconds connect_timeout{std::chrono::seconds(10)};
  /// The whole request. The service trains the voice before it answers a clone: minutes.
  std::chrono::milliseconds timeout{std::chrono::minutes(5)};
  int max_attempts = 3;                             ///< for the retries the rules allow
  std::chrono::milliseconds retry_delay{1000};      ///< first backoff; doubles each retry
  std::chrono::milliseconds max_retry_after{std::chrono::seconds(60)};  ///< longest Retry-After honoured
  std::size_t max_response_bytes = 1 << 20;         ///< JSON answers larger than this are refused
  std::size_t max_audio_bytes = 64u << 20;          ///< speech audio larger than this is refused
  Callbacks callbacks;                              ///< progress is Stage::upload
};

/// The clone endpoint's fields. Optional ones are sent only when set.
struct CloneRequest {
  std::string voice_name;
  std::optional<std::string> language;      ///< zh en ja es id pt
  std::optional<std::string> text;          ///< what the sample says, <= 1024 bytes
  std::optional<std::string> preview_text;  ///< for the preview the service makes
  std::optional<std::string> voice_id;      ///< retrain this voice instead of making a new one
  std::optional<std::string> space_id;
  std::optional<std::string> description;
};

struct CloneResult {
  std::string voice_id;
  std::string log_id;
  int attempts = 1;
};

struct Voice {
  std::string voice_id;
  std::string name;
  bool is_system_voice = false;
  std::string language_code;
  std::string language_name;
  std::string preview_text;
  std::string preview_audio;
  int available_training_times = 0;
  std::int64_t create_time = 0;  ///< unix seconds
  std::int64_t update_time = 0;
  std::string model_type;
  std::string state;
};

struct ListVoicesOptions {
  bool include_system_voices = false;
  std::optional<std::string> model_type;  ///< big | small
  std::string voice_state = "cloned";     ///< init | cloned | all
  int page_size = 100;
  int max_pages = 1000;                   ///< a guard against an answer that never ends
};

struct SpeechRequest {
  std::string input;
  std::string voice_id;
  std::string response_format = "mp3";  ///< wav pcm ogg_opus mp3
  std::optional<double> speed;          ///< 0.5–2
  std::optional<int> sample_rate;       ///< 8000 16000 22050 24000 32000 44100 48000
};

struct SpeechAudio {
  std::vector<std::byte> bytes;
  std::string content_type;
  std::string log_id;
};

/// The languages the clone endpoint takes ("zh", "en", "ja", "es", "id", "pt"): the one list
/// the library checks CloneRequest::language against, for a caller to offer or check too.
std::span<const std::string_view> supported_languages() noexcept;

/// Checks the fields against the endpoint's rules: name 1–128 bytes, text <= 1024 bytes,
/// language in the list. Cheap: call it before preparing any audio.
Result<void> validate_clone_fields(const CloneRequest& request);
/// The fields and the sample (format, 24 kHz mono for pcm, at most 10 MB).
Result<void> validate_clone_request(const CloneRequest& request, const EncodedSample& sample);
Result<void> validate_speech_request(const SpeechRequest& request);

/// The clone request as fields, for a caller that shows it its own way (`clone --dry-run --json`).
struct RequestPreview {
  std::string method;  ///< "POST"
  std::string url;
  std::vector<std::pair<std::string, std::string>> fields;  ///< the form's text fields, in order
  std::string file_field;         ///< the form field the sample goes in
  std::string file_name;          ///< the name sent with it (never the user's path)
  std::string file_content_type;
  std::size_t file_bytes = 0;
  double file_seconds = 0.0;
  int file_sample_rate = 0;
};
RequestPreview preview_clone_request(const std::string& base_url, const CloneRequest& request,
                                     const EncodedSample& sample);

/// What the clone request would look like on the wire, token redacted (for --dry-run).
std::string describe_clone_request(const std::string& base_url, const CloneRequest& request,
                                   const EncodedSample& sample);

/// Whether a base URL may carry a token: https always, http only to a loopback address.
Result<void> check_base_url(const std::string& base_url);

/// An API client. Independent clients may be used from different threads at once; one client
/// is used by one thread at a time.
class Client {
 public:
  static Result<Client> create(ClientOptions options);
  Client(Client&&) noexcept;
  Client& operator=(Client&&) noexcept;
  ~Client();

  ApiResult<CloneResult> clone(const EncodedSample& sample, const CloneRequest& request);
  ApiResult<std::vector<Voice>> list_voices(const ListVoicesOptions& options = {});
  ApiResult<SpeechAudio> speak(const SpeechRequest& request);

  [[nodiscard]] const std::string& base_url() const noexcept;

 private:
  struct Impl;
  explicit Client(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace voxclone

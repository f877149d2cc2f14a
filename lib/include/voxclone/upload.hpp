// voxclone/upload.hpp — stage 8: the clone service's HTTP API (clone, list voices, speech).
//
//   voxclone::ClientOptions co;
//   co.token = std::getenv("COZE_API_TOKEN");          // never printed, logged or returned
//   // or a team's service app (voxclone/auth.hpp): one JWT exchange serves the whole client
//   // co.jwt_app = *voxclone::jwt_app_from(*voxclone::load_oauth_config("app.json"));
//   auto client = voxclone::Client::create(co);        // https://api.coze.cn by default
//   if (!client) ...;
//   voxclone::CloneRequest req{.voice_name = "me", .language = "en"};
//   auto r = client->clone(prepared, req);             // prepared: prepare()'s PrepResult
//   if (r) std::cout << r->voice_id << '\n';
//   else if (r.error().category == voxclone::ErrorCategory::bad_voice) ...;  // nothing sent
//   else if (r.error().may_have_been_billed) ...;      // never resend blindly: list voices first
//
// Each call returns the value or an ApiError that keeps apart what failed in transit (curl's
// words), the HTTP status, the service's code and message, and its log id. A clone is billed,
// so it is retried only when the request provably never arrived (could not connect) or the
// service said to (429, 503, code 4013), at most max_attempts times. A retrain (voice_id) is
// looked up first and not sent when the voice is missing or has no trainings left. A prepared
// sample is sent only when its verdict (verdict.hpp) lets it, unless the caller forces it.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "voxclone/auth.hpp"
#include "voxclone/encode.hpp"
#include "voxclone/error.hpp"
#include "voxclone/log.hpp"

namespace voxclone {

struct PrepResult;  // voxclone/prep.hpp

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

/// Which credential a Client uses, in this order: a service app (jwt_app), a device login
/// (login), else the personal token (token).
struct ClientOptions {
  std::string base_url = kDefaultBaseUrl;
  std::string token;  ///< a personal API token; sent only as "Authorization: Bearer"
  /// A service app: exchanged for an access token before the first call, which then serves
  /// every call of this Client until `token_renew_margin` before it expires.
  std::optional<JwtApp> jwt_app;
  /// A device login: its access token is used until it expires, then renewed once with the
  /// refresh token, and `on_login_renewed` is told the new tokens (to store them).
  std::optional<StoredLogin> login;
  std::function<void(const StoredLogin&)> on_login_renewed;
  std::chrono::seconds token_renew_margin{60};  ///< renew an access token this long before expiry
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

/// What Client::clone(const PrepResult&, ...) holds a prepared sample to before it uploads.
struct CloneSafety {
  /// Upload even when the sample's verdict refuses it (music or other voices under the speech,
  /// heavy noise, clipping). The clone is billed and will copy what the verdict named.
  bool force = false;
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
  std::vector<std::string> support_emotions;  ///< the emotions speech may ask of this voice
};

struct ListVoicesOptions {
  bool include_system_voices = false;
  std::optional<std::string> model_type;  ///< big | small
  std::string voice_state = "cloned";     ///< init | cloned | all
  int page_size = 100;                    ///< 1–100; pages are followed while has_more says so
  int max_pages = 1000;                   ///< a guard against an answer that never ends
};

struct SpeechRequest {
  std::string input;
  std::string voice_id;
  std::string response_format = "mp3";  ///< wav pcm ogg_opus mp3
  std::optional<double> speed;          ///< 0.5–2
  std::optional<int> sample_rate;       ///< 8000 16000 22050 24000 32000 44100 48000
  std::optional<int> loudness_rate;     ///< -50–100 (percent louder or quieter)
  std::optional<std::string> emotion;   ///< one of speech_emotions(); the voice must support it
  std::optional<double> emotion_scale;  ///< 1–5, only with an emotion
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
Result<void> validate_list_options(const ListVoicesOptions& options);
/// The emotions the speech endpoint knows ("happy", "sad", ...).
std::span<const std::string_view> speech_emotions() noexcept;
/// The file extension that goes with a speech format ("ogg_opus" -> ".ogg").
std::string_view speech_extension(std::string_view response_format) noexcept;

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
// ---- sign-in calls (voxclone/auth.hpp holds their types) ------------------------------------

/// Signs a JWT for the app and exchanges it at POST {base}/api/permission/oauth2/token.
ApiResult<OAuthToken> exchange_jwt(const ClientOptions& options, const JwtApp& app);
/// Starts a device login: POST {base}/api/permission/oauth2/device/code.
ApiResult<DeviceCode> request_device_code(const ClientOptions& options, const DeviceApp& app);
/// Polls the token endpoint at the service's interval (longer after slow_down) until the person
/// approves; stops with an auth error on access_denied, expired_token or the code's expiry.
ApiResult<OAuthToken> wait_for_device_token(const ClientOptions& options, const DeviceApp& app,
                                            const DeviceCode& code,
                                            const DevicePollOptions& poll = {});
/// A new access token from a refresh token.
ApiResult<OAuthToken> refresh_login(const ClientOptions& options, const std::string& client_id,
                                    const std::string& refresh_token);

class Client {
 public:
  static Result<Client> create(ClientOptions options);
  Client(Client&&) noexcept;
  Client& operator=(Client&&) noexcept;
  ~Client();

  /// Clones the voice in a prepared sample. The sample's verdict is assessed afresh
  /// (assess(prepared.report)); a verdict that refuses it sends nothing and fails with
  /// ErrorCategory::bad_voice naming the codes, unless `safety.force`.
  ApiResult<CloneResult> clone(const PrepResult& prepared, const CloneRequest& request,
                               CloneSafety safety = {});
  /// Sends these bytes as they are: no verdict is assessed (there is no report to assess).
  /// For callers that hold encoded bytes and assessed them themselves (assess(), verdict.hpp).
  ApiResult<CloneResult> clone(const EncodedSample& sample, const CloneRequest& request);
  ApiResult<std::vector<Voice>> list_voices(const ListVoicesOptions& options = {});
  ApiResult<SpeechAudio> speak(const SpeechRequest& request);
  /// The account's own voice with this id (any state), or a rejected error saying it is not
  /// there. clone() calls it first when retraining (request.voice_id), and sends nothing when
  /// the voice is missing or has no trainings left.
  ApiResult<Voice> find_voice(const std::string& voice_id);

  [[nodiscard]] const std::string& base_url() const noexcept;
  /// Which credential the client uses, without its secret: "service app 1234 (key kid-1)".
  [[nodiscard]] std::string credential_summary() const;
  /// Token exchanges and refreshes made so far (one serves a whole batch of calls).
  [[nodiscard]] int token_exchanges() const noexcept;

 private:
  struct Impl;
  explicit Client(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace voxclone

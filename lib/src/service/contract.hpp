// Internal: the service's contract in one table: its three endpoints (path, the permission a
// token needs, whether a call is billed) and the limits it holds requests to. The field checks,
// the dry run, the client and the public supported_languages() all read it from here; the one
// fact callers size samples against, kMaxSampleBytes, is public (voxclone/validate.hpp).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "voxclone/audio.hpp"
#include "voxclone/validate.hpp"

namespace voxclone::detail {

// ---------------------------------------------------------------------------------------------
// Endpoints

struct Endpoint {
  std::string_view what;        ///< names the call in messages: "clone: ..."
  std::string_view path;        ///< appended to the base URL
  std::string_view permission;  ///< what the token needs for it (the service answers 4101)
  /// A clone is billed: it may be sent again only when it provably never arrived or the service
  /// said to, and an unknown outcome says it may have been billed.
  bool billed = false;
  /// Safe to send again after an unknown outcome (a timeout, a dropped connection, a 5xx).
  bool idempotent = false;
};

inline constexpr Endpoint kCloneEndpoint{.what = "clone",
                                         .path = "/v1/audio/voices/clone",
                                         .permission = "createVoice",
                                         .billed = true,
                                         .idempotent = false};
inline constexpr Endpoint kListVoicesEndpoint{.what = "list voices",
                                              .path = "/v1/audio/voices",
                                              .permission = "listVoice",
                                              .billed = false,
                                              .idempotent = true};
inline constexpr Endpoint kSpeechEndpoint{.what = "speech",
                                          .path = "/v1/audio/speech",
                                          .permission = "createSpeech",
                                          .billed = false,
                                          .idempotent = false};

// Sign-in. Not billed, and safe to send again: a JWT exchange signs a new JWT (a new jti) each
// time, and a token asked for twice is simply issued twice.
inline constexpr Endpoint kTokenEndpoint{.what = "sign-in",
                                         .path = "/api/permission/oauth2/token",
                                         .permission = "",
                                         .billed = false,
                                         .idempotent = true};
inline constexpr Endpoint kDeviceCodeEndpoint{.what = "device login",
                                              .path = "/api/permission/oauth2/device/code",
                                              .permission = "",
                                              .billed = false,
                                              .idempotent = true};
inline constexpr std::string_view kJwtGrant = "urn:ietf:params:oauth:grant-type:jwt-bearer";
inline constexpr std::string_view kDeviceGrant = "urn:ietf:params:oauth:grant-type:device_code";
inline constexpr std::string_view kRefreshGrant = "refresh_token";
inline constexpr std::int64_t kMaxTokenLifetimeSeconds = 86399;  ///< the SDKs' documented cap
/// The device flow's answers while the person has not finished (RFC 8628 section 3.5).
inline constexpr std::string_view kPending = "authorization_pending";
inline constexpr std::string_view kSlowDown = "slow_down";
inline constexpr std::string_view kDenied = "access_denied";
inline constexpr std::string_view kExpired = "expired_token";
inline constexpr std::int64_t kSlowDownStepSeconds = 5;  ///< RFC 8628: slow_down adds 5 s

/// The endpoint's URL under `base_url` (its trailing slashes dropped).
inline std::string endpoint_url(std::string_view base_url, const Endpoint& endpoint) {
  while (base_url.ends_with('/')) base_url.remove_suffix(1);
  return std::string(base_url) + std::string(endpoint.path);
}

// ---------------------------------------------------------------------------------------------
// The clone endpoint's fields and sample

inline constexpr std::array<std::string_view, 6> kLanguages = {"zh", "en", "ja", "es", "id", "pt"};
inline constexpr std::size_t kMaxVoiceNameBytes = 128;  ///< UTF-8 bytes, not characters
inline constexpr std::size_t kMaxTextBytes = 1024;      ///< text, preview text, speech input
/// voice_id, space_id, description: the contract gives no limit; ours keeps them single lines.
inline constexpr std::size_t kMaxIdFieldBytes = 1024;
// The sample: at most 10 MB, read as the smaller decimal value. Defined in the public
// voxclone/validate.hpp, since callers size samples against it; named here so the table is whole.
using voxclone::kMaxSampleBytes;
// Raw PCM carries no header, so its shape is fixed: 24 kHz mono 16-bit.
inline constexpr int kPcmSampleRate = kSampleRate;
inline constexpr int kPcmChannels = 1;

// ---------------------------------------------------------------------------------------------
// The speech endpoint's fields

inline constexpr std::array<std::string_view, 4> kSpeechFormats = {"mp3", "wav", "pcm", "ogg_opus"};
inline constexpr std::array kSpeechRates = {8000, 16000, 22050, 24000, 32000, 44100, 48000};
inline constexpr double kMinSpeechSpeed = 0.5;
inline constexpr double kMaxSpeechSpeed = 2.0;
// From the SDKs' speech request (not on the clone page): loudness in percent, an emotion the
// voice supports (its support_emotions) and how strongly.
inline constexpr int kMinLoudnessRate = -50;
inline constexpr int kMaxLoudnessRate = 100;
inline constexpr double kMinEmotionScale = 1.0;
inline constexpr double kMaxEmotionScale = 5.0;
inline constexpr std::array<std::string_view, 9> kSpeechEmotions = {
    "happy", "sad", "angry", "surprised", "fear", "hate", "excited", "coldness", "neutral"};

// ---------------------------------------------------------------------------------------------
// The voice list's query

inline constexpr std::array<std::string_view, 2> kModelTypes = {"big", "small"};
inline constexpr std::array<std::string_view, 3> kVoiceStates = {"init", "cloned", "all"};
inline constexpr int kMaxPageSize = 100;
/// A voice can be trained at most this many times (the page: "同一个音色 ID 最多复刻 10 次").
inline constexpr int kMaxTrainings = 10;

// ---------------------------------------------------------------------------------------------
// Answers

/// The only service codes the client acts on; the rest are shown as the service sent them.
namespace service_code {
inline constexpr std::int64_t ok = 0;
inline constexpr std::int64_t text_mismatch = 1109;  ///< WERError: the audio does not say the text
inline constexpr std::int64_t bad_request = 4000;
inline constexpr std::int64_t rate_limited = 4013;
inline constexpr std::int64_t bad_token = 4100;
inline constexpr std::int64_t no_permission = 4101;
inline constexpr std::int64_t not_found = 4200;
// Money: the account cannot pay for the call. Retrying cannot help.
inline constexpr std::int64_t no_balance = 4019;       ///< balance or voice allowance used up
inline constexpr std::int64_t overdue = 4027;          ///< the account has an overdue payment
inline constexpr std::int64_t out_of_credits = 4028;   ///< free credits used up
// The uploaded file broke one of the service's file rules (4300-4304). voxclone checks each of
// them before sending, so one of these means a check of ours missed something.
inline constexpr std::int64_t first_file_rule = 4300;
inline constexpr std::int64_t last_file_rule = 4304;
inline constexpr std::int64_t server_error = 5000;
}  // namespace service_code

}  // namespace voxclone::detail

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
}  // namespace service_code

}  // namespace voxclone::detail

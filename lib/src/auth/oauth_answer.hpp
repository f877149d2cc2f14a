// Internal: reading the sign-in endpoints' answers (a token, a device code, or an OAuth error)
// and the stored login file. Apart from the transfer so they can be fuzzed
// (tests/fuzz/fuzz_oauth.cpp) and tested without a network. Nothing here throws.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "voxclone/auth.hpp"

namespace voxclone::detail {

/// `expires_in` as an absolute unix time. The service sends a time (the SDKs: "UNIX
/// timestamp"); a value below 10^9 can only be a duration and is read as one from `now`, so a
/// misread answer cannot make a token look expired since 1970 (a renewal on every call).
std::int64_t absolute_expiry(std::int64_t expires_in, std::int64_t now);

/// What the token endpoint said: a token, or an OAuth error (`error_code`/`error` with
/// `error_message`/`error_description`), or the API envelope's `code`/`msg`.
struct TokenAnswer {
  bool json_ok = false;
  std::optional<OAuthToken> token;  ///< set when access_token is a non-empty string
  std::string error;                ///< "authorization_pending", "slow_down", ... or empty
  std::string error_message;
  std::optional<std::int64_t> code;  ///< the API envelope's code, when the answer has one
  std::string log_id;
};
TokenAnswer parse_token_answer(std::string_view body, std::string_view log_id_header,
                               std::int64_t now);

struct DeviceCodeAnswer {
  std::optional<DeviceCode> code;  ///< set when device_code, user_code and the URI are there
  std::string error;
  std::string error_message;
  std::optional<std::int64_t> service_code;
};
DeviceCodeAnswer parse_device_code_answer(std::string_view body, std::int64_t now);

/// The stored login file's JSON, and back. nullopt when it is not a login file.
std::string stored_login_json(const StoredLogin& login);
std::optional<StoredLogin> parse_stored_login(std::string_view json_text);

}  // namespace voxclone::detail

// voxclone/auth.hpp — signing in to the service: a personal token, a service app (JWT) or a
// device login, and where a device login's tokens are kept.
//
//   // A service app: the client signs a JWT with the app's private key and exchanges it for
//   // access tokens, one at a time, renewed shortly before each expires.
//   auto cfg = voxclone::load_oauth_config("oauth.json");   // the SDKs' JSON format
//   voxclone::ClientOptions co;
//   co.jwt_app = voxclone::jwt_app_from(*cfg);
//   auto client = voxclone::Client::create(co);             // voxclone/upload.hpp
//
//   // A person at a terminal: the device flow (voxclone login does this).
//   auto code = voxclone::request_device_code(co, {.client_id = "..."});
//   // show code->verification_url and code->user_code, then
//   auto token = voxclone::wait_for_device_token(co, {.client_id = "..."}, *code);
//   voxclone::save_login(voxclone::default_login_path(), {...});
//
// The private key, the JWT, access and refresh tokens never appear in an error message or log
// line of the library.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "voxclone/error.hpp"

namespace voxclone {

/// What the token endpoint answers: an access token, its expiry as an absolute unix time (the
/// service's `expires_in` is a time, not a duration), and for a device login a refresh token.
struct OAuthToken {
  std::string access_token;
  std::int64_t expires_at = 0;  ///< unix seconds
  std::string refresh_token;    ///< empty for a service app
};

/// A service app ("OAuth app, JWT"): it signs RS256 JWTs with its private key.
struct JwtApp {
  std::string client_id;        ///< the JWT's `iss`
  std::string public_key_id;    ///< the JWT header's `kid`
  std::string private_key_pem;  ///< PKCS#8 or PKCS#1 PEM; never printed
  std::string session_name;     ///< optional `session_name` claim (isolates sessions of one app)
  std::chrono::seconds token_lifetime{900};  ///< `duration_seconds` asked for (at most 86399)
  std::chrono::seconds jwt_lifetime{3600};   ///< the JWT's own `exp - iat`
};

/// A device-login app (OAuth app of the "device" kind): a client id, no secret.
struct DeviceApp {
  std::string client_id;
  std::string workspace_id;  ///< optional: sign in to this workspace
};

/// The SDKs' OAuth config file: {"client_type": "jwt"|"device", "client_id", "private_key",
/// "public_key_id", "coze_api_base", "coze_www_base"}. Fields the kind does not use may be absent.
struct OAuthConfig {
  std::string client_type;
  std::string client_id;
  std::string private_key;
  std::string public_key_id;
  std::string api_base;  ///< empty when the file gives none
  std::string www_base;
};

/// Parses the config's JSON; an unknown client_type or a missing field is an invalid_argument
/// error naming the field (never quoting the key).
Result<OAuthConfig> parse_oauth_config(std::string_view json_text);
Result<OAuthConfig> load_oauth_config(const std::filesystem::path& path);
/// A JWT app from a config of client_type "jwt".
Result<JwtApp> jwt_app_from(const OAuthConfig& config);

/// A device login kept between runs.
struct StoredLogin {
  std::string client_id;
  std::string base_url;  ///< the service it was made with: a login is used only there
  OAuthToken token;
};

/// $XDG_CONFIG_HOME/voxclone/login.json, else $HOME/.config/voxclone/login.json.
std::filesystem::path default_login_path();
/// nullopt when there is no file; an error when it exists but cannot be read or parsed.
Result<std::optional<StoredLogin>> load_login(const std::filesystem::path& path);
/// Writes with mode 0600 (its folder 0700), atomically: a temporary file in the same folder,
/// flushed, then renamed over the old one.
Result<void> save_login(const std::filesystem::path& path, const StoredLogin& login);
/// Removes the file; true when there was one.
Result<bool> remove_login(const std::filesystem::path& path);

/// Whether a file holding a secret can be read by other users (mode bits for group or others);
/// false when it cannot be checked.
bool readable_by_others(const std::filesystem::path& path);

// ---- the device flow (RFC 8628 as the service speaks it) --------------------------------------

struct DeviceCode {
  std::string device_code;       ///< secret: only sent back when polling
  std::string user_code;         ///< shown to the person
  std::string verification_uri;  ///< where to enter it
  std::string verification_url;  ///< the same with ?user_code=... appended
  std::chrono::seconds interval{5};
  std::int64_t expires_at = 0;  ///< unix seconds
};

/// How the wait for the person goes; everything has a default.
struct DevicePollOptions {
  /// Called instead of sleeping between polls (tests record the waits); return false to stop.
  std::function<bool(std::chrono::seconds)> sleep;
  /// Called after each poll with what it said: "authorization_pending", "slow_down".
  std::function<void(std::string_view)> on_poll;
};

}  // namespace voxclone

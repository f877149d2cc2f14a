// Internal: the service app's RS256 JWT (RFC 7519), signed with OpenSSL. The header carries the
// key id (`kid`); the claims are the app (`iss`), the API host (`aud`), when it was made and
// when it ends (`iat`, `exp`), a random id (`jti`) and, when given, a `session_name`.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "voxclone/auth.hpp"
#include "voxclone/error.hpp"

namespace voxclone::detail {

/// base64url without padding (RFC 7515 section 2), as JWTs use.
std::string base64url(std::string_view bytes);

/// The JWT's audience: the host (and port, when the URL names one) of the base URL, as the SDKs
/// take it (Python's urlparse(base_url).netloc).
std::string jwt_audience(std::string_view base_url);

/// Checks that the key is a readable RSA private key; the error never quotes the key.
Result<void> check_private_key(const std::string& pem);

/// The signed JWT for `app`, made at unix time `now`.
Result<std::string> sign_jwt(const JwtApp& app, std::string_view audience, std::int64_t now);

}  // namespace voxclone::detail

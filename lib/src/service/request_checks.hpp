// Internal: the checks a request passes before a byte is sent. The public ones (base URL, clone
// and speech fields) are declared in voxclone/upload.hpp; this adds the token's.
#pragma once

#include <string>

#include "voxclone/error.hpp"

namespace voxclone::detail {

/// A token goes into a header line: it must be present, one word, no control characters.
Result<void> check_token(const std::string& token);

/// A URL's host, as libcurl will connect to it, is a loopback address: 127.0.0.0/8, ::1
/// (or ::ffff:127.x.y.z), or "localhost" (which libcurl resolves to those itself, never through
/// DNS). The host is parsed (curl_url), never matched as a prefix: "127.0.0.1.nip.io" and
/// "127.0.0.1@example.com" are not loopback. False for anything that is not a URL.
bool is_loopback_url(const std::string& url);
/// The URL's scheme is https (false for anything that is not a URL).
bool is_https_url(const std::string& url);

}  // namespace voxclone::detail

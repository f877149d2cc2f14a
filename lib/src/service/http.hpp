// Internal: one HTTP exchange with the service over libcurl: a request goes out on a fresh
// connection, and what came back (or why nothing did) returns as an Exchange value.
#pragma once

#include <cstddef>
#include <string>
#include <variant>

#include <curl/curl.h>

#include "service/exchange.hpp"
#include "service/multipart.hpp"
#include "voxclone/upload.hpp"

namespace voxclone::detail {

struct JsonBody {
  std::string text;
};

/// One request: a GET (no body), a JSON POST or a multipart POST, with its bearer credential
/// (an access token, or a JWT at the token endpoint; none for a device login's requests).
struct Request {
  std::string url;
  std::string bearer;  ///< sent as "Authorization: Bearer ..." when not empty
  std::size_t max_answer_bytes = 0;  ///< a longer answer is cut off (Transport::answer_too_large)
  std::variant<std::monostate, JsonBody, Form> body;
};

/// Sends the request once (never again by itself: resending is the caller's decision), with the
/// options' timeouts and callbacks (progress as Stage::upload; cancel stops it).
Exchange perform(const ClientOptions& options, const Request& request);

/// libcurl's result as what became of the request: the one place that reads a CURLcode.
/// `connected`: a connection was made (the request may have been read).
Transport transport_of(CURLcode code, bool connected, bool cancelled, bool answer_too_large);

}  // namespace voxclone::detail

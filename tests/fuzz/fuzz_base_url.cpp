// libFuzzer target: the rule for where a token may go, and the escaping of outside text.
//  - check_base_url: an accepted plain-http URL must have, as libcurl parses it, a host that
//    getaddrinfo (not the inet_pton the check uses) reads as a loopback address, or "localhost";
//    a name that only starts like an address ("127.0.0.1.nip.io") must never pass;
//  - the CLI's terminal_safe/one_line and the library's escape_controls: whatever the bytes,
//    the result holds no control character but the ones each keeps, and is valid UTF-8 when
//    the CLI's (it turns every byte that is not UTF-8 into \xNN).
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <curl/curl.h>

#include "core/ascii.hpp"
#include "terminal_text.hpp"
#include "voxclone/upload.hpp"

namespace {

bool numeric_loopback(const std::string& host) {
  std::string h = host;
  if (h.size() > 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  addrinfo hints{};
  hints.ai_flags = AI_NUMERICHOST;
  addrinfo* res = nullptr;
  if (::getaddrinfo(h.c_str(), nullptr, &hints, &res) != 0) return false;
  bool loop = true;
  for (const addrinfo* a = res; a != nullptr; a = a->ai_next) {
    if (a->ai_family == AF_INET) {
      const auto* in = reinterpret_cast<const sockaddr_in*>(a->ai_addr);
      loop = loop && (ntohl(in->sin_addr.s_addr) >> 24) == 127;
    } else if (a->ai_family == AF_INET6) {
      const auto* in6 = reinterpret_cast<const sockaddr_in6*>(a->ai_addr);
      loop = loop && (IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr) ||
                      (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr) && in6->sin6_addr.s6_addr[12] == 127));
    } else {
      loop = false;
    }
  }
  ::freeaddrinfo(res);
  return loop;
}

std::string part(CURLU* u, CURLUPart which) {
  char* p = nullptr;
  if (curl_url_get(u, which, &p, 0) != CURLUE_OK || p == nullptr) return {};
  std::string s(p);
  curl_free(p);
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += n;
  }
  return true;
}

void check_escaped(std::string_view in) {
  using namespace voxclone;
  const std::string safe = cli::terminal_safe(in), line = cli::one_line(in);
  const std::string lib = detail::escape_controls(in);
  for (const unsigned char c : safe)
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) std::abort();
  for (const unsigned char c : line)
    if ((c < 0x20 && c != '\t') || c == 0x7f) std::abort();
  for (const unsigned char c : lib)
    if (c < 0x20 || c == 0x7f) std::abort();
  if (!valid_utf8(safe) || !valid_utf8(line)) std::abort();
  if (safe.find("\xc2\x9b") != std::string::npos) std::abort();  // the one-character CSI
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  check_escaped(input);
  if (input.find('\0') != std::string::npos) return 0;  // not a C string: no URL
  const bool accepted = voxclone::check_base_url(input).has_value();
  if (!accepted) return 0;
  CURLU* u = curl_url();
  if (u == nullptr) return 0;
  const bool parsed = curl_url_set(u, CURLUPART_URL, input.c_str(), 0) == CURLUE_OK;
  const std::string scheme = parsed ? part(u, CURLUPART_SCHEME) : "";
  const std::string host = parsed ? part(u, CURLUPART_HOST) : "";
  curl_url_cleanup(u);
  if (!parsed) std::abort();  // accepted what libcurl cannot parse
  if (scheme == "https") return 0;
  if (scheme != "http") std::abort();
  if (host != "localhost" && !numeric_loopback(host)) std::abort();  // a token in clear
  return 0;
}

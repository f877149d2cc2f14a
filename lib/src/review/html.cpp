// The review page's text helpers (review/html.hpp).
#include "review/html.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

extern "C" {
#include <libavutil/base64.h>
}

namespace voxclone::detail {

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
          out += '?';
        else
          out += static_cast<char>(c);
    }
  }
  return out;
}

std::string clock_tenths(double seconds) {
  const double t = std::max(0.0, seconds);
  const auto tenths_total = static_cast<long>(std::floor(t * 10 + 1e-6));
  const long whole = tenths_total / 10;
  const long tenths = tenths_total % 10;
  if (whole >= 3600)
    return fmt::format("{}:{:02}:{:02}.{}", whole / 3600, whole / 60 % 60, whole % 60, tenths);
  return fmt::format("{}:{:02}.{}", whole / 60, whole % 60, tenths);
}

std::string clock_whole(double seconds) {
  const auto t = static_cast<long>(std::lround(std::max(0.0, seconds)));
  if (t >= 3600) return fmt::format("{}:{:02}:{:02}", t / 3600, t / 60 % 60, t % 60);
  return fmt::format("{}:{:02}", t / 60, t % 60);
}

std::string shell_quote(std::string_view s) {
  const bool safe = !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '.' || c == '_' || c == '-' || c == '/' || c == ':' ||
           c == '+' || c == ',' || c == '@' || c == '%' || c == '=';
  });
  if (safe) return std::string(s);
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string data_uri(std::string_view mime, std::span<const std::byte> bytes) {
  std::string out = fmt::format("data:{};base64,", mime);
  const std::size_t head = out.size();
  const std::size_t need = AV_BASE64_SIZE(bytes.size());
  out.resize(head + need);
  const auto* in = reinterpret_cast<const uint8_t*>(bytes.data());
  if (av_base64_encode(out.data() + head, static_cast<int>(need), in,
                       static_cast<int>(bytes.size())) == nullptr)
    return {};
  out.resize(head + std::char_traits<char>::length(out.data() + head));
  return out;
}

}  // namespace voxclone::detail

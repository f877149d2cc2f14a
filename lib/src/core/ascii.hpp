// Internal: ASCII case folding for protocol words (header names, URL schemes, content types),
// which are case-insensitive in ASCII only; never for user text.
#pragma once

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

namespace voxclone::detail {

/// Text from the service (a message, a log id) inside a message of ours: its C0 controls and DEL
/// as \xNN (a line break as \n, a carriage return as \r), so it stays on its line; the exact text is kept in its own
/// field (ApiError::service_message). The CLI escapes the rest for the terminal.
inline std::string escape_controls(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(s.size());
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c < 0x20 || c == 0x7f) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    } else {
      out += ch;
    }
  }
  return out;
}

inline std::string to_lower_ascii(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

}  // namespace voxclone::detail

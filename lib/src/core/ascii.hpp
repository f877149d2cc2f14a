// Internal: ASCII case folding for protocol words (header names, URL schemes, content types),
// which are case-insensitive in ASCII only; never for user text.
#pragma once

#include <algorithm>
#include <cctype>
#include <string>

namespace voxclone::detail {

inline std::string to_lower_ascii(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

}  // namespace voxclone::detail

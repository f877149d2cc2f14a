// Internal: counted nouns and whole sentences in messages, so no message reads "1 file(s)" or
// glues two sentences together ("...api.coze.cn Trying again").
#pragma once

#include <cmath>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace voxclone::detail {

/// "1 pause", "3 pauses"; `plural` for the irregular ones ("1 was", "2 were").
inline std::string count_of(long long n, std::string_view singular, std::string_view plural = {}) {
  if (n == 1) return fmt::format("1 {}", singular);
  return plural.empty() ? fmt::format("{} {}s", n, singular) : fmt::format("{} {}", n, plural);
}

/// `text` as a finished sentence: a full stop added unless it ends with one (or ? ! :).
inline std::string as_sentence(std::string text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\n')) text.pop_back();
  if (!text.empty() && text.back() != '.' && text.back() != '?' && text.back() != '!' &&
      text.back() != ':')
    text += '.';
  return text;
}

/// A figure shown beside the limit it fell short of, rounded down to `decimals`, so that 9.96 s
/// against a 10 s minimum reads "9.9 s", never "10.0 s ... needs at least 10 s".
inline double shown_below(double x, int decimals = 1) {
  const double scale = std::pow(10.0, decimals);
  return std::floor(x * scale + 1e-9) / scale;
}

/// The limit a figure fell short of, rounded up to `decimals`: beside shown_below(), a score of
/// 0.9948 against a line at 0.9949 reads "0.99 (a match needs 1.00)", never "needs 0.99".
inline double shown_above(double x, int decimals = 1) {
  const double scale = std::pow(10.0, decimals);
  return std::ceil(x * scale - 1e-9) / scale;
}

}  // namespace voxclone::detail

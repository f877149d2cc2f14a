// parse_time: the times a person types (--start 1:30, Python's start="1:30"), read one way for
// every front end.
#include <charconv>
#include <cmath>
#include <string_view>
#include <vector>

#include "voxclone/select.hpp"

namespace voxclone {
namespace {

std::optional<double> parse_number(std::string_view s) {
  if (s.empty() || s.front() == '+' || s.front() == '-') return std::nullopt;
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

}  // namespace

std::optional<double> parse_time(std::string_view text) {
  // Up to three fields split by ':'; every field but the last is a whole number; minutes and
  // seconds after the first field stay below 60, as ffmpeg's av_parse_time wants them.
  std::vector<std::string_view> parts;
  std::size_t from = 0;
  for (std::size_t i = 0; i <= text.size(); ++i)
    if (i == text.size() || text[i] == ':') {
      parts.push_back(text.substr(from, i - from));
      from = i + 1;
    }
  if (parts.empty() || parts.size() > 3) return std::nullopt;
  double total = 0;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const bool last = i + 1 == parts.size();
    if (!last && parts[i].find('.') != std::string_view::npos) return std::nullopt;
    auto v = parse_number(parts[i]);
    if (!v) return std::nullopt;
    if (i > 0 && *v >= 60.0) return std::nullopt;
    total = total * 60.0 + *v;
  }
  return total;
}

}  // namespace voxclone

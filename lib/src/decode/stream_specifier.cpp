// Naming an audio stream the way ffmpeg does ("2", "a:1", "0:a:1"), and describing one in
// messages (stream_names.hpp).
#include <charconv>
#include <optional>

#include <fmt/format.h>

#include "decode/stream_names.hpp"
#include "voxclone/decode.hpp"

namespace voxclone {
namespace {

constexpr int kMaxStreamNumber = 999;

// 0–999 in plain digits ("01" too, as ffmpeg reads it); nothing else: no sign, no space.
std::optional<int> stream_number(std::string_view s) {
  if (s.empty() || s.size() > 4 || s.find_first_not_of("0123456789") != std::string_view::npos)
    return std::nullopt;
  int v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  if (v > kMaxStreamNumber) return std::nullopt;
  return v;
}

}  // namespace

Result<StreamSpecifier> parse_stream_specifier(std::string_view text) {
  if (auto n = stream_number(text)) return StreamSpecifier{.index = *n};
  // The input file is always 0: voxclone reads one input at a time.
  std::string_view rest = text;
  if (rest.starts_with("0:a:")) rest.remove_prefix(2);
  if (rest.starts_with("a:"))
    if (auto n = stream_number(rest.substr(2))) return StreamSpecifier{.audio_number = *n};
  return fail(ErrorCategory::invalid_argument,
              fmt::format("--stream {}: use an index (2), a:N or 0:a:N (N from 0 to {})", text,
                          kMaxStreamNumber));
}

std::string_view to_string(StreamChoice choice) noexcept {
  switch (choice) {
    case StreamChoice::best:
      return "best";
    case StreamChoice::given:
      return "given";
    case StreamChoice::for_speech:
      return "auto_speech";
  }
  return "best";
}

namespace detail {

std::string describe_audio_stream(const AudioStreamInfo& s) {
  std::string what = s.title.empty() ? "" : fmt::format("\"{}\", ", s.title);
  what += fmt::format("{}, {} ch", s.codec, s.channels);
  if (!s.language.empty()) what += ", " + s.language;
  return fmt::format("#{} ({})", s.index, what);
}

std::string describe_audio_streams(std::span<const AudioStreamInfo> streams) {
  std::string out;
  for (const auto& s : streams)
    out += fmt::format("{}a:{} is {}", out.empty() ? "" : ", ", s.audio_number,
                       describe_audio_stream(s));
  return out;
}

}  // namespace detail
}  // namespace voxclone

#include "prep/streams_tried.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "decode/stream_names.hpp"
#include "prep/warnings.hpp"

namespace voxclone::detail {
namespace {

// "stream #1 (aac, 2 ch), the default, holds no speech (78 s of music)"
std::string verdict(const StreamTried& t) {
  std::string out = "stream " + describe_audio_stream(t.stream);
  if (t.is_default) out += ", the default,";
  const std::string holds = t.holds.empty() ? "" : " (" + t.holds + ")";
  if (t.usable) return out + fmt::format(" holds less speech ({:.0f} s)", t.usable_speech_seconds);
  if (t.error.category == ErrorCategory::no_speech) return out + " holds no speech" + holds;
  if (t.error.category == ErrorCategory::too_little_speech)
    return out + " holds too little speech" + holds;
  return out + fmt::format(" could not be used: {}", t.error.message);
}

std::string verdicts(std::span<const StreamTried> tried) {
  std::string out;
  for (const auto& t : tried) out += (out.empty() ? "" : "; ") + verdict(t);
  return out;
}

}  // namespace

std::string what_it_holds(const PrepReport& r) {
  if (!r.content) return "";
  const ContentAnalysis& c = *r.content;
  std::string out;
  auto part = [&](double seconds, std::string_view what) {
    if (seconds >= 1.0)
      out += fmt::format("{}{:.0f} s of {}", out.empty() ? "" : ", ", seconds, what);
  };
  part(c.speech_seconds, "speech");
  part(c.speech_over_music_seconds, "speech over music");
  part(c.music_seconds, "music");
  part(c.other_seconds, "other sound");
  if (out.empty()) out = fmt::format("{:.0f} s of silence or room tone", r.input.duration_seconds);
  // Nothing stood out of its own floor: the level tells music playing (-17 dBFS) from a quiet
  // room the content model may also call music (-55 dBFS).
  if (r.speech_seconds < 0.1 && r.noise_floor_dbfs > -199.0)
    out += fmt::format(", level {:.0f} dBFS", r.noise_floor_dbfs);
  return out;
}

bool lacks_speech(const Error& e) {
  return e.category == ErrorCategory::no_speech || e.category == ErrorCategory::too_little_speech;
}

void warn_stream_chosen(PrepReport& report, const Callbacks& cb, const StreamTried& chosen,
                        std::span<const StreamTried> others) {
  warn<WarningId::stream_chosen_for_speech>(report, cb, describe_audio_stream(chosen.stream),
                                            chosen.usable_speech_seconds, verdicts(others));
  // It explains the rest of the report (which stream all of it is about): first.
  std::rotate(report.warnings.begin(), report.warnings.end() - 1, report.warnings.end());
}

Error no_stream_has_speech(std::span<const StreamTried> tried) {
  const bool some = std::any_of(tried.begin(), tried.end(), [](const StreamTried& t) {
    return t.error.category == ErrorCategory::too_little_speech;
  });
  return Error{some ? ErrorCategory::too_little_speech : ErrorCategory::no_speech,
               fmt::format("none of its {} audio streams holds enough speech: {} (--stream a:N "
                           "checks one alone and says what stands in the way)",
                           tried.size(), verdicts(tried))};
}

Error with_other_streams(Error error, const InputInfo& input, std::string_view why) {
  std::vector<AudioStreamInfo> others;
  for (const auto& s : input.audio_stream_list)
    if (s.index != input.stream_index) others.push_back(s);
  if (others.empty()) return error;
  error.message += fmt::format(
      "; the file's other audio stream{} {} not tried ({}): {} (--stream "
      "a:N picks one)",
      others.size() == 1 ? "" : "s", others.size() == 1 ? "was" : "were", why,
      describe_audio_streams(others));
  return error;
}

}  // namespace voxclone::detail

#include "voiceprint/match.hpp"

#include <fmt/format.h>

namespace voxclone::detail {

VoiceMatch match_voice(const std::vector<Voiceprint>& voices, const Voiceprint& example,
                       std::string example_name) {
  VoiceMatch m;
  m.example = std::move(example_name);
  for (std::size_t i = 0; i < voices.size(); ++i) {
    const double s = similarity(voices[i], example);
    m.scores.push_back(s);
    if (m.speaker == 0 || s > m.score) {
      if (m.speaker != 0) m.next_score = std::max(m.next_score, m.score);
      m.speaker = static_cast<int>(i) + 1;
      m.score = s;
    } else {
      m.next_score = std::max(m.next_score, s);
    }
  }
  return m;
}

bool join_matching_voices(ContentAnalysis& content, const VoiceMatch& m, double min_score) {
  bool joined = false;
  for (int& rank : content.block_speakers)
    if (rank > 0 && rank != m.speaker && static_cast<std::size_t>(rank) <= m.scores.size() &&
        m.scores[static_cast<std::size_t>(rank) - 1] >= min_score) {
      rank = m.speaker;
      joined = true;
    }
  return joined;
}

Error no_voice_matches(const VoiceMatch& m, double min_score, std::string_view example_name) {
  if (m.speaker == 0)
    return Error{ErrorCategory::no_matching_voice,
                 fmt::format("no voice to compare with {}: no speaker was told apart", example_name)};
  const std::string which = m.scores.size() == 1
                                ? std::string("its one voice")
                                : fmt::format("the closest of its {} voices, speaker {},", m.scores.size(), m.speaker);
  return Error{ErrorCategory::no_matching_voice,
               fmt::format("no voice sounds like {}: {} scores {:.2f} (a match needs {:.2f})",
                           example_name, which, m.score, min_score)};
}

}  // namespace voxclone::detail

namespace voxclone {

std::string match_to_text(const VoiceMatch& m) {
  std::string s = fmt::format("kept speaker {}: sounds like {}, score {:.2f}", m.speaker, m.example, m.score);
  if (m.scores.size() > 1) s += fmt::format("; next closest {:.2f}", m.next_score);
  return s;
}

}  // namespace voxclone

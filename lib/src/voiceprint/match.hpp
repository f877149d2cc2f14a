// Internal: which of a recording's voices sounds like an example (PrepOptions::like).
#pragma once

#include <string_view>
#include <vector>

#include "voxclone/report.hpp"
#include "voxclone/voiceprint.hpp"

namespace voxclone::detail {

/// Scores every voice (`voices`: by rank) against `example`; the match keeps the closest.
VoiceMatch match_voice(const std::vector<Voiceprint>& voices, const Voiceprint& example,
                       std::string example_name);

/// Gives the match's speaker every block of the other voices that score `min_score` or more
/// (one person the analysis split in several voices); their entries in `speakers` stay. False
/// when no other voice does.
bool join_matching_voices(ContentAnalysis& content, const VoiceMatch& match, double min_score);

/// The refusal when the closest voice scores under `min_score` (no_matching_voice): how close it
/// came, in words. `example_name`: how the example is called ("me.m4a", "voice:ID").
Error no_voice_matches(const VoiceMatch& match, double min_score, std::string_view example_name);

}  // namespace voxclone::detail

// Internal: which of a recording's voices sounds like an example (PrepOptions::like).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "analyse/voice_meter.hpp"
#include "voxclone/log.hpp"
#include "voxclone/report.hpp"
#include "voxclone/voiceprint.hpp"

namespace voxclone::detail {

/// Scores every voice (`voices`: by rank) against `example`; the match keeps the closest.
VoiceMatch match_voice(const std::vector<Voiceprint>& voices, const Voiceprint& example,
                       std::string example_name);

/// Whether the match's closest voice is the example's person: it scores `min_score` and either
/// scores high (0.8) or stands clear of the next closest voice (match.cpp says how far), and the
/// next voice does not also score high within a hair of it (0.4 log-odds: a tie).
bool sounds_like(const VoiceMatch& match, double min_score);

/// Whether a finer split's match (`finer`) may replace `found`'s, refused: always, unless `found`
/// was a tie, which only a voice standing clearly apart from its next (match.cpp's kClearLogOdds,
/// the margin that keeps a voice under 0.8) breaks. A finer split of two tied voices finds their
/// pieces, and two of those about as alike would turn the tie into a guess.
bool breaks_tie(const VoiceMatch& found, const VoiceMatch& finer);

/// The voices found again, finer, for an example none of them sounds enough like: the pieces
/// split into one voice more than `found` holds, then two more, up to five. The wanted person
/// may have been merged with someone of a similar voice, and a finer split can hold them alone.
/// Returns the split whose closest voice scores highest, when it scores `min_score` or more and
/// more than `found`'s closest (`found_score`); its `prints` are that split's voiceprints, empty
/// (scoring 0) for its voices of under 3 s of speech, so that no match picks one of them.
struct FinerSplit {
  ContentAnalysis content;
  std::vector<Voiceprint> prints;
};
Result<std::optional<FinerSplit>> split_for_example(const VoiceFeatures& features, const SpeechAnalysis& speech,
                                                    const ContentAnalysis& found, double input_seconds,
                                                    const Voiceprint& example, double found_score,
                                                    double min_score, const Callbacks& callbacks);

/// Gives the match's speaker every block of the other voices that score `min_score` or more, and
/// at least 0.7 (one person the analysis split in several voices); their entries in `speakers`
/// stay. False when no other voice does.
bool join_matching_voices(ContentAnalysis& content, const VoiceMatch& match, double min_score);

/// The refusal when the match does not sound_like() the example (no_matching_voice): how close
/// the closest voice came, and the next one when it was too close to tell them apart, in words;
/// for a tie, both voices and how to keep one (--speaker). `example_name`: how the example is called ("me.m4a", "voice:ID").
Error no_voice_matches(const VoiceMatch& match, double min_score, std::string_view example_name);

}  // namespace voxclone::detail

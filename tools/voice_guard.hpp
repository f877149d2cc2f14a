// The voiceprints a clone keeps (numbers only, in the user's data folder: voiceprint.hpp's
// store): kept after each successful clone, checked before a retrain (--voice-id) uploads a
// sample of someone else, and shown by `voices`. The voice: a prepared sample's
// (PrepReport::voiceprint) or a combined one's (CombineResult::voiceprint).
#pragma once

#include <optional>
#include <set>
#include <string>

#include "voxclone/voiceprint.hpp"

namespace voxclone::cli {

/// What the retrain guard found: no voiceprint kept for the voice (nothing to check), or the
/// score of the new sample against it.
struct RetrainCheck {
  std::optional<double> score;
  bool passes = true;
};

/// Compares the new sample's voice with the voiceprint kept for `key`. A store that cannot be
/// read fails (its message says which file); a voice with no voiceprint here passes unchecked.
Result<RetrainCheck> check_retrain(const VoiceKey& key, const std::optional<Voiceprint>& voice);

/// The refusal when the check fails: the score, and that nothing was sent.
Error retrain_refusal(const VoiceKey& key, double score, bool dry_run);

/// After a clone: keeps the voice's voiceprint (pooled with the one kept before when the
/// retrain sounded like it). Returns what to tell the user when it could not be kept.
std::optional<std::string> keep_voiceprint(const VoiceKey& key, const std::optional<Voiceprint>& voice,
                                           const RetrainCheck& check);

/// The voice ids of `region` with a voiceprint kept here (empty when the store is unreadable).
std::set<std::string> voices_with_voiceprint(const std::string& region);

}  // namespace voxclone::cli

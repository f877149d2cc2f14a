#include "voice_guard.hpp"

#include <fmt/format.h>

#include "core/words.hpp"

namespace voxclone::cli {

Result<RetrainCheck> check_retrain(const VoiceKey& key, const std::optional<Voiceprint>& voice) {
  auto kept = load_voiceprint(default_voiceprint_store(), key);
  if (!kept) return std::unexpected(kept.error());
  RetrainCheck c;
  if (!*kept || !voice) return c;
  c.score = similarity(**kept, *voice);
  c.passes = *c.score >= kSamePersonScore;
  return c;
}

Error retrain_refusal(const VoiceKey& key, double score, bool dry_run) {
  return Error{ErrorCategory::no_matching_voice,
               fmt::format("the new sample does not sound like voice {} as it was cloned here: score "
                           "{:.2f} (the same person scores {:.2f} or more). Nothing was sent{}: a "
                           "retrain would overwrite the voice with this one. Check the recording "
                           "(--like voice:{} keeps the voice that sounds like it), or add --force to "
                           "retrain with it anyway.",
                           key.voice_id, detail::shown_below(score, 2), kSamePersonScore,
                           dry_run ? " (dry run: a real run would stop here)" : "", key.voice_id)};
}

std::optional<std::string> keep_voiceprint(const VoiceKey& key, const std::optional<Voiceprint>& voice,
                                           const RetrainCheck& check) {
  if (!voice || voice->empty()) return std::nullopt;
  const Voiceprint& v = *voice;
  const bool pool = check.score && check.passes;
  // Pooled with the voice's earlier voiceprint under the store's lock (a retrain that passed
  // the check: the same person, more speech).
  if (auto s = update_voiceprint(default_voiceprint_store(), key,
                                 [&](const std::optional<Voiceprint>& kept) {
                                   return pool && kept ? pooled(*kept, v) : v;
                                 });
      !s)
    return fmt::format("the voice's voiceprint was not kept ({}): a retrain of it will not be "
                       "checked",
                       s.error().message);
  return std::nullopt;
}

std::set<std::string> voices_with_voiceprint(const std::string& region) {
  std::set<std::string> ids;
  auto keys = stored_voices(default_voiceprint_store());
  if (!keys) return ids;
  for (const VoiceKey& k : *keys)
    if (k.region == region) ids.insert(k.voice_id);
  return ids;
}

}  // namespace voxclone::cli

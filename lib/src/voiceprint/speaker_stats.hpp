// Internal: a voiceprint from the content analysis: the voiced-frame statistics of the speech
// blocks one speaker was given (speakers.cpp), pooled over the voice and inside 2 s pieces.
#pragma once

#include "analyse/voice_meter.hpp"
#include "voxclone/analyse.hpp"
#include "voxclone/voiceprint.hpp"

namespace voxclone::detail {

/// The voice of speaker `rank` (1 = talks most). Its clean speech when that holds at least
/// 2 s of voiced frames, else its speech over music too. Empty when the rank has no speech.
Voiceprint speaker_voiceprint(const VoiceFeatures& features, const ContentAnalysis& content, int rank);

/// The voiced frames of every block the energy detector hears speech in, as one voice: a voice
/// note whose speech the content analysis did not call clean speech (a phone line, noise).
Voiceprint speech_voiceprint(const VoiceFeatures& features, const SpeechAnalysis& speech);

/// Every speaker's voiceprint, by rank (index 0: rank 1).
std::vector<Voiceprint> speaker_voiceprints(const VoiceFeatures& features, const ContentAnalysis& content);

/// The main voice of an analysed recording, as voiceprint_of() measures it: speaker 1 with the
/// other voices that sound like it (join_similarity()), else all of the speech as one voice;
/// too_little_speech (no_speech) when it holds less than `min_speech_seconds` of voiced frames.
/// prepare_combined() takes it from an input's own analysis when the input gives no sample,
/// rather than decoding and analysing the input again.
Result<Voiceprint> main_voiceprint(const VoiceFeatures& features, const SpeechAnalysis& speech,
                                   const ContentAnalysis& content, double min_speech_seconds,
                                   const Callbacks& callbacks);

/// The comparison of sessions 8-13 (voiceprint/join_model.hpp: the cosine in its own projection,
/// no cohort), 0-1. Kept for the two places that measure rather than decide, so that they do
/// what they did when their constants were chosen and the model was fitted: the speaker
/// analysis' join step (speakers.cpp, 0.88) and the pooling of a note's voices into its
/// voiceprint (voiceprint_of.cpp). Every decision about a person uses similarity().
double join_similarity(const Voiceprint& a, const Voiceprint& b);

}  // namespace voxclone::detail

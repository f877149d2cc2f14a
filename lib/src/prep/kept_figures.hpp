// Internal: the kept pieces measured on their own, for the warnings about the kept audio and the
// verdict (KeptFigures in voxclone/report.hpp). Every figure comes from what the one decoding
// pass already measured (the speech detector's 20 ms levels, the voice analysis' 40 ms frames,
// the content blocks, where the clipped runs are), restricted to Selection::pieces: a loud intro
// left out of the sample no longer counts against it.
#pragma once

#include "analyse/voice_meter.hpp"
#include "voxclone/analyse.hpp"
#include "voxclone/decode.hpp"
#include "voxclone/report.hpp"
#include "voxclone/select.hpp"

namespace voxclone::detail {

/// `speech`: the whole input's speech detection (its pauses are the kept pieces' pauses);
/// `decoded`: the input's stats (where the clipped runs are) and its length; `mains_hum`: the
/// input's pauses hold mains hum (mains_hum.hpp), whose lines are no notes.
KeptFigures measure_kept(const Selection& selection, const SpeechAnalysis& speech,
                         const ContentAnalysis& content, const VoiceFeatures& voice,
                         const DecodedInput& decoded, bool mains_hum = false);

/// KeptFigures::music_in_pauses from the kept figures `k` (its snr_db) and what fills the whole
/// recording's pauses (`pauses`, the pause meter's: content_pauses.hpp).
bool music_in_kept_pauses(const KeptFigures& k, const PauseSpectra& pauses, bool mains_hum);

}  // namespace voxclone::detail

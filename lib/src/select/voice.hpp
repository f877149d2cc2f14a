// Internal: which of the recording's speech the window may use. The content analysis says what
// each 0.4 s block holds and whose voice it is; this keeps the chosen speaker's clean speech as
// the units select_window works with, and turns everything else that is not silence (music,
// other voices, noise) into barriers no window may reach into.
#pragma once

#include <vector>

#include "voxclone/analyse.hpp"
#include "voxclone/select.hpp"

namespace voxclone::detail {

struct VoiceChoice {
  /// segments: the chosen voice's clean speech; barriers filled. Without the per-frame arrays
  /// (frame_db, is_speech: a copy would be 0.9 MB an hour of input): they are the input's, and
  /// the caller lends them before select_window() reads this.
  SpeechAnalysis speech;
  int speaker = 0;             ///< the rank kept (0 when no voice could be told apart)
  double clean_seconds = 0.0;  ///< speech the window may use
  double music_under_seconds = 0.0;    ///< the chosen voice's speech with music under it
  double other_voices_seconds = 0.0;   ///< the other speakers' talk (their Speaker::talk_seconds)
  double no_voice_seconds = 0.0;       ///< speech told to no voice (block_speakers 0), left out
};

/// The voice that ties with voice 1 when choose_voice() refuses a recording for a tie
/// (no_matching_voice): voice 1's other half where the analysis split it by its turns
/// (Speaker::other_half, which may rank third or lower) unless that half talks under 0.3 of it
/// (kLittleOtherHalfShare: voice 1 is then kept where no other voice ties), else the voice after
/// it that talks most (voice 2, the voices being ranked by talk), as the tie rule of
/// choose_voice() measures it. 0 with fewer than two voices.
int voice_tied_with_first(const ContentAnalysis& content);

/// Per block of `content`, true on the clean speech (and silence) beside a bed the content model
/// found late or left early: out from each edge of its music or speech over music, for at most
/// 8 s, the blocks up to the farthest whose pauses (within 1 s, `speech`'s frames) stand at the
/// found bed's level rather than the clean speech's (issue 19 item 4). All false where there is
/// no bed, or where the two levels lie under 14 dB apart. choose_voice() leaves them out while
/// the voice keeps a sample without them.
std::vector<bool> blocks_beside_a_bed_filled_like_it(const SpeechAnalysis& speech, const ContentAnalysis& content);

/// Per block of `content`, true on the clean speech inside a bed: with music (or speech over it)
/// within 8 s on both sides, or on one side, where the recording's edge lies within 8 s on the
/// other and the bed fills half or more of those 8 s (its fade-out, called clean).
/// choose_voice() leaves them out, with those of blocks_beside_a_bed_filled_like_it(), while the
/// voice keeps a sample without them.
std::vector<bool> blocks_inside_a_bed(const ContentAnalysis& content);

/// Fails with no_speech (music or noise only), too_little_speech (saying what stands in the way)
/// or invalid_argument (a --speaker that does not exist, nobody at --speaker-at).
Result<VoiceChoice> choose_voice(const SpeechAnalysis& speech, const ContentAnalysis& content,
                                 double input_seconds, const SelectOptions& options);

}  // namespace voxclone::detail

// Internal: a recording-level guard against music the content model takes for speech (issue 19,
// item 4; session 14). The per-block model (content_model.hpp) learnt music from three game-music
// packages and rendered MIDI; on chiptune, electronic and orchestral tracks it never heard it
// called whole stretches speech, and `prep` made a "voice" of a track of music alone.
//
// Speech falls silent between words and phrases: within a few seconds of any word its 20 ms level
// drops 20-40 dB (to the room, or to the noise under it). Music keeps its floor filled: notes
// ring on, chords, pads and drums overlap. So, over every block the model calls speech (with or
// without music under it), the speech's level over the quietest 5 % of the frames within 3 s
// (content.cpp's block_snr_db); when its median stays under kSpeechDipDb (13.7 dB), the "speech" never
// pauses and is music. Steady noise and hum fill the pauses too, but under speech one could still
// clone (the verdict blocks noise less than 15 dB down) they leave the quietest frames far under
// the words, and a bed under part of a recording leaves the other part's pauses clear. A long
// hall fills them as well, but its tail fades between the words, where music's floor does not
// (content_pauses.hpp: pauses_fade_between_words), so a recording whose pauses fade is left alone.
//
//   const MusicGuard g = judge_speech_dips(blocks, block_snr_db, features.pauses);
//   if (g.music) speech_is_music(blocks);
#pragma once

#include <cstddef>
#include <vector>

#include "analyse/content_pauses.hpp"
#include "analyse/voice_meter.hpp"
#include "voxclone/analyse.hpp"

namespace voxclone::detail {

/// The median dip of a recording's speech blocks, and the verdict.
struct MusicGuard {
  std::size_t blocks = 0;      ///< speech blocks measured (those with speech frames)
  double median_dip_db = 0.0;  ///< median of their level over the quietest frames around them
  bool room_tail = false;      ///< the pauses fade between the words: a room, not music
  bool music = false;          ///< the "speech" never falls silent and no room explains it: music
};

/// The verdict over the blocks that hold speech; `block_snr_db` per block (content.cpp's
/// block_quality: 0 where a block has no speech frames, and those are not counted), `pauses` the
/// recording's pause spectra.
MusicGuard judge_speech_dips(const std::vector<ContentKind>& blocks, const std::vector<float>& block_snr_db,
                             const PauseSpectra& pauses);

/// What lies under a recording's speech when its "speech" never pauses: music keeps notes in its
/// quietest frames and its floor moves with the arrangement; steady noise (a fan, hiss, a loud
/// room) holds no note and keeps one level. Measured on the voice meter's 40 ms frames, in 2 s
/// chunks: each chunk's quietest frame is its floor.
struct FloorSound {
  std::size_t chunks = 0;
  double floor_spread_db = 0.0;  ///< interquartile range of the chunks' floors
  double floor_lines = 0.0;      ///< mean steady lines of the frames within 3 dB of their chunk's floor
  bool steady_noise = false;     ///< enough chunks, a flat floor and no notes in it
};

/// The floor under `frames` (VoiceFeatures::frames).
FloorSound judge_floor(const RecordSpool<VoiceFrame>& frames);

/// A babble of voices under the whole recording, not music: its pauses change shape faster than a
/// bed's (a crowd's words come and go in every band: `pauses.shape_change_db` of kCrowdShapeDb or
/// more, over at least kCrowdPairs pairs), its floor holds no notes (`floor.floor_lines` under
/// kCrowdFloorLines) and keeps one level from start to end (`floor.floor_spread_db` under
/// kCrowdFloorSpreadDb; a bed under part of the speech leaves a clean part's floor far under it),
/// and the tones its pauses hold lie off the musical scale (`pauses.tone_grid` under
/// kCrowdToneGrid over kCrowdHeldTones held tones or more; content_pause_tones.hpp).
bool crowd_under_speech(const PauseSpectra& pauses, const FloorSound& floor);

/// The pauses' half of crowd_under_speech (no floor needed: the floor is read from every frame).
bool crowd_in_pauses(const PauseSpectra& pauses);

/// In a recording with a crowd under it: speech over music is speech, and music is speech where
/// the talk model hears someone (`talk` log-odds >= 0) and other sound elsewhere. Returns the
/// blocks changed. The verdict then judges the crowd as what it is: background voices and a
/// noise floor.
std::size_t crowd_is_not_music(std::vector<ContentKind>& blocks, const std::vector<double>& talk,
                               const std::vector<float>& active_share);

/// Every block of speech (or speech over music) becomes music.
void speech_is_music(std::vector<ContentKind>& blocks);

/// Every block of speech (or speech over music) becomes other sound: the speech is under a
/// steady noise nearly as loud as itself (the guard fired, and judge_floor says steady noise).
void speech_is_under_noise(std::vector<ContentKind>& blocks);

}  // namespace voxclone::detail

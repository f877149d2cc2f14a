// Internal: a voice's turns split in two groups (speakers.cpp): two people of one sex, or two
// people on a phone line, found as one voice.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "analyse/voice_meter.hpp"
#include "voxclone/analyse.hpp"

namespace voxclone::detail {

struct TurnSplit {
  bool judged = false;          ///< enough turns to split
  std::size_t turns = 0;        ///< the voice's judged turns
  double similarity = 1.0;      ///< the two groups' voiceprints, similarity()
  std::array<double, 2> seconds{};  ///< each group's judged turns, all their blocks
  std::vector<std::uint8_t> group;  ///< per block: 0 not in the voice's judged turns, 1 or 2
};

/// Voice `voice` of `content` (block_speakers) split in two groups of whole turns (its runs of
/// blocks with at most one block of no voice and no other voice between), and the two groups'
/// voiceprints compared. Not judged with under 4 turns of 3 clean blocks or more.
TurnSplit split_by_turns(const VoiceFeatures& features, const ContentAnalysis& content, int voice);

/// A voice's turns (speaker_turns.cpp, read from the frames as for step 14) grouped in two by the
/// finer cepstrum of the 100-3800 Hz band (VoiceFeatures::cepstra, the voiceprint's), which keeps
/// on a phone line what the speaker space's 0-4 kHz cepstrum loses (step 12d, speakers.cpp).
struct BandTurnSplit {
  bool judged = false;          ///< enough turns to group
  std::size_t turns = 0;        ///< the voice's judged turns
  double ratio = 0.0;           ///< the grouping's strength over that of made-up turns
  std::array<double, 2> seconds{};  ///< each group's turns, all their blocks of the voice
  std::vector<std::uint8_t> group;  ///< per block: 0 not in the voice's judged turns, 1 or 2
};

/// Voice `voice`'s turns grouped in two by their mean finer cepstrum, and how much more they group
/// than made-up turns of the same sizes (the voice's blocks rotated against the turns' edges): one
/// person's turns differ by the words said, as made-up turns do; two people's turns differ by
/// who says them too. Not judged with under kMinBandTurns turns, or without the cepstra.
/// Only the cepstra c[first + 1]..c[last] are read when asked (the others count as 0): two people
/// of one band can lie apart in the lower or the upper cepstra alone while the words move the rest.
BandTurnSplit split_by_band_turns(const VoiceFeatures& features, const ContentAnalysis& content, int voice,
                                  int first = 0, int last = kFineCepstra);

/// Voice 1's turns (runs of its speech between pauses of kTurnPauseSeconds or more, or another
/// voice's blocks) that sound more like another listed voice than the rest of voice 1 does:
/// per block, 1 on voice 1's blocks of such a turn, else 0. Empty when not judged (one voice, or
/// too few turns or blocks).
std::vector<std::uint8_t> turns_like_another_voice(const VoiceFeatures& features, const ContentAnalysis& content);

}  // namespace voxclone::detail

// Internal: a music bed under part of a recording, found by how loud its pauses are (issue 19,
// item 4; session 19). Nothing learnt: one pass over the speech detector's 20 ms frame levels.
//
// The per-block model (content_model.hpp) misses some real beds altogether: a rock track or
// sparse piano with rests looks like a room to it 2 s at a time, and the walks of content.cpp
// need a block it heard music in to start from. The speech detector does not help either: its
// floor is the rests (the quietest frames over +-8 s), so it calls the bed between the words
// speech. What does tell them: between the words of speech over a bed, the frames stand at the
// bed's level most of the time (the rests are short), and between the words of clean speech at
// the room's. So, per block, the median level of the recording's pause frames within 3 s: frames
// 12 dB under the words' loud frames and 0.16 s from any frame louder than that (a word's soft
// edges); where there are too few (a bed nearly as loud as the words leaves no frame that
// quiet) the quietest twentieth of the frames within 3 s. A bed under part of a
// recording makes a step in that level, between two long stretches of speech, of 15-30 dB on
// the tune split; hum, noise, a crowd or several people from different sources change it by
// 7 dB at most (they lie under all of the speech, or come and go with turns), and a room by up
// to 14 dB (its tail fills the pauses of close words more than those of sparse ones).
//
//   const auto pause = pause_frames(speech);
//   const auto split_pause = pauses_less_words_held_sounds(speech, pause);  // the split's pauses
//   const auto level = pause_level_db(speech, split_pause, blocks.size());
//   const BedSplit s = split_by_pause_level(blocks, level, speech.speech_level_dbfs, fade);
//   speech_over_the_split_bed_is_over_music(blocks, level, pause_level_db(speech, split_pause, blocks.size(), 1.0), s,
//                                           split_bed_edge_block(speech, split_pause, s));
//   ... the walks of content.cpp ...
//   speech_clear_of_the_split_bed_is_clean(blocks, speech, split_pause, s);
//   music_between_clean_words_is_speech(blocks, speech, pause, split_pause, ...);  // reads both
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "analyse/content_pauses.hpp"
#include "voxclone/analyse.hpp"

namespace voxclone::detail {

/// Per detector frame, true where it is a pause frame: not within 0.16 s of a frame as loud as
/// the level 90 % of the speech frames stay under, less 12 dB (see above); as many as
/// `speech.frame_db`. The steps below all read it: computed once per analysis and passed down
/// (an hour: 180,000 frames, each pass a fill over 17 frames around every loud one). One bit a
/// frame: it is held from the pause levels to the clean step after the walks, and as bytes ten
/// hours' 1.8 M frames raised the prep's peak memory by 2.2 MB.
std::vector<bool> pause_frames(const SpeechAnalysis& speech);

/// `pause` (pause_frames(speech)) less the frames of a word's held sound: a run of pause frames
/// that rises 15 dB or more from the pause frame before it, in one frame, and runs on into the
/// word after it without falling back more than 5 dB (a reader's held "sss" before the vowel), or
/// the same from the word before it down into a quiet pause frame (a held tail). The pause levels,
/// the split and the bed's edge below read these: such a sound is as loud as a bed 12 dB down, and
/// moved a split up to 17 s into a reader's clean words.
std::vector<bool> pauses_less_words_held_sounds(const SpeechAnalysis& speech, const std::vector<bool>& pause);

/// Per 0.4 s block (the first `blocks`), the level of the recording's pauses within `reach_seconds`
/// of its middle, dBFS (see above); -200 where the frames end before the block. `pause`:
/// pause_frames(speech) (-200 everywhere if it is not as long as the frames).
std::vector<float> pause_level_db(const SpeechAnalysis& speech, const std::vector<bool>& pause,
                                  std::size_t blocks, double reach_seconds = 3.0);

/// The recording's speech blocks split in two by time where their pause levels differ most.
struct BedSplit {
  std::size_t first_block = 0;  ///< the first block of the second part
  double before_db = 0.0;       ///< median pause level of the speech blocks before it
  double after_db = 0.0;        ///< and from it on
  double bed_share = 0.0;       ///< of the louder part's speech blocks, the share over the middle
  bool bed = false;             ///< the louder part's pauses hold a bed
  /// The level between the two parts: a speech block whose pauses stand at it or over it is
  /// under the bed.
  double middle_db() const { return (before_db + after_db) / 2.0; }
};

/// Whether the recording's pauses (PauseSpectra, content_pauses.hpp) hold a bed's notes: 50 held
/// tones or more on one semitone grid of 0.5 or more (content_pause_tones.hpp), and no mains hum
/// heard in them (its lines are tones on a grid). A room's tail makes the pauses between close
/// words fade as a bed's quiet bars can; it holds no such notes.
bool pauses_hold_a_beds_notes(const PauseSpectra& pauses);

/// The split of `blocks`' speech (speech or speech over music) by `pause_level` (pause_level_db),
/// and whether the louder part is under a bed: both parts hold 8 s of speech, their medians differ
/// by 14 dB or more (20 dB where `pauses_fade`, content_pauses.hpp: a room's tail fills the
/// pauses between close words more than between sparse ones), the louder one stands within
/// 32 dB of `speech_level_db`, and two in three of its blocks stand over the middle.
BedSplit split_by_pause_level(const std::vector<ContentKind>& blocks, const std::vector<float>& pause_level,
                              double speech_level_db, bool pauses_fade);

/// With `split.bed`: the blocks of clean speech whose pauses stand at or over the split's middle,
/// both within 3 s (`pause_level`) and within 1 s (`near_level`: the 3 s reach the bed's edge,
/// the 1 s do not), become speech over music: those of the louder part, and of the other part
/// those out from the split up to the first speech block under the middle (the bed's start often
/// lies some seconds before the split; a dense reader's quietest frames elsewhere can stand over
/// the middle too), and on past it to `edge_block` where given (split_bed_edge_block:
/// a bed's quiet bars between its edge and the split stand under the middle too); a break in them
/// of up to 4 s is the bed's too.
void speech_over_the_split_bed_is_over_music(std::vector<ContentKind>& blocks, const std::vector<float>& pause_level,
                                             const std::vector<float>& near_level, const BedSplit& split,
                                             std::size_t edge_block = static_cast<std::size_t>(-1));

/// With `split.bed`: where the bed's edge lies at the detector's frame resolution, a frame index:
/// the point that best parts the clean part's pause frames (under the split's middle) from the
/// bed's (at or over it), the end of the last clean pause before a bed after the clean part (the
/// start of the first after a bed before it).
/// `pause`: the split's pause frames (pauses_less_words_held_sounds of pause_frames(speech)).
std::size_t split_bed_edge_frame(const SpeechAnalysis& speech, const std::vector<bool>& pause,
                                 const BedSplit& split);
/// The same as a 0.4 s block index (the block that holds the edge frame).
std::size_t split_bed_edge_block(const SpeechAnalysis& speech, const std::vector<bool>& pause, const BedSplit& split);

/// With `split.bed`, after the walks of content.cpp: a run of music or speech over music on the
/// clean side of the bed's edge (split_bed_edge_frame), parted from the bed by 4 s or more of
/// blocks with no music, and whose pauses are not filled to the split's middle (under a tenth of
/// its time), is clean speech: the model's odds and the walks from them spread music over a
/// dense reader's clean words far from the bed, whose pauses say there is none. The runs beside
/// the bed stay as they are (its start may be quiet for some seconds), and nothing changes where
/// the edge does not part the pauses (most of those on its bed side filled: a song's split).
/// `pause`: the split's pause frames (pauses_less_words_held_sounds). `before_walks`: the kinds before the walks, where the gap is
/// read (the walks can close it); a run the walks joined to the blocks within the gap is cleared
/// past it. Without them the gap is read in `blocks`.
void speech_clear_of_the_split_bed_is_clean(std::vector<ContentKind>& blocks, const SpeechAnalysis& speech,
                                            const std::vector<bool>& pause, const BedSplit& split,
                                            const std::vector<ContentKind>* before_walks = nullptr);

/// With `split.bed`: a short run of music (the model's, not speech over music) among clean words
/// on the clean side of the bed's edge (split_bed_edge_frame) is the speaker's: a held syllable
/// (a drawn-out "mmm" or "sss" before a vowel) the model hears as a note. The run lasts 4 s or
/// less, the detector hears speech in it, the nearest sound on either side (past at most 0.8 s of
/// silence) is clean speech, or before it there is only silence (the recording's first word),
/// and its pauses (`pause_level`, pause_level_db) stand under the split's middle. It must sound
/// like a syllable, not a sting: no sound in or touching it goes on for more than 1.2 s without
/// a pause frame, and the model half-hears a voice in it (`talk`, the model's talk log-odds per
/// block: a mean of -2.7 or more). Then the blocks become speech. Two such runs parted by
/// silence only (held syllables one after another), spanning at most 6 s and holding at most 4 s
/// of music together, are judged together: each run's tests, their talk odds pooled. An intro's music (longer, or
/// one unbroken sound), the bed's own runs (speech over music beside them), a jingle that fills
/// the pauses and a sting between the words stay music.
/// `pause`: pause_frames(speech), whose breaks the sound test reads (a held syllable's "mmm" is a
/// pause there); `split_pause`: pauses_less_words_held_sounds of them, which the split and the
/// bed's edge read. Returns the blocks changed.
std::size_t music_between_clean_words_is_speech(std::vector<ContentKind>& blocks, const SpeechAnalysis& speech,
                                                const std::vector<bool>& pause, const std::vector<bool>& split_pause,
                                                const std::vector<float>& pause_level,
                                                const std::vector<double>& talk, const BedSplit& split);

}  // namespace voxclone::detail

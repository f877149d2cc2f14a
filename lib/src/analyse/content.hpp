// Internal: the content analysis, after the streaming pass: what each 0.4 s block holds
// (content.cpp) and whose voice each speech block is (speakers.cpp).
#pragma once

#include <algorithm>
#include <cstddef>
#include <limits>

#include "analyse/voice_meter.hpp"
#include "voxclone/analyse.hpp"
#include "voxclone/log.hpp"

namespace voxclone::detail {

/// How the speakers are counted (find_speakers).
struct VoiceCount {
  /// 0: the pieces choose how many people talk; otherwise exactly that many voices are fitted to
  /// the 2 s pieces (fewer when there are fewer pieces), each however briefly heard: a caller
  /// that knows more than the pieces (an example of the wanted voice) asks for a finer split.
  std::size_t voices = 0;
  /// With voices == 0: the count from a second pass over longer pieces, the 2 s voices that fall
  /// in one longer voice reported as one, its core's blocks only (speakers.cpp, step 6). False:
  /// the 2 s pieces' own voices, every block kept (prep --like, whose example tells the voices
  /// apart, wants them all).
  bool from_longer_pieces = true;
  /// Threads the voices' mixture fits may use, their starts side by side (speakers.cpp,
  /// fit_mixture): the same voices with any number, sooner with more.
  unsigned threads = 1;
  /// Where given (with the count from longer pieces), find_speakers leaves its step 13 to the
  /// caller (list_voices_grouped_away) and gives it here the voice of each block after the 2 s
  /// pass: the content analysis runs that step after the steps that read a lone voice.
  std::vector<int>* voices_of_2s = nullptr;
  /// ... and here, per block, the rank of the 2 s voice whose step 5 or 7 left it out (0: none),
  /// for the caller's step 13b (list_voices_left_out).
  std::vector<int>* left_out_of_2s = nullptr;
  /// ... and here, per block, 1 on the speech blocks steps 3-4 gave no voice (pieces too short to
  /// judge), for the caller's measure of a lone voice's unjudged talk (measure_lone_voices_unjudged_talk).
  std::vector<std::uint8_t>* unjudged_of_2s = nullptr;
};

/// What the analysis found about the recording as a whole that its blocks cannot say.
struct ContentVerdicts {
  /// Where the "speech" never pauses (the music guard, content_music_guard.hpp) and what fills
  /// its pauses is steady noise rather than music: the words' median level over the quietest
  /// frames around them, dB (noise nearly as loud as the voice); its blocks are then other sound.
  /// 0 otherwise.
  double speech_over_noise_db = 0.0;
};

/// Labels every block, finds the speakers (counted as `count` says) and merges the blocks into a
/// readable timeline of `input_seconds`. Polls `callbacks.cancel`. With `verdicts`, fills it.
Result<ContentAnalysis> analyse_content(const SpeechAnalysis& speech, const VoiceFeatures& features,
                                        double input_seconds, const Callbacks& callbacks, VoiceCount count = {},
                                        ContentVerdicts* verdicts = nullptr);

/// The kinds of a recording whose pauses hold no bed (content_pauses.hpp: steady), after the
/// Viterbi pass: a stretch of music under 3 s is other sound, and a longer one in which the talk
/// model hears someone (median log-odds `talk` >= 0) is speech (other sound where no block is
/// `active_share` > 0): the music the model hears with the talk is the room or the noise.
void settle_kinds_without_bed(std::vector<ContentKind>& blocks, const std::vector<double>& talk,
                              const std::vector<float>& active_share);

/// The kinds after the Viterbi pass (and settle_kinds_without_bed): from each block of music or
/// speech over music, the neighbouring speech whose pauses are as filled is speech over music
/// too. `floor_behind_db` / `floor_ahead_db` per block: the level of the quietest frames in the
/// seconds before / after it; filled: within 32 dB of `speech_level_db` and 8 dB over the clean
/// speech's floor. Walking back from the music a block's floor ahead is read, walking on its
/// floor behind (the side towards the music), so the walk stops at the bed's edge.
/// At most `reach_blocks` from each block of music (walk_reach_blocks).
void speech_beside_a_bed_is_over_music(std::vector<ContentKind>& blocks, const std::vector<float>& floor_behind_db,
                                       const std::vector<float>& floor_ahead_db, double speech_level_db,
                                       std::size_t reach_blocks = std::numeric_limits<std::size_t>::max());

/// Whether a recording's pauses say a room and nothing else: `verdict` (judge_pauses) steady,
/// the pauses fading between the words, no bed's notes in them (content_bed_split.hpp) and no bed
/// found under part of the speech (`split_bed`).
bool pauses_are_only_a_room(PauseSound verdict, const PauseSpectra& pauses, bool split_bed);

/// How far speech_beside_a_bed_is_over_music walks from the music: 10 blocks (4 s) where the
/// pauses are only a room's (a reverberant room's ring fills them unevenly, and a long word heard
/// as music would take all of the speech), without a limit elsewhere.
std::size_t walk_reach_blocks(PauseSound verdict, const PauseSpectra& pauses, bool split_bed);

/// After speech_beside_a_bed_is_over_music: from each run of music or speech over music with a
/// filled floor, the speech beside it out to the nearest block holding a clean pause (0.1 s of
/// frames within 6 dB of the clean speech's floor), at most 4 s out, is speech over music: the
/// bed under part of a stretch between two clean pauses is under all of it.
void stretch_beside_a_bed_is_over_music(std::vector<ContentKind>& blocks, const SpeechAnalysis& speech,
                                        const std::vector<float>& floor_behind_db,
                                        const std::vector<float>& floor_ahead_db);

/// In a recording whose pauses change like music (content_pauses.hpp), after a first Viterbi
/// pass: when the model's median music log-odds `music` over the speech blocks whose floors are
/// filled (both within 32 dB of `speech_level_db`) reaches -2, a prior for speech over music on
/// every such block (empty: none).
std::vector<double> bed_prior_under_speech(const std::vector<ContentKind>& blocks, const std::vector<double>& music,
                                           const std::vector<float>& floor_behind_db,
                                           const std::vector<float>& floor_ahead_db, double speech_level_db);

/// After the kinds are settled: a run of 3 or more blocks (1.2 s) of speech (with or without
/// music) whose own frames the energy detector hears (`active_share` >= 0.5) and with no voiced
/// frame in any of their feature contexts (`voiced_share`, the content feature "voiced": 2 s
/// around each block) is other sound: applause, laughter that is all breath. Returns the blocks
/// changed.
std::size_t unvoiced_sound_is_not_speech(std::vector<ContentKind>& blocks, const std::vector<float>& active_share,
                                         const std::vector<float>& voiced_share);

/// Letters and syllables read alone that the model calls other sound, read from the 40 ms frames
/// as laugh_blocks reads them: a sound (frames within 30 dB of `speech_level_db`, pauses of 120 ms
/// or more between sounds) of at most 2.5 s whose loud frames (within 20 dB of its peak) hold a
/// vowel (a voiced run of 4 frames, 160 ms, or more) in at most 4 voiced runs, and at least half
/// of whose frames are loud, is someone saying a letter or a syllable, fricatives and all. A block called other that holds more frames of such
/// sounds than of others is one. Per block, 0 where a block is not a syllable's, 2 where it is
/// and holds a voiced frame, 1 where it is and holds none.
std::vector<std::uint8_t> syllables_heard_as_other(const std::vector<ContentKind>& blocks, const std::vector<float>& frame_db,
                                                   const std::vector<std::uint8_t>& frame_voiced, double speech_level_db);

/// After the speakers, in a recording of one voice: a stretch of blocks of other sound that
/// syllables_heard_as_other marks (with pauses of at most 2 s between them) becomes that voice's
/// speech where the voice's speech lies beside it, before or after, across at most 2 s of pause,
/// and one of its blocks holds a voiced frame (`syllable` 2); the voice's talk grows
/// by the talk in those blocks (talk_in of `speech`, as every block of a voice counts). With two
/// voices or more nothing changes: the syllables beside a
/// voice's words may be another's (a turn that opens with them). Returns the blocks changed.
std::size_t syllables_are_their_voices_speech(ContentAnalysis& c, const SpeechAnalysis& speech,
                                              const std::vector<std::uint8_t>& syllable);

/// Laughs the model calls speech, read from the 40 ms frames (`frame_db`, their level;
/// `frame_voiced`, 1 where the voice meter found a pitch). A sound (frames within 30 dB of
/// `speech_level_db`, pauses of 120 ms or more between sounds) that the model heard as speech
/// throughout, whose loud frames (within 20 dB of its own peak, at least 8 of them) hold no voiced
/// run longer than 3 frames (120 ms: no vowel held) and 4 or more separate voiced runs
/// ("ha-ha-ha": short voiced bursts with breath between), is a laugh. Per block, 1 where a block
/// called speech holds more frames of such sounds than of others. Where more than 15 % of the
/// speech's sounds hold no vowel (a phone line), none.
std::vector<std::uint8_t> laugh_blocks(const std::vector<ContentKind>& blocks, const std::vector<float>& frame_db,
                                       const std::vector<std::uint8_t>& frame_voiced, double speech_level_db);

/// Speech of someone, with or without music under it.
inline bool holds_speech(ContentKind k) {
  return k == ContentKind::speech || k == ContentKind::speech_over_music;
}

/// ContentAnalysis::block_doubtful: 1 on a voice's doubtful blocks (speakers.cpp, steps 7 and 14);
/// kSpareOfLoneVoice on speech blocks left without a voice in a recording of one voice that the
/// voiceprint hears as that voice, or that go on from its words with no pause (step 10), or, over
/// a bed, that lie kSpareClearOfMusicSeconds from any music (step 9): the selection takes them
/// only where the voice's own clean speech falls short of a sample (select/voice.cpp).
constexpr std::uint8_t kDoubtfulBlock = 1;
constexpr std::uint8_t kSpareOfLoneVoice = 2;
/// A bed's quiet first bars are called clean speech (the content model hears the voice and too
/// little of the music), and a lone voice's spare speech there, or its own blocks inside a bed, put
/// music in a sample. Step 9 marks no spare block with music or speech over music this near, and
/// the selection, when it takes spare blocks, takes no block of the voice with music this near on
/// both sides: 8 s is over the
/// latest a bed's start was found after its labelled start on the real-voice tune sets (7.6 s,
/// tests/realvoice/README.md, session 23). Measured in session 25: at 2 s a train scene kept 4.8 s
/// of a bed's quiet start (its spare blocks 2.4-3.2 s before the first music block); at 4, 6 and
/// 8 s the same eight tune scenes were rescued, none with music kept (with 15 s alone; four more
/// with a small clean half at 8 s).
constexpr double kSpareClearOfMusicSeconds = 8.0;
/// On a voice's blocks that are a laugh (laugh_blocks): the selection leaves them out while the
/// voice keeps a sample's worth of speech without them.
constexpr std::uint8_t kLaughBlock = 3;
/// On the blocks of a voice step 13 lists (speakers.cpp, list_voices_grouped_away): they were
/// speech told to no voice, and the selection still treats them as such beside the voice it
/// keeps (a barrier, never a turn edge), so listing them moves the count only; but blocks step 10
/// had marked a lone voice's spare (heard_as_someone_else) are no longer the voice's to take when
/// it falls short of a sample, so there a refusal can follow (none on cnt26's tune sets).
constexpr std::uint8_t kListedFromNoVoice = 4;
/// ContentAnalysis::block_doubtful: speech blocks step 11b (voices_either_side_of_a_bed_are_one)
/// left with no voice on the bed's side within kSpareClearOfMusicSeconds of its music; step 9
/// does not give them back (those further from it are kSpareOfLoneVoice).
constexpr std::uint8_t kBedSideOfOneReader = 5;

/// Groups the speech blocks by voice; fills `block_speakers` and `speakers`.
Result<void> find_speakers(const VoiceFeatures& features, const SpeechAnalysis& speech,
                           ContentAnalysis& content, const Callbacks& callbacks, VoiceCount count = {});

/// The talk in block b (speakers.cpp): the energy detector's speech frames inside it, in seconds.
/// A voice's talk (Speaker::talk_seconds) is the sum of its blocks'.
double talk_in(const SpeechAnalysis& speech, std::size_t b);

/// Step 9 of find_speakers (speakers.cpp): a lone voice heard over a bed, with a clean half, takes
/// the speech blocks left without a voice, or, where it keeps 15 s or more of clean speech alone
/// or the clean half is small, has those clear of music marked kSpareOfLoneVoice.
void lone_voice_over_a_bed_keeps_its_speech(const SpeechAnalysis& speech, ContentAnalysis& content);

/// Step 11b of find_speakers (speakers.cpp): two voices that talk one after the other, voice 1
/// short of clean speech with the bed on its side and voice 2 clean beside it, are one person heard
/// over a bed and beside it: the blocks of both on voice 2's side of the point that parts them
/// become the lone voice, those on the bed's side are left with no voice: the model's speech over
/// music for step 9 to give back, the rest kSpareOfLoneVoice (8 s or more from the music) or
/// kBedSideOfOneReader, which steps 9 and 13 leave alone.
void voices_either_side_of_a_bed_are_one(ContentAnalysis& c);

/// Whether music (a block of music or of speech over it) lies within `reach` blocks before block b
/// (`side` < 0) or after it (`side` > 0): a bed near a lone voice's spare speech (step 9, and the
/// selection's blocks inside a bed when it takes them).
bool music_within(const ContentAnalysis& c, std::size_t b, std::size_t reach, int side);

/// Step 10 of find_speakers (speakers.cpp): in a recording of one voice with no bed, marks the
/// speech blocks left without a voice kSpareOfLoneVoice where the voiceprint hears them as the
/// voice, or, where it does not, the runs of them that go on from the voice's blocks with no pause
/// between, when most of them do.
void lone_voice_marks_its_spare(const VoiceFeatures& features, ContentAnalysis& content);

/// Step 12 of find_speakers (speakers.cpp): voice 1's turns split in two groups, and where the
/// voiceprint hears two people in them, voice 1 made two voices (every voice ranked again by its
/// talk), each naming the other in Speaker::other_half.
void split_voice_one_by_turns(const VoiceFeatures& features, const SpeechAnalysis& speech, ContentAnalysis& content);

/// Step 12d of find_speakers (speakers.cpp): voice 1's turns grouped in two by the phone band's
/// finer cepstrum (speaker_turns.cpp, split_by_band_turns); where they group far more strongly than
/// made-up turns and the smaller group is small, its blocks are marked doubtful (kDoubtfulBlock).
void mark_band_group_of_voice_one(const VoiceFeatures& features, ContentAnalysis& content);

/// The tie rule (select/voice.cpp, chosen_rank): with no voice asked for, the sample is voice 1's,
/// but when `next`, the voice after it that talks most, talks at least kTieShare of what voice 1
/// (`first`) talks, both in the talk each keeps and in the talk before the analysis left part of
/// it out (Speaker::untrimmed_seconds), which of them is the person to clone cannot be told, and
/// the recording is refused. Step 12b of find_speakers asks it (on the talk kept and untrimmed:
/// step 12c's unjudged talk is measured after it) before it splits `next`.
/// kTieShare: chosen on three real-voice tune sets (tests/realvoice/README.md, session 22; the
/// measurements are in select/voice.cpp).
constexpr double kTieShare = 0.87;
/// The talk with the speech no step could judge told to its likeliest voice (Speaker::
/// unjudged_seconds, step 12c) must tie too.
inline bool voices_tie(const Speaker& first, const Speaker& next) {
  auto untrimmed = [](const Speaker& s) { return std::max(s.talk_seconds, s.untrimmed_seconds); };
  auto told = [](const Speaker& s) { return s.talk_seconds + s.unjudged_seconds; };
  return next.talk_seconds >= kTieShare * first.talk_seconds && untrimmed(next) >= kTieShare * untrimmed(first) &&
         told(next) >= kTieShare * told(first);
}

/// Step 12b of find_speakers (speakers.cpp): the voice that ties with voice 1 (voices_tie) split by
/// its turns as step 12 splits voice 1, and where the voiceprint hears two people in it, made two
/// voices naming each other (Speaker::other_half): a tie with a voice that holds two people is no
/// tie of two people.
void split_voice_tied_with_first(const VoiceFeatures& features, const SpeechAnalysis& speech, ContentAnalysis& content);

/// Step 12c of find_speakers (speakers.cpp): with two voices or more, each speech block with no
/// voice that `unjudged` marks (steps 3-4 could not judge it: too few voiced frames) is told to
/// the voice whose diagonal Gaussian explains it best, and its talk counted in that voice's
/// Speaker::unjudged_seconds (for voices_tie). No block changes voice.
void measure_unjudged_talk(const VoiceFeatures& features, const SpeechAnalysis& speech, ContentAnalysis& content,
                           const std::vector<std::uint8_t>& unjudged);

/// Step 13 of find_speakers (speakers.cpp): a 2 s voice (`voices_of_2s`, VoiceCount) that step 6
/// grouped under another's core and left with no voice at all, and that takes turns, reported as
/// one more voice of exactly its blocks. It adds a voice only: run after everything that reads a
/// lone voice (content.cpp: the syllables of a lone voice).
void list_voices_grouped_away(const VoiceFeatures& features, const SpeechAnalysis& speech,
                              const std::vector<int>& voices_of_2s, ContentAnalysis& content);

/// Step 13c of find_speakers (speakers.cpp): with one voice, a 2 s voice (`voices_of_2s`) that step 6
/// grouped under it and left with no voice, that takes turns, talks kNoPauseMostTalk (0.8) of the
/// voice or more (where step 13 lists nothing) and that the voiceprint hears as someone else,
/// listed as voice 2 of exactly its blocks, the two naming each other in Speaker::other_half: two
/// people heard as one, for the selection to refuse. Run before step 13.
void list_lone_voices_other_person(const VoiceFeatures& features, const SpeechAnalysis& speech,
                                   const std::vector<int>& voices_of_2s, ContentAnalysis& content);

/// A lone voice and the speech no step could judge (session 28, speakers.cpp): where the recording
/// ends the analysis with one voice, the talk of the speech blocks `unjudged` marks that still have
/// no voice is counted in its Speaker::unjudged_seconds, for the selection's kLoneUnjudgedShare.
/// Run last (content.cpp): step 12c measures it only with two voices or more, for the tie rule.
void measure_lone_voices_unjudged_talk(const SpeechAnalysis& speech, const std::vector<std::uint8_t>& unjudged,
                                       ContentAnalysis& content);

/// A lone voice whose speech too short to judge talks this share of what the voice talks or more
/// is refused unless a voice is asked for (select/voice.cpp, chosen_rank): on a phone line the
/// count can hear two people as one voice, the main person's short words (letters, syllables)
/// left with no voice, and the sample is then the other person's. Measured on real-voice tune
/// sets, train as a guard (tests/realvoice/README.md, session 28): the lone voices of one person,
/// 80 (single, reverb, hum, noise, intro and bed scenes of rv9 tune and two fresh sets, 26 of them
/// through a phone line, and 9 train scenes; 48 readers of letters or syllables), 0.00-0.24 (one
/// over 0.11: syllables through a phone line under noise); lone voices of two people whose sample
/// was the wrong person or a mix, 0.44-0.62 (5), and 0.25-0.27 where the labels' main person talks
/// less by sound (2). Chosen between the two: 0.35.
constexpr double kLoneUnjudgedShare = 0.35;

/// Step 13b (speakers.cpp): the blocks a 2 s voice's step 5 or 7 left out (left_out: per block,
/// that voice's rank), still with no voice, that take turns (their runs seldom touch a listed
/// voice) and talk 5.5 s or more, reported as one more voice of exactly those blocks: a person step
/// 3 lumped with another. It adds a voice only: run after step 14 (content.cpp).
void list_voices_left_out(const VoiceFeatures& features, const SpeechAnalysis& speech,
                          const std::vector<int>& left_out, ContentAnalysis& content);

/// Step 14 (speakers.cpp): voice 1's turns that sound more like another voice than like the rest
/// of voice 1 (speaker_turns.cpp, turns_like_another_voice) marked doubtful (kDoubtfulBlock), for
/// the selection to leave out where voice 1 keeps a sample without them. Run after step 13, whose
/// voice can be the one those turns belong to.
void mark_turns_like_another_voice(const VoiceFeatures& features, ContentAnalysis& content);

/// Merges per-block kinds and speakers into stretches; pauses shorter than `bridge_seconds`
/// inside one kind and speaker do not split it.
std::vector<Stretch> merge_timeline(const ContentAnalysis& content, double input_seconds,
                                    double bridge_seconds = 1.0);

}  // namespace voxclone::detail

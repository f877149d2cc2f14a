// Who speaks when (analyse/speakers.cpp), on voice features built to order: each 2 s piece of
// speech is placed at a chosen point of the learned speaker space (analyse/speaker_model.hpp),
// where one person's pieces spread with unit variance. Real people's pieces clump by the word
// said (isolated letters read one by one): one person must stay one voice, and people as far
// apart as the typical pair of the real-voice tune split (squared distance 36) must be told apart.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <functional>
#include <sstream>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "analyse/content.hpp"
#include "analyse/speaker_model.hpp"
#include "analyse/voice_meter.hpp"
#include "voiceprint/match.hpp"
#include "voiceprint/speaker_stats.hpp"
#include "voiceprint/join_model.hpp"
#include "support/test_support.hpp"
#include "voxclone/voiceprint.hpp"
#include "voxclone/voxclone.hpp"

namespace {

namespace sm = voxclone::detail::speaker_model;
namespace vm = voxclone::detail::join_model;  // the centre the speaker space was placed at (session 13)
using Point = std::array<double, sm::kKept>;
using voxclone::ContentKind;

constexpr int kBlocksPerPiece = 5;  // 2 s
constexpr float kFramesPerBlock = 10;
constexpr double kSpreadUp = 5.0;

// x (in kScale units, kInputs of them) whose projection is z: the least-norm solution
// x = P (PᵀP)⁻¹ z, with PᵀP solved by Gaussian elimination (10 x 10).
std::array<double, sm::kInputs> lift(const Point& z) {
  constexpr int k = sm::kKept;
  std::array<std::array<double, k + 1>, k> a{};
  for (int i = 0; i < k; ++i) {
    for (int j = 0; j < k; ++j)
      for (int r = 0; r < sm::kInputs; ++r) a[i][j] += sm::kProjection[r * k + i] * sm::kProjection[r * k + j];
    a[i][k] = z[i];
  }
  for (int c = 0; c < k; ++c) {
    int pivot = c;
    for (int r = c + 1; r < k; ++r)
      if (std::abs(a[r][c]) > std::abs(a[pivot][c])) pivot = r;
    std::swap(a[c], a[pivot]);
    for (int r = 0; r < k; ++r) {
      if (r == c) continue;
      const double f = a[r][c] / a[c][c];
      for (int j = c; j <= k; ++j) a[r][j] -= f * a[c][j];
    }
  }
  std::array<double, sm::kInputs> x{};
  for (int r = 0; r < sm::kInputs; ++r)
    for (int i = 0; i < k; ++i) x[r] += sm::kProjection[r * k + i] * a[i][k] / a[i][i];
  return x;
}

struct Scene {
  voxclone::detail::VoiceFeatures features;
  voxclone::ContentAnalysis content;
  voxclone::SpeechAnalysis speech;
  std::vector<int> truth;  // per block: the person, -1 in pauses
};

// One piece of speech at `z` in the speaker space, said by `who`, then a 0.4 s pause (or none);
// its pitch raised by `semitones` (the speaker space moves it too).
void add_piece(Scene& s, const Point& z, int who, ContentKind kind = ContentKind::speech, bool pause = true,
               double semitones = 0.0) {
  const auto x = lift(z);
  voxclone::detail::TimbreStats block;
  block.count = kFramesPerBlock;
  for (int d = 0; d < voxclone::detail::kTimbreDims; ++d) {
    // The frames' mean and spread: a typical real voice (the voiceprint model's centre) moved by
    // x. The spread stays positive (it sits kSpreadUp scale units up, and |x| is a few). Before
    // session 13 every voice sat 20 units up (spreads 6-20 times a real voice's), far from any
    // real voice, where the voiceprint (speakers.cpp, step 8) hears all of them alike.
    const int dims = voxclone::detail::kTimbreDims;
    const double mean = vm::kCenter[static_cast<std::size_t>(d)] + x[d] * sm::kScale[d] +
                        (d == voxclone::detail::kTimbreDims - 1 ? semitones / 12.0 : 0.0);
    const double spread = vm::kCenter[static_cast<std::size_t>(dims + d)] + (kSpreadUp + x[dims + d]) * sm::kScale[dims + d];
    block.sum[d] = static_cast<float>(kFramesPerBlock * mean);
    block.sum_sq[d] = static_cast<float>(kFramesPerBlock * (mean * mean + spread * spread));
  }
  for (int b = 0; b < kBlocksPerPiece; ++b) {
    s.features.blocks.push_back(block);
    s.content.blocks.push_back(kind);
    s.truth.push_back(who);
  }
  if (!pause) return;
  s.features.blocks.push_back({});
  s.content.blocks.push_back(ContentKind::silence);
  s.truth.push_back(-1);
}

// A scene's speech detector figures (20 ms frames: speech wherever a block holds it) and no voices
// yet: what every scene below ends with.
Scene finished(Scene s) {
  s.speech.frame_seconds = 0.02;
  for (auto k : s.content.blocks)
    for (int f = 0; f < 20; ++f) s.speech.is_speech.push_back(voxclone::detail::holds_speech(k) ? 1 : 0);
  s.content.block_speakers.assign(s.content.blocks.size(), 0);
  return s;
}

// Turns of 1-3 pieces; person p's centre is centres[p], and each piece is one of the person's
// `words` clumps (offset `word_step` apart along a direction of its own) plus unit noise. From
// piece `bed_from` on, the speech is over music, which moves every piece by `bed_shift`. With
// `joined`, turns are of 3-4 pieces that follow each other without a pause (runs of 6-8 s).
Scene conversation(const std::vector<Point>& centres, int pieces_each, double word_step, unsigned seed,
                   int bed_from = -1, const Point& bed_shift = {}, bool joined = false) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> unit(0.0, 1.0);
  Scene s;
  std::vector<int> left(centres.size(), pieces_each);
  std::vector<Point> word_dir(centres.size());
  for (auto& w : word_dir) {
    double n = 0;
    for (auto& v : w) {
      v = unit(rng);
      n += v * v;
    }
    for (auto& v : w) v /= std::sqrt(n);
  }
  std::size_t who = 0;
  int said = 0;
  for (;;) {
    if (left[who] == 0) {
      bool any = false;
      for (auto l : left) any = any || l > 0;
      if (!any) break;
    }
    if (left[who] > 0) {
      const int turn = joined ? 3 + static_cast<int>(rng() % 2) : 1 + static_cast<int>(rng() % 3);
      for (int t = 0; t < turn && left[who] > 0; ++t, --left[who], ++said) {
        Point z = centres[who];
        const double word = (said % 2 == 0 ? 0.5 : -0.5) * word_step;
        for (int k = 0; k < sm::kKept; ++k) z[k] += word * word_dir[who][k] + unit(rng);
        const bool bed = bed_from >= 0 && said >= bed_from;
        if (bed)
          for (int k = 0; k < sm::kKept; ++k) z[k] += bed_shift[k];
        add_piece(s, z, static_cast<int>(who), bed ? ContentKind::speech_over_music : ContentKind::speech,
                  !joined || t + 1 == turn || left[who] == 1);
      }
    }
    who = (who + 1 + rng() % centres.size()) % centres.size();
  }
  return finished(std::move(s));
}

// Of the speech blocks given a voice, the share whose voice is the one most of their person's
// blocks got. (Blocks outside a voice's core get none: analyse/speakers.cpp, step 5.)
double agreement(const Scene& s) {
  std::map<int, std::map<int, int>> votes;  // person -> voice -> blocks
  int voiced = 0;
  for (std::size_t b = 0; b < s.truth.size(); ++b)
    if (s.truth[b] >= 0 && s.content.block_speakers[b] > 0) ++votes[s.truth[b]][s.content.block_speakers[b]], ++voiced;
  int right = 0;
  for (const auto& [person, v] : votes) {
    int most = 0;
    for (const auto& [voice, n] : v) most = std::max(most, n);
    right += most;
  }
  return voiced ? static_cast<double>(right) / voiced : 0.0;
}

// The share of speech blocks given a voice at all.
double attributed(const Scene& s) {
  int speech = 0, voiced = 0;
  for (std::size_t b = 0; b < s.truth.size(); ++b)
    if (s.truth[b] >= 0) ++speech, voiced += s.content.block_speakers[b] > 0;
  return static_cast<double>(voiced) / speech;
}

Point at(double first, double second = 0.0) {
  Point z{};
  z[0] = first;
  z[1] = second;
  return z;
}

TEST(Speakers, OnePersonWhoseWordsClumpIsOneVoice) {
  // 80 s of one person, alternating between two words whose pieces lie 2.5 apart.
  for (unsigned seed : {1u, 2u, 3u}) {
    Scene s = conversation({at(0)}, 40, 2.5, seed);
    ASSERT_TRUE(voxclone::detail::find_speakers(s.features, s.speech, s.content, {}));
    EXPECT_EQ(s.content.speakers.size(), 1u) << "seed " << seed;
    EXPECT_EQ(attributed(s), 1.0) << "seed " << seed;  // one voice: nothing to doubt
  }
}

TEST(Speakers, TwoPeopleTakingShortTurnsAreTwoVoices) {
  for (unsigned seed : {1u, 2u, 3u}) {
    Scene s = conversation({at(-3), at(3)}, 30, 2.5, seed);
    ASSERT_TRUE(voxclone::detail::find_speakers(s.features, s.speech, s.content, {}));
    EXPECT_EQ(s.content.speakers.size(), 2u) << "seed " << seed;
    EXPECT_GE(agreement(s), 0.9) << "seed " << seed;
    EXPECT_GE(attributed(s), 0.5) << "seed " << seed;
  }
}

TEST(Speakers, ThreeAndFourPeopleAreCounted) {
  // Centres 6 apart (squared 36): the typical pair of real people in the tune split. The
  // agglomerative clustering this replaced found 5 voices among 4 people (seed 1).
  const std::vector<Point> four = {at(0, 0), at(6, 0), at(3, 5.2), at(3, -5.2)};
  for (std::size_t people : {3u, 4u}) {
    for (unsigned seed : {1u, 2u}) {
      Scene s = conversation(std::vector<Point>(four.begin(), four.begin() + people), 25, 2.5, seed);
      ASSERT_TRUE(voxclone::detail::find_speakers(s.features, s.speech, s.content, {}));
      EXPECT_EQ(s.content.speakers.size(), people) << people << " people, seed " << seed;
      EXPECT_GE(agreement(s), 0.9) << people << " people, seed " << seed;
      EXPECT_GE(attributed(s), 0.5) << people << " people, seed " << seed;
    }
  }
}

// Music under speech moves every piece alike (here by about 7, further than the typical
// pair of real people lies apart). Before clean speech and speech over music were each taken less
// their own average, the person was two voices: the clean one and the one over the bed.
TEST(Speakers, OnePersonTalkingOnOverAMusicBedIsOneVoice) {
  for (unsigned seed : {1u, 2u, 3u}) {
    Scene s = conversation({at(0)}, 40, 2.5, seed, 20, at(7, 2));
    ASSERT_TRUE(voxclone::detail::find_speakers(s.features, s.speech, s.content, {}));
    EXPECT_EQ(s.content.speakers.size(), 1u) << "seed " << seed;
  }
}

TEST(Speakers, TwoPeopleTalkingOnOverAMusicBedAreTwoVoices) {
  for (unsigned seed : {1u, 2u, 3u}) {
    Scene s = conversation({at(-3), at(3)}, 30, 2.5, seed, 30, at(0, 7));
    ASSERT_TRUE(voxclone::detail::find_speakers(s.features, s.speech, s.content, {}));
    EXPECT_EQ(s.content.speakers.size(), 2u) << "seed " << seed;
    EXPECT_GE(agreement(s), 0.9) << "seed " << seed;
  }
}

// Runs of speech 6-8 s long, of one person alternating between two words whose 2 s pieces lie
// 4 apart: the 2 s pieces made two voices; the 3.2 s pieces of the count (step 6) average
// the words, and the person is one voice: its core the 2 s voice heard longest, the other 2 s
// voice's blocks attributed to none (at least half of the speech is the core's).
TEST(Speakers, OnePersonInLongRunsIsOneVoice) {
  for (unsigned seed : {1u, 2u, 3u}) {
    Scene s = conversation({at(0)}, 40, 4.0, seed, -1, {}, true);
    ASSERT_TRUE(voxclone::detail::find_speakers(s.features, s.speech, s.content, {}));
    EXPECT_EQ(s.content.speakers.size(), 1u) << "seed " << seed;
    EXPECT_GE(attributed(s), 0.5) << "seed " << seed;
  }
}

// ... but where the core would keep under 20 s of clean speech (16 pieces: 32 s; words 6 apart
// make two 2 s voices of about 16 s each), the 2 s voice the voiceprint calls the same person
// joins it (step 6,
// group_voices): nearly every block keeps the voice, where before half of them got none and a
// recording of one person talking first alone and then over a bed was refused (real-voice tune
// bed12-02: 1.5 s of clean speech left to the voice).
TEST(Speakers, OnePersonInShortLongRunsKeepsBothTwoSecondVoices) {
  for (unsigned seed : {1u, 2u, 3u}) {
    Scene s = conversation({at(0)}, 16, 6.0, seed, -1, {}, true);
    ASSERT_TRUE(voxclone::detail::find_speakers(s.features, s.speech, s.content, {}));
    EXPECT_EQ(s.content.speakers.size(), 1u) << "seed " << seed;
    EXPECT_GE(attributed(s), 0.9) << "seed " << seed << ": before, 0.50-0.56";
  }
}

// The same person asked for by their 2 s voices (prep --like): every block of them keeps a voice,
// none dropped as outside the longer pieces' core.
TEST(Speakers, TheTwoSecondVoicesKeepEveryBlock) {
  for (unsigned seed : {1u, 2u, 3u}) {
    Scene s = conversation({at(0)}, 40, 4.0, seed, -1, {}, true);
    ASSERT_TRUE(voxclone::detail::find_speakers(s.features, s.speech, s.content, {}, {.from_longer_pieces = false}));
    EXPECT_GE(s.content.speakers.size(), 2u) << "seed " << seed << ": the 2 s pieces split the words";
    EXPECT_GE(attributed(s), 0.9) << "seed " << seed;
  }
}

// ... and two people taking such turns stay two voices, each kept apart.
TEST(Speakers, TwoPeopleInLongRunsAreTwoVoices) {
  for (unsigned seed : {1u, 2u, 3u}) {
    Scene s = conversation({at(-3), at(3)}, 30, 2.5, seed, -1, {}, true);
    ASSERT_TRUE(voxclone::detail::find_speakers(s.features, s.speech, s.content, {}));
    EXPECT_EQ(s.content.speakers.size(), 2u) << "seed " << seed;
    EXPECT_GE(agreement(s), 0.9) << "seed " << seed;
  }
}

// Pieces said in this order, person order[i] at centres[order[i]] plus unit noise, a pause after
// each: a turn is a run of one person's pieces.
Scene scripted(const std::vector<Point>& centres, const std::vector<int>& order, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> unit(0.0, 1.0);
  Scene s;
  for (int who : order) {
    Point z = centres[static_cast<std::size_t>(who)];
    for (auto& v : z) v += unit(rng);
    add_piece(s, z, who);
  }
  return finished(std::move(s));
}

// The blocks of `who` that were given voice `voice`.
int blocks_of(const Scene& s, int who, int voice) {
  int n = 0;
  for (std::size_t b = 0; b < s.truth.size(); ++b) n += s.truth[b] == who && s.content.block_speakers[b] == voice;
  return n;
}

// One person for 80 s and, once, 2 s of someone else far away (squared distance 100), analysed.
Scene one_person_and_a_far_piece(unsigned seed) {
  std::vector<int> order(40, 0);
  order.insert(order.begin() + 20, 1);
  Scene s = scripted({at(0), at(10)}, order, seed);
  EXPECT_TRUE(voxclone::detail::find_speakers(s.features, s.speech, s.content, {})) << "seed " << seed;
  return s;
}

// The far piece is too short to be a voice of its own (3 s), it joined the only voice, and a
// sample could hold it. The voice's far group (step 7) is left out; the person's own pieces
// (unit spread) are not.
TEST(Speakers, APieceOfSomeoneElseFarFromTheOnlyVoiceIsLeftOut) {
  for (unsigned seed : {1u, 2u, 3u}) {
    const Scene s = one_person_and_a_far_piece(seed);
    ASSERT_EQ(s.content.speakers.size(), 1u) << "seed " << seed;
    EXPECT_EQ(blocks_of(s, 1, 1), 0) << "seed " << seed << ": the other person's piece is in the voice";
    EXPECT_GE(blocks_of(s, 0, 1), 180) << "seed " << seed << ": of 200 blocks of the person";
  }
}

// Issue 19 (speakers), session 22: the talk step 7 left out is still counted in the voice's talk
// before it (Speaker::untrimmed_seconds), which the choice of the voice to clone weighs: what the
// far group holds is as often the voice's own person (real-voice tune two_same-04, 6.2 s of the
// person who talks most). The same scene: the far 2 s piece (5 blocks, 2.0 s of talk) is out of
// the talk and in the untrimmed talk. Before, no voice had an untrimmed talk (0).
TEST(Speakers, TheTalkStepSevenLeavesOutCountsInTheVoicesUntrimmedTalk) {
  for (unsigned seed : {1u, 2u, 3u}) {
    const Scene s = one_person_and_a_far_piece(seed);
    ASSERT_EQ(s.content.speakers.size(), 1u) << "seed " << seed;
    const auto& v = s.content.speakers[0];
    EXPECT_NEAR(v.untrimmed_seconds - v.talk_seconds, 2.0, 0.01) << "seed " << seed;
  }
}

// Issue 19 (refusals), session 20: one person talking alone (person 0 here, `clean` pieces), then
// over a bed (person 1: the same person, counted apart), the bed's quiet start called clean
// speech (`edge` pieces, as the content model does on the real-voice tune splits) and too little
// called speech over music (`bed` pieces, under 5) for it to be taken less its own average: the
// music moves the half over the bed by `shift`. The 2 s voices can split the halves, the one over
// the bed heard longer, while the count (3.2 s pieces) hears one voice, and the voiceprint does
// not call the halves one person. The group's core was the voice heard longest, with only the
// bed's start as clean speech, and the clean half got no voice: the recording was refused
// (real-voice tune bed15-01, "found 4.3 s of speech without music or other voices; 17 s more has
// music under it").
Scene alone_then_over_a_bed(int clean, int edge, int bed, const Point& shift, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> unit(0.0, 1.0);
  Scene s;
  for (int i = 0; i < clean + edge + bed; ++i) {
    Point z = at(0, i % 2 == 0 ? -1.0 : 1.0);  // two words
    for (auto& v : z) v += unit(rng);
    if (i >= clean)
      for (int k = 0; k < sm::kKept; ++k) z[k] += shift[k];
    add_piece(s, z, i < clean ? 0 : 1, i < clean + edge ? ContentKind::speech : ContentKind::speech_over_music);
  }
  return finished(std::move(s));
}

// The clean blocks of `who` (speech, not speech over music) that were given voice `voice`.
int clean_blocks_of(const Scene& s, int who, int voice) {
  int n = 0;
  for (std::size_t b = 0; b < s.truth.size(); ++b)
    n += s.truth[b] == who && s.content.blocks[b] == ContentKind::speech && s.content.block_speakers[b] == voice;
  return n;
}

// Over 24 draws of the scene (whether the 2 s voices split the halves, and the count joins them,
// is a coin toss of 10-D unit noise at this distance), the clean half keeps voice 1 (36 of its
// 40 blocks) and the bed's start, called clean, does not (5 of its 30 at most) in 8 (before: 4;
// the others: the count hears two voices, or one 2 s voice holds both halves).
TEST(Speakers, OnePersonAloneThenOverABedKeepsTheCleanHalf) {
  int kept = 0;
  for (unsigned seed = 1; seed <= 24; ++seed) {
    Point shift{};
    shift[sm::kKept - 1] = 4.0;  // the halves 4 apart (squared 16)
    Scene s = alone_then_over_a_bed(8, 6, 4, shift, seed);
    ASSERT_TRUE(voxclone::detail::find_speakers(s.features, s.speech, s.content, {}));
    kept += clean_blocks_of(s, 0, 1) >= 36 && clean_blocks_of(s, 1, 1) <= 5;
  }
  EXPECT_GE(kept, 7);
}

// Issue 19 (speakers), session 13: one person speaking in two ways (two points 8 apart in the
// speaker space, as one man's calm and raised calls of the real-voice test split made two voices)
// whose turns of three 2 s pieces alternate without a pause: two voices, each of voice 1's turns
// bordered by the other's, so the selection keeps little of it and may refuse the recording. The
// voiceprint calls the two one person (the fixture's voices differ only where the speaker space
// looks, within 4 semitones), and with voice 1 left under 20 s of its own they are joined: one
// voice, nearly every block of it. Before (step 8), two voices of 45 blocks each.
Scene two_ways_of_speaking(int pieces, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> unit(0.0, 1.0);
  Scene s;
  for (int i = 0; i < pieces; ++i) {
    Point z = at(0, (i / 3) % 2 == 0 ? -4.0 : 4.0);
    for (auto& v : z) v += unit(rng);
    add_piece(s, z, 0, ContentKind::speech, i % 10 == 9);  // a pause after every tenth piece
  }
  return finished(std::move(s));
}

TEST(Speakers, OnePersonSplitInTwoWaysOfSpeakingIsJoinedWhenTheSplitLeavesTooLittle) {
  for (unsigned seed : {1u, 2u, 3u}) {
    Scene s = two_ways_of_speaking(18, seed);
    ASSERT_TRUE(voxclone::detail::find_speakers(s.features, s.speech, s.content, {}));
    EXPECT_EQ(s.content.speakers.size(), 1u) << "seed " << seed;
    EXPECT_GE(blocks_of(s, 0, 1), 80) << "seed " << seed << ": of 90 blocks of the person";
  }
}

// ... and where voice 1 keeps over 20 s of its own (24 pieces: 21 s), nothing is joined: the
// voiceprint is a second opinion only where the split would cost the sample (a pair of people it
// takes for one stays two voices, and the sample stays one voice). Voice 1 keeps its own 60 of
// the 120 blocks. Since session 24 the other way of speaking, whose turns go on from voice 1's
// with no pause, is not reported where it talks under 0.8 of voice 1 (step 11: seed 2, 16 s
// against 24 s): one voice, the other way's blocks with none, still kept out of the sample.
TEST(Speakers, TwoVoicesAreNotJoinedWhileVoiceOneKeepsEnoughOfItsOwn) {
  for (unsigned seed : {1u, 2u, 3u}) {
    Scene s = two_ways_of_speaking(24, seed);
    ASSERT_TRUE(voxclone::detail::find_speakers(s.features, s.speech, s.content, {}));
    EXPECT_GE(s.content.speakers.size(), 1u) << "seed " << seed;
    EXPECT_LE(s.content.speakers.size(), 2u) << "seed " << seed;
    EXPECT_LE(blocks_of(s, 0, 1), 70) << "seed " << seed << ": voice 1 joined with the other way of speaking";
    if (s.content.speakers.size() == 1) EXPECT_EQ(blocks_of(s, 0, 2), 0) << "seed " << seed;
  }
}

// Issue 19 (speakers), session 16: one person (60 s, eight turns of three 2 s pieces) and, in
// two turns of their own, a second person 3 apart (squared 9: a near pair of the real-voice tune
// split): too close for the mixture to make two voices, and the voice's two groups (step 7) lie
// under kDoubtfulApart, so nothing left the second person out of the only voice. Their groups
// take turns (each turn's pieces fall on one side), and the smaller group now gets no voice. The
// split of 10-D unit noise is a coin toss at this distance; over six seeds the second person is
// left out, and the first keeps at least 100 of their 120 blocks, in 3 (before: 1).
TEST(Speakers, ASecondPersonTakingTurnsInTheOnlyVoiceIsLeftOut) {
  int clean = 0;
  for (unsigned seed : {1u, 2u, 3u, 4u, 5u, 6u}) {
    std::vector<int> order;
    for (int t = 0; t < 8; ++t) {
      for (int k = 0; k < 3; ++k) order.push_back(0);
      if (t == 1 || t == 4)
        for (int k = 0; k < 3; ++k) order.push_back(1);
    }
    Scene s = scripted({at(0), at(0, 3.0)}, order, seed);
    ASSERT_TRUE(voxclone::detail::find_speakers(s.features, s.speech, s.content, {}));
    EXPECT_EQ(s.content.speakers.size(), 1u) << "seed " << seed;
    clean += blocks_of(s, 1, 1) <= 5 && blocks_of(s, 0, 1) >= 100;
  }
  EXPECT_GE(clean, 3);
}

// Issue 19 (speakers), session 17: the person who talks most (36 pieces in turns of three) says
// two kinds of word, one after the other, whose pieces lie `apart` from each other in the speaker
// space; a second person (24 pieces in turns of two) lies 6 from both (squared 36, the typical
// pair of the real-voice tune split). Step 5 split the first person's voice into its two words
// and left one of them without a voice, so the second person talked more and was voice 1 (the
// real-voice tune three-01: the main person's 24.8 s cut to 14.0 s, behind two others' 21 s). The
// two words alternate from piece to piece, within turns: they do not take turns, and the voice
// stays whole.
Scene one_person_two_words(double apart, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> unit(0.0, 1.0);
  Scene s;
  int said = 0;
  for (int turn = 0; turn < 12; ++turn) {
    for (int k = 0; k < 3; ++k, ++said) {
      Point z = at(0, (said % 2 == 0 ? -0.5 : 0.5) * apart);
      for (auto& v : z) v += unit(rng);
      add_piece(s, z, 0, ContentKind::speech, k == 2);
    }
    for (int k = 0; k < 2; ++k) {
      Point z = at(6);
      for (auto& v : z) v += unit(rng);
      add_piece(s, z, 1, ContentKind::speech, k == 1);
    }
  }
  return finished(std::move(s));
}

TEST(Speakers, OnePersonsTwoWordsStayOneVoiceAndTheyTalkMost) {
  for (double apart : {3.5, 4.0}) {  // before: at 3.5 and 4, voice 1 was the second person for every seed
    for (unsigned seed : {1u, 2u, 3u, 4u, 5u, 6u}) {
      Scene s = one_person_two_words(apart, seed);
      ASSERT_TRUE(voxclone::detail::find_speakers(s.features, s.speech, s.content, {}));
      EXPECT_EQ(s.content.speakers.size(), 2u) << "apart " << apart << ", seed " << seed;
      EXPECT_GE(blocks_of(s, 0, 1), 170) << "apart " << apart << ", seed " << seed << ": of 180 blocks of the first person";
      EXPECT_EQ(blocks_of(s, 1, 1), 0) << "apart " << apart << ", seed " << seed;
    }
  }
}

// Issue 19 (speakers), session 19: the person who talks most (20 pieces, 40 s, in a voice far
// from the others) against two people 3 apart (squared 9: too close for the mixture to tell
// apart) who take turns of three pieces, 16 and 8 of them: one voice of 48 s. Step 7 leaves the
// second of the two out of that voice (its group takes turns with the first), but the voices
// were ranked by their talk before step 7, so the voice of two was voice 1 (the real-voice tune
// four-06: a voice of three women ranked over the man who talks most, the sample 4 % his).
// Ranked by the talk each voice keeps, the person who talks most is voice 1, alone, in 9 of 12
// seeds (before: 5).
Scene one_against_two_in_one_voice(unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> unit(0.0, 1.0);
  Scene s;
  const std::array<Point, 3> centre{at(8), at(0, -1.5), at(0, 1.5)};
  std::array<int, 3> left{20, 16, 8};
  for (int turn = 0; left[0] + left[1] + left[2] > 0; ++turn) {
    const auto who = static_cast<std::size_t>(turn % 2 == 0 ? 0 : (turn / 2) % 2 == 0 ? 1 : 2);
    for (int k = 0; k < 3 && left[who] > 0; ++k, --left[who]) {
      Point z = centre[who];
      for (auto& v : z) v += unit(rng);
      add_piece(s, z, static_cast<int>(who), ContentKind::speech, k == 2 || left[who] == 1);
    }
  }
  return finished(std::move(s));
}

TEST(Speakers, AVoiceOfTwoPeopleIsRankedByWhatItKeepsOnceOneIsLeftOut) {
  int first = 0;
  for (unsigned seed = 1; seed <= 12; ++seed) {
    Scene s = one_against_two_in_one_voice(seed);
    ASSERT_TRUE(voxclone::detail::find_speakers(s.features, s.speech, s.content, {}));
    first += blocks_of(s, 0, 1) >= 90 && blocks_of(s, 1, 1) + blocks_of(s, 2, 1) == 0;  // of 100 blocks
  }
  EXPECT_GE(first, 8);
}

TEST(Speakers, SameAnswerEveryRun) {
  Scene a = conversation({at(-3), at(3)}, 30, 2.5, 7);
  Scene b = conversation({at(-3), at(3)}, 30, 2.5, 7);  // the same scene again (features are not copyable)
  ASSERT_TRUE(voxclone::detail::find_speakers(a.features, a.speech, a.content, {}));
  ASSERT_TRUE(voxclone::detail::find_speakers(b.features, b.speech, b.content, {}));
  EXPECT_EQ(a.content.block_speakers, b.content.block_speakers);
}

// The mixture's starts fitted side by side (VoiceCount::threads) find what one thread finds, to
// the bit: every start draws its numbers before any is fitted, and the likeliest is chosen in
// start order. Scenes large enough to be fitted on threads (fit_mixture: kThreadedFitWork), one
// with over 300 pieces, where the starts thin out.
TEST(Speakers, AnyNumberOfThreadsFindsTheSameVoices) {
  namespace d = voxclone::detail;
  struct Case {
    std::vector<Point> centres;
    int pieces_each;
    unsigned seed;
  };
  for (const Case& c : {Case{{at(-3), at(3)}, 60, 3}, Case{{at(-1.5), at(1.5), at(0, 2), at(0, -2)}, 40, 4},
                        Case{{at(-3), at(3), at(0, -5)}, 110, 11}, Case{{at(0)}, 200, 8}}) {
    Scene one = conversation(c.centres, c.pieces_each, c.centres.size() == 1 ? 6.0 : 2.5, c.seed);
    ASSERT_TRUE(d::find_speakers(one.features, one.speech, one.content, {}, {.threads = 1}));
    for (unsigned threads : {2u, 3u, 8u}) {
      Scene many = conversation(c.centres, c.pieces_each, c.centres.size() == 1 ? 6.0 : 2.5, c.seed);
      ASSERT_TRUE(d::find_speakers(many.features, many.speech, many.content, {}, {.threads = threads}));
      EXPECT_EQ(many.content.block_speakers, one.content.block_speakers) << threads << " threads";
      EXPECT_EQ(many.content.block_doubtful, one.content.block_doubtful) << threads << " threads";
      ASSERT_EQ(many.content.speakers.size(), one.content.speakers.size()) << threads << " threads";
      for (std::size_t v = 0; v < one.content.speakers.size(); ++v) {
        EXPECT_EQ(many.content.speakers[v].talk_seconds, one.content.speakers[v].talk_seconds);
        EXPECT_EQ(many.content.speakers[v].untrimmed_seconds, one.content.speakers[v].untrimmed_seconds);
        EXPECT_EQ(many.content.speakers[v].pitch_hz, one.content.speakers[v].pitch_hz);
      }
    }
  }
}

TEST(Speakers, AskedForACountFitsThatManyVoices) {
  namespace d = voxclone::detail;
  for (unsigned seed : {1u, 2u}) {
    Scene s = conversation({at(-3), at(3)}, 30, 2.5, seed);
    ASSERT_TRUE(d::find_speakers(s.features, s.speech, s.content, {}, {.voices = 1}));
    EXPECT_EQ(s.content.speakers.size(), 1u) << "seed " << seed;
    ASSERT_TRUE(d::find_speakers(s.features, s.speech, s.content, {}, {.voices = 3}));
    EXPECT_EQ(s.content.speakers.size(), 3u) << "seed " << seed;
    ASSERT_TRUE(d::find_speakers(s.features, s.speech, s.content, {}, {}));
    EXPECT_EQ(s.content.speakers.size(), 2u) << "seed " << seed;
  }
}

// Two people the analysis took for one voice (here: asked for one); an example of one of them
// (--like) asks for finer splits, and the voice of the split most like the example is theirs.
TEST(Speakers, AnExampleSplitsTwoVoicesTheAnalysisMerged) {
  namespace d = voxclone::detail;
  for (unsigned seed : {1u, 2u, 3u}) {
    Scene s = conversation({at(0, -3), at(0, 3)}, 30, 2.5, seed);
    ASSERT_TRUE(d::find_speakers(s.features, s.speech, s.content, {}, {.voices = 1}));
    ASSERT_EQ(s.content.speakers.size(), 1u);
    Scene e = conversation({at(0, 3)}, 15, 2.5, seed + 100);  // the second person alone
    ASSERT_TRUE(d::find_speakers(e.features, e.speech, e.content, {}));
    const voxclone::Voiceprint example = d::speaker_voiceprint(e.features, e.content, 1);
    const std::vector<voxclone::Voiceprint> found = d::speaker_voiceprints(s.features, s.content);
    ASSERT_EQ(found.size(), 1u);
    const double merged = voxclone::similarity(found[0], example);
    const double seconds = static_cast<double>(s.content.blocks.size()) * 0.4;
    auto finer = d::split_for_example(s.features, s.speech, s.content, seconds, example, merged, 0.0, {});
    ASSERT_TRUE(finer);
    ASSERT_TRUE(finer->has_value()) << "seed " << seed << ": no finer split beat " << merged;
    for (const auto& v : (*finer)->prints)  // a sliver of a voice is never a candidate
      if (!v.empty()) EXPECT_GE(v.speech_seconds, 3.0) << "seed " << seed;
    const auto m = d::match_voice((*finer)->prints, example, "example");
    EXPECT_GT(m.score, merged) << "seed " << seed;
    int theirs = 0, kept = 0;
    for (std::size_t b = 0; b < s.truth.size(); ++b)
      if ((*finer)->content.block_speakers[b] == m.speaker) ++kept, theirs += s.truth[b] == 1;
    EXPECT_GE(kept, 30) << "seed " << seed;
    EXPECT_GE(static_cast<double>(theirs) / std::max(1, kept), 0.9) << "seed " << seed << ": " << theirs << " of " << kept;
  }
}

// When the voice most like an example is too short alone, the other voices that sound like the
// example are joined with it (one person split in several). A voice at 0.62 next to the kept one
// at 0.82 was joined while the join took like_min_score (0.6); on the tune scenes that kept an
// absent person's note (tests/realvoice/README.md, session 16). Joined now from 0.7 only, and
// from like_min_score when it asks more.
TEST(Speakers, OnlyAVoiceThatClearlySoundsLikeTheExampleIsJoinedWithTheKeptOne) {
  voxclone::VoiceMatch m;
  m.speaker = 1;
  m.score = 0.82;
  m.scores = {0.82, 0.62, 0.75};
  m.next_score = 0.75;
  voxclone::ContentAnalysis c;
  c.block_speakers = {1, 2, 3, 0, 2, 3, 1};
  ASSERT_TRUE(voxclone::detail::join_matching_voices(c, m, voxclone::kLikeMatchScore));
  EXPECT_EQ(c.block_speakers, (std::vector<int>{1, 2, 1, 0, 2, 1, 1}));
  c.block_speakers = {1, 2, 3, 0, 2, 3, 1};
  EXPECT_FALSE(voxclone::detail::join_matching_voices(c, m, 0.8));
  EXPECT_EQ(c.block_speakers, (std::vector<int>{1, 2, 3, 0, 2, 3, 1}));
}

}  // namespace

namespace {

// Two voices that both sound sure (0.8) and lie within a hair (0.4 log-odds) of each other are a
// tie: the match is refused, naming both and how to keep one (session 17; the calibrated score
// flattens near 1, so 0.990 against 0.986, session 16's refit on test_cli_like's pooled example,
// is 0.3 log-odds). Either one under 0.8, or the two further apart, is not.
TEST(Speakers, TwoSureVoicesWithinAHairOfEachOtherAreATie) {
  namespace d = voxclone::detail;
  auto match = [](std::vector<double> scores) {
    voxclone::VoiceMatch m;
    m.scores = std::move(scores);
    for (std::size_t i = 0; i < m.scores.size(); ++i)
      if (m.speaker == 0 || m.scores[i] > m.score) m.speaker = static_cast<int>(i) + 1, m.score = m.scores[i];
    for (std::size_t i = 0; i < m.scores.size(); ++i)
      if (static_cast<int>(i) + 1 != m.speaker) m.next_score = std::max(m.next_score, m.scores[i]);
    return m;
  };
  const auto tie = match({0.986, 0.990, 0.2});
  EXPECT_FALSE(d::sounds_like(tie, voxclone::kLikeMatchScore));
  const std::string why = d::no_voice_matches(tie, voxclone::kLikeMatchScore, "me.m4a").message;
  EXPECT_EQ(why, "two voices sound about equally like me.m4a: speaker 2 scores 0.990 and speaker 1 0.986, too "
                 "close to tell which one is the person; keep one with --speaker 2 or --speaker 1 (or "
                 "--speaker-at SECONDS) in place of --like (`voxclone check` shows who speaks when)");
  EXPECT_FALSE(d::sounds_like(match({0.90, 0.88}), voxclone::kLikeMatchScore));  // 0.20 log-odds
  EXPECT_TRUE(d::sounds_like(match({0.95, 0.80}), voxclone::kLikeMatchScore));   // 1.56
  EXPECT_TRUE(d::sounds_like(match({0.93, 0.79}), voxclone::kLikeMatchScore));   // the next is not sure
  EXPECT_TRUE(d::sounds_like(match({0.99}), voxclone::kLikeMatchScore));
  // A finer split tried after a tie breaks it only with a voice 2 log-odds clear of its next
  // (session 19): the pooled example's 0.984 and 0.970 of five voices (0.64) do not; tune's
  // three-07, 0.954 against 0.47 (3.1), does; after a refusal that was no tie, any finer match.
  EXPECT_FALSE(d::breaks_tie(tie, match({0.970, 0.984, 0.951, 0.0, 0.0})));
  EXPECT_TRUE(d::breaks_tie(tie, match({0.954, 0.47, 0.3})));
  EXPECT_TRUE(d::breaks_tie(tie, match({0.95})));
  EXPECT_TRUE(d::breaks_tie(match({0.70, 0.65}), match({0.970, 0.984})));
}

// Issue 19 (speakers), session 21: one person alone for 16 s (8 pieces, two words 7 apart:
// squared 49, as far apart as real word clumps that made two 2 s voices in the real-voice tune
// scenes), then 24 s over a bed (12 pieces, the first word only, moved by the music). The count
// hears one voice, but the second word's clean pieces fell outside the voice (its far group,
// step 7, or a 2 s voice of its own), and with no voice they are barriers in the clean half: the
// selection found too little clean speech. Step 9 gives them back to the lone voice heard over
// the bed. Over 24 draws, the clean half keeps voice 1 on 36 or more of its 40 blocks in 19
// (before: 11; in the others the clean half keeps 15 s of its own, or the count hears two voices).
Scene clean_then_over_a_bed(int clean, int bed, double words, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> unit(0.0, 1.0);
  Scene s;
  for (int i = 0; i < clean + bed; ++i) {
    Point z = at(0, i % 2 == 0 || i >= clean ? -0.5 * words : 0.5 * words);
    for (auto& v : z) v += unit(rng);
    if (i >= clean) z[sm::kKept - 1] += 4.0;  // music under the voice moves it
    add_piece(s, z, 0, i < clean ? ContentKind::speech : ContentKind::speech_over_music);
  }
  return finished(std::move(s));
}

// Of 24 draws of clean_then_over_a_bed(8, bed, 7.0), those whose clean half keeps voice 1 on 36
// or more of its 40 blocks.
int clean_half_kept(int bed) {
  int kept = 0;
  for (unsigned seed = 1; seed <= 24; ++seed) {
    Scene s = clean_then_over_a_bed(8, bed, 7.0, seed);
    EXPECT_TRUE(voxclone::detail::find_speakers(s.features, s.speech, s.content, {}));
    kept += clean_blocks_of(s, 0, 1) >= 36;
  }
  return kept;
}

TEST(Speakers, ALoneVoiceOverABedKeepsItsCleanHalfsFarWords) { EXPECT_GE(clean_half_kept(12), 16); }

// ... but not where the speech over music is most of the recording's speech (here 60 s against
// 16 s clean: 0.27 of it, under kCleanBesideBed): a bed under all of the speech leaves only its
// quiet moments, which the content model can call clean speech, and step 9 giving those a voice
// made a real sample of 8.6 s of speech with 14.5 s of the bed under it (tests/realvoice/
// README.md, session 21). Over the same 24 draws, the clean blocks keep voice 1 (36 of their 40)
// in 11, as without step 9 (with it, unguarded: 19).
TEST(Speakers, AVoiceMostlyOverABedIsNotGivenItsFewCleanBlocks) { EXPECT_LE(clean_half_kept(30), 12); }

// Issue 19 ("clean speech refused"), session 22: one person alone for 40 s with no bed, two
// words 3-6 apart (clean_then_over_a_bed with no bed; 96 draws). Where steps 5-7 leave one word's
// blocks without a voice (a 2 s voice of the group that is not its core, a far group), step 10
// marks them the lone voice's spare (block_doubtful kSpareOfLoneVoice) when the voiceprint hears
// them as the voice, for the selection to take only if the voice falls short of a sample
// (select/voice.cpp). Of the 9 draws that leave 10 or more blocks without a voice, 8 are marked
// whole (the test asks 6); before, none.
TEST(Speakers, ALoneVoicesWordsLeftWithoutAVoiceAreItsSpare) {
  int marked = 0;
  for (unsigned seed = 1; seed <= 96; ++seed) {
    Scene s = clean_then_over_a_bed(20, 0, 3.0 + (seed % 4), seed);
    ASSERT_TRUE(voxclone::detail::find_speakers(s.features, s.speech, s.content, {}));
    if (s.content.speakers.size() != 1) continue;
    int none = 0, spare = 0;
    for (std::size_t b = 0; b < s.truth.size(); ++b) {
      if (s.truth[b] < 0 || s.content.block_speakers[b] != 0) continue;
      ++none;
      spare += s.content.block_doubtful[b] == voxclone::detail::kSpareOfLoneVoice;
    }
    marked += none >= 10 && spare == none;
  }
  EXPECT_GE(marked, 6);
}

// Issue 19 ("clean speech refused"), session 23: step 10 on a lone voice's analysis as steps 1-9
// leave it. One person reading, 20 utterances of two words each; the first word of each is the
// voice's, the second (6 semitones higher, so the voiceprint's pitch test fails: real readers'
// other 2 s voice read 3-5.5 semitones off, or 0.04-0.34 by the voiceprint) has no voice. With
// `joined` the second word goes on from the first with no pause, as the words of one utterance
// do; otherwise each word is followed by a pause, as another person's turns are.
Scene a_voice_and_words_without_one(bool joined) {
  std::mt19937 rng(23);
  std::normal_distribution<double> unit(0.0, 1.0);
  Scene s;
  for (int i = 0; i < 20; ++i) {
    for (int word = 0; word < 2; ++word) {
      Point z = at(0.0);
      for (auto& v : z) v += 0.3 * unit(rng);
      add_piece(s, z, word, ContentKind::speech, !joined || word == 1, word == 0 ? 0.0 : 6.0);
    }
  }
  s = finished(std::move(s));
  for (std::size_t b = 0; b < s.truth.size(); ++b) s.content.block_speakers[b] = s.truth[b] == 0 ? 1 : 0;
  s.content.block_doubtful.assign(s.truth.size(), 0);
  voxclone::Speaker voice;
  voice.rank = 1;
  s.content.speakers.push_back(voice);
  return s;
}

int spare_blocks(const Scene& s) {
  int spare = 0;
  for (std::size_t b = 0; b < s.truth.size(); ++b)
    spare += s.truth[b] == 1 && s.content.block_doubtful[b] == voxclone::detail::kSpareOfLoneVoice;
  return spare;
}

// The words that go on from the voice's with no pause are its spare, though the voiceprint does
// not hear them as the voice (before: none of the 100 blocks marked, and the selection refused a
// reader with 17-28 s of clean speech).
TEST(Speakers, ALoneVoicesWordsWithNoPauseBetweenAreItsSpareThoughTheVoiceprintDiffers) {
  Scene s = a_voice_and_words_without_one(true);
  voxclone::detail::lone_voice_marks_its_spare(s.features, s.content);
  EXPECT_EQ(spare_blocks(s), 100);
}

// ... but the same words said apart, each after a pause, are not: someone else takes turns.
TEST(Speakers, WordsOfAnotherVoiceSaidApartAreNotALoneVoicesSpare) {
  Scene s = a_voice_and_words_without_one(false);
  voxclone::detail::lone_voice_marks_its_spare(s.features, s.content);
  EXPECT_EQ(spare_blocks(s), 0);
}

// Issue 19 item 3 (the count), session 24: one person in a reverberant room or over a hum, some
// of whose words the room moves far in the speaker space (here 10 apart, squared 100: further
// than kMergeDistance, so step 6 keeps them a voice of their own). Runs of three pieces with no
// pause between them; in `moved` of the runs the middle piece is the moved one. With `apart`,
// the moved pieces are said on their own, a pause before and after: someone else taking turns.
Scene one_person_moved_inside_their_runs(int moved, bool apart, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> unit(0.0, 1.0);
  auto near = [&](const Point& c) {
    Point z = c;
    for (auto& v : z) v += unit(rng);
    return z;
  };
  Scene s;
  for (int run = 0; run < 24; ++run) {
    const bool odd = run % 3 == 1 && run / 3 < moved;
    add_piece(s, near(at(0)), 0, ContentKind::speech, apart && odd);
    if (odd) add_piece(s, near(at(10)), 1, ContentKind::speech, apart);
    add_piece(s, near(at(0)), 0, ContentKind::speech, false);
    add_piece(s, near(at(0)), 0, ContentKind::speech, true);
  }
  return finished(std::move(s));
}

// Step 11: the moved words are not a voice of their own (before: two voices in every seed, the
// second one 16 s of blocks), and they are left with no voice, as barriers, as before; the
// person's own blocks keep voice 1.
TEST(Speakers, OnePersonsWordsMovedInsideTheirRunsAreNotASecondVoice) {
  for (unsigned seed : {1u, 2u, 3u, 4u}) {
    Scene s = one_person_moved_inside_their_runs(8, false, seed);
    ASSERT_TRUE(voxclone::detail::find_speakers(s.features, s.speech, s.content, {}));
    EXPECT_EQ(s.content.speakers.size(), 1u) << "seed " << seed;
    EXPECT_EQ(blocks_of(s, 1, 1), 0) << "seed " << seed << ": the moved words joined voice 1";
    EXPECT_GE(blocks_of(s, 0, 1), 300) << "seed " << seed << ": of 360 blocks of the person";
  }
}

// ... but the same pieces said apart, a pause on either side, are someone else taking turns: two
// voices, the second one those pieces.
TEST(Speakers, WordsSaidApartStayASecondVoice) {
  for (unsigned seed : {1u, 2u, 3u, 4u}) {
    Scene s = one_person_moved_inside_their_runs(8, true, seed);
    ASSERT_TRUE(voxclone::detail::find_speakers(s.features, s.speech, s.content, {}));
    EXPECT_EQ(s.content.speakers.size(), 2u) << "seed " << seed;
    EXPECT_GE(blocks_of(s, 1, 2), 30) << "seed " << seed << ": of 40 blocks of the second person";
  }
}

}  // namespace

namespace {

// Issue 19 item 3, session 24 (step 12, split_voice_one_by_turns): two people heard as one voice.
// Two voice notes of testdata/like, each cut in kTurnsEach turns, taken in turn with kTurnPause of
// silence after each (turns of 2.5-3.5 s between pauses), analysed, and every voice made one, as
// steps 3-7 leave a same-sex pair or a phone line on real recordings. `in[p][v]`: person p's
// speech blocks given voice v (0: none) after step 12.
struct TwoAsOne {
  std::vector<voxclone::Speaker> speakers;
  std::array<std::array<int, 4>, 2> in{};
};

// A voice note of testdata/like/ decoded, cut to its longest labelled run (its speech);
// `sample_rate` gets the note's rate.
std::vector<float> speech_of_note(const std::string& name, int& sample_rate) {
  const std::string note = "like/" + name;
  auto d = voxclone::decode(voxclone::InputSource::file(vt::data(note + ".opus")));
  if (!d) throw std::runtime_error(d.error().message);
  sample_rate = d->audio.sample_rate;
  vt::Label run{};
  for (const auto& l : vt::labels(note))
    if (l.end - l.start > run.end - run.start) run = l;
  const auto a = static_cast<std::size_t>(run.start * sample_rate);
  const auto e = std::min(d->audio.samples.size(), static_cast<std::size_t>(run.end * sample_rate));
  return {d->audio.samples.begin() + static_cast<std::ptrdiff_t>(a),
          d->audio.samples.begin() + static_cast<std::ptrdiff_t>(e)};
}

// The two notes in turns, analysed as they are.
struct NotesInTurns {
  voxclone::SpeechAnalysis speech;
  std::optional<voxclone::detail::VoiceFeatures> features;
  voxclone::ContentAnalysis content;
  std::vector<std::pair<double, int>> turn_ends;  // where each turn ends, and whose it is
};

NotesInTurns notes_in_turns(const std::string& first, const std::string& second) {
  constexpr int kTurnsEach = 3;
  constexpr double kTurnPause = 1.2;
  NotesInTurns out;
  voxclone::Audio audio;
  std::array<std::vector<float>, 2> said;
  for (int who = 0; who < 2; ++who)
    said[static_cast<std::size_t>(who)] = speech_of_note(who == 0 ? first : second, audio.sample_rate);
  audio.samples.assign(static_cast<std::size_t>(0.4 * audio.sample_rate), 0.0f);
  for (std::size_t k = 0; k < kTurnsEach; ++k)
    for (int who = 0; who < 2; ++who) {
      const auto& v = said[static_cast<std::size_t>(who)];
      const auto a = static_cast<std::ptrdiff_t>(v.size() * k / kTurnsEach);
      const auto e = static_cast<std::ptrdiff_t>(v.size() * (k + 1) / kTurnsEach);
      audio.samples.insert(audio.samples.end(), v.begin() + a, v.begin() + e);
      out.turn_ends.emplace_back(audio.duration_seconds(), who);
      audio.samples.resize(audio.samples.size() + static_cast<std::size_t>(kTurnPause * audio.sample_rate), 0.0f);
    }
  out.speech = voxclone::detect_speech(audio);
  auto meter = voxclone::detail::VoiceMeter::create(audio.sample_rate);
  if (!meter || !meter->push(audio.samples)) throw std::runtime_error("voice meter");
  auto f = meter->finish();
  if (!f) throw std::runtime_error(f.error().message);
  out.features.emplace(std::move(*f));
  auto c = voxclone::detail::analyse_content(out.speech, *out.features, audio.duration_seconds(), {});
  if (!c) throw std::runtime_error(c.error().message);
  out.content = std::move(*c);
  return out;
}

// With `voice_one_talk`, the notes' voice is voice 2 behind a voice 1 of that talk (and no
// blocks), and step 12b (split_voice_tied_with_first) runs instead of step 12.
TwoAsOne two_notes_as_one_voice(const std::string& first, const std::string& second,
                                std::optional<double> voice_one_talk = std::nullopt) {
  TwoAsOne out;
  NotesInTurns n = notes_in_turns(first, second);
  const auto& speech = n.speech;
  auto* f = &*n.features;
  auto* c = &n.content;
  const auto& turn_ends = n.turn_ends;
  // One voice holding both people.
  for (int& v : c->block_speakers)
    if (v > 0) v = 1;
  double talk = 0;
  for (const auto& s : c->speakers) talk += s.talk_seconds;
  c->speakers = {{.rank = 1, .talk_seconds = talk}};
  if (voice_one_talk) {
    for (int& v : c->block_speakers)
      if (v > 0) v = 2;
    c->speakers = {{.rank = 1, .talk_seconds = *voice_one_talk}, {.rank = 2, .talk_seconds = talk}};
    voxclone::detail::split_voice_tied_with_first(*f, speech, *c);
  } else {
    voxclone::detail::split_voice_one_by_turns(*f, speech, *c);
  }
  out.speakers = c->speakers;
  for (std::size_t b = 0; b < c->blocks.size(); ++b) {
    if (c->blocks[b] != ContentKind::speech || c->block_speakers[b] < 0 || c->block_speakers[b] > 3) continue;
    const double t = (static_cast<double>(b) + 0.5) * c->block_seconds;
    for (const auto& [end, who] : turn_ends)
      if (t < end) {
        ++out.in[static_cast<std::size_t>(who)][static_cast<std::size_t>(c->block_speakers[b])];
        break;
      }
  }
  return out;
}

// Each note's person (ked's in t.in[0], slt's in t.in[1]) has 4 of 5 of their blocks or more in
// one of voices `a` and `b`, a different one for each.
void expect_one_person_in_each(const TwoAsOne& t, std::size_t a, std::size_t b) {
  const std::size_t ked = t.in[0][a] >= t.in[0][b] ? a : b, slt = ked == a ? b : a;
  EXPECT_GE(t.in[0][ked], 4 * t.in[0][slt]) << t.in[0][a] << " / " << t.in[0][b];
  EXPECT_GE(t.in[1][slt], 4 * t.in[1][ked]) << t.in[1][a] << " / " << t.in[1][b];
}

// A man and a woman (fest-ked's and fest-slt's notes) heard as one voice: voice 1's turns fall in
// two groups, the voiceprint hears two people in them, and voice 1 becomes two voices, each
// naming the other (Speaker::other_half), each person's speech (4 of 5 blocks or more) in one of
// them, a different one for each. Before, the voice stayed one.
TEST(Speakers, TwoPeopleHeardAsOneVoiceAreSplitByTheirTurns) {
  const TwoAsOne t = two_notes_as_one_voice("ked_note", "slt_note");
  ASSERT_EQ(t.speakers.size(), 2U);
  EXPECT_EQ(t.speakers[0].other_half, 2);
  EXPECT_EQ(t.speakers[1].other_half, 1);
  expect_one_person_in_each(t, 1, 2);
}

// ... but one person's turns are not split: fest-ked's two notes (two rooms) as one voice stay one.
TEST(Speakers, OnePersonsTurnsAreNotSplit) {
  const TwoAsOne t = two_notes_as_one_voice("ked_note", "ked_note2");
  ASSERT_EQ(t.speakers.size(), 1U);
  EXPECT_EQ(t.speakers[0].other_half, 0);
}

// Issue 19 item 3, session 26 (step 12c, measure_unjudged_talk): speech too short for the analysis
// to judge, left with no voice, is told to the voice that explains it best, for the tie rule: of
// fest-ked's and fest-slt's notes in turns (two voices), every second block of one person's is made
// such speech, and their talk is counted in that person's voice's unjudged_seconds, none in the
// other's. Before, it was counted to no voice (0 for both).
TEST(Speakers, SpeechTooShortToJudgeIsToldToTheVoiceThatExplainsItBest) {
  NotesInTurns n = notes_in_turns("ked_note", "slt_note");
  auto& c = n.content;
  ASSERT_EQ(c.speakers.size(), 2U);
  for (int who = 0; who < 2; ++who) {
    voxclone::ContentAnalysis one = c;
    std::vector<std::uint8_t> unjudged(one.blocks.size(), 0);
    std::array<int, 3> voice_of{};  // the person's blocks by voice
    double told = 0;
    for (std::size_t b = 0; b < one.blocks.size(); ++b) {
      if (one.blocks[b] != ContentKind::speech || one.block_speakers[b] <= 0) continue;
      const double t = (static_cast<double>(b) + 0.5) * one.block_seconds;
      int person = -1;
      for (const auto& [end, p] : n.turn_ends)
        if (t < end) {
          person = p;
          break;
        }
      if (person != who) continue;
      ++voice_of[static_cast<std::size_t>(one.block_speakers[b])];
      if (b % 2 == 0) {
        unjudged[b] = 1;
        one.block_speakers[b] = 0;
        told += voxclone::detail::talk_in(n.speech, b);
      }
    }
    const int voice = voice_of[1] >= voice_of[2] ? 1 : 2;
    ASSERT_GT(told, 1.0) << who;
    voxclone::detail::measure_unjudged_talk(*n.features, n.speech, one, unjudged);
    EXPECT_GE(one.speakers[static_cast<std::size_t>(voice) - 1].unjudged_seconds, 0.8 * told) << who;
    EXPECT_LE(one.speakers[static_cast<std::size_t>(2 - voice)].unjudged_seconds, 0.2 * told) << who;
  }
}

// Issue 19 item 3, session 29 (count29; step 13b, list_voices_left_out): a person steps 3-4 lumped
// with another and step 5 or 7 left out, who talks 5.5-7 s. On new tune sets the biggest class of
// person left uncounted was such a group of 6.1-6.7 s that takes turns (tests/realvoice/README.md,
// session 29). Of fest-ked's and fest-slt's notes in turns, ked's blocks are voice 1 and slt's the
// group a voice left out (no voice, unmarked), their talk cut to `talk` seconds by the speech
// detector's frames of their last blocks (a shorter group, as one person's own words a voice left
// out are: 4.1-5.1 s on the tune sets). Returns the voices step 13b leaves, and in `listed` whether
// exactly slt's blocks made the added one.
std::size_t voices_with_slt_left_out(double talk, bool& listed) {
  NotesInTurns n = notes_in_turns("ked_note", "slt_note");
  auto& c = n.content;
  std::vector<int> left_out(c.blocks.size(), 0);
  std::vector<std::size_t> slt;
  double ked_talk = 0;
  for (std::size_t b = 0; b < c.blocks.size(); ++b) {
    c.block_doubtful[b] = 0;
    if (c.block_speakers[b] <= 0) continue;
    const double t = (static_cast<double>(b) + 0.5) * c.block_seconds;
    int person = 1;
    for (const auto& [end, p] : n.turn_ends)
      if (t < end) {
        person = p;
        break;
      }
    if (person == 0) {
      c.block_speakers[b] = 1;
      ked_talk += voxclone::detail::talk_in(n.speech, b);
    } else {
      c.block_speakers[b] = 0;
      left_out[b] = 1;
      slt.push_back(b);
    }
  }
  c.speakers = {{.rank = 1, .talk_seconds = ked_talk}};
  EXPECT_GT(ked_talk, talk / 0.8) << "voice 1 talks enough for the group to be no tie";
  const auto per_block = static_cast<std::size_t>(std::lround(c.block_seconds / n.speech.frame_seconds));
  double kept = 0;
  for (std::size_t b : slt) {
    kept += voxclone::detail::talk_in(n.speech, b);
    if (kept > talk)
      for (std::size_t k = b * per_block; k < std::min(n.speech.is_speech.size(), (b + 1) * per_block); ++k)
        n.speech.is_speech[k] = 0;
  }
  EXPECT_GT(kept, 7.0) << "slt's note holds more talk than step 13b asks";
  voxclone::detail::list_voices_left_out(*n.features, n.speech, left_out, c);
  listed = c.speakers.size() == 2;
  for (std::size_t b = 0; b < c.block_speakers.size(); ++b)
    if ((c.block_speakers[b] == 2) != (listed && left_out[b] == 1)) listed = false;
  return c.speakers.size();
}

TEST(Speakers, APersonLeftOutOfAVoiceWhoTalksSixSecondsIsCounted) {
  bool listed = false;
  EXPECT_EQ(voices_with_slt_left_out(6.0, listed), 2U);
  EXPECT_TRUE(listed) << "the added voice is exactly slt's blocks";
}

TEST(Speakers, AGroupLeftOutOfAVoiceThatTalksFiveSecondsIsNotCounted) {
  bool listed = false;
  EXPECT_EQ(voices_with_slt_left_out(5.0, listed), 1U);
}

// Issue 19 item 3, session 26 (step 12b, split_voice_tied_with_first): the voice that ties with
// voice 1 holds a man and a woman (fest-ked's and fest-slt's notes), as a real four-person tune
// scene's voice 2 held two men and tied with the main person's voice 1 (refused, "speaker 1 35.5
// s, speaker 2 32.3 s"). Its turns are split as step 12 splits voice 1: voices 2 and 3 name each
// other, each person's speech (4 of 5 blocks or more) in one of them, and voice 1 stays first
// with no other half. Before, voice 2 stayed one voice and the recording was refused.
TEST(Speakers, AVoiceThatTiesWithVoiceOneAndHoldsTwoPeopleIsSplitByItsTurns) {
  const TwoAsOne whole = two_notes_as_one_voice("ked_note", "slt_note", 1000.0);  // no tie: the talk
  ASSERT_EQ(whole.speakers.size(), 2U);
  const double talk = whole.speakers[1].talk_seconds;
  const TwoAsOne t = two_notes_as_one_voice("ked_note", "slt_note", talk / 0.9);
  ASSERT_EQ(t.speakers.size(), 3U);
  EXPECT_NEAR(t.speakers[0].talk_seconds, talk / 0.9, 1e-9);
  EXPECT_EQ(t.speakers[0].other_half, 0);
  EXPECT_EQ(t.speakers[1].other_half, 3);
  EXPECT_EQ(t.speakers[2].other_half, 2);
  expect_one_person_in_each(t, 2, 3);
}

// ... but a voice that talks clearly less than voice 1 (under kTieShare of it) is left whole,
// whoever it holds: only a tie is judged again.
TEST(Speakers, AVoiceThatTalksClearlyLessThanVoiceOneIsNotSplit) {
  const TwoAsOne whole = two_notes_as_one_voice("ked_note", "slt_note", 1000.0);
  const TwoAsOne t = two_notes_as_one_voice("ked_note", "slt_note", whole.speakers[1].talk_seconds / 0.8);
  ASSERT_EQ(t.speakers.size(), 2U);
  EXPECT_EQ(t.speakers[1].other_half, 0);
}

}  // namespace

// Issue 19 ("clean speech refused"), session 25 (step 9, lone_voice_over_a_bed_keeps_its_speech):
// a lone voice beside a bed that keeps 15 s or more of clean speech alone. Blocks left without a
// voice in its clean half were barriers, and seven real tune scenes were refused, "found 9.0-9.9 s
// of speech" beside 11-17 s of the person's clean speech. Now those 8 s or more from any music
// are its spare (block_doubtful kSpareOfLoneVoice: the selection takes them only if the voice
// falls short of a sample), those nearer stay as they were (a bed's quiet start is called clean),
// and none is given a voice. Before, none was marked.
// 24 s of clean speech of voice 1, then 16 s of it over a bed; `voiceless` blocks from `from`
// have no voice (blocks 50-54: 2-4 s before the bed).
voxclone::ContentAnalysis voice_then_bed_with_voiceless(std::size_t from, std::size_t voiceless,
                                                        voxclone::SpeechAnalysis& speech, std::size_t bed = 40) {
  voxclone::ContentAnalysis c;
  c.blocks.assign(60, ContentKind::speech);
  c.blocks.resize(60 + bed, ContentKind::speech_over_music);
  c.block_speakers.assign(60 + bed, 1);
  c.block_doubtful.assign(60 + bed, 0);
  for (std::size_t b = from; b < from + voiceless; ++b) c.block_speakers[b] = 0;
  for (std::size_t b = 50; b < 55; ++b) c.block_speakers[b] = 0;
  c.speakers = {{1, 30.0, 0.0, 120.0}};
  speech.frame_seconds = 0.02;
  speech.is_speech.assign((60 + bed) * 20, 1);
  return c;
}

TEST(Speakers, ALoneVoiceBesideABedKeepingEnoughAloneMarksItsFarVoicelessSpeechSpare) {
  voxclone::SpeechAnalysis speech;
  auto c = voice_then_bed_with_voiceless(10, 5, speech);  // 18 s alone
  voxclone::detail::lone_voice_over_a_bed_keeps_its_speech(speech, c);
  ASSERT_EQ(c.speakers.size(), 1u);
  EXPECT_NEAR(c.speakers[0].talk_seconds, 30.0, 1e-6);
  for (std::size_t b = 10; b < 15; ++b) {
    EXPECT_EQ(c.block_speakers[b], 0) << b;
    EXPECT_EQ(c.block_doubtful[b], voxclone::detail::kSpareOfLoneVoice) << b;
  }
  for (std::size_t b = 50; b < 55; ++b) {  // 2-4 s before the bed: not spare
    EXPECT_EQ(c.block_speakers[b], 0) << b;
    EXPECT_EQ(c.block_doubtful[b], 0) << b;
  }
}

// ... and a voice with under 15 s alone is given them all, as before (step 9 as in session 21).
TEST(Speakers, ALoneVoiceBesideABedShortOfCleanSpeechTakesItsVoicelessSpeech) {
  voxclone::SpeechAnalysis speech;
  auto c = voice_then_bed_with_voiceless(5, 25, speech);  // 10.8 s alone
  voxclone::detail::lone_voice_over_a_bed_keeps_its_speech(speech, c);
  for (std::size_t b = 0; b < 60; ++b) EXPECT_EQ(c.block_speakers[b], 1) << b;
  EXPECT_NEAR(c.speakers[0].talk_seconds, 30.0 + 30 * 0.4, 1e-6);
}

// ... and where the clean half is small beside the bed (24 s against 48 s over it, under
// kCleanBesideBed), the blocks are not given (a bed under all of the speech: session 21) but those
// far from the music are marked spare. Before, nothing was marked.
TEST(Speakers, ALoneVoiceBesideALongBedMarksItsFarVoicelessSpeechSpare) {
  voxclone::SpeechAnalysis speech;
  auto c = voice_then_bed_with_voiceless(5, 25, speech, 120);
  voxclone::detail::lone_voice_over_a_bed_keeps_its_speech(speech, c);
  EXPECT_NEAR(c.speakers[0].talk_seconds, 30.0, 1e-6);
  for (std::size_t b = 5; b < 30; ++b) {
    EXPECT_EQ(c.block_speakers[b], 0) << b;
    EXPECT_EQ(c.block_doubtful[b], voxclone::detail::kSpareOfLoneVoice) << b;
  }
  for (std::size_t b = 50; b < 55; ++b) EXPECT_EQ(c.block_doubtful[b], 0) << b;
}

// ... and where the speech over the bed was left with no voice too, the bed still counts: the lone
// voice is heard over it as the voice that is not (session 26, make_set.py --seed 531 tune
// bed18-07: 36 s of the reader's speech left with no voice, 2 s over the bed with voice 1, 5.6 s
// of the clean half with none; refused, "found 9.1 s"). Before, step 9 gave nothing: the voice's
// own speech over music was under kMinVoiceSeconds.
TEST(Speakers, ALoneVoiceWhoseBedHalfHasNoVoiceStillTakesItsVoicelessSpeech) {
  voxclone::SpeechAnalysis speech;
  auto c = voice_then_bed_with_voiceless(5, 25, speech);  // 10.8 s alone
  for (std::size_t b = 60; b < c.blocks.size(); ++b) c.block_speakers[b] = 0;
  voxclone::detail::lone_voice_over_a_bed_keeps_its_speech(speech, c);
  for (std::size_t b = 0; b < 60; ++b) EXPECT_EQ(c.block_speakers[b], 1) << b;
}

namespace {
// Issue 19 ("clean speech refused"), session 27 (step 11b, voices_either_side_of_a_bed_are_one):
// one reader heard as two voices, 24 s of clean speech as voice 2 (`v1_clean` blocks of it, at
// 2 s, voice 1's) and 20 s over a bed as voice 1, its first 4 blocks called clean (the bed's quiet
// first bars). Five real tune scenes were refused so: "found 0.0-0.6 s of speech by speaker 1 ...;
// 1 other voice speaks 8-21 s".
voxclone::ContentAnalysis reader_as_two_voices_beside_a_bed(std::size_t v1_clean = 3) {
  voxclone::ContentAnalysis c;
  c.blocks.assign(60, ContentKind::speech);
  c.blocks.resize(110, ContentKind::speech_over_music);
  for (std::size_t b = 60; b < 64; ++b) c.blocks[b] = ContentKind::speech;
  c.block_speakers.assign(60, 2);
  c.block_speakers.resize(110, 1);
  for (std::size_t b = 5; b < 5 + v1_clean; ++b) c.block_speakers[b] = 1;
  c.block_doubtful.assign(110, 0);
  // Voice 1 talks most: its bed half is longer with the music.
  c.speakers = {{.rank = 1, .talk_seconds = 22.5, .first_seconds = 2.0, .pitch_hz = 180.0},
                {.rank = 2, .talk_seconds = 22.0, .pitch_hz = 225.0}};
  return c;
}
}  // namespace

// The clean voice is the lone voice, with voice 1's blocks among its words; the blocks over the bed
// are left with no voice (step 9 gives back the model's speech over music; the rest is spare or
// kept from the voice). Before, nothing changed:
// two voices, voice 1 refused.
TEST(Speakers, AReaderHeardAsTwoVoicesEitherSideOfABedIsOneVoice) {
  auto c = reader_as_two_voices_beside_a_bed();
  voxclone::detail::voices_either_side_of_a_bed_are_one(c);
  ASSERT_EQ(c.speakers.size(), 1u);
  EXPECT_EQ(c.speakers[0].rank, 1);
  EXPECT_NEAR(c.speakers[0].talk_seconds, 22.0, 1e-9);
  EXPECT_NEAR(c.speakers[0].pitch_hz, 225.0, 1e-9);
  for (std::size_t b = 0; b < 110; ++b) EXPECT_EQ(c.block_speakers[b], b < 60 ? 1 : 0) << b;
}

// Step 11b then step 9 where the model missed the bed's first 10 s (called clean speech): the bed
// side's clean blocks are not given back to the lone voice, whose clean side (12 s, under step 9's
// 15 s) would otherwise take them all, nor those an earlier step had left with no voice (blocks
// 40-42). Blocks 8 s or more from the model's music are spare, the rest no voice; the model's own
// speech over music goes back to the voice. Before (session 27, the lead's fresh tune bed20-01):
// step 9 gave them back and a sample kept 10.6 s of a 20 dB bed.
TEST(Speakers, TheBedSideOfOneReaderHeardAsTwoVoicesIsNotGivenBack) {
  using voxclone::detail::kBedSideOfOneReader;
  using voxclone::detail::kSpareOfLoneVoice;
  voxclone::ContentAnalysis c;
  c.blocks.assign(55, ContentKind::speech);  // 30-54: the bed the model missed
  c.blocks.resize(85, ContentKind::speech_over_music);
  c.block_speakers.assign(30, 2);
  c.block_speakers.resize(85, 1);
  for (std::size_t b = 5; b < 8; ++b) c.block_speakers[b] = 1;
  for (std::size_t b = 40; b < 43; ++b) c.block_speakers[b] = 0;
  c.block_doubtful.assign(85, 0);
  c.speakers = {{.rank = 1, .talk_seconds = 22.0, .first_seconds = 2.0, .pitch_hz = 180.0},
                {.rank = 2, .talk_seconds = 10.8, .pitch_hz = 225.0}};
  voxclone::SpeechAnalysis speech;
  speech.frame_seconds = 0.02;
  speech.is_speech.assign(85 * 20, 1);
  voxclone::detail::voices_either_side_of_a_bed_are_one(c);
  ASSERT_EQ(c.speakers.size(), 1u);
  voxclone::detail::lone_voice_over_a_bed_keeps_its_speech(speech, c);
  for (std::size_t b = 0; b < 30; ++b) EXPECT_EQ(c.block_speakers[b], 1) << b;
  for (std::size_t b = 30; b < 55; ++b) {
    EXPECT_EQ(c.block_speakers[b], 0) << b;
    EXPECT_EQ(c.block_doubtful[b], b < 35 ? kSpareOfLoneVoice : kBedSideOfOneReader) << b;
  }
  for (std::size_t b = 55; b < 85; ++b) EXPECT_EQ(c.block_speakers[b], 1) << b;
}

// ... but not two people who take turns (the bed under the second half of their talk), nor where
// voice 1 keeps 20 s of clean speech (kShortAloneSeconds: its sample is made as before).
TEST(Speakers, TwoVoicesTakingTurnsOrAVoiceOneWithCleanSpeechStayTwoBesideABed) {
  auto turns = reader_as_two_voices_beside_a_bed();
  for (std::size_t b = 0; b < 110; ++b) turns.block_speakers[b] = (b / 5) % 2 == 0 ? 1 : 2;
  const auto before = turns.block_speakers;
  voxclone::detail::voices_either_side_of_a_bed_are_one(turns);
  EXPECT_EQ(turns.speakers.size(), 2u);
  EXPECT_EQ(turns.block_speakers, before);
  auto clean_one = reader_as_two_voices_beside_a_bed(50);  // 20 s of voice 1's clean speech
  voxclone::detail::voices_either_side_of_a_bed_are_one(clean_one);
  EXPECT_EQ(clean_one.speakers.size(), 2u);
}

namespace {
// Issue 19 item 3 (the count), session 25: three people taking turns of 2-4 pieces (a pause ends
// each turn, none inside it), person 0 far from the other two, person 2 `apart` from person 1 and
// given at most `turns_of_2` turns. Found by a search over distances 3-6, 3-8 turns and seeds 1-6
// (a temporary test, not committed): in two of the 72 scenes the 2 s pass gave person 1 and 2 a
// voice each and the 3.2 s pass one, so step 6 grouped one under the other's core and left it
// with no voice.
Scene a_person_grouped_under_another(double apart, int turns_of_2, unsigned seed) {
  std::mt19937 rng(seed * 7 + 1);
  std::normal_distribution<double> unit(0.0, 1.0);
  const std::vector<Point> centres = {at(-8), at(3), at(3 + apart)};
  Scene s;
  int who = 0, left = turns_of_2;
  for (int t = 0; t < 30; ++t) {
    const int len = 2 + static_cast<int>(rng() % 3);
    for (int k = 0; k < len; ++k) {
      Point z = centres[static_cast<std::size_t>(who)];
      for (auto& v : z) v += unit(rng);
      add_piece(s, z, who, ContentKind::speech, k + 1 == len);
    }
    if (who == 2) --left;
    int next = (who + 1 + static_cast<int>(rng() % 2)) % 3;
    if (next == 2 && left <= 0) next = who == 0 ? 1 : 0;
    who = next;
  }
  return finished(std::move(s));
}

// Step 13: the 2 s voice step 6 grouped away takes turns (a pause on either side of its words), so
// it is listed as a third voice, of its own blocks; every block listed without the step keeps its
// voice (step 13 only adds). Without the step both scenes are counted two.
TEST(Speakers, APersonGroupedUnderAnothersVoiceIsCountedFromTheirTurns) {
  for (unsigned seed : {4u, 6u}) {
    Scene before = a_person_grouped_under_another(3.0, 8, seed);
    std::vector<int> voices_of_2s;  // given: find_speakers leaves step 13 to the caller
    ASSERT_TRUE(voxclone::detail::find_speakers(before.features, before.speech, before.content, {},
                                                {.voices_of_2s = &voices_of_2s}));
    ASSERT_EQ(before.content.speakers.size(), 2u) << "seed " << seed;
    Scene s = a_person_grouped_under_another(3.0, 8, seed);
    ASSERT_TRUE(voxclone::detail::find_speakers(s.features, s.speech, s.content, {}));
    ASSERT_EQ(s.content.speakers.size(), 3u) << "seed " << seed;
    int added = 0, of_one_person = 0;
    std::map<int, int> people;
    for (std::size_t b = 0; b < s.truth.size(); ++b) {
      if (before.content.block_speakers[b] > 0)
        EXPECT_EQ(s.content.block_speakers[b], before.content.block_speakers[b]) << "seed " << seed << ", block " << b;
      if (s.content.block_speakers[b] == 3) ++added, ++people[s.truth[b]];
    }
    for (const auto& [who, n] : people) of_one_person = std::max(of_one_person, n);
    EXPECT_GE(added, 50) << "seed " << seed;
    EXPECT_EQ(of_one_person, added) << "seed " << seed << ": the third voice is one person's";
    EXPECT_EQ(s.content.speakers[2].rank, 3);
    EXPECT_GT(s.content.speakers[2].talk_seconds, 3.0) << "seed " << seed;
  }
}

// Step 13's guards (session 25, app25), on seed 4's scene above with the 2 s voices step 6 left:
// the voice step 13 lists there (a third person's) is made, in turn, of applause (few voiced
// frames) and of a short word clump, and neither is listed (the scene stays counted two); split
// in two 2 s voices that sound alike, it is listed once.
struct GroupedAway {
  Scene s;
  std::vector<int> voices_of_2s;
  std::vector<std::size_t> away;  // the blocks step 13 lists as a third voice
};

GroupedAway grouped_away() {
  GroupedAway g{a_person_grouped_under_another(3.0, 8, 4u), {}, {}};  // the test above's seed 4
  EXPECT_TRUE(voxclone::detail::find_speakers(g.s.features, g.s.speech, g.s.content, {},
                                              {.voices_of_2s = &g.voices_of_2s}));
  EXPECT_EQ(g.s.content.speakers.size(), 2u);
  voxclone::ContentAnalysis listed = g.s.content;
  voxclone::detail::list_voices_grouped_away(g.s.features, g.s.speech, g.voices_of_2s, listed);
  EXPECT_EQ(listed.speakers.size(), 3u) << "the scene as it is: a third voice";
  for (std::size_t b = 0; b < listed.block_speakers.size(); ++b)
    if (listed.block_speakers[b] == 3) g.away.push_back(b);
  return g;
}

// The voices listed after step 13 when block b's voice meter figures are made(b, as they are).
using MakeBlock = std::function<voxclone::detail::TimbreStats(std::size_t, voxclone::detail::TimbreStats)>;
std::size_t listed_voices(GroupedAway& g, const MakeBlock& made) {
  voxclone::detail::VoiceFeatures f;
  for (std::size_t b = 0; b < g.s.features.blocks.size(); ++b) f.blocks.push_back(made(b, g.s.features.blocks[b]));
  voxclone::detail::list_voices_grouped_away(f, g.s.speech, g.voices_of_2s, g.s.content);
  return g.s.content.speakers.size();
}

bool is_away(const GroupedAway& g, std::size_t b) { return std::ranges::find(g.away, b) != g.away.end(); }

TEST(Speakers, AVoiceOfApplauseLeftWithNoVoiceIsNotListed) {
  GroupedAway g = grouped_away();
  ASSERT_FALSE(g.away.empty());
  // 3 voiced frames in a block of 10, as the claps the content model heard as speech (2.9 on a
  // train set); the frames' mean figures stay as they are.
  EXPECT_EQ(listed_voices(g, [&](std::size_t b, voxclone::detail::TimbreStats t) {
              if (!is_away(g, b) || t.count <= 0) return t;
              const float keep = 3.0F / t.count;
              t.count *= keep;
              for (auto& v : t.sum) v *= keep;
              for (auto& v : t.sum_sq) v *= keep;
              return t;
            }),
            2u);
}

TEST(Speakers, AShortWordClumpLeftWithNoVoiceIsNotListed) {
  GroupedAway g = grouped_away();
  ASSERT_GE(g.away.size(), 10u);
  // 3.6 s of talk: the speech detector hears only 9 of its blocks (step 3 asks 3 s, step 13 4 s).
  for (std::size_t k = 9; k < g.away.size(); ++k)
    for (std::size_t i = 0; i < 20; ++i) g.s.speech.is_speech[g.away[k] * 20 + i] = 0;
  EXPECT_EQ(listed_voices(g, [](std::size_t, voxclone::detail::TimbreStats t) { return t; }), 2u);
}

TEST(Speakers, TwoVoicesLeftWithNoVoiceThatSoundAlikeAreListedOnce) {
  GroupedAway g = grouped_away();
  ASSERT_GE(g.away.size(), 20u);
  // The voice's blocks as two 2 s voices (its first half and its second half, a 2 s voice more):
  // one person's two clumps, both grouped away. The voiceprint hears one person in them.
  const int more = *std::ranges::max_element(g.voices_of_2s) + 1;
  for (std::size_t k = g.away.size() / 2; k < g.away.size(); ++k) g.voices_of_2s[g.away[k]] = more;
  EXPECT_EQ(listed_voices(g, [](std::size_t, voxclone::detail::TimbreStats t) { return t; }), 3u);
}

// Session 30 (count30): one person's syllables heard as two 2 s voices, both grouped away, the
// second going on from the first's words inside every run with no pause between, and sounding
// unlike it (a klettres reader of syllables in a phone scene: the voiceprint scored 0.04-0.06, 9
// semitones apart, so the test above's rule does not join them). The first is listed; the second
// then touches a listed voice in every run and is one person's words, not a person of their own:
// listed once. Without the change, touching was measured before step 13 listed anything and the
// scene was counted four.
TEST(Speakers, TwoVoicesLeftWithNoVoiceThatGoOnFromEachOtherAreListedOnce) {
  GroupedAway g = grouped_away();
  ASSERT_GE(g.away.size(), 20u);
  const int more = *std::ranges::max_element(g.voices_of_2s) + 1;
  // Each run of the voice's blocks: its first half stays, its second half becomes the 2 s voice more.
  std::vector<std::size_t> second;
  for (std::size_t i = 0; i < g.away.size();) {
    std::size_t j = i + 1;
    while (j < g.away.size() && g.away[j] == g.away[j - 1] + 1) ++j;
    if (j - i >= 2)
      for (std::size_t k = i + (j - i + 1) / 2; k < j; ++k) second.push_back(g.away[k]), g.voices_of_2s[g.away[k]] = more;
    i = j;
  }
  ASSERT_GE(second.size(), 10u);
  // The second halves sound like voice 1's person (their blocks' figures are person 0's), so the
  // voiceprint does not hear the first half's voice in them.
  std::vector<std::size_t> of_person_0;
  for (std::size_t b = 0; b < g.s.truth.size(); ++b)
    if (g.s.truth[b] == 0) of_person_0.push_back(b);
  ASSERT_FALSE(of_person_0.empty());
  std::size_t next = 0;
  EXPECT_EQ(listed_voices(g, [&](std::size_t b, voxclone::detail::TimbreStats t) {
              if (std::ranges::find(second, b) == second.end()) return t;
              return g.s.features.blocks[of_person_0[next++ % of_person_0.size()]];
            }),
            3u);
}

// Step 13b (session 27, cnt27), on seed 4's scene above: the third person's blocks, taken as the
// group voice 1's step 5 or 7 left out (left_out: that voice's rank on each), with the 2 s voices
// not listed by step 13. They take turns (a pause either side of every run) and talk 20 s, so they
// are listed as a third voice, of exactly those blocks. Without step 13b the scene is counted two.
struct LeftOut {
  Scene s;
  std::vector<int> left_out;
  std::vector<std::size_t> blocks;  // the third person's
};

LeftOut left_out_of_voice_one() {
  GroupedAway g = grouped_away();
  LeftOut l{std::move(g.s), std::vector<int>(g.voices_of_2s.size(), 0), std::move(g.away)};
  // Unmarked, as the blocks step 5 or 7 leave out are (some of the 2 s voice's were step 7's doubtful).
  for (std::size_t b : l.blocks) l.left_out[b] = 1, l.s.content.block_doubtful[b] = 0;
  return l;
}

TEST(Speakers, APersonStepFiveLeftOutOfAVoiceIsCountedFromTheirTurns) {
  LeftOut l = left_out_of_voice_one();
  ASSERT_GE(l.blocks.size(), 50u);
  voxclone::detail::list_voices_left_out(l.s.features, l.s.speech, l.left_out, l.s.content);
  ASSERT_EQ(l.s.content.speakers.size(), 3u);
  for (std::size_t b = 0; b < l.s.content.block_speakers.size(); ++b)
    EXPECT_EQ(l.s.content.block_speakers[b] == 3, l.left_out[b] == 1) << "block " << b;
  EXPECT_EQ(l.s.content.block_doubtful[l.blocks.front()], voxclone::detail::kListedFromNoVoice);
}

// ... but one person's own words a voice left out are short: the same group heard for 5.2 s (the
// speech detector hears 13 of its blocks; kMinLeftOutTalkSeconds 5.5 s) is not listed.
TEST(Speakers, AShortGroupLeftOutOfAVoiceIsNotListed) {
  LeftOut l = left_out_of_voice_one();
  ASSERT_GE(l.blocks.size(), 50u);
  for (std::size_t k = 13; k < l.blocks.size(); ++k)
    for (std::size_t i = 0; i < 20; ++i) l.s.speech.is_speech[l.blocks[k] * 20 + i] = 0;
  voxclone::detail::list_voices_left_out(l.s.features, l.s.speech, l.left_out, l.s.content);
  EXPECT_EQ(l.s.content.speakers.size(), 2u);
}

// ... and a group whose runs go on from a listed voice's words with no pause (one person's words
// the speaker space moved, inside their turns) is not listed: the same group, each of its runs
// given a block of voice 1 just before it.
TEST(Speakers, AGroupLeftOutInsideAVoicesTurnsIsNotListed) {
  LeftOut l = left_out_of_voice_one();
  ASSERT_GE(l.blocks.size(), 50u);
  for (std::size_t b : l.blocks)
    if (b > 0 && l.left_out[b - 1] == 0) l.s.content.block_speakers[b - 1] = 1;
  voxclone::detail::list_voices_left_out(l.s.features, l.s.speech, l.left_out, l.s.content);
  EXPECT_EQ(l.s.content.speakers.size(), 2u);
}

// Issue 19 item 3, session 26 (step 14, mark_turns_like_another_voice): voice 1 holds a whole turn
// of a person who has a voice 2 of their own (a phone line: 4-22 % of voice 1 on the phone26 tune
// sets, kept in samples). That turn lies nearer voice 2 than voice 1's own turns do, so its blocks
// are marked doubtful (the selection leaves them out where voice 1 keeps a sample without them);
// voice 1's own turns, and voice 2, are not. Each turn is 3 blocks of 10 voiced frames between
// pauses of 2 blocks (0.8 s) of silent frames; a block's point is its person's centre plus
// unit noise, B's centre 2.5 away from A's along every dimension.
struct TurnsScene {
  voxclone::detail::VoiceFeatures f;
  voxclone::ContentAnalysis c;
  std::vector<std::size_t> other_in_voice_one;  // B's blocks given voice 1
};

TurnsScene turns_of_a_and_b(bool b_turn_in_voice_one) {
  TurnsScene s;
  std::mt19937 rng(26);
  std::normal_distribution<double> unit(0.0, 1.0);
  auto pause = [&] {
    for (int k = 0; k < 2; ++k) {
      s.f.blocks.push_back({});
      for (int i = 0; i < 10; ++i) s.f.frames.push_back(voxclone::detail::VoiceFrame{.level_cdb = -8000});
      s.c.blocks.push_back(ContentKind::silence);
      s.c.block_speakers.push_back(0);
    }
  };
  auto turn = [&](double centre, int voice) {
    for (int k = 0; k < 3; ++k) {
      voxclone::detail::TimbreStats t;
      t.count = 10;
      for (int d = 0; d < voxclone::detail::kTimbreDims; ++d) {
        const double v = centre + unit(rng);
        t.sum[d] = static_cast<float>(10 * v);
        t.sum_sq[d] = static_cast<float>(10 * v * v);
      }
      if (centre > 0 && voice == 1) s.other_in_voice_one.push_back(s.c.blocks.size());
      s.f.blocks.push_back(t);
      for (int i = 0; i < 10; ++i) s.f.frames.push_back(voxclone::detail::VoiceFrame{.level_cdb = -2000, .pitch_dhz = 1500});
      s.c.blocks.push_back(ContentKind::speech);
      s.c.block_speakers.push_back(voice);
    }
    pause();
  };
  pause();
  for (int k = 0; k < 10; ++k) {
    turn(0.0, 1);                                     // A, voice 1
    if (k % 2 == 0) turn(2.5, k == 4 && b_turn_in_voice_one ? 1 : 2);  // B: voice 2 (one turn in voice 1)
  }
  s.c.block_doubtful.assign(s.c.blocks.size(), 0);
  s.c.speakers = {{1, 12.0 + (b_turn_in_voice_one ? 1.2 : 0.0), 0.0, 150.0}, {2, 6.0, 0.0, 160.0}};
  return s;
}

TEST(Speakers, AnotherVoicesTurnInsideVoiceOneIsMarkedDoubtful) {
  TurnsScene s = turns_of_a_and_b(true);
  ASSERT_EQ(s.other_in_voice_one.size(), 3u);
  voxclone::detail::mark_turns_like_another_voice(s.f, s.c);
  for (std::size_t b : s.other_in_voice_one) EXPECT_EQ(s.c.block_doubtful[b], voxclone::detail::kDoubtfulBlock) << b;
  for (std::size_t b = 0; b < s.c.blocks.size(); ++b)
    if (std::ranges::find(s.other_in_voice_one, b) == s.other_in_voice_one.end())
      EXPECT_EQ(s.c.block_doubtful[b], 0) << b;
}

// ... and with every one of B's turns in voice 2, none of voice 1's is marked.
TEST(Speakers, VoiceOnesOwnTurnsAreNotMarked) {
  TurnsScene s = turns_of_a_and_b(false);
  voxclone::detail::mark_turns_like_another_voice(s.f, s.c);
  EXPECT_EQ(std::ranges::count(s.c.block_doubtful, voxclone::detail::kDoubtfulBlock), 0);
}

// Issue 19 item 3, session 27 (step 12d, mark_band_group_of_voice_one): two women on a phone line
// heard as one voice, B's turns (one in four) among A's. Each turn is 2-6 blocks of 10 voiced frames
// between pauses of 0.8 s; a block's finer cepstrum (c1..c19) is its person's centre, plus the
// turn's words (the same for its blocks, spread 0.3) and the block's own (spread 1); B's centre
// lies 2 from A's in c13..c19 only, where the phone band keeps what tells two such people apart.
// The turns group far more strongly than made-up turns of the same blocks (1.49 times), and B's
// turns, the smaller group, are marked doubtful; A's are not. Before, nothing was marked.
// `b_every`: 0, A alone (1.08 times: nothing marked).
struct BandScene {
  voxclone::detail::VoiceFeatures f;
  voxclone::ContentAnalysis c;
  std::vector<std::uint8_t> of_b;  // per block: B's
};

BandScene band_turns_of_a_and_b(int b_every, double apart = 2.0, double lower_words = 0.3) {
  BandScene s;
  std::mt19937 rng(27);
  std::normal_distribution<double> unit(0.0, 1.0);
  auto pause = [&] {
    for (int k = 0; k < 2; ++k) {
      s.f.blocks.push_back({});
      s.f.cepstra.push_back({});
      for (int i = 0; i < 10; ++i) s.f.frames.push_back(voxclone::detail::VoiceFrame{.level_cdb = -8000});
      s.c.blocks.push_back(ContentKind::silence);
      s.c.block_speakers.push_back(0);
      s.of_b.push_back(0);
    }
  };
  auto turn = [&](bool b) {
    std::array<double, voxclone::detail::kFineCepstra> words{};
    for (double& v : words) v = unit(rng);
    const int blocks = 2 + static_cast<int>(rng() % 5);
    for (int k = 0; k < blocks; ++k) {
      voxclone::detail::TimbreStats t;
      t.count = 10;
      for (int d = 0; d < voxclone::detail::kTimbreDims; ++d) t.sum[d] = static_cast<float>(10 * unit(rng));
      voxclone::detail::CepstrumStats cs;
      for (int d = 0; d < voxclone::detail::kFineCepstra; ++d) {
        const double v = (b && d >= 12 ? apart : 0.0) + (d < 12 ? lower_words : 0.3) * words[static_cast<std::size_t>(d)] + unit(rng);
        cs.sum[static_cast<std::size_t>(d)] = static_cast<float>(10 * v);
      }
      s.f.blocks.push_back(t);
      s.f.cepstra.push_back(cs);
      for (int i = 0; i < 10; ++i) s.f.frames.push_back(voxclone::detail::VoiceFrame{.level_cdb = -2000, .pitch_dhz = 2200});
      s.c.blocks.push_back(ContentKind::speech);
      s.c.block_speakers.push_back(1);
      s.of_b.push_back(b ? 1 : 0);
    }
    pause();
  };
  pause();
  for (int k = 0; k < 24; ++k) turn(b_every > 0 && k % b_every == 1);
  s.c.block_doubtful.assign(s.c.blocks.size(), 0);
  s.c.speakers = {{.rank = 1, .talk_seconds = 28.8}};
  return s;
}

// Step 12d on `s`: B's blocks of voice 1 all marked doubtful, A's none.
void expect_only_b_marked_by_the_band(BandScene& s) {
  voxclone::detail::mark_band_group_of_voice_one(s.f, s.c);
  std::array<int, 2> marked{}, blocks{};
  for (std::size_t b = 0; b < s.c.blocks.size(); ++b)
    if (s.c.block_speakers[b] == 1) {
      ++blocks[s.of_b[b]];
      marked[s.of_b[b]] += s.c.block_doubtful[b] == voxclone::detail::kDoubtfulBlock ? 1 : 0;
    }
  EXPECT_GT(blocks[1], 0);
  EXPECT_EQ(marked[1], blocks[1]);
  EXPECT_EQ(marked[0], 0);
}

TEST(Speakers, ThePhoneLinesOtherPersonInVoiceOneIsMarkedDoubtfulByTheBand) {
  BandScene s = band_turns_of_a_and_b(4);
  expect_only_b_marked_by_the_band(s);
}

// Session 29 (phone29): B nearer A (1.45 apart in c13..c19), so the turns group 1.25 times as
// strongly as made-up turns: under session 27's limit of 1.30, where two one-voice phone pairs of
// the tune sets grouped (1.20, 1.23) with their smaller group wholly the other person. B's turns
// are marked; before, nothing was.
TEST(Speakers, ThePhoneLinesOtherPersonGroupedUnderSession27sLimitIsMarkedByTheBandToo) {
  BandScene s = band_turns_of_a_and_b(4, 1.45);
  expect_only_b_marked_by_the_band(s);
}

// Session 30 (phone30): the words move c1..c12 from turn to turn four times as much (spread 1.2),
// so over c1..c19 the turns group by what was said and B's turns are not found; c13..c19 alone
// group them by person, and B's turns are marked; before, nothing was.
TEST(Speakers, ThePhoneLinesOtherPersonFoundInTheUpperCepstraAloneIsMarkedByTheBand) {
  BandScene s = band_turns_of_a_and_b(4, 2.0, 1.2);
  expect_only_b_marked_by_the_band(s);
}

// ... and with B in every third turn (0.37 of voice 1's blocks): a view's smaller group may hold up
// to 0.4 (kBandViewSmallerShare; 1/3 left out two tune lumps whose other person held 0.36-0.38).
TEST(Speakers, ThePhoneLinesOtherPersonInAThirdOfTheTurnsIsMarkedByTheUpperCepstra) {
  BandScene s = band_turns_of_a_and_b(3, 2.0, 1.2);
  expect_only_b_marked_by_the_band(s);
}

// ... and one person's turns whose words move c1..c12 as much are not marked by either view.
TEST(Speakers, OnePersonsTurnsWhoseWordsMoveTheLowerCepstraAreNotMarkedByTheBand) {
  BandScene s = band_turns_of_a_and_b(0, 2.0, 1.2);
  voxclone::detail::mark_band_group_of_voice_one(s.f, s.c);
  EXPECT_EQ(std::ranges::count(s.c.block_doubtful, voxclone::detail::kDoubtfulBlock), 0);
}

// ... but one person's turns, which differ only by their words, are not marked.
TEST(Speakers, OnePersonsTurnsAreNotMarkedByTheBand) {
  BandScene s = band_turns_of_a_and_b(0);
  voxclone::detail::mark_band_group_of_voice_one(s.f, s.c);
  EXPECT_EQ(std::ranges::count(s.c.block_doubtful, voxclone::detail::kDoubtfulBlock), 0);
}
}  // namespace

namespace {
// fest-ked's note and `second`'s, cut in thirds and said in turns (`order`: who, third) with a
// pause on either side, analysed; every speech block then left with no voice but ked's, which make
// the count's one voice, and each block given the 2 s voice of whoever speaks in its middle (a
// block whose middle lies in a pause, none). `mark_second`: the mark `second`'s blocks carry.
struct LoneVoiceScene {
  voxclone::SpeechAnalysis speech;
  voxclone::detail::VoiceFeatures features;
  voxclone::ContentAnalysis content;
  std::vector<int> voices_of_2s;
  double talk = 0;  // the lone voice's
};
LoneVoiceScene lone_voice_scene(const std::string& second, std::initializer_list<std::pair<int, std::size_t>> order,
                                std::uint8_t mark_second) {
  constexpr double kTurnPause = 1.2;
  voxclone::Audio audio;
  std::array<std::vector<float>, 2> said;
  for (int who = 0; who < 2; ++who)
    said[static_cast<std::size_t>(who)] = speech_of_note(who == 0 ? std::string("ked_note") : second, audio.sample_rate);
  struct Turn {
    double start, end;
    int who;
  };
  std::vector<Turn> turns;
  audio.samples.assign(static_cast<std::size_t>(0.4 * audio.sample_rate), 0.0f);
  for (const auto& [who, k] : order) {
    const auto& v = said[static_cast<std::size_t>(who)];
    const double start = audio.duration_seconds();
    audio.samples.insert(audio.samples.end(), v.begin() + static_cast<std::ptrdiff_t>(v.size() * k / 3),
                         v.begin() + static_cast<std::ptrdiff_t>(v.size() * (k + 1) / 3));
    turns.push_back({start, audio.duration_seconds(), who});
    audio.samples.resize(audio.samples.size() + static_cast<std::size_t>(kTurnPause * audio.sample_rate), 0.0f);
  }
  LoneVoiceScene scene;
  scene.speech = voxclone::detect_speech(audio);
  auto meter = voxclone::detail::VoiceMeter::create(audio.sample_rate);
  if (!meter || !meter->push(audio.samples)) throw std::runtime_error("voice meter");
  auto f = meter->finish();
  if (!f) throw std::runtime_error(f.error().message);
  scene.features = std::move(*f);
  auto c = voxclone::detail::analyse_content(scene.speech, scene.features, audio.duration_seconds(), {});
  if (!c) throw std::runtime_error(c.error().message);
  scene.content = std::move(*c);
  auto& content = scene.content;
  scene.voices_of_2s.assign(content.blocks.size(), 0);
  for (std::size_t b = 0; b < content.blocks.size(); ++b) {
    content.block_speakers[b] = 0;
    content.block_doubtful[b] = 0;
    if (!voxclone::detail::holds_speech(content.blocks[b])) continue;
    const double t = (static_cast<double>(b) + 0.5) * content.block_seconds;
    int who = -1;
    for (const Turn& u : turns)
      if (t >= u.start && t < u.end) who = u.who;
    if (who < 0) continue;
    scene.voices_of_2s[b] = who + 1;
    if (who == 0) content.block_speakers[b] = 1, scene.talk += voxclone::detail::talk_in(scene.speech, b);
    else content.block_doubtful[b] = mark_second;
  }
  return scene;
}

// Issue 19 item 3 (the count), session 26: step 13 and a lone voice's spare. Two people of one sex
// on a phone line lie so close that the count hears one voice, and step 10 marks the other
// person's words, left with no voice, the lone voice's spare; step 13 then did not list them,
// however plainly they took turns (real-voice tune, tests/realvoice/README.md, session 26: 5 of
// 7 such phone and two_same scenes counted one). Here fest-ked's note in three turns is the lone
// voice, and two thirds of `second`'s note, in two turns between them, is speech with no voice
// marked spare, one 2 s voice. The voices after step 13.
std::size_t voices_with_spare_of(const std::string& second) {
  auto s = lone_voice_scene(second, {{0, 0}, {1, 0}, {0, 1}, {1, 1}, {0, 2}}, voxclone::detail::kSpareOfLoneVoice);
  s.content.speakers = {{.rank = 1, .talk_seconds = s.talk}};
  voxclone::detail::list_voices_grouped_away(s.features, s.speech, s.voices_of_2s, s.content);
  return s.content.speakers.size();
}

// fest-slt (a woman) is someone else to the voiceprint: her turns are listed as a second voice.
// Before, spare blocks were never listed (1 voice).
TEST(Speakers, SomeoneElsesTurnsMarkedALoneVoicesSpareAreListed) { EXPECT_EQ(voices_with_spare_of("slt_note"), 2u); }

// ... but the lone voice's own words marked spare are not (fest-ked's note again: the voiceprint
// hears the same man), though they take turns as well.
TEST(Speakers, TheLoneVoicesOwnTurnsMarkedSpareAreNotListed) { EXPECT_EQ(voices_with_spare_of("ked_note"), 1u); }

// Step 13c (session 28, phone28): the other person of a lone voice, grouped away, who talks as
// much or more. Here fest-ked's note, its first two thirds in two turns, is the count's one voice,
// and the whole of `second`'s note, in three turns around them with a pause on either side, is one
// 2 s voice left with no voice (unmarked): it talks about 1.5 times as much as the lone voice,
// where step 13 lists nothing (kNoPauseMostTalk). The voices after steps 13c and 13.
std::vector<voxclone::Speaker> voices_beside_a_lone_voice_talking_less(const std::string& second) {
  auto s = lone_voice_scene(second, {{1, 0}, {0, 0}, {1, 1}, {0, 1}, {1, 2}}, 0);
  s.content.speakers = {{.rank = 1, .talk_seconds = s.talk, .untrimmed_seconds = s.talk}};
  voxclone::detail::list_lone_voices_other_person(s.features, s.speech, s.voices_of_2s, s.content);
  voxclone::detail::list_voices_grouped_away(s.features, s.speech, s.voices_of_2s, s.content);
  return s.content.speakers;
}

// fest-slt (a woman) is someone else to the voiceprint: she is listed as voice 2, after the lone
// voice, each naming the other as the other half of one voice (Speaker::other_half), so the
// selection refuses rather than clone the man who talks less, whatever their talk (review,
// session 28: a tie alone could be lost). Without step 13c she is left with no voice: one voice,
// his sample.
TEST(Speakers, ALoneVoicesOtherPersonGroupedAwayWhoTalksMoreIsListedAsItsOtherHalf) {
  const auto voices = voices_beside_a_lone_voice_talking_less("slt_note");
  ASSERT_EQ(voices.size(), 2u);
  EXPECT_EQ(voices[0].rank, 1);
  EXPECT_GE(voices[1].talk_seconds, voices[0].talk_seconds) << "she talks more";
  EXPECT_EQ(voices[0].other_half, 2);
  EXPECT_EQ(voices[1].other_half, 1);
}

// ... but the lone voice's own words, grouped away and talking more, are not listed (fest-ked's
// note again: the voiceprint hears the same man).
TEST(Speakers, ALoneVoicesOwnWordsGroupedAwayAreNotListed) {
  EXPECT_EQ(voices_beside_a_lone_voice_talking_less("ked_note").size(), 1u);
}

}  // namespace

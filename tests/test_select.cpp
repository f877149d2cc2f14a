// Window selection: the most speech that fits, from the densest region, cut only in pauses,
// long pauses shortened, edges at most 0.5 s; and against the labelled fixtures, which seconds
// of the input were kept.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <random>
#include <tuple>

#include "analyse/content.hpp"
#include "select/assemble.hpp"
#include "select/voice.hpp"
#include "support/test_support.hpp"
#include "voxclone/analyse.hpp"
#include "voxclone/report.hpp"
#include "voxclone/decode.hpp"
#include "voxclone/select.hpp"

namespace {

using voxclone::ErrorCategory;
using voxclone::SelectOptions;
using voxclone::SpeechAnalysis;

SpeechAnalysis analysis_of(std::vector<std::pair<double, double>> segs, double total) {
  SpeechAnalysis a;
  a.frame_seconds = 0.02;
  a.frame_db.assign(static_cast<std::size_t>(total / 0.02), -60.0f);
  a.is_speech.assign(a.frame_db.size(), 0);
  for (auto [s, e] : segs) {
    a.segments.push_back({s, e});
    a.speech_seconds += e - s;
    for (auto f = static_cast<std::size_t>(s / 0.02); f < static_cast<std::size_t>(e / 0.02); ++f) {
      a.frame_db[f] = -20.0f;
      a.is_speech[f] = 1;
    }
  }
  return a;
}

TEST(Select, ShortInputKeepsAllItsSpeech) {
  auto a = analysis_of({{1.0, 5.0}, {5.6, 9.0}, {9.4, 13.0}}, 15.0);
  auto s = voxclone::select_window(a, 15.0, {});
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_NEAR(s->speech_seconds, 11.0, 1e-9);
  EXPECT_NEAR(s->speech_left_out_seconds, 0.0, 1e-9);
  EXPECT_NEAR(s->start_seconds, 0.7, 1e-9);  // 0.3 s of lead-in
  EXPECT_NEAR(s->end_seconds, 13.3, 1e-9);
}

TEST(Select, PrefersTheDenseRegion) {
  // Sparse: 3 s of speech every 8 s for 40 s; dense: 4 s speech / 0.5 s pause for 40 s.
  std::vector<std::pair<double, double>> segs;
  for (double t = 1; t < 40; t += 8) segs.push_back({t, t + 3});
  for (double t = 41; t + 4 < 80; t += 4.5) segs.push_back({t, t + 4});
  auto a = analysis_of(segs, 81);
  auto s = voxclone::select_window(a, 81, {});
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_GE(s->start_seconds, 40.5);
  EXPECT_LE(s->output_seconds, 30.0 + 1e-9);
  EXPECT_GE(s->speech_seconds, 24.0);
}

TEST(Select, ShortensLongPausesUnlessAskedToKeepThem) {
  auto a = analysis_of({{1, 6}, {9, 14}, {14.5, 19}}, 20);
  auto s = voxclone::select_window(a, 20, {});
  ASSERT_TRUE(s);
  EXPECT_EQ(s->pauses_shortened, 1);
  EXPECT_NEAR(s->pause_seconds_removed, 2.5, 1e-9);
  ASSERT_EQ(s->pieces.size(), 2u);
  EXPECT_NEAR(s->pieces[0].end_seconds, 6.4, 1e-9);
  EXPECT_NEAR(s->pieces[1].start_seconds, 8.9, 1e-9);
  SelectOptions keep;
  keep.keep_pauses = true;
  auto k = voxclone::select_window(a, 20, keep);
  ASSERT_TRUE(k);
  EXPECT_EQ(k->pauses_shortened, 0);
  EXPECT_EQ(k->pieces.size(), 1u);
}

TEST(Select, CutsFallOnlyInPauses) {
  std::vector<std::pair<double, double>> segs;
  for (double t = 0.5; t + 2.3 < 100; t += 3.0) segs.push_back({t, t + 2.3});
  auto a = analysis_of(segs, 100);
  auto s = voxclone::select_window(a, 100, {});
  ASSERT_TRUE(s);
  for (const auto& p : s->pieces)
    for (auto [b, e] : segs) {
      EXPECT_FALSE(p.start_seconds > b && p.start_seconds < e) << p.start_seconds;
      EXPECT_FALSE(p.end_seconds > b && p.end_seconds < e) << p.end_seconds;
    }
  EXPECT_LE(s->output_seconds, 30.0 + 1e-9);
}

TEST(Select, SpeechWithoutPausesIsCutAtItsQuietestPoint) {
  auto a = analysis_of({{0.5, 60.0}}, 61);
  a.frame_db[1200] = -50.0f;  // a dip at 24 s
  auto s = voxclone::select_window(a, 61, {});
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_GE(s->forced_cuts, 1);
  EXPECT_LE(s->output_seconds, 30.0 + 1e-9);
  EXPECT_GE(s->speech_seconds, 20.0);
}

// Speech that stands far less clear of the sound around it than the rest (the half of a
// recording under a music bed that the content model took for clean speech) is left out when
// enough clear speech exists; with too little clear speech, or --allow-music, it stays.

// `segs` over `total` seconds, standing `clear_db` clear of their surroundings before `until`
// and `unclear_db` from there on.
SpeechAnalysis clear_then_unclear(const std::vector<std::pair<double, double>>& segs, double total, double until,
                                  double clear_db, double unclear_db) {
  auto a = analysis_of(segs, total);
  for (auto& seg : a.segments) seg.local_snr_db = seg.start_seconds < until ? clear_db : unclear_db;
  return a;
}

// The default window of `a` holds at least 10 s of speech, all of it before `until`.
void expect_only_clear_speech_kept(const SpeechAnalysis& a, double total, double until) {
  auto s = voxclone::select_window(a, total, {});
  ASSERT_TRUE(s) << s.error().message;
  for (const auto& p : s->pieces) EXPECT_LE(p.end_seconds, until) << "a piece reaches the unclear speech";
  EXPECT_GE(s->speech_seconds, 10.0);
}

TEST(Select, UnclearSpeechIsLeftOutWhenEnoughClearSpeechExists) {
  // 16 s of clear speech (45 dB over its surroundings), then 24 s standing 18 dB clear: denser,
  // so the window would take it on length alone.
  std::vector<std::pair<double, double>> segs;
  for (double t = 1; t + 3 < 26; t += 5) segs.push_back({t, t + 3.2});
  for (double t = 27; t + 4 < 52; t += 4.2) segs.push_back({t, t + 4});
  const auto a = clear_then_unclear(segs, 53, 26, 45.0, 18.0);
  expect_only_clear_speech_kept(a, 53, 26.0);

  SelectOptions allow;
  allow.allow_music = true;
  auto accepted = voxclone::select_window(a, 53, allow);
  ASSERT_TRUE(accepted);
  EXPECT_GT(accepted->end_seconds, 27.0);

  // Only 6.4 s of clear speech: not enough for a sample, so the rest is not left out.
  auto t = voxclone::select_window(clear_then_unclear(segs, 53, 10, 45.0, 18.0), 53, {});
  ASSERT_TRUE(t);
  EXPECT_GT(t->end_seconds, 27.0);
}

TEST(Select, UnclearSpeechIsLeftOutOnlyWhenTheClearSpeechFillsMinClearSeconds) {
  // A voice note of syllables, an input of --combine (min_seconds 1, its own need): 3 s standing
  // 60 dB clear of its surroundings, then 3.2 s of quieter syllables at 35 dB (15 dB under the
  // clearest and under 40 dB, so "unclear"). With the guard at min_seconds the quiet syllables
  // were left out though the note held too little clear speech to fill a sample
  // (klettres_uk_syllab-03 of session 24's tune notes kept 3.6 of its 6.3 s); the combination's
  // need (min_clear_seconds, 5 s here) keeps them.
  std::vector<std::pair<double, double>> segs;
  for (double t = 0.5; t < 6; t += 2) segs.push_back({t, t + 1.0});
  for (double t = 6.5; t < 14; t += 2) segs.push_back({t, t + 0.8});
  const auto a = clear_then_unclear(segs, 15, 6, 60.0, 35.0);
  SelectOptions own;
  own.min_seconds = 1;
  auto cut = voxclone::select_window(a, 15, own);
  ASSERT_TRUE(cut) << cut.error().message;
  EXPECT_NEAR(cut->speech_seconds, 3.0, 0.05) << "with 3 s of clear speech and a 1 s guard, the quiet syllables go";

  SelectOptions combined = own;
  combined.min_clear_seconds = 5;
  auto whole = voxclone::select_window(a, 15, combined);
  ASSERT_TRUE(whole) << whole.error().message;
  EXPECT_NEAR(whole->speech_seconds, 6.2, 0.05) << "every syllable is kept";
  EXPECT_GT(whole->end_seconds, 13.0);

  // The guard met (3 s of clear speech, 2 s asked): the quiet syllables are left out again.
  combined.min_clear_seconds = 2;
  auto again = voxclone::select_window(a, 15, combined);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_NEAR(again->speech_seconds, 3.0, 0.05);
}

TEST(Select, UnclearSpeechIsLeftOutThoughTheClearPartIsUnderAThirdOfTheSpeech) {
  // 12 s of clear speech (45 dB over its surroundings), then 36 s standing 20 dB clear: the clear
  // part is a quarter of the speech, so the clearest 30 % reaches into the unclear part and was its
  // own yardstick (a bed under the last three quarters of one person's talk: nothing was unclear
  // and the whole sample was taken over the bed). The clearest 10 s are the yardstick.
  std::vector<std::pair<double, double>> segs;
  for (double t = 1; t < 12; t += 3.5) segs.push_back({t, t + 3});
  for (double t = 16; t + 4 < 54; t += 4.2) segs.push_back({t, t + 4});
  expect_only_clear_speech_kept(clear_then_unclear(segs, 55, 15, 45.0, 20.0), 55, 15.0);
}

TEST(Select, UnclearSpeechIsJudgedAgainstTheChosenRegionsOwnClearestSpeech) {
  // Outside the region, 20 s standing 60 dB clear; inside it (30-70 s), 15 s at 42 dB and 15 s
  // at 30 dB. Against the region's own clearest speech (42 dB), 30 dB is only 12 dB less clear:
  // all of it is usable. Measured against the whole file's, the 30 dB half would be left out.
  std::vector<std::pair<double, double>> segs;
  for (double t = 1; t + 4 < 27; t += 5) segs.push_back({t, t + 4});
  for (double t = 31; t + 3 < 69; t += 3.5) segs.push_back({t, t + 3});
  auto a = analysis_of(segs, 70);
  for (auto& seg : a.segments)
    seg.local_snr_db = seg.start_seconds < 28 ? 60.0 : seg.start_seconds < 50 ? 42.0 : 30.0;
  SelectOptions o;
  o.start_seconds = 30;
  o.end_seconds = 70;
  auto s = voxclone::select_window(a, 70, o);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_GT(s->end_seconds, 52.0) << "the 30 dB half of the region was left out";
}

TEST(Select, EdgesMoveToTheQuietestFrameOfTheirPause) {
  // Speech 1-5 s and 8-12 s (the 3 s pause between is shortened), 12.5-20 s. A breath fills
  // 0.62-0.78 s, where the 0.3 s lead-in would start; a word's soft tail 5.0-5.3 s, inside the
  // silence the shortened pause keeps after the words. The edges move into the quiet beside them.
  auto a = analysis_of({{1.0, 5.0}, {8.0, 12.0}, {12.5, 20.0}}, 22.0);
  a.noise_floor_dbfs = -60.0;
  for (double t = 0.62; t < 0.78; t += 0.02) a.frame_db[static_cast<std::size_t>(t / 0.02 + 0.5)] = -40.0f;
  for (double t = 5.0; t < 5.3; t += 0.02) a.frame_db[static_cast<std::size_t>(t / 0.02 + 0.5)] = -42.0f;
  auto s = voxclone::select_window(a, 22.0, {});
  ASSERT_TRUE(s) << s.error().message;
  ASSERT_EQ(s->pieces.size(), 2u);
  EXPECT_TRUE(s->pieces[0].start_seconds < 0.62 - 0.02 || s->pieces[0].start_seconds > 0.78 + 0.02)
      << "the sample starts inside the breath, at " << s->pieces[0].start_seconds;
  EXPECT_GT(s->pieces[0].start_seconds, 0.5);
  EXPECT_GE(s->pieces[0].end_seconds, 5.3 + 0.02) << "the first piece ends in the word's tail";
  // An even pause leaves the edges where the trail and the shortened pause put them.
  EXPECT_NEAR(s->pieces[1].start_seconds, 7.9, 1e-9);
  EXPECT_NEAR(s->pieces[1].end_seconds, 20.3, 1e-9);
}

// Issue 19 (cuts in pauses): a word's tail, a room's decay and a breath out last longer than
// the moment before an onset, so a shortened pause keeps 0.4 s after the words that end a
// piece and 0.1 s before the words that start the next (it was 0.25 s each, then 0.35 / 0.15).
TEST(Select, AShortenedPauseKeepsMoreOfItsSilenceAfterTheWords) {
  auto a = analysis_of({{1.0, 5.0}, {8.0, 12.0}, {14.0, 18.0}}, 20.0);
  a.noise_floor_dbfs = -60.0;
  auto s = voxclone::select_window(a, 20.0, {});
  ASSERT_TRUE(s) << s.error().message;
  ASSERT_EQ(s->pieces.size(), 3u);
  for (std::size_t p = 0; p + 1 < 3; ++p) {
    const double end = s->pieces[p].end_seconds, next = s->pieces[p + 1].start_seconds;
    const double words_end = p == 0 ? 5.0 : 12.0, words_start = p == 0 ? 8.0 : 14.0;
    EXPECT_NEAR(end - words_end, 0.4, 1e-9) << "piece " << p;
    EXPECT_NEAR(words_start - next, 0.1, 1e-9) << "piece " << p + 1;
  }
}

// Under mains hum or steady noise the pauses sit at the added sound's level, which is the
// recording's noise floor: a word's tail or a breath stands only a few dB over it. The edge is
// judged against the quietest place within its reach, not against a fixed height over the
// floor, so it leaves a tail 5 dB over the floor (before, only frames 6 dB over it moved).
TEST(Select, UnderHumAnEdgeLeavesATailStandingFewDbOverTheFloor) {
  auto a = analysis_of({{1.0, 5.0}, {8.0, 12.0}, {14.0, 18.0}}, 20.0);
  for (std::size_t f = 0; f < a.frame_db.size(); ++f)
    if (!a.is_speech[f]) a.frame_db[f] = (f % 2 ? -40.5f : -39.5f);  // the hum's ripple
  a.noise_floor_dbfs = -40.0;
  for (double t = 5.0; t < 5.42; t += 0.02) a.frame_db[static_cast<std::size_t>(t / 0.02 + 0.5)] = -35.0f;
  auto s = voxclone::select_window(a, 20.0, {});
  ASSERT_TRUE(s) << s.error().message;
  ASSERT_EQ(s->pieces.size(), 3u);
  EXPECT_GE(s->pieces[0].end_seconds, 5.42 + 0.02) << "the first piece ends in the word's tail";
  EXPECT_LE(s->pieces[0].end_seconds, 5.0 + 0.4 + 0.25 + 1e-9);
  EXPECT_LE(s->output_seconds, 30.0);
}

// When moving every edge out of a breath would make the sample too long, the moves that fit
// are still made (before, either all edges moved outwards or none did).
TEST(Select, EdgesMoveOutOfBreathsAsFarAsTheLengthAllows) {
  auto a = analysis_of({{1.0, 5.0}, {8.0, 12.0}, {15.0, 19.0}}, 22.0);
  a.noise_floor_dbfs = -60.0;
  // A breath over the silence kept after each of the first two pieces' words.
  for (double from : {5.04, 12.04})
    for (double t = from; t < from + 0.36; t += 0.02) a.frame_db[static_cast<std::size_t>(t / 0.02 + 0.5)] = -40.0f;
  SelectOptions o;
  o.max_seconds = 13.9;  // the planned pieces last 13.6 s: room for one edge to move out
  auto s = voxclone::select_window(a, 22.0, o);
  ASSERT_TRUE(s) << s.error().message;
  ASSERT_EQ(s->pieces.size(), 3u);
  EXPECT_LE(s->output_seconds, 13.9 + 1e-9);
  const bool first_out = s->pieces[0].end_seconds > 5.40 + 0.02;
  const bool second_out = s->pieces[1].end_seconds > 12.40 + 0.02;
  EXPECT_TRUE(first_out || second_out) << "both pieces end in a breath: " << s->pieces[0].end_seconds
                                       << ", " << s->pieces[1].end_seconds;
}

// Issue 19 (cuts in pauses), session 11: the sample's own first and last edges, and the edges
// beside a barrier cut out (another voice, music), step out of a word's tail or a sound before
// an onset as the edges in shortened pauses do (before, they stayed inside the 0.3 s lead and
// trail, or the silence kept beside the barrier, and cut into the tail).
TEST(Select, TheSamplesFirstAndLastEdgesStepOutOfATail) {
  auto a = analysis_of({{1.0, 12.0}}, 14.0);
  a.noise_floor_dbfs = -60.0;
  // A sound before the first word (0.6-1.0 s) and the last word's tail (12.0-12.4 s), 20 dB
  // over the pauses but under the detector's speech: the lead and trail of 0.3 s end in them.
  for (double t = 0.6; t < 1.0; t += 0.02) a.frame_db[static_cast<std::size_t>(t / 0.02 + 0.5)] = -40.0f;
  for (double t = 12.0; t < 12.4; t += 0.02) a.frame_db[static_cast<std::size_t>(t / 0.02 + 0.5)] = -40.0f;
  auto s = voxclone::select_window(a, 14.0, {});
  ASSERT_TRUE(s) << s.error().message;
  ASSERT_EQ(s->pieces.size(), 1u);
  EXPECT_LT(s->pieces[0].start_seconds, 0.6) << "the sample starts in the sound before the word";
  EXPECT_GE(s->pieces[0].start_seconds, 1.0 - 0.3 - 0.25 - 1e-9);
  EXPECT_GT(s->pieces[0].end_seconds, 12.4) << "the sample ends in the word's tail";
  EXPECT_LE(s->pieces[0].end_seconds, 12.0 + 0.3 + 0.25 + 1e-9);
}

TEST(Select, AnEdgeBesideAnotherVoiceStepsOutOfATail) {
  // Speech 1-5 s and 9.5-16 s; another voice (a barrier) 6.5-8 s between. The first piece ends
  // 0.25 s after its words, where a tail 5.0-5.4 s still sounds: it moves past the tail, and
  // never into the other voice.
  auto a = analysis_of({{1.0, 5.0}, {9.5, 16.0}}, 18.0);
  a.noise_floor_dbfs = -60.0;
  a.barriers = {{6.5, 8.0}};
  for (double t = 5.0; t < 5.4; t += 0.02) a.frame_db[static_cast<std::size_t>(t / 0.02 + 0.5)] = -40.0f;
  auto s = voxclone::select_window(a, 18.0, {});
  ASSERT_TRUE(s) << s.error().message;
  ASSERT_EQ(s->pieces.size(), 2u);
  EXPECT_EQ(s->barriers_cut_out, 1);
  EXPECT_GT(s->pieces[0].end_seconds, 5.4) << "the piece ends in the word's tail";
  EXPECT_LE(s->pieces[0].end_seconds, 5.0 + 0.25 + 0.25 + 1e-9);
  EXPECT_GE(s->pieces[1].start_seconds, 8.0);
}

// Issue 19 (cuts in pauses), session 14: under steady noise, hum or a phone line the pause's
// level is flat (a ripple of a dB or two), so no place in it is quieter than another, and a
// word's tail lies hidden under the added sound for 0.3-0.5 s. The edge after the words then
// goes where the pause is clearest of the speech on both sides (its middle, within 0.25 s of
// where it was set) while the sample has room; before, it moved outwards only to a place 0.5 dB
// quieter, which flat noise never has, and stayed in the hidden tail.
TEST(Select, InFlatNoiseAnEdgeAfterTheWordsMovesTowardsThePausesMiddle) {
  // (Session 28: pauses of 3 and 2.5 s, not 3 and 2: under steady noise a pause of 2 s or less is
  // kept whole.)
  auto a = analysis_of({{1.0, 5.0}, {8.0, 12.0}, {14.5, 18.5}}, 20.0);
  for (std::size_t f = 0; f < a.frame_db.size(); ++f)
    if (!a.is_speech[f]) a.frame_db[f] = (f % 2 ? -40.4f : -39.6f);  // the noise's ripple
  a.noise_floor_dbfs = -40.0;
  a.speech_level_dbfs = -20.0;  // the noise 20 dB under the speech: a tail 25 dB under it hides
  // The ripple rises 3.5 dB where the shortened pause's 0.4 s after the words would end the
  // piece (a place no quieter than the rest of the pause, but not within 3 dB of its quietest).
  for (double t = 5.36; t < 5.45; t += 0.02) a.frame_db[static_cast<std::size_t>(t / 0.02 + 0.5)] = -36.5f;
  auto s = voxclone::select_window(a, 20.0, {});
  ASSERT_TRUE(s) << s.error().message;
  ASSERT_EQ(s->pieces.size(), 3u);
  EXPECT_GE(s->pieces[0].end_seconds, 5.5) << "the first piece ends 0.3-0.4 s after its words, in a hidden tail";
  EXPECT_LE(s->pieces[0].end_seconds, 5.0 + 0.4 + 0.25 + 1e-9);
  EXPECT_LE(s->output_seconds, 30.0);
  // Session 29: the sample's own first and last edges move out of the hidden onset and tail too,
  // with the room left (before, they stayed at the lead and trail, 0.7 and 18.8 s).
  EXPECT_NEAR(s->pieces.front().start_seconds, 0.7 - 0.25, 0.05);
  EXPECT_NEAR(s->pieces.back().end_seconds, 18.8 + 0.25, 0.05);
}

// Issue 19 (cuts in pauses), session 23: under steady noise a word's soft tail lies under the
// noise for up to half a second, where the levels show only the noise. The edge after the words
// moves out of it towards the pause's middle (the flat-noise move above), but when the sample
// already fills max_seconds the move found no room and the edge stayed in the tail (main: 0.4 s
// after the words, in a tail of 0.5 s). The window is then chosen again with the room the moves
// need held back: a word fewer, and every edge clear of the hidden tails.
// Six words of `word` seconds with 1.5 s pauses under steady noise 20 dB below the speech, whose
// tails hide 0.5 s: the sample's every inner end lies in a pause, past its words' hidden tail.
void expect_every_end_past_a_hidden_tail(double word) {
  // Pauses of 2.5 s (1.5 s before session 28, when a pause of 2 s or less under steady noise
  // came to be kept whole); each is shortened to 0.5 s as before.
  constexpr double kGap = 2.5, kTail = 0.5;
  std::vector<std::pair<double, double>> words;
  for (int k = 0; k < 6; ++k) words.emplace_back(1.0 + k * (word + kGap), 1.0 + k * (word + kGap) + word);
  const double total = words.back().second + 2.0;
  auto a = analysis_of(words, total);
  for (std::size_t f = 0; f < a.frame_db.size(); ++f)
    if (!a.is_speech[f]) a.frame_db[f] = (f % 2 ? -40.4f : -39.6f);  // the noise's ripple
  a.noise_floor_dbfs = -40.0;
  a.speech_level_dbfs = -20.0;  // the noise 20 dB under the speech: a tail 25 dB under it hides
  auto s = voxclone::select_window(a, total, {});
  ASSERT_TRUE(s) << s.error().message;
  ASSERT_GE(s->pieces.size(), 2u);
  EXPECT_LE(s->output_seconds, 30.0 + 1e-9);
  EXPECT_GE(s->speech_seconds, 10.0);
  for (std::size_t p = 0; p + 1 < s->pieces.size(); ++p) {
    const double end = s->pieces[p].end_seconds;
    const auto w = std::find_if(words.begin(), words.end(), [&](const auto& x) { return x.second < end && end < x.second + kGap; });
    ASSERT_NE(w, words.end()) << "piece " << p << " ends at " << end << ", not in a pause";
    EXPECT_GE(end, w->second + kTail + 0.02) << "piece " << p << " ends in the hidden tail of the words ending at " << w->second;
  }
}

TEST(Select, UnderSteadyNoiseAFullSampleMakesRoomToCutOutsideAHiddenTail) {
  // Words of 5.476 s with 2.5 s pauses (each shortened to 0.5 s): five of them fill the sample
  // to 29.98 s (0.3 + 5 x 5.476 + 4 x 0.5 + 0.3), so no edge can move outwards at all.
  expect_every_end_past_a_hidden_tail(5.476);
}

// Issue 19 (cuts in pauses), session 26: the same hidden tails, in a sample with some room but
// not enough for every move out of them. The moves that fit took the room, and the window was
// chosen again with only the seconds of the moves left over held back: the plan already fit
// within that, nothing changed, and the edges left over stayed in their tails (main: one end
// 0.4 s after its words, in a 0.5 s tail). The room held back is now every move's.
TEST(Select, UnderSteadyNoiseASampleWithSomeRoomMakesRoomForEveryMoveOutOfAHiddenTail) {
  // Five words of 5.26 s with 2.5 s pauses (each shortened to 0.5 s) fill 28.9 s: 1.1 s of room
  // for the 2 s the eight inner edges' moves (0.25 s each) need.
  expect_every_end_past_a_hidden_tail(5.26);
}

// Issue 19 (cuts in pauses), session 23: a barrier is known to its 0.4 s block, and the sound it
// stands for (another voice's first words, a room's tail) may begin before the block does. An
// edge beside it keeps its distance from the sound the levels show, not from the block's edge:
// before, the edge went as far from the words as the quiet allowed, 40 ms from the sound.
TEST(Select, AnEdgeKeepsClearOfSoundBeforeABarriersBlock) {
  auto a = analysis_of({{1.0, 5.0}, {9.5, 16.0}}, 18.0);
  for (std::size_t f = 0; f < a.frame_db.size(); ++f)
    if (!a.is_speech[f]) a.frame_db[f] = (f % 2 ? -40.4f : -39.6f);  // the noise's ripple
  a.noise_floor_dbfs = -40.0;
  a.speech_level_dbfs = -20.0;
  a.barriers = {{6.0, 8.0}};
  constexpr double kSoundFrom = 5.46;  // the barrier's sound, 10 dB over the noise
  for (double t = kSoundFrom; t < 6.0; t += 0.02) a.frame_db[static_cast<std::size_t>(t / 0.02 + 0.5)] = -30.0f;
  auto s = voxclone::select_window(a, 18.0, {});
  ASSERT_TRUE(s) << s.error().message;
  ASSERT_EQ(s->pieces.size(), 2u);
  EXPECT_LE(s->pieces[0].end_seconds, kSoundFrom - 0.1) << "the piece ends beside the barrier's sound";
  EXPECT_GE(s->pieces[0].end_seconds, 5.0 + 0.1) << "the piece ends beside its words";
}

// Issue 19 (cuts in pauses), session 26: the flat-noise move (session 14) is taken only where it
// leaves the edge clearer of the speech either side, and that was measured from the detector's
// segment while the edge's place (settle_edge) is chosen by where the speech's own sound ends.
// Here the words' sound runs on 0.12 s past their segment (10 dB over the noise), and a barrier's
// block starts 0.64 s after the segment: the move to the middle of the quiet (0.26 s from both)
// looked no clearer than the planned edge 0.25 s after the segment, so the edge stayed 0.13 s
// after the sound, in the tail the noise hides. Measured from the sound the move is taken.
TEST(Select, UnderSteadyNoiseAnEdgeMovesClearOfTheSoundPastTheDetectorsSegment) {
  auto a = analysis_of({{1.0, 5.0}, {7.5, 14.0}}, 16.0);
  for (std::size_t f = 0; f < a.frame_db.size(); ++f)
    if (!a.is_speech[f]) a.frame_db[f] = (f % 2 ? -40.4f : -39.6f);  // the noise's ripple
  a.noise_floor_dbfs = -40.0;
  a.speech_level_dbfs = -20.0;
  a.barriers = {{5.64, 7.0}};
  // (Session 29: the barrier's sound fills its block; an edge may enter a block's quiet start.)
  for (double t = 5.64; t < 7.0; t += 0.02) a.frame_db[static_cast<std::size_t>(t / 0.02 + 0.5)] = -30.0f;
  constexpr double kSoundTo = 5.12;  // the words' sound past their segment
  for (double t = 5.0; t < kSoundTo; t += 0.02) a.frame_db[static_cast<std::size_t>(t / 0.02 + 0.5)] = -30.0f;
  auto s = voxclone::select_window(a, 16.0, {});
  ASSERT_TRUE(s) << s.error().message;
  ASSERT_EQ(s->pieces.size(), 2u);
  EXPECT_GE(s->pieces[0].end_seconds, kSoundTo + 0.2) << "the piece ends in the words' hidden tail";
  EXPECT_LE(s->pieces[0].end_seconds, 5.64 - 0.2) << "the piece ends beside the barrier";
}

// Issue 19 (cuts in pauses), session 29: under steady noise the content model marks words it
// cannot tell from the noise as "other", on its 0.4 s grid, so a barrier's block may begin up to a
// block before its sound does, while the kept word's tail runs on hidden past the detector's
// segment towards it (a tune noise scene: the edge 0.16 s short of the pause). Here the words end
// at 5.9 s by the detector, the block begins at 6.4 s and its sound at 6.74 s: the edge goes into
// the block's quiet start, clear of its sound, not 0.25 s after the segment where it stayed before.
TEST(Select, UnderSteadyNoiseAnEdgeBeforeABarrierGoesIntoTheBlocksQuietStart) {
  auto a = analysis_of({{1.0, 5.9}, {8.0, 13.0}}, 14.0);
  for (std::size_t f = 0; f < a.frame_db.size(); ++f)
    if (!a.is_speech[f]) a.frame_db[f] = (f % 2 ? -40.4f : -39.6f);  // the noise's ripple
  a.noise_floor_dbfs = -40.0;
  a.speech_level_dbfs = -20.0;
  a.barriers = {{6.4, 7.6}};
  constexpr double kBarrierSoundFrom = 6.74;  // the words the model called "other"
  for (double t = kBarrierSoundFrom; t < 7.6; t += 0.02) a.frame_db[static_cast<std::size_t>(t / 0.02 + 0.5)] = -22.0f;
  auto s = voxclone::select_window(a, 14.0, {.min_seconds = 3.0});
  ASSERT_TRUE(s) << s.error().message;
  ASSERT_EQ(s->pieces.size(), 2u);
  EXPECT_GE(s->pieces[0].end_seconds, 6.25) << "the piece ends in the words' hidden tail";
  EXPECT_LE(s->pieces[0].end_seconds, kBarrierSoundFrom - 0.1) << "the piece ends in the barrier's sound";
  // In a clean recording the tail shows: the edge keeps to the pause before the block as before.
  for (std::size_t f = 0; f < a.frame_db.size(); ++f)
    if (!a.is_speech[f] && a.frame_db[f] < -30.0f) a.frame_db[f] = -60.0f;
  a.noise_floor_dbfs = -60.0;
  auto clean = voxclone::select_window(a, 14.0, {.min_seconds = 3.0});
  ASSERT_TRUE(clean) << clean.error().message;
  ASSERT_EQ(clean->pieces.size(), 2u);
  EXPECT_LE(clean->pieces[0].end_seconds, 6.4);
}

// ... and the sample's own first and last edges take the flat-noise move too, with the room the
// sample has left (a tune noise scene's first syllable began 0.10 s before the 0.3 s lead). Here
// the words start at 2 s: the sample starts 0.25 s further out under the noise, at the lead in
// a clean recording.
TEST(Select, UnderSteadyNoiseTheSamplesFirstEdgeMovesOutOfAHiddenOnset) {
  auto a = analysis_of({{2.0, 12.0}}, 14.0);
  auto clean = voxclone::select_window(a, 14.0, {.min_seconds = 3.0});
  ASSERT_TRUE(clean) << clean.error().message;
  EXPECT_NEAR(clean->start_seconds, 1.7, 1e-9);
  for (std::size_t f = 0; f < a.frame_db.size(); ++f)
    if (!a.is_speech[f]) a.frame_db[f] = (f % 2 ? -40.4f : -39.6f);  // the noise's ripple
  a.noise_floor_dbfs = -40.0;
  a.speech_level_dbfs = -20.0;
  auto s = voxclone::select_window(a, 14.0, {.min_seconds = 3.0});
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_LE(s->start_seconds, 1.7 - 0.2) << "the sample starts in the words' hidden onset";
  EXPECT_GE(s->start_seconds, 1.7 - 0.25 - 0.02);  // kEdgeSnapSeconds
  EXPECT_GE(s->end_seconds, 12.3 + 0.2) << "the sample ends in the words' hidden tail";
}

// Issue 19 (cuts in pauses), session 28: under steady noise the words' tails and onsets lie hidden
// for up to 0.3-0.4 s either side of the detected speech, and a pause barely longer than
// long_pause_seconds, shortened, put its two edges 0.1 s apart in its middle, one of them in a
// word's hidden onset (a tune noise scene). Such a pause holds only the noise: it is kept whole,
// so nothing is cut there; in a clean recording the same pause is shortened as before.
TEST(Select, UnderSteadyNoiseAPauseBarelyLongerThanALongPauseIsKeptWhole) {
  auto a = analysis_of({{1.0, 7.0}, {8.2, 14.0}}, 16.0);  // a 1.2 s pause
  auto clean = voxclone::select_window(a, 16.0, {});
  ASSERT_TRUE(clean) << clean.error().message;
  EXPECT_EQ(clean->pieces.size(), 2u) << "a clean recording's 1.2 s pause is shortened";
  for (std::size_t f = 0; f < a.frame_db.size(); ++f)
    if (!a.is_speech[f]) a.frame_db[f] = (f % 2 ? -40.4f : -39.6f);  // the noise's ripple
  a.noise_floor_dbfs = -40.0;
  a.speech_level_dbfs = -20.0;  // the noise 20 dB under the speech
  auto s = voxclone::select_window(a, 16.0, {});
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->pieces.size(), 1u) << "the pause under the noise is cut at " << s->pieces[0].end_seconds;
  EXPECT_EQ(s->pauses_shortened, 0);
  EXPECT_NEAR(s->speech_seconds, 11.8, 1e-9);
}

// ... and where the pauses kept whole leave a window with less than a sample's worth of speech,
// the pauses are shortened as before rather than the recording refused (two tune noise scenes of
// about 10.5 s of speech in 30 s).
TEST(Select, UnderSteadyNoisePausesAreShortenedWhereWholeOnesLeaveTooLittleSpeech) {
  std::vector<std::pair<double, double>> words;  // 0.6 s words with 1.5 s pauses for 84 s
  for (int k = 0; k < 40; ++k) words.emplace_back(1.0 + k * 2.1, 1.6 + k * 2.1);
  auto a = analysis_of(words, 86.0);
  for (std::size_t f = 0; f < a.frame_db.size(); ++f)
    if (!a.is_speech[f]) a.frame_db[f] = (f % 2 ? -40.4f : -39.6f);
  a.noise_floor_dbfs = -40.0;
  a.speech_level_dbfs = -20.0;
  auto s = voxclone::select_window(a, 86.0, {});
  ASSERT_TRUE(s) << s.error().message;  // 30 s of whole pauses hold 8.4 s of words
  EXPECT_GE(s->speech_seconds, 10.0);
  EXPECT_GT(s->pauses_shortened, 0);
  EXPECT_LE(s->output_seconds, 30.0 + 1e-9);
}

// Issue 19 (cuts in pauses), session 16: under steady noise a word's low thump (a plosive's or a
// microphone's pop, under 100 Hz) or a fricative's hiss over 4 kHz sounds well over the noise in
// the whole band while the detector's 100 Hz-4 kHz levels show only the noise. Read around the
// edges, the whole band keeps an edge out of it. Here the pause 5-8 s is flat noise to the
// detector, and the edge after the words would go up to 0.25 s further into it (the flat-noise
// move of session 14), into a 12 Hz thump 15 dB over the noise from 5.45 to 5.75 s: it stays
// before the thump instead.
TEST(Select, AnEdgeStaysOutOfALowThumpTheDetectorsBandDoesNotShow) {
  // (Session 28: the second pause 2.5 s, not 2: under steady noise a pause of 2 s is kept whole.)
  auto a = analysis_of({{1.0, 5.0}, {8.0, 12.0}, {14.5, 18.5}}, 20.0);
  for (std::size_t f = 0; f < a.frame_db.size(); ++f)
    if (!a.is_speech[f]) a.frame_db[f] = (f % 2 ? -40.4f : -39.6f);  // the noise's ripple
  a.noise_floor_dbfs = -40.0;
  a.speech_level_dbfs = -20.0;
  constexpr int kRate = 24000;
  std::vector<float> audio(static_cast<std::size_t>(20.0 * kRate));
  std::mt19937 rng(7);
  std::normal_distribution<float> noise(0.0f, 0.01f);  // -40 dBFS
  for (auto& x : audio) x = noise(rng);
  constexpr double kThumpFrom = 5.45, kThumpTo = 5.75;
  for (auto k = static_cast<std::size_t>(kThumpFrom * kRate); k < static_cast<std::size_t>(kThumpTo * kRate); ++k)
    audio[k] += static_cast<float>(0.08 * std::sin(2 * M_PI * 12.0 * static_cast<double>(k) / kRate));  // +15 dB
  const voxclone::detail::EdgeAudio heard{kRate, audio.size(), [&](std::size_t start, std::size_t count, std::vector<float>& out) -> voxclone::Result<void> {
    out.insert(out.end(), audio.begin() + static_cast<std::ptrdiff_t>(start), audio.begin() + static_cast<std::ptrdiff_t>(start + count));
    return {};
  }};
  auto s = voxclone::detail::select_window(a, 20.0, {}, heard);
  ASSERT_TRUE(s) << s.error().message;
  ASSERT_EQ(s->pieces.size(), 3u);
  // The cut's 20 ms either side lie clear of the thump, and the words' 0.4 s of pause stay.
  EXPECT_LE(s->pieces[0].end_seconds, kThumpFrom - 0.02) << "the piece ends inside the thump";
  EXPECT_GE(s->pieces[0].end_seconds, 5.0 + 0.4 - 1e-9);
  // Without the audio the same edge goes into the thump (the detector's levels alone).
  auto plain = voxclone::select_window(a, 20.0, {});
  ASSERT_TRUE(plain) << plain.error().message;
  EXPECT_GT(plain->pieces[0].end_seconds, kThumpFrom);
  // The other edges, in plain noise, are where the detector's levels put them.
  for (std::size_t p = 1; p < 3; ++p) {
    EXPECT_NEAR(s->pieces[p].start_seconds, plain->pieces[p].start_seconds, 1e-9);
    EXPECT_NEAR(s->pieces[p].end_seconds, plain->pieces[p].end_seconds, 1e-9);
  }
}

TEST(Select, TooLittleSpeechSaysHowMuch) {
  auto a = analysis_of({{1.0, 4.1}, {5.0, 8.1}}, 10);
  auto s = voxclone::select_window(a, 10, {});
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().category, ErrorCategory::too_little_speech);
  EXPECT_EQ(s.error().message, "found 6.2 s of speech; the clone endpoint needs at least 10 s");
}

// 9.98 s is short of 10 and must read so, not "found 10.0 s ... needs at least 10 s".
TEST(Select, SpeechJustShortOfTheMinimumReadsShortOfIt) {
  auto a = analysis_of({{1.0, 5.98}, {7.0, 12.0}}, 14);
  auto s = voxclone::select_window(a, 14, {});
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().category, ErrorCategory::too_little_speech);
  EXPECT_EQ(s.error().message, "found 9.9 s of speech; the clone endpoint needs at least 10 s");
}

TEST(Select, NoSpeech) {
  auto a = analysis_of({}, 10);
  auto s = voxclone::select_window(a, 10, {});
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().category, ErrorCategory::no_speech);
}

TEST(Select, ForcedRegionIsRespected) {
  std::vector<std::pair<double, double>> segs;
  for (double t = 0.5; t + 2.3 < 100; t += 3.0) segs.push_back({t, t + 2.3});
  auto a = analysis_of(segs, 100);
  SelectOptions o;
  o.start_seconds = 50;
  o.end_seconds = 70;
  auto s = voxclone::select_window(a, 100, o);
  ASSERT_TRUE(s);
  EXPECT_GE(s->start_seconds, 50.0);
  EXPECT_LE(s->end_seconds, 70.0);
}

// Against real audio: which seconds of speech_long were kept.
TEST(SelectFixture, LongRecordingKeepsTheDensePartCutInPauses) {
  auto d = voxclone::decode(voxclone::InputSource::file(vt::data("speech_long.flac")));
  ASSERT_TRUE(d);
  const auto truth = vt::labels("speech_long");
  const auto a = voxclone::detect_speech(d->audio);
  auto s = voxclone::select_window(a, d->audio.duration_seconds(), {});
  ASSERT_TRUE(s) << s.error().message;
  // The labels' own best window (the same rule applied to the truth) is the reference.
  std::vector<std::pair<double, double>> segs;
  for (const auto& l : truth) segs.push_back({l.start, l.end});
  auto ideal = voxclone::select_window(analysis_of(segs, d->audio.duration_seconds()),
                                       d->audio.duration_seconds(), {});
  ASSERT_TRUE(ideal);
  EXPECT_NEAR(s->start_seconds, ideal->start_seconds, 0.5);
  EXPECT_NEAR(s->end_seconds, ideal->end_seconds, 0.5);
  EXPECT_GE(s->speech_seconds, 0.95 * ideal->speech_seconds);
  // The dense part starts after the fourth sentence: the window must not reach back into the
  // sparse part's 3 s pauses.
  EXPECT_GT(s->start_seconds, truth[3].end);
  for (const auto& p : s->pieces) {
    EXPECT_FALSE(vt::inside_speech(truth, p.start_seconds)) << "cut at " << p.start_seconds;
    EXPECT_FALSE(vt::inside_speech(truth, p.end_seconds)) << "cut at " << p.end_seconds;
  }
  // Leading and trailing silence at most 0.5 s.
  double first = 1e9, last = -1;
  for (const auto& l : truth) {
    if (l.end > s->start_seconds && l.start < s->end_seconds) {
      first = std::min(first, l.start);
      last = std::max(last, l.end);
    }
  }
  EXPECT_LE(first - s->start_seconds, 0.5);
  EXPECT_LE(s->end_seconds - last, 0.5);
  EXPECT_GE(s->pauses_shortened, 1);
  EXPECT_LE(s->output_seconds, 30.0 + 1e-6);
}

// 13 s of content: speech from 0.8 to 12.0 s, speaker 1's but for speaker 2 at 6.4-7.2 s.
voxclone::ContentAnalysis speaker_two_from_6_4_to_7_2() {
  voxclone::ContentAnalysis c;
  const auto blocks = static_cast<std::size_t>(13.0 / c.block_seconds);
  c.blocks.assign(blocks, voxclone::ContentKind::silence);
  c.block_speakers.assign(blocks, 0);
  c.block_quality.assign(blocks, 1.0f);
  for (std::size_t b = 2; b < 30; ++b) {
    c.blocks[b] = voxclone::ContentKind::speech;
    c.block_speakers[b] = b >= 16 && b < 18 ? 2 : 1;
  }
  c.speakers = {{1, 10.0, 1.0, 120.0}, {2, 0.8, 6.4, 200.0}};
  return c;
}

// A change of voice inside a run of speech with no pause the energy detector would call one (its
// gaps are 0.12 s, bridged): the cut falls in the last dip before the other voice, at the 20 ms
// frames' resolution, never on the 0.4 s block grid, and speech with no dip between it and the
// other voice is left out rather than cut inside a word.
TEST(Select, CutsBesideAnotherVoiceFallInAPauseNotOnTheBlockGrid) {
  auto a = analysis_of({{1.0, 12.0}}, 13.0);
  for (double dip : {3.0, 5.5, 9.3})
    for (auto f = static_cast<std::size_t>(std::lround(dip / 0.02)); f < static_cast<std::size_t>(std::lround((dip + 0.12) / 0.02)); ++f)
      a.frame_db[f] = -62.0f;
  const voxclone::SelectOptions o{.min_seconds = 3.0};
  auto kept = voxclone::keep_one_voice(a, speaker_two_from_6_4_to_7_2(), 13.0, o);
  ASSERT_TRUE(kept && !kept->segments.empty()) << (kept ? "no speech kept" : kept.error().message);
  // Speaker 1's speech before the other voice ends where the dip at 5.5 s begins ...
  EXPECT_NEAR(kept->segments.front().end_seconds, 5.5, 1e-6);
  // ... and after it, begins where the dip at 9.3 s ends (7.2-9.3 s has no pause: left out).
  ASSERT_EQ(kept->segments.size(), 2u);
  EXPECT_NEAR(kept->segments.back().start_seconds, 9.42, 1e-6);
  auto s = voxclone::select_window(*kept, 13.0, o);
  ASSERT_TRUE(s) << s.error().message;
  for (const auto& p : s->pieces)
    for (double t : {p.start_seconds, p.end_seconds}) {
      const auto f = std::min(a.frame_db.size() - 1, static_cast<std::size_t>(t / 0.02));
      EXPECT_LT(a.frame_db[f], -40.0f) << "a cut at " << t << " s falls inside speech";
    }
}

// Issue 19 (cuts in pauses), session 12: where speech is cut back to a pause before another
// voice, the whole pause is the kept piece's room, and its edge settles in the pause's middle.
// Here the kept words' soft tail (25 dB under them, in the pause by the detector's measure)
// fills 5.5-5.7 s of the pause 5.5-5.9 s before the other voice: the edge goes past it. Before,
// the barrier began at the pause's centre (5.7 s), the piece's room ended there, and the edge
// settled in the tail (at 5.59 s).
TEST(Select, AnEdgeBeforeAnotherVoiceSettlesInTheWholePause) {
  auto a = analysis_of({{1.0, 12.0}}, 13.0);
  for (auto f = static_cast<std::size_t>(std::lround(5.5 / 0.02)); f < static_cast<std::size_t>(std::lround(5.9 / 0.02)); ++f)
    a.frame_db[f] = f < static_cast<std::size_t>(std::lround(5.7 / 0.02)) ? -45.0f : -62.0f;
  const voxclone::SelectOptions o{.min_seconds = 3.0};
  auto kept = voxclone::keep_one_voice(a, speaker_two_from_6_4_to_7_2(), 13.0, o);
  ASSERT_TRUE(kept && !kept->segments.empty()) << (kept ? "no speech kept" : kept.error().message);
  EXPECT_NEAR(kept->segments.front().end_seconds, 5.5, 1e-6);
  auto s = voxclone::select_window(*kept, 13.0, o);
  ASSERT_TRUE(s) << s.error().message;
  ASSERT_FALSE(s->pieces.empty());  // 7.6-12.0 s has no pause after the other voice: left out
  EXPECT_GE(s->pieces[0].end_seconds, 5.7 + 0.02) << "the piece ends in the words' tail";
  EXPECT_LE(s->pieces[0].end_seconds, 5.9 - 0.02) << "the piece ends at the other voice";
}

// 15 s of blocks, silent but where `said` gives a stretch of speech and its voice (0: none).
voxclone::ContentAnalysis content_of_15_s(std::initializer_list<std::tuple<double, double, int>> said) {
  voxclone::ContentAnalysis c;
  const auto blocks = static_cast<std::size_t>(15.0 / c.block_seconds);
  c.blocks.assign(blocks, voxclone::ContentKind::silence);
  c.block_speakers.assign(blocks, 0);
  c.block_quality.assign(blocks, 1.0f);
  for (const auto& [from, to, who] : said)
    for (auto b = static_cast<std::size_t>(std::lround(from / c.block_seconds));
         b < static_cast<std::size_t>(std::lround(to / c.block_seconds)); ++b) {
      c.blocks[b] = voxclone::ContentKind::speech;
      c.block_speakers[b] = who;
    }
  return c;
}

// Issue 19 (speakers), session 13: a refusal names the other voices' talk as the speaker list
// (`check`) gives it, and the speech told to no voice apart. Speaker 1 speaks 0.8-4.4 s and
// 6.0-8.0 s (5.6 s: too little), speaker 2 4.8-5.6 s and 8.4-11.6 s; 12.0-14.0 s is speech no
// voice was told for. Before, the message said "1 other voice speaks 6 s": speaker 2's blocks
// and the unassigned ones together, beside a list giving speaker 2 4 s.
TEST(Select, ARefusalGivesTheOtherVoicesTalkAsTheSpeakerListDoes) {
  auto a = analysis_of({{0.8, 4.4}, {4.8, 5.6}, {6.0, 8.0}, {8.4, 11.6}, {12.0, 14.0}}, 15.0);
  auto c = content_of_15_s({{0.8, 4.4, 1}, {4.8, 5.6, 2}, {6.0, 8.0, 1}, {8.4, 11.6, 2}, {12.0, 14.0, 0}});
  c.speakers = {{1, 5.6, 0.8, 120.0}, {2, 4.0, 4.8, 125.0}};
  auto kept = voxclone::keep_one_voice(a, c, 15.0, {});
  ASSERT_FALSE(kept);
  EXPECT_EQ(kept.error().category, ErrorCategory::too_little_speech);
  EXPECT_NE(kept.error().message.find("by speaker 1"), std::string::npos) << kept.error().message;
  EXPECT_NE(kept.error().message.find("1 other voice speaks 4 s"), std::string::npos) << kept.error().message;
  EXPECT_NE(kept.error().message.find("2 s more speech could not be told to one voice"), std::string::npos)
      << kept.error().message;
}

// Issue 19 (speakers), session 24: with one voice listed, a refusal still names the speech told
// to no voice (step 11 of the speaker analysis can leave a one-person recording's words without a
// voice). Speaker 1 speaks 0.8-4.4 s and 6.0-8.0 s (5.6 s: too little); 8.4-11.6 s has no voice.
TEST(Select, ARefusalOfALoneVoiceNamesTheSpeechToldToNoVoice) {
  auto a = analysis_of({{0.8, 4.4}, {6.0, 8.0}, {8.4, 11.6}}, 15.0);
  auto c = content_of_15_s({{0.8, 4.4, 1}, {6.0, 8.0, 1}, {8.4, 11.6, 0}});
  c.speakers = {{1, 5.6, 0.8, 120.0}};
  auto kept = voxclone::keep_one_voice(a, c, 15.0, {});
  ASSERT_FALSE(kept);
  EXPECT_EQ(kept.error().category, ErrorCategory::too_little_speech);
  EXPECT_EQ(kept.error().message.find("other voice"), std::string::npos) << kept.error().message;
  EXPECT_NE(kept.error().message.find("3 s more speech could not be told to this voice"), std::string::npos)
      << kept.error().message;
}

// ... and speech it took as its spare (analyse/speakers.cpp, step 10) is not named as told to no
// voice: 8.4-11.6 s is the lone voice's spare, taken (5.6 + 3.2 s: still too little), 12.0-14.0 s
// has no voice. Before (review, session 24) the message said "5 s more speech could not be told".
TEST(Select, ARefusalDoesNotNameTheSpareSpeechItTookAsToldToNoVoice) {
  auto a = analysis_of({{0.8, 4.4}, {6.0, 8.0}, {8.4, 11.6}, {12.0, 14.0}}, 15.0);
  auto c = content_of_15_s({{0.8, 4.4, 1}, {6.0, 8.0, 1}, {8.4, 11.6, 0}, {12.0, 14.0, 0}});
  c.block_doubtful.assign(c.blocks.size(), 0);
  for (auto b = static_cast<std::size_t>(std::lround(8.4 / c.block_seconds)); b < static_cast<std::size_t>(std::lround(11.6 / c.block_seconds)); ++b)
    c.block_doubtful[b] = voxclone::detail::kSpareOfLoneVoice;
  c.speakers = {{1, 5.6, 0.8, 120.0}};
  auto kept = voxclone::keep_one_voice(a, c, 15.0, {});
  ASSERT_FALSE(kept);
  EXPECT_EQ(kept.error().category, ErrorCategory::too_little_speech);
  EXPECT_NE(kept.error().message.find("found 8."), std::string::npos) << kept.error().message;
  EXPECT_NE(kept.error().message.find("2 s more speech could not be told to this voice"), std::string::npos)
      << kept.error().message;
}

// Issue 19 (one voice, the right person; edges in pauses), session 25: where a turn changes on a
// phone line, the voice's run of blocks goes on into the other person's reply, and a lone block of
// the voice inside someone else's talk is their word. Speaker 1 speaks 0.8-6.0 s: three words and
// a reply at 5.35-5.95 s (the other person's, in speaker 1's last block), then a block of
// silence and speaker 2 from 6.4 s; at 10.0-10.4 s one block of speaker 1 a block of silence
// before 10.8-12.0 s of speech told to no voice. The reply and the island are left out, and the
// kept speech ends in the pause before the reply (5.0 s), not on the block grid. Before, both
// were kept: the reply is a block of silence away from speaker 2 and the island from the
// unvoiced speech, so neither was beside another voice.
TEST(Select, AReplyAtATurnEdgeAndAVoicesIslandAreLeftOut) {
  auto a = analysis_of({{0.85, 2.0}, {2.4, 3.6}, {4.0, 5.0}, {5.35, 5.95}, {6.45, 7.95}, {10.05, 10.35}, {10.85, 11.95}}, 15.0);
  auto c = content_of_15_s({{0.8, 6.0, 1}, {6.4, 8.0, 2}, {10.0, 10.4, 1}, {10.8, 12.0, 0}});
  c.speakers = {{1, 5.6, 0.8, 120.0}, {2, 1.6, 6.4, 125.0}};
  auto kept = voxclone::keep_one_voice(a, c, 15.0, {.min_seconds = 3.0});
  ASSERT_TRUE(kept) << kept.error().message;
  ASSERT_FALSE(kept->segments.empty());
  for (const auto& seg : kept->segments) {
    EXPECT_LE(seg.end_seconds, 5.0 + 1e-6) << "kept " << seg.start_seconds << "-" << seg.end_seconds << " s";
    EXPECT_TRUE(seg.end_seconds <= 10.0 || seg.start_seconds >= 10.4)
        << "the island kept: " << seg.start_seconds << "-" << seg.end_seconds << " s";
  }
  EXPECT_NEAR(kept->segments.back().end_seconds, 5.0, 1e-6);
  // ... while the voice keeps a sample without them; short of one, it keeps them (a refusal for
  // the other's word would cost more): with 4 s needed, the reply and the island come back.
  auto whole = voxclone::keep_one_voice(a, c, 15.0, {.min_seconds = 4.0});
  ASSERT_TRUE(whole) << whole.error().message;
  EXPECT_NEAR(whole->segments.back().end_seconds, 10.35, 1e-6);
}

// ... and so with a doubtful block elsewhere in the recording (a speaker's block analyse/speakers.cpp
// step 7 doubted): the fallback that takes the doubtful blocks back when the voice falls under
// kSpareDoubtfulSeconds had taken the reply and the island back too (review, session 25).
TEST(Select, ADoubtfulBlockElsewhereLeavesTheTurnEdgesOut) {
  auto a = analysis_of({{0.85, 2.0}, {2.4, 3.6}, {4.0, 5.0}, {5.35, 5.95}, {6.45, 7.95}, {10.05, 10.35}, {10.85, 11.95}}, 15.0);
  auto c = content_of_15_s({{0.8, 6.0, 1}, {6.4, 8.0, 2}, {10.0, 10.4, 1}, {10.8, 12.0, 0}});
  c.speakers = {{1, 5.6, 0.8, 120.0}, {2, 1.6, 6.4, 125.0}};
  c.block_doubtful.assign(c.blocks.size(), 0);
  c.block_doubtful[2] = voxclone::detail::kDoubtfulBlock;
  auto kept = voxclone::keep_one_voice(a, c, 15.0, {.min_seconds = 3.0});
  ASSERT_TRUE(kept) << kept.error().message;
  ASSERT_FALSE(kept->segments.empty());
  EXPECT_NEAR(kept->segments.back().end_seconds, 5.0, 1e-6);
}

// Session 25 (cnt25): a voice the count listed from speech told to no voice (analyse/speakers.cpp,
// step 13: kListedFromNoVoice on its blocks) is that speech still for the selection, so it makes no
// turn edge: the scene above with speaker 2 such a voice keeps the reply, as it kept it when those
// blocks had no voice. Without the mark's test in turn_edge_blocks, the reply is left out (the
// kept speech ends at 5.0 s).
TEST(Select, AVoiceListedFromSpeechToldToNoVoiceMakesNoTurnEdge) {
  auto a = analysis_of({{0.85, 2.0}, {2.4, 3.6}, {4.0, 5.0}, {5.35, 5.95}, {6.45, 7.95}, {10.05, 10.35}, {10.85, 11.95}}, 15.0);
  auto c = content_of_15_s({{0.8, 6.0, 1}, {6.4, 8.0, 2}, {10.0, 10.4, 1}, {10.8, 12.0, 0}});
  c.speakers = {{1, 5.6, 0.8, 120.0}, {2, 1.6, 6.4, 125.0}};
  c.block_doubtful.assign(c.blocks.size(), 0);
  for (std::size_t b = 16; b < 20; ++b) c.block_doubtful[b] = voxclone::detail::kListedFromNoVoice;
  auto kept = voxclone::keep_one_voice(a, c, 15.0, {.min_seconds = 3.0});
  ASSERT_TRUE(kept) << kept.error().message;
  bool reply = false;
  for (const auto& seg : kept->segments) reply = reply || (seg.start_seconds <= 5.5 && seg.end_seconds >= 5.9);
  EXPECT_TRUE(reply) << "the reply at 5.35-5.95 s was left out: the listed voice made a turn edge";
}

// The refusal of a voice split by its turns sends the user to `check`: the report names each
// half's other half, in the text and in --json (null for a voice that is not a half).
TEST(Select, TheReportNamesTheHalvesOfAVoiceSplitByItsTurns) {
  voxclone::PrepReport r;
  r.input_name = "two.wav";
  r.content = content_of_15_s({{0.8, 4.4, 1}, {4.8, 8.0, 2}, {8.4, 11.6, 3}});
  r.content->speakers = {{.rank = 1, .talk_seconds = 3.6, .other_half = 3},
                         {.rank = 2, .talk_seconds = 3.2},
                         {.rank = 3, .talk_seconds = 3.2, .other_half = 1}};
  const auto j = nlohmann::json::parse(voxclone::to_json(r));
  const auto& voices = j["content"]["speakers"];
  ASSERT_EQ(voices.size(), 3u);
  EXPECT_EQ(voices[0]["other_half"], 3);
  EXPECT_TRUE(voices[1]["other_half"].is_null());
  EXPECT_EQ(voices[2]["other_half"], 1);
  const std::string text = voxclone::to_text(r);
  EXPECT_NE(text.find("1: 4 s from 0:00.0, ~0 Hz (heard as one voice with 3)"), std::string::npos) << text;
  EXPECT_NE(text.find("(heard as one voice with 1)"), std::string::npos) << text;
}

// Issue 19 (speakers), session 22: two voices taking turns of 3.6 s with 0.4 s pauses, 48 s in
// all, so each holds 21.6 s of blocks; the speaker list gives voice 1 `first` s of talk and voice
// 2 `second` s, and voice 1 `first_untrimmed` before the analysis left part of it out.
struct TwoVoices {
  SpeechAnalysis speech;
  voxclone::ContentAnalysis content;
};

TwoVoices two_voices_talking(double first, double second, double first_untrimmed) {
  TwoVoices t;
  voxclone::ContentAnalysis& c = t.content;
  const auto blocks = static_cast<std::size_t>(48.0 / c.block_seconds);
  c.blocks.assign(blocks, voxclone::ContentKind::silence);
  c.block_speakers.assign(blocks, 0);
  c.block_quality.assign(blocks, 1.0f);
  std::vector<std::pair<double, double>> segs;
  int who = 1;
  for (std::size_t b = 1; b + 9 <= blocks; b += 10, who = 3 - who) {  // 9 blocks of speech, 1 of pause
    segs.emplace_back(static_cast<double>(b) * 0.4 + 0.05, static_cast<double>(b + 9) * 0.4 - 0.05);
    for (std::size_t k = b; k < b + 9; ++k) {
      c.blocks[k] = voxclone::ContentKind::speech;
      c.block_speakers[k] = who;
    }
  }
  c.speakers = {{1, first, 0.4, 120.0, first_untrimmed}, {2, second, 4.4, 210.0, 0.0}};
  t.speech = analysis_of(segs, 48.0);
  return t;
}

// When the next voice talks about as much as voice 1 (within kTieShare, 0.87, select/voice.cpp),
// the voice to clone cannot be told and the recording is refused, both talks named (real-voice
// tune: voice 1 was wholly the wrong person in 3 such scenes, 0.92-1.05). Before, voice 1 was
// kept, whoever it was.
TEST(Select, TwoVoicesThatTalkAboutAsMuchAreRefused) {
  const auto t = two_voices_talking(18.0, 17.0, 18.0);
  auto kept = voxclone::keep_one_voice(t.speech, t.content, 48.0, {});
  ASSERT_FALSE(kept);
  EXPECT_EQ(kept.error().category, ErrorCategory::no_matching_voice);
  EXPECT_NE(kept.error().message.find("two voices talk about as much: speaker 1 18.0 s, speaker 2 17.0 s"),
            std::string::npos) << kept.error().message;
  EXPECT_NE(kept.error().message.find("--speaker N"), std::string::npos) << kept.error().message;
}

// ... but a voice asked for is kept, and voice 1 is kept where the next talks clearly less, or
// talks about as much only because the analysis left part of voice 1 out (its talk before that,
// 21 s, is not within 0.87 of the other's: real-voice tune two_same-01, 17.9 and 17.0 s kept,
// 20.6 s of voice 1 before step 5 left 2.7 s of the person out).
TEST(Select, AVoiceIsKeptWhenAskedForOrWhenTheOtherTalksClearlyLess) {
  {
    const auto t = two_voices_talking(18.0, 17.0, 18.0);
    auto kept = voxclone::keep_one_voice(t.speech, t.content, 48.0, {.speaker = 2});
    EXPECT_TRUE(kept) << kept.error().message;
  }
  for (auto [second, untrimmed] : {std::pair{14.0, 18.0}, std::pair{17.0, 21.0}}) {
    const auto t = two_voices_talking(18.0, second, untrimmed);
    auto kept = voxclone::keep_one_voice(t.speech, t.content, 48.0, {});
    EXPECT_TRUE(kept) << second << " s / " << untrimmed << " s: " << kept.error().message;
  }
}

// Issue 19 item 3, session 26: two voices that tie in the talk each keeps, where voice 1 is also
// the likeliest voice of speech too short for the analysis to judge (Speaker::unjudged_seconds,
// analyse/speakers.cpp, step 12c): 18.0 + 3.0 s against 16.7 s is no tie (0.80), and voice 1 is
// kept (real-voice tune s541 phone-02: 18.0 and 16.7 s refused, 3.8 s of the main person's speech
// in pieces too short to judge). Such speech told to voice 2 leaves the tie, and the refusal.
// Before, both were refused.
TEST(Select, ATieUndoneByTheSpeechTooShortToJudgeKeepsVoiceOne) {
  {
    auto t = two_voices_talking(18.0, 16.7, 18.0);
    t.content.speakers[0].unjudged_seconds = 3.0;
    auto kept = voxclone::keep_one_voice(t.speech, t.content, 48.0, {});
    EXPECT_TRUE(kept) << kept.error().message;
  }
  {
    auto t = two_voices_talking(18.0, 16.7, 18.0);
    t.content.speakers[1].unjudged_seconds = 3.0;
    auto kept = voxclone::keep_one_voice(t.speech, t.content, 48.0, {});
    ASSERT_FALSE(kept);
    EXPECT_EQ(kept.error().category, ErrorCategory::no_matching_voice);
  }
}

// Issue 19 item 3, session 28 (phone28): a lone voice beside speech too short to judge that talks
// kLoneUnjudgedShare (0.35) of its talk or more (Speaker::unjudged_seconds, counted for a lone
// voice by analyse/speakers.cpp, measure_lone_voices_unjudged_talk): two people on one line heard
// as one, the main person's short words left with no voice (real-voice tune, session 28: 0.44-0.62,
// samples 0.07-0.28 the right person; one person alone 0.24 at most). With no voice asked for the
// recording is refused, both figures named; --speaker 1 keeps the voice, and under the share it is
// kept as before. Before, the voice was kept whatever the speech with no voice.
TEST(Select, ALoneVoiceBesideAsMuchSpeechTooShortToJudgeIsRefusedUnlessAskedFor) {
  auto t = two_voices_talking(18.0, 12.0, 18.0);
  for (int& who : t.content.block_speakers)
    if (who == 2) who = 0;
  t.content.speakers.resize(1);
  t.content.speakers[0].unjudged_seconds = 9.0;
  auto kept = voxclone::keep_one_voice(t.speech, t.content, 48.0, {});
  ASSERT_FALSE(kept);
  EXPECT_EQ(kept.error().category, ErrorCategory::no_matching_voice);
  EXPECT_NE(kept.error().message.find("one voice was heard (18.0 s), but 9.0 s more speech was too short to tell whose"),
            std::string::npos) << kept.error().message;
  EXPECT_NE(kept.error().message.find("--speaker 1"), std::string::npos) << kept.error().message;
  auto asked = voxclone::keep_one_voice(t.speech, t.content, 48.0, {.speaker = 1});
  EXPECT_TRUE(asked) << asked.error().message;
  t.content.speakers[0].unjudged_seconds = 4.0;  // 0.22 of its talk
  auto under = voxclone::keep_one_voice(t.speech, t.content, 48.0, {});
  EXPECT_TRUE(under) << under.error().message;
}

// Issue 19 item 3, session 24: a voice the analysis split by its turns (two people of one sex, or
// on a phone line, heard as one voice: analyse/speakers.cpp, step 12) names its other half, and
// which half is the person to clone cannot be told: with no voice asked for, the recording is
// refused and the refusal names --speaker-at and --like; a moment asked for keeps the half heard
// then. Before, voice 1 was kept (the next voice talks clearly less: 18 s against 12 s).
TEST(Select, AVoiceSplitByItsTurnsIsRefusedUnlessAVoiceIsAskedFor) {
  auto t = two_voices_talking(18.0, 12.0, 18.0);
  t.content.speakers[0].other_half = 2;
  t.content.speakers[1].other_half = 1;
  auto kept = voxclone::keep_one_voice(t.speech, t.content, 48.0, {});
  ASSERT_FALSE(kept);
  EXPECT_EQ(kept.error().category, ErrorCategory::no_matching_voice);
  EXPECT_NE(kept.error().message.find("speaker 1 (18.0 s) and speaker 2 (12.0 s) were heard as one voice"),
            std::string::npos) << kept.error().message;
  EXPECT_NE(kept.error().message.find("--speaker-at SECONDS"), std::string::npos) << kept.error().message;
  EXPECT_NE(kept.error().message.find("--like FILE"), std::string::npos) << kept.error().message;
  // Voice 2 speaks from block 11 (4.4 s) to block 20.
  auto at = voxclone::keep_one_voice(t.speech, t.content, 48.0, {.speaker_at_seconds = 6.0});
  ASSERT_TRUE(at) << at.error().message;
  ASSERT_FALSE(at->segments.empty());
  for (const auto& seg : at->segments) {
    const auto b = static_cast<std::size_t>((seg.start_seconds + seg.end_seconds) / 2.0 / t.content.block_seconds);
    EXPECT_EQ(t.content.block_speakers[b], 2) << seg.start_seconds << "-" << seg.end_seconds << " s";
  }
  // With no other half, voice 1 is kept as before.
  t.content.speakers[0].other_half = 0;
  t.content.speakers[1].other_half = 0;
  EXPECT_TRUE(voxclone::keep_one_voice(t.speech, t.content, 48.0, {}));
}

// Issue 19 item 3, session 29 (tie29): a voice 1 split by its turns whose other half talks little
// beside it (under kLittleOtherHalfShare, 0.3) is a few turns of someone else, not two people who
// talk about as much: voice 1 is kept (real-voice tune s1013 three-01: 44.5 s wholly the main
// person against 7.7 s of a letter reader, refused before), and the tie rule then weighs it
// against the next voice that talks most, the half or not. At 0.3 and over it is refused as
// before.
TEST(Select, AVoiceSplitByItsTurnsWhoseOtherHalfTalksLittleIsKept) {
  auto t = two_voices_talking(18.0, 4.0, 18.0);
  t.content.speakers[0].other_half = 2;
  t.content.speakers[1].other_half = 1;
  auto kept = voxclone::keep_one_voice(t.speech, t.content, 48.0, {});
  ASSERT_TRUE(kept) << kept.error().message;
  ASSERT_FALSE(kept->segments.empty());
  for (const auto& seg : kept->segments) {
    const auto b = static_cast<std::size_t>((seg.start_seconds + seg.end_seconds) / 2.0 / t.content.block_seconds);
    EXPECT_EQ(t.content.block_speakers[b], 1) << seg.start_seconds << "-" << seg.end_seconds << " s";
  }
  t.content.speakers[1].talk_seconds = 5.4;  // 0.3 of voice 1's
  auto half = voxclone::keep_one_voice(t.speech, t.content, 48.0, {});
  ASSERT_FALSE(half);
  EXPECT_NE(half.error().message.find("were heard as one voice"), std::string::npos) << half.error().message;
  // A third voice that talks about as much as voice 1 ties with it.
  t.content.speakers = {{.rank = 1, .talk_seconds = 18.0, .untrimmed_seconds = 18.0, .other_half = 3},
                        {.rank = 2, .talk_seconds = 17.0, .untrimmed_seconds = 17.0},
                        {.rank = 3, .talk_seconds = 4.0, .untrimmed_seconds = 4.0, .other_half = 1}};
  EXPECT_EQ(voxclone::detail::voice_tied_with_first(t.content), 2) << "--combine judges the voice that tied";
  auto tie = voxclone::keep_one_voice(t.speech, t.content, 48.0, {});
  ASSERT_FALSE(tie);
  EXPECT_NE(tie.error().message.find("two voices talk about as much: speaker 1 18.0 s, speaker 2 17.0 s"),
            std::string::npos) << tie.error().message;
}

// Review of session 24: `--combine` judges an input refused for a tie by the closer of the two
// voices that tied (combine.cpp, look_at). A voice split by its turns ties with its other half,
// which ranks third when another voice talks more than the smaller half; --combine judged such an
// input by voice 2 (someone the refusal does not name). The voice it now judges is the one the
// refusal names.
TEST(Select, TheVoiceTiedWithTheFirstIsItsOtherHalfWhereverItRanks) {
  auto t = two_voices_talking(18.0, 12.0, 18.0);
  t.content.speakers = {{.rank = 1, .talk_seconds = 18.0, .other_half = 3},
                        {.rank = 2, .talk_seconds = 12.0},
                        {.rank = 3, .talk_seconds = 9.0, .other_half = 1}};
  EXPECT_EQ(voxclone::detail::voice_tied_with_first(t.content), 3);
  auto kept = voxclone::keep_one_voice(t.speech, t.content, 48.0, {});
  ASSERT_FALSE(kept);
  EXPECT_EQ(kept.error().category, ErrorCategory::no_matching_voice);
  EXPECT_NE(kept.error().message.find("speaker 1 (18.0 s) and speaker 3 (9.0 s) were heard as one voice"),
            std::string::npos) << kept.error().message;
  // Two voices that talk about as much, no halves: voice 2, as before; one voice: none.
  t.content.speakers = {{.rank = 1, .talk_seconds = 18.0}, {.rank = 2, .talk_seconds = 17.0}};
  EXPECT_EQ(voxclone::detail::voice_tied_with_first(t.content), 2);
  t.content.speakers.resize(1);
  EXPECT_EQ(voxclone::detail::voice_tied_with_first(t.content), 0);
}

// Issue 19 (speakers), session 14: a voice's doubtful blocks (a second group of its pieces,
// analyse/speakers.cpp step 7) stay out of the sample while the voice has 15 s of clean speech
// without them, and are taken when it has not. One voice speaks in 2.8 s runs with 0.8 s pauses;
// every fourth run is doubtful. Before, the doubtful runs were kept like the others.
// One person speaking in 2.8 s runs (7 blocks) with 0.8 s pauses (2 blocks) for `total` seconds;
// `mark(run)` gives each run's voice (1, or 0 for none) and doubt mark (ContentAnalysis::block_doubtful).
voxclone::ContentAnalysis one_person_in_runs(double total, std::vector<std::pair<double, double>>& segs,
                                             const std::function<std::pair<int, std::uint8_t>(int)>& mark) {
  voxclone::ContentAnalysis c;
  const auto blocks = static_cast<std::size_t>(total / c.block_seconds);
  c.blocks.assign(blocks, voxclone::ContentKind::silence);
  c.block_speakers.assign(blocks, 0);
  c.block_doubtful.assign(blocks, 0);
  c.block_quality.assign(blocks, 1.0f);
  int run = 0;
  for (std::size_t b = 2; b + 7 <= blocks; b += 9, ++run) {
    segs.emplace_back(static_cast<double>(b) * 0.4 + 0.05, static_cast<double>(b + 7) * 0.4 - 0.05);
    const auto [voice, doubt] = mark(run);
    for (std::size_t k = b; k < b + 7; ++k) {
      c.blocks[k] = voxclone::ContentKind::speech;
      c.block_speakers[k] = voice;
      c.block_doubtful[k] = doubt;
    }
  }
  c.speakers = {{1, 0.0, 0.8, 120.0}};
  return c;
}

voxclone::ContentAnalysis one_voice_with_doubtful_runs(double total, std::vector<std::pair<double, double>>& segs) {
  return one_person_in_runs(total, segs, [](int run) { return std::pair<int, std::uint8_t>{1, run % 4 == 3 ? 1 : 0}; });
}

double doubtful_seconds_kept(const SpeechAnalysis& kept, const voxclone::ContentAnalysis& c) {
  double in = 0;
  for (const auto& s : kept.segments)
    for (std::size_t b = 0; b < c.blocks.size(); ++b)
      if (c.block_doubtful[b] != 0) {
        const double from = static_cast<double>(b) * c.block_seconds, to = from + c.block_seconds;
        in += std::max(0.0, std::min(to, s.end_seconds) - std::max(from, s.start_seconds));
      }
  return in;
}

TEST(Select, DoubtfulBlocksOfTheVoiceAreLeftOutWhenEnoughRemains) {
  std::vector<std::pair<double, double>> segs;
  const auto c = one_voice_with_doubtful_runs(60.0, segs);  // 16 runs, 4 doubtful: 31 s without them
  const auto a = analysis_of(segs, 60.0);
  auto kept = voxclone::keep_one_voice(a, c, 60.0, {});
  ASSERT_TRUE(kept) << kept.error().message;
  EXPECT_EQ(doubtful_seconds_kept(*kept, c), 0.0);
  EXPECT_GE(kept->speech_seconds, 30.0);
}

TEST(Select, DoubtfulBlocksAreKeptWhenTheVoiceHasTooLittleWithoutThem) {
  std::vector<std::pair<double, double>> segs;
  const auto c = one_voice_with_doubtful_runs(22.0, segs);  // 6 runs, 1 doubtful: 12 s without it
  const auto a = analysis_of(segs, 22.0);
  auto kept = voxclone::keep_one_voice(a, c, 22.0, {});
  ASSERT_TRUE(kept) << kept.error().message;
  EXPECT_GT(doubtful_seconds_kept(*kept, c), 2.0);
  EXPECT_GE(kept->speech_seconds, 14.0);
}

// Issue 19 ("clean speech refused"), session 22: a lone voice's spare blocks (speech left without
// a voice that the voiceprint hears as the voice, analyse/speakers.cpp step 10) are taken only
// where the voice's own clean speech falls short of a sample. One person speaks in 2.8 s runs
// with 0.8 s pauses, every other run with no voice; the voice's own runs hold 8.1 s (22 s) or
// 21.6 s (58 s). Before, the runs with no voice were barriers and the 22 s recording was refused.
voxclone::ContentAnalysis one_voice_with_spare_runs(double total, bool marked, std::vector<std::pair<double, double>>& segs) {
  return one_person_in_runs(total, segs, [marked](int run) {
    const bool spare = run % 2 == 1;
    return std::pair<int, std::uint8_t>{spare ? 0 : 1, spare && marked ? voxclone::detail::kSpareOfLoneVoice : 0};
  });
}

TEST(Select, ALoneVoiceShortOfASampleTakesItsSpareBlocks) {
  std::vector<std::pair<double, double>> segs;
  const auto c = one_voice_with_spare_runs(22.0, true, segs);  // 6 runs: 3 the voice's, 3 spare
  const auto a = analysis_of(segs, 22.0);
  auto kept = voxclone::keep_one_voice(a, c, 22.0, {});
  ASSERT_TRUE(kept) << kept.error().message;
  EXPECT_GE(kept->speech_seconds, 14.0);
}

TEST(Select, SpeechWithNoVoiceIsTakenOnlyWhenSpareAndNeeded) {
  {  // not marked spare (the voiceprint did not hear the voice in it): refused, as before
    std::vector<std::pair<double, double>> segs;
    const auto c = one_voice_with_spare_runs(22.0, false, segs);
    auto kept = voxclone::keep_one_voice(analysis_of(segs, 22.0), c, 22.0, {});
    ASSERT_FALSE(kept);
    EXPECT_EQ(kept.error().category, ErrorCategory::too_little_speech);
  }
  {  // 16 runs, 8 the voice's (21.6 s): the spare runs stay out
    std::vector<std::pair<double, double>> segs;
    const auto c = one_voice_with_spare_runs(58.0, true, segs);
    auto kept = voxclone::keep_one_voice(analysis_of(segs, 58.0), c, 58.0, {});
    ASSERT_TRUE(kept) << kept.error().message;
    for (const auto& s : kept->segments)
      for (std::size_t b = 0; b < c.blocks.size(); ++b)
        if (c.block_doubtful[b] != 0) {
          const double from = static_cast<double>(b) * c.block_seconds, to = from + c.block_seconds;
          EXPECT_LE(std::min(to, s.end_seconds) - std::max(from, s.start_seconds), 0.0) << s.start_seconds;
        }
  }
}

// Issue 19 ("clean speech refused"), session 25: a voice that takes its spare blocks is short of
// a sample, and its own block inside a bed (music on both sides, a bed's quiet moment the content
// model called clean) is not taken with them: a real tune scene kept 1.2 s of the bed so. Two of
// four 2.8 s runs the voice's, two spare (5.4 s each), then 16 s of the voice over a bed with a
// 2.8 s run called clean in its middle, 6.4 s from each end. The sample is the clean runs; before,
// the run in the bed too.
TEST(Select, TakingItsSpareBlocksTheVoiceLeavesItsBlocksInsideABed) {
  std::vector<std::pair<double, double>> segs;
  auto c = one_voice_with_spare_runs(14.4, true, segs);  // blocks 0-35: runs at 2, 11, 20, 29
  const std::size_t bed = c.blocks.size() + 2, quiet = bed + 16;  // a 0.8 s pause before the bed
  c.blocks.resize(bed, voxclone::ContentKind::silence);
  c.blocks.resize(bed + 40, voxclone::ContentKind::speech_over_music);
  c.block_speakers.resize(bed + 40, 1);
  c.block_doubtful.resize(bed + 40, 0);
  c.block_quality.resize(bed + 40, 1.0f);
  for (std::size_t b = quiet; b < quiet + 7; ++b) c.blocks[b] = voxclone::ContentKind::speech;
  c.blocks[quiet - 1] = c.blocks[quiet + 7] = voxclone::ContentKind::silence;  // its pauses
  segs.emplace_back(static_cast<double>(bed) * 0.4 + 0.05, static_cast<double>(quiet - 1) * 0.4 - 0.05);
  segs.emplace_back(static_cast<double>(quiet) * 0.4 + 0.05, static_cast<double>(quiet + 7) * 0.4 - 0.05);
  segs.emplace_back(static_cast<double>(quiet + 8) * 0.4 + 0.05, static_cast<double>(bed + 40) * 0.4 - 0.05);
  const double total = static_cast<double>(bed + 40) * 0.4;
  auto kept = voxclone::keep_one_voice(analysis_of(segs, total), c, total, {});
  ASSERT_TRUE(kept) << kept.error().message;
  EXPECT_GE(kept->speech_seconds, 10.0);
  for (const auto& s : kept->segments) EXPECT_LE(s.end_seconds, static_cast<double>(bed) * 0.4) << s.start_seconds;
}

// Issue 19 item 4, session 26: a bed the content model found some seconds after it starts (its
// first bars called clean speech, rv9 tune bed18-01: 7.6 s of a rock track kept) fills the
// pauses between those words to the found bed's level, far over the clean pauses. One voice, a
// 0.6 s word every 1.2 s; the pauses at -60 dBFS until `bed_at`, at -36 from there (the words at
// -20), the blocks speech over music from `found_at` on. With a sample's worth of clean speech
// before the bed, nothing of the voice is kept after `bed_at`; with less, the words beside the
// bed are kept rather than the recording refused. Before, the words up to `found_at` were kept.
TEST(Select, TheWordsBesideABedFoundLateAreLeftOutWhileASampleRemains) {
  auto words_before_a_late_bed = [](double total, double bed_at, double found_at, SpeechAnalysis& a) {
    voxclone::ContentAnalysis c;
    const auto blocks = static_cast<std::size_t>(total / c.block_seconds);
    c.blocks.assign(blocks, voxclone::ContentKind::speech);
    for (auto b = static_cast<std::size_t>(found_at / c.block_seconds); b < blocks; ++b)
      c.blocks[b] = voxclone::ContentKind::speech_over_music;
    c.block_speakers.assign(blocks, 1);
    c.block_doubtful.assign(blocks, 0);
    c.block_quality.assign(blocks, 1.0f);
    c.speakers = {{1, total / 2, 0.0, 120.0}};
    std::vector<std::pair<double, double>> words;
    for (double t = 0.6; t + 0.6 < total; t += 1.2) words.emplace_back(t, t + 0.6);
    a = analysis_of(words, total);
    for (std::size_t f = 0; f < a.frame_db.size(); ++f)
      if (!a.is_speech[f] && static_cast<double>(f) * a.frame_seconds >= bed_at) a.frame_db[f] = -36.0f;
    return c;
  };
  {  // 42 s of words before the bed, found 6 s late
    SpeechAnalysis a;
    const auto c = words_before_a_late_bed(72.0, 42.0, 48.0, a);
    auto kept = voxclone::keep_one_voice(a, c, 72.0, {});
    ASSERT_TRUE(kept) << kept.error().message;
    EXPECT_GE(kept->speech_seconds, 15.0);
    for (const auto& s : kept->segments) EXPECT_LE(s.end_seconds, 42.0) << s.start_seconds;
  }
  {  // 18 s of words before it (9 s of speech): the words up to the found bed are kept
    SpeechAnalysis a;
    const auto c = words_before_a_late_bed(40.0, 18.0, 24.0, a);
    auto kept = voxclone::keep_one_voice(a, c, 40.0, {});
    ASSERT_TRUE(kept) << kept.error().message;
    EXPECT_GE(kept->speech_seconds, 10.0);
  }
}

// Issue 19 item 4, session 26: the words of a bed's quiet bars the content model called clean,
// with the bed on both sides, and the last words of a recording under the bed's fade-out, called
// clean too (a second tune set: 0.9-2.2 s of bed kept so in three scenes). One voice, a 0.6 s
// word every 1.2 s, its pauses all at -60 dBFS (nothing for the pauses' rule to read); speech over
// music from 34 s to the end but for 45.2-46.8 s and the last 1.6 s. Nothing after 34 s is kept.
TEST(Select, TheWordsInsideABedOrUnderItsFadeOutAreLeftOutWhileASampleRemains) {
  const double total = 64.0;
  voxclone::ContentAnalysis c;
  const auto blocks = static_cast<std::size_t>(total / c.block_seconds);
  c.blocks.assign(blocks, voxclone::ContentKind::speech);
  for (std::size_t b = 85; b < blocks - 4; ++b) c.blocks[b] = voxclone::ContentKind::speech_over_music;
  for (std::size_t b = 113; b < 117; ++b) c.blocks[b] = voxclone::ContentKind::speech;
  c.block_speakers.assign(blocks, 1);
  c.block_doubtful.assign(blocks, 0);
  c.block_quality.assign(blocks, 1.0f);
  c.speakers = {{1, 40.0, 0.0, 120.0}};
  std::vector<std::pair<double, double>> words;
  for (double t = 0.6; t + 0.6 < total; t += 1.2) words.emplace_back(t, t + 0.6);
  auto kept = voxclone::keep_one_voice(analysis_of(words, total), c, total, {});
  ASSERT_TRUE(kept) << kept.error().message;
  EXPECT_GE(kept->speech_seconds, 15.0);
  for (const auto& s : kept->segments) EXPECT_LE(s.end_seconds, 34.0) << s.start_seconds;
}

// Issue 19 item 4, session 23: a voice's laughs (analyse/content.cpp, laugh_blocks: a laugh the
// model called speech and the speakers gave to the voice) stay out of the sample while the voice
// keeps a sample's worth (min_seconds) without them; a voice that reaches it only with them keeps
// them rather than be refused. Every fourth 2.8 s run is a laugh. Before, the laughs were kept.
TEST(Select, ALaughOfTheVoiceIsLeftOutWhileASampleRemains) {
  auto laugh_every_fourth = [](int run) {
    return std::pair<int, std::uint8_t>{1, run % 4 == 3 ? voxclone::detail::kLaughBlock : 0};
  };
  // The laughs stay out of a sample of `seconds` of runs, and what is kept is at least `least`.
  auto laughs_left_out = [&](double seconds, double least) {
    std::vector<std::pair<double, double>> segs;
    const auto c = one_person_in_runs(seconds, segs, laugh_every_fourth);
    auto kept = voxclone::keep_one_voice(analysis_of(segs, seconds), c, seconds, {});
    ASSERT_TRUE(kept) << kept.error().message;
    EXPECT_EQ(doubtful_seconds_kept(*kept, c), 0.0) << seconds;
    EXPECT_GE(kept->speech_seconds, least) << seconds;
  };
  laughs_left_out(60.0, 20.0);  // 16 runs, 4 of them laughs: 32 s without them
  laughs_left_out(18.0, 10.0);  // 5 runs, 1 a laugh: 10.8 s without it, a sample
  {  // 4 runs, 1 a laugh: 8.1 s without it; with it 10.8 s, taken rather than refused
    std::vector<std::pair<double, double>> segs;
    const auto c = one_person_in_runs(14.8, segs, laugh_every_fourth);
    auto kept = voxclone::keep_one_voice(analysis_of(segs, 14.8), c, 14.8, {});
    ASSERT_TRUE(kept) << kept.error().message;
    EXPECT_GT(doubtful_seconds_kept(*kept, c), 2.0);
  }
}

TEST(SelectFixture, AssembleMatchesTheSelectionLength) {
  auto d = voxclone::decode(voxclone::InputSource::file(vt::data("speech_long.flac")));
  ASSERT_TRUE(d);
  auto s = voxclone::select_window(voxclone::detect_speech(d->audio), d->audio.duration_seconds(), {});
  ASSERT_TRUE(s);
  const auto kept = voxclone::assemble(d->audio, *s);
  EXPECT_NEAR(kept.duration_seconds(), s->output_seconds, 0.01);
}

}  // namespace

namespace {
// Review, session 26: a voice with 12 s of clean words at its start (2-4 s of them doubtful:
// steps 7 and 14, maybe another person) and clean words inside a bed (34-42 s, between two
// stretches of speech over music). The bed's words were left out to the last, so the voice fell
// under kSpareDoubtfulSeconds and took the doubtful words back (1.8 s of them kept); the bed's
// words come back first now, and the doubtful ones stay out.
voxclone::ContentAnalysis words_inside_a_bed(double total) {
  voxclone::ContentAnalysis c;
  const auto blocks = static_cast<std::size_t>(total / c.block_seconds);
  c.blocks.assign(blocks, voxclone::ContentKind::speech);
  for (std::size_t b = 70; b < 85; ++b) c.blocks[b] = voxclone::ContentKind::speech_over_music;      // 28-34 s
  for (std::size_t b = 105; b < blocks; ++b) c.blocks[b] = voxclone::ContentKind::speech_over_music;  // 42 s on
  c.block_speakers.assign(blocks, 1);
  c.block_doubtful.assign(blocks, 0);
  c.block_quality.assign(blocks, 1.0f);
  c.speakers = {{1, 30.0, 0.0, 120.0}};
  return c;
}

double seconds_kept_within(const SpeechAnalysis& kept, double from, double to) {
  double in = 0;
  for (const auto& s : kept.segments) in += std::max(0.0, std::min(s.end_seconds, to) - std::max(s.start_seconds, from));
  return in;
}

std::vector<std::pair<double, double>> words_every_1_2_s(double total) {
  std::vector<std::pair<double, double>> words;
  for (double t = 0.6; t + 0.6 < total; t += 1.2) words.emplace_back(t, t + 0.6);
  return words;
}

TEST(Select, TheWordsInsideABedComeBackBeforeTheDoubtfulOnes) {
  const double total = 60.0;
  auto c = words_inside_a_bed(total);
  for (std::size_t b = 0; b < 10; ++b) c.block_doubtful[b] = voxclone::detail::kDoubtfulBlock;  // 0-4 s
  const auto a = analysis_of(words_every_1_2_s(total), total);
  auto kept = voxclone::keep_one_voice(a, c, total, {});
  ASSERT_TRUE(kept) << kept.error().message;
  EXPECT_EQ(seconds_kept_within(*kept, 0.0, 4.0), 0.0);   // the doubtful words stay out
  EXPECT_GT(seconds_kept_within(*kept, 34.0, 42.0), 0.0);  // the bed's words came back for them
}

// Review, session 26: with --allow-music the speech over the bed is wanted, and the clean words
// among it were still barriers (0 s of them kept, the speech cut into pieces around them).
TEST(Select, WithAllowMusicTheCleanWordsInsideABedAreKept) {
  const double total = 60.0;
  const auto c = words_inside_a_bed(total);
  const auto a = analysis_of(words_every_1_2_s(total), total);
  SelectOptions o;
  o.allow_music = true;
  auto kept = voxclone::keep_one_voice(a, c, total, o);
  ASSERT_TRUE(kept) << kept.error().message;
  EXPECT_GT(seconds_kept_within(*kept, 34.0, 42.0), 0.0);
}
}  // namespace

// Issue 19 item 3, session 28: voice 1 first by its untrimmed talk while the next voice keeps more
// talk than it does (real-voice tune, make_set.py --seed 931 four-07: 16.3 s, untrimmed 45.7 s,
// against 18.4 s; step 5 had left the main person out of voice 1, and its sample was wholly
// another man) is refused as a tie. Before, voice 1 was kept: its untrimmed talk was no tie.
TEST(Select, ANextVoiceThatKeepsMoreTalkThanVoiceOneIsRefused) {
  const auto t = two_voices_talking(16.3, 18.4, 45.7);
  auto kept = voxclone::keep_one_voice(t.speech, t.content, 48.0, {});
  ASSERT_FALSE(kept);
  EXPECT_EQ(kept.error().category, ErrorCategory::no_matching_voice);
  EXPECT_NE(kept.error().message.find("speaker 1 16.3 s, speaker 2 18.4 s"), std::string::npos)
      << kept.error().message;
}

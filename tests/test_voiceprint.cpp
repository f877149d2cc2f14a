// Issue 20: the voiceprint value (computed, compared, serialised, stored) and prepare()/check()
// keeping the voice that sounds like an example. The notes in testdata/like/ are the two voices
// of testdata/voice/interview2.opus saying other sentences in other rooms
// (testdata/like/make_like_fixtures.sh).
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <iterator>
#include <span>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/test_support.hpp"
#include "voxclone/voxclone.hpp"

namespace {

using voxclone::InputSource;
using voxclone::Voiceprint;

const Voiceprint& print_of(const std::string& name) {
  static std::map<std::string, Voiceprint> cache;
  auto it = cache.find(name);
  if (it == cache.end()) {
    auto v = voxclone::voiceprint_of(InputSource::file(vt::data(name)));
    EXPECT_TRUE(v.has_value()) << (v ? "" : v.error().message);
    it = cache.emplace(name, v ? *v : Voiceprint{}).first;
  }
  return it->second;
}

// Seconds of the kept pieces that lie inside the labelled speech of `voice`.
double kept_seconds_of(const voxclone::PrepReport& r, const std::string& labels_name, const std::string& voice) {
  std::ifstream in(vt::data(labels_name));
  double kept = 0;
  std::string line;
  while (std::getline(in, line)) {
    double a = 0, b = 0;
    char kind[32] = {}, who[64] = {};
    if (std::sscanf(line.c_str(), "%lf\t%lf\t%31s\t%63s", &a, &b, kind, who) != 4 || voice != who) continue;
    for (const auto& p : r.selection->pieces)
      kept += std::max(0.0, std::min(b, p.end_seconds) - std::max(a, p.start_seconds));
  }
  return kept;
}

struct Note {
  std::string speaker, lang, sex;
  Voiceprint print;
};

// Voiceprints of the tune split's voice notes with their labels, one JSON line each.
std::vector<Note> tune_notes(const std::string& name) {
  std::vector<Note> notes;
  std::ifstream in(vt::data(name));
  std::string line;
  while (std::getline(in, line)) {
    const auto j = nlohmann::json::parse(line);
    auto v = voxclone::voiceprint_from_json(j["voiceprint"].dump());
    EXPECT_TRUE(v.has_value()) << v.error().message;
    if (v) notes.push_back({j["speaker"], j["lang"], j["sex"], *v});
  }
  return notes;
}

struct Rates {
  std::size_t same = 0;
  double eer = 1.0, refused = 0.0, accepted = 0.0;
};

// Same = two notes of one speaker; different = speakers of two languages (of one sex only when
// `same_sex_only`): the equal error rate of similarity(), and the errors at kSamePersonScore.
Rates rates_of(const std::vector<Note>& notes, bool same_sex_only) {
  std::vector<double> same, other;
  for (std::size_t i = 0; i < notes.size(); ++i)
    for (std::size_t k = i + 1; k < notes.size(); ++k) {
      const Note &a = notes[i], &b = notes[k];
      const double s = voxclone::similarity(a.print, b.print);
      if (a.speaker == b.speaker)
        same.push_back(s);
      else if (a.lang != b.lang && (!same_sex_only || a.sex == b.sex))
        other.push_back(s);
    }
  auto share = [](const std::vector<double>& x, auto pred) {
    return static_cast<double>(std::count_if(x.begin(), x.end(), pred)) / static_cast<double>(x.size());
  };
  Rates r;
  r.same = same.size();
  // The equal error rate: the least, over every threshold, of the larger of the two errors.
  for (const std::vector<double>* scores : {&same, &other})
    for (double t : *scores)
      r.eer = std::min(r.eer, std::max(share(same, [t](double s) { return s < t; }),
                                       share(other, [t](double s) { return s >= t; })));
  r.refused = share(same, [](double s) { return s < voxclone::kSamePersonScore; });
  r.accepted = share(other, [](double s) { return s >= voxclone::kSamePersonScore; });
  return r;
}

TEST(Voiceprint, MeasuredFromAVoiceNote) {
  const Voiceprint& v = print_of("like/ked_note.opus");
  ASSERT_FALSE(v.empty());
  EXPECT_GT(v.speech_seconds, 3.0);
  EXPECT_LT(v.speech_seconds, 11.2);  // the note lasts 11.1 s, pauses included
  EXPECT_GE(v.pieces, 3);
  // log2 pitch of a man's synthetic voice: 70-200 Hz
  EXPECT_GT(std::exp2(v.mean[voxclone::kVoiceprintDims - 1]), 70.0);
  EXPECT_LT(std::exp2(v.mean[voxclone::kVoiceprintDims - 1]), 200.0);
  // Format 2: every voiced frame is in the pitch histogram, whose percentiles lie in the same
  // range, in order, around the mean; the finer cepstrum varies over the frames and from one
  // frame to the next.
  ASSERT_TRUE(v.has_cepstra());
  double binned = 0;
  for (double n : v.pitch_histogram) binned += n;
  EXPECT_DOUBLE_EQ(binned, v.voiced_frames);
  const double p10 = v.pitch_percentile(0.1), p50 = v.pitch_percentile(0.5), p90 = v.pitch_percentile(0.9);
  EXPECT_LT(p10, p50);
  EXPECT_LT(p50, p90);
  EXPECT_GT(std::exp2(p10), 70.0);
  EXPECT_LT(std::exp2(p90), 200.0);
  EXPECT_LT(p10, v.mean[voxclone::kVoiceprintDims - 1]);
  EXPECT_GT(p90, v.mean[voxclone::kVoiceprintDims - 1]);
  // The median from the histogram: within a bin (1/24 octave) of the mean for a steady voice.
  EXPECT_NEAR(p50, v.mean[voxclone::kVoiceprintDims - 1], 0.25);
  for (int d = 0; d < voxclone::kVoiceprintCepstra; ++d) {
    EXPECT_GT(v.cepstrum_spread[d], 0.0) << "c" << d + 1;
    EXPECT_GT(v.delta_spread[d], 0.0) << "c" << d + 1;
  }
}

// An older voxclone's voiceprint (format 1: the 39 numbers, no finer ones; a clone's stored
// voice) is read and compared by the 39 numbers' comparison alone, whatever the other side
// holds; two of format 2 are also compared on their finer numbers.
TEST(Voiceprint, AFormatOneVoiceprintIsReadAndComparedByItsOwnNumbers) {
  const Voiceprint &ked = print_of("like/ked_note.opus"), &ked2 = print_of("like/ked_note2.opus"),
                   &rms = print_of("like/rms_note.opus");
  auto older = [](const Voiceprint& v) {
    auto j = nlohmann::json::parse(voxclone::to_json(v));
    for (const char* key : {"cepstrum_mean", "cepstrum_spread", "delta_spread", "pitch_histogram"}) j.erase(key);
    j["version"] = 1;
    auto back = voxclone::voiceprint_from_json(j.dump());
    EXPECT_TRUE(back.has_value()) << (back ? "" : back.error().message);
    return back ? *back : Voiceprint{};
  };
  const Voiceprint old_ked = older(ked), old_ked2 = older(ked2), old_rms = older(rms);
  EXPECT_FALSE(old_ked.has_cepstra());
  EXPECT_EQ(nlohmann::json::parse(voxclone::to_json(old_ked))["version"], 1);
  const auto numbers = old_ked.vector();
  auto from = Voiceprint::from_vector(std::span(numbers).first(Voiceprint::kVectorSize1));
  ASSERT_TRUE(from.has_value()) << from.error().message;
  EXPECT_EQ(from->vector(), old_ked.vector());
  for (const Voiceprint* b : {&ked2, &rms}) {
    const Voiceprint& old_b = b == &ked2 ? old_ked2 : old_rms;
    EXPECT_DOUBLE_EQ(voxclone::similarity(old_ked, *b), voxclone::similarity(old_ked, old_b));
    EXPECT_DOUBLE_EQ(voxclone::similarity(ked, old_b), voxclone::similarity(old_ked, old_b));
    // Both of format 2: their finer numbers count too.
    EXPECT_NE(voxclone::similarity(ked, *b), voxclone::similarity(old_ked, old_b));
  }
  EXPECT_GE(voxclone::similarity(old_ked, ked2), voxclone::kSamePersonScore);
  // Pooled with a voiceprint of format 2 (a retrain of a voice stored by an older voxclone):
  // the finer numbers are the new recording's.
  const Voiceprint p = voxclone::pooled(old_ked, ked2);
  EXPECT_EQ(p.pitch_histogram, ked2.pitch_histogram);
  EXPECT_EQ(p.delta_spread, ked2.delta_spread);
  EXPECT_DOUBLE_EQ(p.voiced_frames, ked.voiced_frames + ked2.voiced_frames);
}

// The voices of testdata/like/ were held out of the comparison's training. Two notes of one
// voice in two rooms are one person; a woman's voice is not him. (Two synthetic men, fest-ked
// and flite-rms, score as one person: see README, the voiceprint's limits.)
TEST(Voiceprint, SameVoiceScoresHigherThanAnother) {
  const Voiceprint &ked = print_of("like/ked_note.opus"), &ked2 = print_of("like/ked_note2.opus"),
                   &slt = print_of("like/slt_note.opus");
  const double same = voxclone::similarity(ked, ked2), other = voxclone::similarity(ked, slt),
               other2 = voxclone::similarity(ked2, slt);
  EXPECT_GE(same, voxclone::kSamePersonScore) << "two notes of fest-ked, other rooms";
  EXPECT_LT(other, voxclone::kSamePersonScore);
  EXPECT_LT(other2, voxclone::kSamePersonScore);
  EXPECT_GT(same, std::max(other, other2) + 0.2);
  EXPECT_NEAR(voxclone::similarity(ked, ked), 1.0, 0.05);
  EXPECT_DOUBLE_EQ(voxclone::similarity(ked, slt), voxclone::similarity(slt, ked));
  EXPECT_EQ(voxclone::similarity(ked, Voiceprint{}), 0.0);
}

// Real people: the voiceprints (numbers only) of the tune split's 92 voice notes of 16 people in
// four rooms that give one (tests/realvoice/voice_clips.py, room tone under the whole note since
// session 16; written by tests/train/train_voiceprint.py --tune-prints). Same = two notes of one
// speaker; different = speakers of two languages. The comparison fitted on 55 train people
// (session 16), cohort-normalised and fused with the projection before it, calls them apart with
// an equal error rate of 15.8 % (16.1 % of the same person's pairs refused at kSamePersonScore,
// 15.8 % of the others accepted; same sex 19.7 %). Session 14's model, fitted on 21 people, scores
// the same notes 16.6 % (18.8 % refused, 15.0 % accepted; same sex 21.2 %), so the bounds below
// fail on it. The tune split chose the model's constants, so this is its own figure, not an
// estimate: the test split's is in tests/realvoice/README.md. These voiceprints are of format 1
// (written before session 19): an older voxclone's voiceprints are still read and compared, by
// their 39 numbers, as they were.
TEST(Voiceprint, NotesOfRealPeopleAreToldApartAtTheTunedRate) {
  const std::vector<Note> notes = tune_notes("like/tune_voiceprints.jsonl");
  ASSERT_EQ(notes.size(), 92u);
  for (const Note& n : notes) EXPECT_FALSE(n.print.has_cepstra()) << "format 1";
  const Rates all = rates_of(notes, false);
  EXPECT_EQ(all.same, 223u);
  EXPECT_LT(all.eer, 0.165);
  EXPECT_LT(all.refused, 0.175) << "same person refused at kSamePersonScore";
  EXPECT_LT(all.accepted, 0.175) << "different people accepted at kSamePersonScore";
  EXPECT_LT(rates_of(notes, true).eer, 0.205) << "different people of the same sex";
}

// The same tune notes measured again by this voxclone (format 2: the finer numbers too; session
// 19, tests/train/train_voiceprint.py --tune-prints on the notes' fresh voiceprints). Compared on
// all of their numbers they are told apart better than by their 39 numbers alone (the same
// voiceprints read as format 1), on every pair and on people of the same sex. Tune figures (the
// finer comparison's constants were chosen on these notes and on a second tune set).
// Session 19 on these 93 notes (228 same-person pairs): EER 14.0 % against 16.2 % by the 39
// numbers, same sex 18.1 % against 19.7 %; at kSamePersonScore 15.4 % of the same person's pairs
// refused, 13.0 % of the others accepted. With no weight on the finer comparison the two are
// equal, and the test fails.
constexpr double kFinerGain = 0.01;
constexpr double kFinerEer = 0.15;
TEST(Voiceprint, TheFinerNumbersTellRealPeopleApartBetter) {
  const std::vector<Note> notes = tune_notes("like/tune_voiceprints2.jsonl");
  ASSERT_GE(notes.size(), 92u);
  std::vector<Note> older = notes;
  for (Note& n : older) {
    ASSERT_TRUE(n.print.has_cepstra());
    const auto numbers = n.print.vector();
    n.print = *Voiceprint::from_vector(std::span(numbers).first(Voiceprint::kVectorSize1));
  }
  const Rates finer = rates_of(notes, false), only39 = rates_of(older, false);
  const Rates finer_sex = rates_of(notes, true), only39_sex = rates_of(older, true);
  RecordProperty("eer", std::to_string(finer.eer));
  RecordProperty("eer_39", std::to_string(only39.eer));
  EXPECT_LT(finer.eer, only39.eer - kFinerGain);
  EXPECT_LT(finer_sex.eer, only39_sex.eer - kFinerGain) << "different people of the same sex";
  EXPECT_LT(finer.eer, kFinerEer);
  EXPECT_LT(finer.refused, kFinerEer + 0.02) << "same person refused at kSamePersonScore";
  EXPECT_LT(finer.accepted, kFinerEer + 0.02) << "different people accepted at kSamePersonScore";
}

TEST(Voiceprint, JsonAndVectorRoundTrip) {
  const Voiceprint& v = print_of("like/rms_note.opus");
  const std::string text = voxclone::to_json(v);
  const auto j = nlohmann::json::parse(text);
  EXPECT_EQ(j["format"], "voxclone-voiceprint");
  EXPECT_EQ(j["version"], 2);
  EXPECT_EQ(j["pitch_histogram"].size(), static_cast<std::size_t>(voxclone::kPitchHistogramBins));
  EXPECT_EQ(j["delta_spread"].size(), static_cast<std::size_t>(voxclone::kVoiceprintCepstra));
  auto back = voxclone::voiceprint_from_json(text);
  ASSERT_TRUE(back.has_value()) << back.error().message;
  EXPECT_DOUBLE_EQ(voxclone::similarity(v, *back), voxclone::similarity(v, v));
  EXPECT_EQ(back->vector(), v.vector());
  auto from = Voiceprint::from_vector(v.vector());
  ASSERT_TRUE(from.has_value());
  EXPECT_EQ(from->vector(), v.vector());
}

TEST(Voiceprint, DamagedTextIsRefusedByName) {
  auto j = nlohmann::json::parse(voxclone::to_json(print_of("like/rms_note.opus")));
  auto refuse = [](const nlohmann::json& doc, const std::string& words) {
    auto r = voxclone::voiceprint_from_json(doc.dump());
    ASSERT_FALSE(r.has_value()) << doc.dump();
    EXPECT_EQ(r.error().category, voxclone::ErrorCategory::invalid_argument);
    EXPECT_NE(r.error().message.find(words), std::string::npos) << r.error().message;
  };
  auto later = j;
  later["version"] = 3;
  refuse(later, "version 3");
  auto no_delta = j;
  no_delta.erase("delta_spread");
  refuse(no_delta, "delta_spread must be 19 numbers");
  auto short_histogram = j;
  short_histogram["pitch_histogram"].erase(0);
  refuse(short_histogram, "pitch_histogram must be 68 numbers");
  auto empty_histogram = j;
  for (auto& n : empty_histogram["pitch_histogram"]) n = 0;
  refuse(empty_histogram, "empty pitch_histogram");
  auto negative_count = j;
  negative_count["pitch_histogram"][10] = -1.0;
  refuse(negative_count, "negative count");
  auto negative = j;
  negative["spread"][0] = -1.0;
  refuse(negative, "negative spread");
  auto short_mean = j;
  short_mean["mean"].erase(0);
  refuse(short_mean, "13 numbers");
  auto other = j;
  other["format"] = "something-else";
  refuse(other, "not a voxclone voiceprint");
  EXPECT_FALSE(voxclone::voiceprint_from_json("{not json").has_value());
  const std::vector<double> nan(Voiceprint::kVectorSize, std::nan(""));
  EXPECT_FALSE(Voiceprint::from_vector(nan).has_value());
  EXPECT_FALSE(Voiceprint::from_vector(std::vector<double>(3, 1.0)).has_value());
}

TEST(Voiceprint, PooledIsTheVoiceOfBothRecordings) {
  const Voiceprint &a = print_of("like/ked_note.opus"), &b = print_of("like/ked_note2.opus");
  const Voiceprint p = voxclone::pooled(a, b);
  EXPECT_DOUBLE_EQ(p.voiced_frames, a.voiced_frames + b.voiced_frames);
  EXPECT_DOUBLE_EQ(p.pieces, a.pieces + b.pieces);
  for (int d = 0; d < voxclone::kVoiceprintDims; ++d) {
    EXPECT_GE(p.mean[d], std::min(a.mean[d], b.mean[d]) - 1e-9);
    EXPECT_LE(p.mean[d], std::max(a.mean[d], b.mean[d]) + 1e-9);
    // The spread of the pooled frames is at least the smaller of the two.
    EXPECT_GE(p.spread[d], std::min(a.spread[d], b.spread[d]) - 1e-9);
  }
  for (int k = 0; k < voxclone::kPitchHistogramBins; ++k)
    EXPECT_DOUBLE_EQ(p.pitch_histogram[k], a.pitch_histogram[k] + b.pitch_histogram[k]);
  for (int d = 0; d < voxclone::kVoiceprintCepstra; ++d) {
    EXPECT_GE(p.cepstrum_mean[d], std::min(a.cepstrum_mean[d], b.cepstrum_mean[d]) - 1e-9);
    EXPECT_LE(p.cepstrum_mean[d], std::max(a.cepstrum_mean[d], b.cepstrum_mean[d]) + 1e-9);
    EXPECT_GE(p.delta_spread[d], std::min(a.delta_spread[d], b.delta_spread[d]) - 1e-9);
    EXPECT_LE(p.delta_spread[d], std::max(a.delta_spread[d], b.delta_spread[d]) + 1e-9);
  }
  const Voiceprint self = voxclone::pooled(a, a);
  for (int d = 0; d < voxclone::kVoiceprintDims; ++d) EXPECT_NEAR(self.spread[d], a.spread[d], 1e-6);
  for (int d = 0; d < voxclone::kVoiceprintCepstra; ++d) {
    EXPECT_NEAR(self.cepstrum_spread[d], a.cepstrum_spread[d], 1e-6);
    EXPECT_NEAR(self.delta_spread[d], a.delta_spread[d], 1e-9);
  }
  EXPECT_EQ(voxclone::pooled(a, Voiceprint{}).vector(), a.vector());
}

TEST(Voiceprint, NoSpeechAndNoSuchSpeakerAreRefused) {
  auto silence = voxclone::voiceprint_of(InputSource::file(vt::data("room_tone.flac")));
  ASSERT_FALSE(silence.has_value());
  EXPECT_EQ(silence.error().category, voxclone::ErrorCategory::no_speech) << silence.error().message;
  EXPECT_NE(silence.error().message.find("room_tone.flac"), std::string::npos);
  auto nobody = voxclone::voiceprint_of(InputSource::file(vt::data("like/rms_note.opus")), {.speaker = 7});
  ASSERT_FALSE(nobody.has_value());
  EXPECT_EQ(nobody.error().category, voxclone::ErrorCategory::invalid_argument);
  auto missing = voxclone::voiceprint_of(InputSource::file(vt::data("like/absent.opus")));
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().category, voxclone::ErrorCategory::input_not_found);
}

// A note just short of the minimum says a figure under the minimum: 5.88 s against 5.885 s
// needed once read "5.9 s of voiced speech; a voiceprint needs 5.885 s".
TEST(Voiceprint, TooLittleSpeechIsShownUnderTheMinimum) {
  const double seconds = print_of("like/slt_note.opus").speech_seconds;
  ASSERT_GT(seconds, 1.0);
  const double needed = seconds + 0.005;
  auto v = voxclone::voiceprint_of(InputSource::file(vt::data("like/slt_note.opus")),
                                   {.min_speech_seconds = needed});
  ASSERT_FALSE(v.has_value());
  EXPECT_EQ(v.error().category, voxclone::ErrorCategory::too_little_speech);
  const std::string& m = v.error().message;
  const auto at = m.find("': ");
  ASSERT_NE(at, std::string::npos) << m;
  double shown = 0;
  ASSERT_EQ(std::sscanf(m.c_str() + at + 3, "%lf s of voiced speech", &shown), 1) << m;
  EXPECT_LT(shown, needed) << m;
  EXPECT_GT(shown, seconds - 0.1) << m;
}

// Issue 20: an example "may itself be a long recording, whose main voice is then the example":
// only its first kVoiceprintReadSeconds are read. A recording of 150 s (interview2, whose
// main voice is fest-ked, then fest-slt's note looped: the whole's main voice is slt, a woman)
// is measured as its first minute alone is, to the last digit, from a file and from samples in
// memory; read whole, it is another voice.
std::filesystem::path long_example(const std::string& file, std::vector<std::string> filter) {
  const auto dir = vt::temp_dir("voiceprint-long");
  const auto out = dir / file;
  std::vector<std::string> args{VOXCLONE_FFMPEG, "-v", "error", "-y"};
  args.insert(args.end(), filter.begin(), filter.end());
  args.insert(args.end(), {"-ar", "24000", "-ac", "1", "-c:a", "pcm_f32le", out.string()});
  const auto made = vt::run(args);
  EXPECT_EQ(made.exit_code, 0) << made.err;
  return out;
}

TEST(Voiceprint, ALongExampleIsMeasuredOnItsFirstMinute) {
  ASSERT_EQ(voxclone::kVoiceprintReadSeconds, 60.0);
  const auto whole = long_example(
      "long.wav", {"-i", vt::data("voice/interview2.opus").string(), "-stream_loop", "12", "-i",
                   vt::data("like/slt_note.opus").string(), "-filter_complex",
                   "[0:a][1:a]concat=n=2:v=0:a=1,atrim=0:150[a]", "-map", "[a]"});
  const auto first = long_example("first.wav", {"-i", whole.string(), "-t", "60"});
  auto v = voxclone::voiceprint_of(InputSource::file(whole), {.min_speech_seconds = 1.0});
  auto v_first = voxclone::voiceprint_of(InputSource::file(first), {.min_speech_seconds = 1.0, .read_seconds = 0});
  auto v_whole = voxclone::voiceprint_of(InputSource::file(whole), {.min_speech_seconds = 1.0, .read_seconds = 0});
  ASSERT_TRUE(v && v_first && v_whole);
  EXPECT_EQ(v->vector(), v_first->vector());
  EXPECT_NE(v->vector(), v_whole->vector());
  // The same from samples in memory (no container to stop reading: the meters stop).
  auto decoded = voxclone::decode(InputSource::file(whole));
  ASSERT_TRUE(decoded.has_value());
  auto v_pcm = voxclone::voiceprint_of(
      InputSource::pcm(std::span<const float>(decoded->audio.samples), voxclone::kSampleRate, 1),
      {.min_speech_seconds = 1.0});
  ASSERT_TRUE(v_pcm.has_value());
  EXPECT_EQ(v_pcm->vector(), v->vector());
  // Its first minute holds fest-ked talking most, and the example is him; the whole is slt.
  EXPECT_GE(voxclone::similarity(*v, print_of("like/ked_note.opus")), voxclone::kSamePersonScore);
  EXPECT_LT(voxclone::similarity(*v, print_of("like/slt_note.opus")), voxclone::kSamePersonScore);
  EXPECT_GE(voxclone::similarity(*v_whole, print_of("like/slt_note.opus")), voxclone::kSamePersonScore);
  EXPECT_LT(voxclone::similarity(*v_whole, print_of("like/ked_note.opus")), voxclone::kSamePersonScore);
}

// A long recording whose first minute holds no voice (70 s of room tone, then a voice note) is
// read whole after all, and says so; a bad read_seconds is refused before anything is read.
TEST(Voiceprint, ALongExampleWithoutSpeechInItsFirstMinuteIsReadWhole) {
  const auto late = long_example(
      "late.wav", {"-stream_loop", "10", "-i", vt::data("room_tone.flac").string(), "-i",
                   vt::data("like/ked_note.opus").string(), "-filter_complex",
                   "[0:a]aresample=24000,pan=mono|c0=c0,atrim=0:70[t];[1:a]aresample=24000[n];[t][n]concat=n=2:v=0:a=1[a]",
                   "-map", "[a]"});
  std::vector<std::string> logs;
  voxclone::Callbacks cb;
  cb.log = [&](voxclone::LogLevel, std::string_view m) { logs.emplace_back(m); };
  auto v = voxclone::voiceprint_of(InputSource::file(late), {.min_speech_seconds = 1.0, .callbacks = cb});
  auto v_whole = voxclone::voiceprint_of(InputSource::file(late), {.min_speech_seconds = 1.0, .read_seconds = 0});
  ASSERT_TRUE(v.has_value()) << v.error().message;
  ASSERT_TRUE(v_whole.has_value()) << v_whole.error().message;
  EXPECT_EQ(v->vector(), v_whole->vector());
  EXPECT_GE(voxclone::similarity(*v, print_of("like/ked_note.opus")), 0.9);
  EXPECT_TRUE(std::ranges::any_of(logs, [](const std::string& m) { return m.contains("reading all of it"); }));
  for (double bad : {-1.0, 0.5, std::nan("")}) {
    auto r = voxclone::voiceprint_of(InputSource::file(late), {.read_seconds = bad});
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().category, voxclone::ErrorCategory::invalid_argument);
    EXPECT_NE(r.error().message.find("read_seconds"), std::string::npos) << r.error().message;
  }
}

TEST(Voiceprint, TheStoreIsPrivateAtomicAndKeyed) {
  const auto dir = vt::temp_dir("voiceprint-store");
  const auto store = dir / "voxclone" / "voiceprints.json";
  const voxclone::VoiceKey a{"https://api.coze.cn", "", "7001"}, b{"https://api.coze.com", "ws9", "7001"};
  auto none = voxclone::load_voiceprint(store, a);
  ASSERT_TRUE(none.has_value());
  EXPECT_FALSE(none->has_value());
  ASSERT_TRUE(voxclone::save_voiceprint(store, a, print_of("like/ked_note.opus")).has_value());
  ASSERT_TRUE(voxclone::save_voiceprint(store, b, print_of("like/rms_note.opus")).has_value());
  struct stat st{};
  ASSERT_EQ(::stat(store.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat(store.parent_path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  // Keyed by region and workspace too: one voice id in two regions is two voices.
  auto got_a = voxclone::load_voiceprint(store, a), got_b = voxclone::load_voiceprint(store, b);
  ASSERT_TRUE(got_a && *got_a && got_b && *got_b);
  EXPECT_EQ((*got_a)->vector(), print_of("like/ked_note.opus").vector());
  EXPECT_EQ((*got_b)->vector(), print_of("like/rms_note.opus").vector());
  // A retrain replaces the voice's voiceprint, never adds a second one.
  ASSERT_TRUE(voxclone::save_voiceprint(store, a, print_of("like/ked_note2.opus")).has_value());
  auto keys = voxclone::stored_voices(store);
  ASSERT_TRUE(keys.has_value());
  EXPECT_EQ(keys->size(), 2u);
  EXPECT_EQ((*voxclone::load_voiceprint(store, a))->vector(), print_of("like/ked_note2.opus").vector());
  // Numbers only: no path, no audio.
  const std::string text = vt::slurp(store);
  EXPECT_EQ(text.find("like/"), std::string::npos);
  // Beside the store only its lock file (empty: nothing in it to read).
  EXPECT_EQ(vt::list_dir(store.parent_path()),
            (std::vector<std::string>{"voiceprints.json", "voiceprints.json.lock"}));
  EXPECT_EQ(vt::slurp(store.parent_path() / "voiceprints.json.lock"), "");
  // Someone else's file is never overwritten.
  const auto foreign = dir / "foreign.json";
  std::ofstream(foreign) << "{\"hello\": 1}";
  auto refused = voxclone::save_voiceprint(foreign, a, print_of("like/ked_note.opus"));
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(vt::slurp(foreign), "{\"hello\": 1}");
}

// Issue 20, item 4: two clones finishing at once each read the store, add their voice and write
// it back. Without the lock the later write drops what the other added (4 writers x 25 voices
// kept 26 of the 100 when this test was written); with it every voice is kept.
TEST(Voiceprint, ConcurrentSavesKeepEveryVoice) {
  const auto dir = vt::temp_dir("voiceprint-store-race");
  const auto store = dir / "voxclone" / "voiceprints.json";
  const Voiceprint& v = print_of("like/ked_note.opus");
  ASSERT_FALSE(v.empty());
  constexpr int kWriters = 4, kEach = 25;
  std::vector<std::thread> writers;
  std::atomic<int> failed{0};
  for (int w = 0; w < kWriters; ++w)
    writers.emplace_back([&, w] {
      for (int i = 0; i < kEach; ++i)
        if (!voxclone::save_voiceprint(store, {"https://api.coze.cn", "", std::to_string(w * 1000 + i)}, v))
          ++failed;
    });
  for (auto& t : writers) t.join();
  EXPECT_EQ(failed.load(), 0);
  auto keys = voxclone::stored_voices(store);
  ASSERT_TRUE(keys.has_value()) << keys.error().message;
  EXPECT_EQ(keys->size(), static_cast<std::size_t>(kWriters * kEach));
  // update_voiceprint pools under the same lock: 4 x 10 concurrent pools of one voice's
  // voiceprint with itself count every voiced frame once per update.
  const voxclone::VoiceKey one{"https://api.coze.cn", "", "pooled"};
  ASSERT_TRUE(voxclone::save_voiceprint(store, one, v));
  writers.clear();
  for (int w = 0; w < kWriters; ++w)
    writers.emplace_back([&] {
      for (int i = 0; i < 10; ++i)
        if (!voxclone::update_voiceprint(store, one, [&](const std::optional<Voiceprint>& kept) {
              return kept ? voxclone::pooled(*kept, v) : v;
            }))
          ++failed;
    });
  for (auto& t : writers) t.join();
  EXPECT_EQ(failed.load(), 0);
  auto pooled = voxclone::load_voiceprint(store, one);
  ASSERT_TRUE(pooled && *pooled);
  EXPECT_DOUBLE_EQ((*pooled)->voiced_frames, (1 + kWriters * 10) * v.voiced_frames);
}

// Issue 20, item 2: the rules that count seconds hold for the combination, not for each note.
// A note that brings only 1.6 s of clean speech (the first 2 s of ked_note2) still gives them
// to the sample (with a 2 s floor per note it gave nothing), and no note is warned for being
// shorter than the service's 10–30 s advice: only the whole sample is held to it.
TEST(PrepareCombined, ANoteWithAFewCleanSecondsStillGivesThem) {
  auto long_note = voxclone::decode(InputSource::file(vt::data("like/ked_note2.opus")));
  ASSERT_TRUE(long_note.has_value()) << long_note.error().message;
  voxclone::Audio first;
  first.samples.assign(long_note->audio.samples.begin(),
                       long_note->audio.samples.begin() + 2 * voxclone::kSampleRate);
  auto wav = voxclone::encode(first, voxclone::SampleFormat::wav, {});
  ASSERT_TRUE(wav.has_value()) << wav.error().message;
  const std::vector<InputSource> inputs{InputSource::file(vt::data("like/ked_note.opus")),
                                        InputSource::memory(std::span<const std::byte>(wav->bytes), "short.wav")};
  voxclone::CombineOptions o;
  o.prep.select.min_seconds = 5;
  auto r = voxclone::prepare_combined(inputs, o);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  double from_short = 0;
  for (const auto& p : r->pieces)
    if (p.input == 1) from_short += p.output_end_seconds - p.output_start_seconds;
  EXPECT_GE(from_short, 1.0);
  EXPECT_GE(r->sample.duration_seconds, 10.0);
  for (const auto& w : r->warnings) {
    EXPECT_NE(w.code, "combine_input_unused") << w.message;
    EXPECT_NE(w.code, "duration_advice") << w.message;  // 13 s in all: inside the advice
  }
}

// A note whose check finds too little speech to keep and whose voice cannot be measured either
// (the first second of ked_note2: 0.6 s of speech) is left out with a warning, and the other
// notes are combined without it; its error stopped the whole combination before (session 25: a
// phone note of two letters, 0.9 s told to its voice, so one person's other notes gave nothing
// and a stranger's note beside them was never named).
TEST(PrepareCombined, ANoteWithTooLittleSpeechToJudgeIsLeftOutNotTheWholeRefused) {
  auto long_note = voxclone::decode(InputSource::file(vt::data("like/ked_note2.opus")));
  ASSERT_TRUE(long_note.has_value()) << long_note.error().message;
  voxclone::Audio first;
  first.samples.assign(long_note->audio.samples.begin(), long_note->audio.samples.begin() + voxclone::kSampleRate);
  auto wav = voxclone::encode(first, voxclone::SampleFormat::wav, {});
  ASSERT_TRUE(wav.has_value()) << wav.error().message;
  const std::vector<InputSource> inputs{InputSource::file(vt::data("like/ked_note.opus")),
                                        InputSource::memory(std::span<const std::byte>(wav->bytes), "second.wav")};
  voxclone::CombineOptions o;
  o.prep.select.min_seconds = 5;
  auto r = voxclone::prepare_combined(inputs, o);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  ASSERT_EQ(r->inputs.size(), 2u);
  EXPECT_TRUE(r->inputs[0].judged);
  EXPECT_FALSE(r->inputs[1].judged);
  for (const auto& p : r->pieces) EXPECT_EQ(p.input, 0u);
  bool warned = false;
  for (const auto& w : r->warnings)
    if (w.code == "combine_input_unused") {
      warned = true;
      EXPECT_NE(w.message.find("second.wav: left out: found 0."), std::string::npos) << w.message;
      EXPECT_NE(w.message.find("its voice could not be judged"), std::string::npos) << w.message;
    }
  EXPECT_TRUE(warned);
  // Too little speech together names what each input gave, and why the short one gave none: a
  // note that holds little speech is told from one whose speech the analysis did not keep.
  o.prep.select.min_seconds = 20;
  auto short_of_it = voxclone::prepare_combined(inputs, o);
  ASSERT_FALSE(short_of_it.has_value());
  const std::string& m = short_of_it.error().message;
  EXPECT_NE(m.find("of clean speech together; a sample needs 20 s: '" + vt::data("like/ked_note.opus").string() +
                   "' "),
            std::string::npos)
      << m;
  EXPECT_NE(m.find(" s of speech heard in it, 'second.wav' none (found 0."), std::string::npos) << m;
}

// ... but a file with no speech at all (a wrong file: silence, a music track) is not a short
// note: it stops the combination with its own error, named, and nothing is sent (review,
// session 25: the left-out rule above had taken no_speech too).
TEST(PrepareCombined, AFileWithNoSpeechStopsTheCombinationWithItsError) {
  const std::vector<InputSource> inputs{InputSource::file(vt::data("like/ked_note.opus")),
                                        InputSource::file(vt::data("like/ked_note2.opus")),
                                        InputSource::file(vt::data("digital_silence.flac"))};
  voxclone::CombineOptions o;
  o.prep.select.min_seconds = 5;
  auto r = voxclone::prepare_combined(inputs, o);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().category, voxclone::ErrorCategory::no_speech) << r.error().message;
  EXPECT_NE(r.error().message.find("digital_silence.flac"), std::string::npos) << r.error().message;
}

// The point of --like: in a two-voice recording, the voice the example sounds like is kept.
// interview2: fest-ked talks most, flite-rms second; interview3: flite-slt most (the slt note
// is fest-slt: the same person through another engine, in a room).
// Clean speech together just short of --min-seconds reads short of it, not "5.0 s ... needs 5 s".
// The second note is cut to a few lengths until one total rounds up at one decimal.
TEST(PrepareCombined, SpeechJustShortOfTheMinimumReadsShortOfIt) {
  auto long_note = voxclone::decode(InputSource::file(vt::data("like/ked_note2.opus")));
  ASSERT_TRUE(long_note.has_value()) << long_note.error().message;
  int rounded_up = 0;
  for (double cut : {2.0, 2.02, 2.04, 2.06, 2.08, 2.1}) {
    voxclone::Audio part;
    part.samples.assign(long_note->audio.samples.begin(),
                        long_note->audio.samples.begin() + static_cast<std::ptrdiff_t>(cut * voxclone::kSampleRate));
    auto wav = voxclone::encode(part, voxclone::SampleFormat::wav, {});
    ASSERT_TRUE(wav.has_value()) << wav.error().message;
    const std::vector<InputSource> inputs{InputSource::file(vt::data("like/ked_note.opus")),
                                          InputSource::memory(std::span<const std::byte>(wav->bytes), "part.wav")};
    voxclone::CombineOptions o;
    o.prep.select.min_seconds = 5;
    auto r = voxclone::prepare_combined(inputs, o);
    ASSERT_TRUE(r.has_value()) << r.error().message;
    const double together = r->speech_seconds;
    if (std::lround(together * 10) > together * 10) ++rounded_up;
    o.prep.select.min_seconds = together + 0.001;
    auto short_of_it = voxclone::prepare_combined(inputs, o);
    ASSERT_FALSE(short_of_it.has_value()) << cut;
    const std::string& m = short_of_it.error().message;
    const auto at = m.find("hold ");
    ASSERT_NE(at, std::string::npos) << m;
    double shown = 0;
    ASSERT_EQ(std::sscanf(m.c_str() + at, "hold %lf s of clean speech together", &shown), 1) << m;
    EXPECT_LT(shown, o.prep.select.min_seconds) << m;
    EXPECT_GT(shown, together - 0.1) << m;
    if (rounded_up >= 1) break;
  }
  EXPECT_GE(rounded_up, 1) << "no total rounded up: the test shows nothing";
}

TEST(PrepareLike, KeepsTheVoiceTheExampleSoundsLike) {
  struct Case {
    std::string note, fixture, voice;
  };
  for (const Case& c : {Case{"like/rms_note.opus", "voice/interview2", "flite-rms"},
                        Case{"like/ked_note.opus", "voice/interview2", "fest-ked"},
                        Case{"like/slt_note.opus", "voice/interview3", "flite-slt"}}) {
    const std::string& note = c.note;
    const std::string& voice = c.voice;
    voxclone::PrepOptions o;
    o.like = print_of(note);
    o.like_name = note;
    auto r = voxclone::prepare(InputSource::file(vt::data(c.fixture + ".opus")), o);
    ASSERT_TRUE(r.has_value()) << r.error().message;
    const auto& rep = r->report;
    ASSERT_TRUE(rep.match.has_value());
    EXPECT_EQ(rep.match->speaker, rep.kept_speaker);
    EXPECT_EQ(rep.match->example, note);
    EXPECT_GE(rep.match->score, voxclone::kSamePersonScore);
    EXPECT_LT(rep.match->next_score, rep.match->score);
    ASSERT_GE(rep.match->scores.size(), 2u);
    const double mine = kept_seconds_of(rep, c.fixture + ".labels.tsv", voice);
    EXPECT_GT(mine, 0.9 * rep.selection->speech_seconds) << voice << ": " << mine << " of "
                                                         << rep.selection->speech_seconds << " s";
    EXPECT_NE(voxclone::to_text(rep).find("sounds like " + note), std::string::npos);
    ASSERT_TRUE(rep.voiceprint.has_value());
    EXPECT_GE(voxclone::similarity(*rep.voiceprint, print_of(note)), voxclone::kSamePersonScore);
  }
}

TEST(PrepareLike, RefusesWhenNoVoiceIsCloseEnough) {
  // A woman's voice; interview2 holds two men's.
  voxclone::PrepOptions o;
  ASSERT_LT(voxclone::similarity(print_of("like/slt_note.opus"), print_of("like/ked_note.opus")), 0.5);
  o.like = print_of("like/slt_note.opus");
  o.like_name = "slt_note.opus";
  voxclone::PrepReport partial;
  auto r = voxclone::check(InputSource::file(vt::data("voice/interview2.opus")), o, &partial);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().category, voxclone::ErrorCategory::no_matching_voice);
  EXPECT_NE(r.error().message.find("no voice sounds like slt_note.opus"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("scores 0."), std::string::npos) << r.error().message;
  ASSERT_TRUE(partial.match.has_value());  // the scores are there to show
  EXPECT_EQ(voxclone::to_string(r.error().category), "no_matching_voice");
}

// A score just short of the line is shown short of it: 0.996 against 0.9961 needed must not
// read "scores 1.00 (a match needs 1.00)".
TEST(PrepareLike, AScoreJustShortOfTheLineIsShownShortOfIt) {
  int shown_refusals = 0;
  for (const char* note : {"like/ked_note.opus", "like/ked_note2.opus", "like/rms_note.opus"}) {
    voxclone::PrepOptions o;
    o.like = print_of(note);
    voxclone::PrepReport partial;
    auto first = voxclone::check(InputSource::file(vt::data("voice/interview2.opus")), o, &partial);
    const auto& match = first ? first->match : partial.match;
    ASSERT_TRUE(match.has_value()) << note;
    const double best = match->score;
    o.like_min_score = best + 1e-4;
    auto r = voxclone::check(InputSource::file(vt::data("voice/interview2.opus")), o);
    ASSERT_FALSE(r.has_value()) << note;
    // A finer split may find a closer voice with too little speech: refused for that instead.
    if (r.error().category != voxclone::ErrorCategory::no_matching_voice) continue;
    ++shown_refusals;
    const std::string& m = r.error().message;
    const auto at = m.find("scores ");
    ASSERT_NE(at, std::string::npos) << m;
    double shown = 0, needed = 0;
    ASSERT_EQ(std::sscanf(m.c_str() + at, "scores %lf (a match needs %lf)", &shown, &needed), 2) << m;
    EXPECT_LT(shown, needed) << m;
    // The voice scored first may be one of a finer split's (tried when no voice of the first
    // analysis is sure: session 19's comparison finds ked_note2's fest-ked at 0.82 in a split of
    // 5 voices, the first analysis' 2 voices scoring 0.79 at most); with the line above it that
    // split is not taken, and the refusal shows the voices it names, whose count then differs
    // from the first match's.
    const auto voices = m.find("the closest of its ");
    std::size_t count = 1;
    if (voices != std::string::npos) ASSERT_EQ(std::sscanf(m.c_str() + voices, "the closest of its %zu", &count), 1) << m;
    if (count == match->scores.size())
      EXPECT_GT(shown, best - 0.011) << m;
    else
      EXPECT_LT(shown, best) << m;
  }
  EXPECT_GE(shown_refusals, 2);
}

// A recording offers its voices to one example, each another chance for an absent person to
// sound like it, and two voices alike leave a guess (issue 20; tests/realvoice/README.md,
// session 15): --like keeps a voice from kLikeMatchScore, above the pairwise point, and under
// 0.8 only when it stands clear of the next closest voice (2 log-odds, match.cpp). Real people
// of the tune split (their voiceprints: numbers only) are all absent from interview2, whose two
// synthetic men sound alike to the comparison: many would pass the pairwise point, and are
// refused now, in the words of each line (on session 14's comparison: 13 not clear of the next
// voice, 1 under 0.6 after the finer split; on session 16's, none under 0.6).
TEST(PrepareLike, AnAbsentPersonWhoWouldPassThePairwisePointIsRefused) {
  static_assert(voxclone::kLikeMatchScore > voxclone::kSamePersonScore);
  EXPECT_EQ(voxclone::PrepOptions{}.like_min_score, voxclone::kLikeMatchScore);
  auto log_odds = [](double p) { return std::log(p / (1.0 - p)); };
  const auto input = InputSource::file(vt::data("voice/interview2.opus"));
  std::ifstream in(vt::data("like/tune_voiceprints.jsonl"));
  std::string line;
  char needs[40];
  std::snprintf(needs, sizeof needs, "(a match needs %.2f)", voxclone::kLikeMatchScore);
  int under_line = 0, not_clear = 0, tie = 0;
  while (std::getline(in, line)) {
    auto v = voxclone::voiceprint_from_json(nlohmann::json::parse(line)["voiceprint"].dump());
    ASSERT_TRUE(v.has_value()) << v.error().message;
    voxclone::PrepOptions o;
    o.like = *v;
    o.like_name = "the tune note";
    voxclone::PrepReport partial;
    auto r = voxclone::check(input, o, &partial);
    if (r) {  // kept: high, or clear of the next voice
      const auto& m = *r->match;
      EXPECT_TRUE(m.score >= 0.8 || (m.score >= voxclone::kLikeMatchScore &&
                                     log_odds(m.score) - log_odds(std::max(m.next_score, 1e-9)) >= 2.0 - 1e-9))
          << m.score << " " << m.next_score;
      if (m.next_score >= 0.8) EXPECT_GE(log_odds(m.score) - log_odds(m.next_score), 0.4 - 1e-9) << m.score;
      continue;
    }
    if (r.error().category != voxclone::ErrorCategory::no_matching_voice) continue;
    ASSERT_TRUE(partial.match.has_value());
    const auto& m = *partial.match;
    if (m.score < voxclone::kSamePersonScore) continue;  // refused at the pairwise point too
    const std::string& message = r.error().message;
    if (message.starts_with("two voices sound about equally like the tune note: speaker ")) {
      ++tie;  // both sure and within 0.4 log-odds (session 17)
      EXPECT_GE(m.next_score, 0.8) << message;
      EXPECT_LT(log_odds(m.score) - log_odds(m.next_score), 0.4) << message;
    } else if (m.score < voxclone::kLikeMatchScore) {
      ++under_line;
      EXPECT_NE(message.find(needs), std::string::npos) << message;
    } else {
      ++not_clear;
      EXPECT_LT(m.score, 0.8) << message;
      EXPECT_NE(message.find("no voice sounds like the tune note clearly more than another: the closest of its "),
                std::string::npos)
          << message;
      EXPECT_NE(message.find(" and the next 0."), std::string::npos) << message;
    }
  }
  // Since session 16's model none of the tune notes ends between the pairwise point and
  // kLikeMatchScore (1 before): the words of that refusal are checked by
  // RefusesWhenNoVoiceIsCloseEnough.
  RecordProperty("under_line", under_line);
  RecordProperty("tie", tie);
  EXPECT_GE(not_clear, 3);
}

TEST(PrepareLike, OptionsAreCheckedBeforeAnyWork) {
  voxclone::PrepOptions o;
  o.like = print_of("like/rms_note.opus");
  o.select.speaker = 2;
  auto both = voxclone::validate_options(o);
  ASSERT_FALSE(both.has_value());
  EXPECT_NE(both.error().message.find("--like and --speaker"), std::string::npos);
  o.select.speaker = 0;
  o.like = Voiceprint{};
  EXPECT_FALSE(voxclone::validate_options(o).has_value());
  o.like = print_of("like/rms_note.opus");
  o.like_min_score = 1.5;
  EXPECT_FALSE(voxclone::validate_options(o).has_value());
}

// voiceprint_of_async() measures on its one thread (its decode not pipelined) the numbers
// voiceprint_of() does, read whole or cut at read_seconds, from a file or from bytes.
TEST(Voiceprint, MeasuredOnItsOwnThreadItIsTheSame) {
  for (const char* note : {"like/ked_note.opus", "like/slt_note.opus", "voice/interview2.opus"}) {
    for (double read_seconds : {voxclone::kVoiceprintReadSeconds, 6.0}) {
      const voxclone::VoiceprintOptions o{.min_speech_seconds = 1.0, .read_seconds = read_seconds};
      std::ifstream in(vt::data(note), std::ios::binary);
      const std::string bytes((std::istreambuf_iterator<char>(in)), {});
      for (const auto& source : {InputSource::file(vt::data(note)), InputSource::memory(bytes, note)}) {
        auto now = voxclone::voiceprint_of(source, o);
        auto later = voxclone::voiceprint_of_async(source, o).get();
        ASSERT_TRUE(now.has_value()) << now.error().message;
        ASSERT_TRUE(later.has_value()) << later.error().message;
        EXPECT_EQ(now->vector(), later->vector()) << note << " " << read_seconds;
      }
    }
  }
}

// The example measured on a thread beside the input (PrepOptions::like_measuring, session 17):
// the sample and report are those of the example measured first, to the byte.
TEST(PrepareLike, AnExampleMeasuredAlongsideGivesTheSameSample) {
  const auto input = InputSource::file(vt::data("voice/interview2.opus"));
  for (const char* note : {"like/rms_note.opus", "like/ked_note.opus"}) {
    const auto example = InputSource::file(vt::data(note));
    voxclone::PrepOptions first;
    first.threads = 2;
    auto measured = voxclone::voiceprint_of(example, {.min_speech_seconds = 1.0});
    ASSERT_TRUE(measured.has_value()) << measured.error().message;
    first.like = *measured;
    first.like_name = note;
    voxclone::PrepOptions alongside = first;
    alongside.like.reset();
    alongside.like_measuring = voxclone::voiceprint_of_async(example, {.min_speech_seconds = 1.0});
    auto a = voxclone::prepare(input, first);
    auto b = voxclone::prepare(input, alongside);
    ASSERT_TRUE(a.has_value()) << a.error().message;
    ASSERT_TRUE(b.has_value()) << b.error().message;
    EXPECT_TRUE(a->sample.bytes == b->sample.bytes) << note;
    ASSERT_TRUE(b->report.match.has_value());
    EXPECT_EQ(b->report.match->speaker, a->report.match->speaker) << note;
    EXPECT_EQ(b->report.match->score, a->report.match->score) << note;
    EXPECT_EQ(b->report.match->scores, a->report.match->scores) << note;
    EXPECT_EQ(b->report.kept_speaker, a->report.kept_speaker) << note;
    auto c = voxclone::check(input, alongside);
    ASSERT_TRUE(c.has_value()) << c.error().message;
    EXPECT_EQ(c->match->scores, a->report.match->scores) << note;
    EXPECT_EQ(c->selection->pieces.size(), a->report.selection->pieces.size()) << note;
  }
}

// An example that fails beside the input fails the prep with its own error, exactly as
// voiceprint_of() gives it (not named after the input, nor the input's own error when that
// fails too), and check() reports nothing of the input, as when the example was measured first.
TEST(PrepareLike, AnExampleThatFailsAlongsideFailsWithItsOwnError) {
  const auto input = InputSource::file(vt::data("voice/interview2.opus"));
  for (const char* bad : {"room_tone.flac", "like/absent.opus"}) {
    const auto example = InputSource::file(vt::data(bad));
    const auto alone = voxclone::voiceprint_of(example);
    ASSERT_FALSE(alone.has_value()) << bad;
    voxclone::PrepOptions o;
    o.threads = 2;
    o.like_measuring = voxclone::voiceprint_of_async(example);
    auto r = voxclone::prepare(input, o);
    ASSERT_FALSE(r.has_value()) << bad;
    EXPECT_EQ(r.error().category, alone.error().category) << r.error().message;
    EXPECT_EQ(r.error().message, alone.error().message);
    voxclone::PrepReport partial;
    auto c = voxclone::check(input, o, &partial);
    ASSERT_FALSE(c.has_value()) << bad;
    EXPECT_EQ(c.error().message, alone.error().message);
    EXPECT_TRUE(partial.input_name.empty()) << bad;
    EXPECT_FALSE(partial.content.has_value()) << bad;
    // The input fails too (it is missing): the example's error is the one given.
    auto both = voxclone::prepare(InputSource::file(vt::data("voice/absent.opus")), o);
    ASSERT_FALSE(both.has_value()) << bad;
    EXPECT_EQ(both.error().message, alone.error().message);
  }
}

// An example already known to have failed stops the input's work at its first look at the
// cancel callback: nothing is analysed.
TEST(PrepareLike, AFailedExampleStopsTheInputsWork) {
  std::promise<voxclone::Result<Voiceprint>> failed;
  failed.set_value(std::unexpected(voxclone::Error{voxclone::ErrorCategory::no_speech, "the example: no speech"}));
  voxclone::PrepOptions o;
  o.like_measuring = failed.get_future().share();
  std::vector<voxclone::Stage> stages;
  o.callbacks.progress = [&](voxclone::Stage s, double) {
    if (stages.empty() || stages.back() != s) stages.push_back(s);
  };
  auto r = voxclone::prepare(InputSource::file(vt::data("voice/interview2.opus")), o);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().category, voxclone::ErrorCategory::no_speech);
  EXPECT_EQ(r.error().message, "the example: no speech");
  EXPECT_EQ(std::count(stages.begin(), stages.end(), voxclone::Stage::analyse), 0);
  EXPECT_EQ(std::count(stages.begin(), stages.end(), voxclone::Stage::select), 0);
}

TEST(PrepareLike, AnExampleIsGivenOnce) {
  voxclone::PrepOptions o;
  o.like = print_of("like/rms_note.opus");
  o.like_measuring = voxclone::voiceprint_of_async(InputSource::file(vt::data("like/rms_note.opus")));
  auto twice = voxclone::validate_options(o);
  ASSERT_FALSE(twice.has_value());
  EXPECT_NE(twice.error().message.find("like and like_measuring"), std::string::npos);
  o.like.reset();
  o.select.speaker = 2;
  auto both = voxclone::validate_options(o);
  ASSERT_FALSE(both.has_value());
  EXPECT_NE(both.error().message.find("--like and --speaker"), std::string::npos);
}

}  // namespace

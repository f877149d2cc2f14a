// The verdict on a sample (voxclone/verdict.hpp): the one table that weighs every warning code,
// assess() on reports built by hand (each threshold on both sides), and the kept pieces' own
// figures on real audio: a loud intro left out of the sample no longer counts against it, and
// clipping counts where it is. The doors (check, prep, clone, Client::clone, Python) are held
// to this verdict in test_cli_api, test_upload and python/tests/test_verdict.py.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "support/test_support.hpp"
#include "voxclone/voxclone.hpp"

namespace {

using voxclone::KeptFigures;
using voxclone::PrepReport;
using voxclone::SampleVerdict;
using voxclone::VerdictKind;
using voxclone::VerdictWeight;

PrepReport report_with(std::vector<std::string> codes, KeptFigures kept = {.snr_db = 40.0}) {
  PrepReport r;
  for (auto& c : codes) r.warnings.push_back({c, "the words of " + c});
  r.kept = kept;
  return r;
}

TEST(VerdictTable, WeighsEveryWarningCodeOnceInItsOrder) {
  const auto rules = voxclone::verdict_rules();
  const auto codes = voxclone::warning_codes();
  ASSERT_EQ(rules.size(), codes.size());
  for (std::size_t i = 0; i < codes.size(); ++i) EXPECT_EQ(rules[i].code, codes[i]);
  std::set<std::string_view> blocking;
  for (const auto& r : rules) {
    if (r.weight == VerdictWeight::blocks) {
      blocking.insert(r.code);
      EXPECT_FALSE(r.blocks_when.empty()) << r.code << ": a blocking code says when, in words";
    } else {
      EXPECT_EQ(r.past_threshold, nullptr) << r.code;
    }
  }
  EXPECT_EQ(blocking, (std::set<std::string_view>{"clipping", "high_noise_floor",
                                                  "music_under_speech", "background_voices"}));
}

TEST(VerdictTable, TheThreeOutcomes) {
  EXPECT_EQ(voxclone::assess(report_with({})).kind, VerdictKind::usable);
  // Notes say what was left out: the kept audio is no worse for them, so they are no reasons.
  const SampleVerdict notes =
      voxclone::assess(report_with({"music_left_out", "other_speakers_left_out",
                                    "other_sound_left_out", "several_audio_streams",
                                    "stream_chosen_for_speech", "truncated"}));
  EXPECT_EQ(notes.kind, VerdictKind::usable);
  EXPECT_TRUE(notes.reasons.empty());
  const SampleVerdict warned =
      voxclone::assess(report_with({"music_left_out", "telephone_band", "large_gain"}));
  EXPECT_EQ(warned.kind, VerdictKind::usable_with_warnings);
  ASSERT_EQ(warned.reasons.size(), 2u);
  EXPECT_EQ(warned.reasons[0].code, "telephone_band");
  EXPECT_EQ(warned.reasons[0].message, "the words of telephone_band");
  EXPECT_FALSE(warned.reasons[0].blocks_upload);
  EXPECT_FALSE(warned.blocks_upload());
  for (const char* code : {"music_under_speech", "background_voices"}) {
    const SampleVerdict v = voxclone::assess(report_with({"large_gain", code}));
    EXPECT_EQ(v.kind, VerdictKind::refuse) << code;
    EXPECT_TRUE(v.blocks_upload());
    EXPECT_EQ(v.blocking_codes(), code);
    EXPECT_FALSE(v.reasons[0].blocks_upload);
    EXPECT_TRUE(v.reasons[1].blocks_upload);
  }
  // A code this version does not know warns.
  EXPECT_EQ(voxclone::assess(report_with({"from_a_later_version"})).kind,
            VerdictKind::usable_with_warnings);
  EXPECT_EQ(voxclone::to_string(VerdictKind::usable), "usable");
  EXPECT_EQ(voxclone::to_string(VerdictKind::usable_with_warnings), "usable_with_warnings");
  EXPECT_EQ(voxclone::to_string(VerdictKind::refuse), "refuse");
}

TEST(VerdictTable, NoiseAndClippingBlockFromTheirThresholdOnTheKeptFigures) {
  EXPECT_EQ(voxclone::kBlockingSnrDb, 15.0);
  EXPECT_EQ(voxclone::kBlockingClippedFraction, 0.001);
  auto noise = [](double snr) {
    return voxclone::assess(report_with({"high_noise_floor"}, {.snr_db = snr})).kind;
  };
  EXPECT_EQ(noise(14.9), VerdictKind::refuse);
  EXPECT_EQ(noise(15.0), VerdictKind::usable_with_warnings);
  auto clipping = [](double fraction) {
    return voxclone::assess(report_with({"clipping"}, {.snr_db = 40, .clipped_fraction = fraction}))
        .kind;
  };
  EXPECT_EQ(clipping(0.00099), VerdictKind::usable_with_warnings);
  EXPECT_EQ(clipping(0.001), VerdictKind::refuse);
  // The whole input's figures do not count when the kept ones are there...
  PrepReport r = report_with({"high_noise_floor"}, {.snr_db = 22.0});
  r.snr_db = 4.0;
  EXPECT_EQ(voxclone::assess(r).kind, VerdictKind::usable_with_warnings);
  // ... and stand in for them in a report that has none (built by hand).
  r.kept.reset();
  EXPECT_EQ(voxclone::assess(r).kind, VerdictKind::refuse);
}

TEST(VerdictTable, TheRefusalNamesEachBlockingCodeAndItsWords) {
  const SampleVerdict v =
      voxclone::assess(report_with({"large_gain", "music_under_speech", "background_voices"}));
  const std::string m = voxclone::refusal_message(v);
  EXPECT_NE(m.find("(music_under_speech, background_voices)"), std::string::npos) << m;
  EXPECT_NE(m.find("- music_under_speech: the words of music_under_speech"), std::string::npos)
      << m;
  EXPECT_NE(m.find("- background_voices: the words of background_voices"), std::string::npos) << m;
  EXPECT_EQ(m.find("large_gain"), std::string::npos) << m;
}

// ---- The kept pieces' own figures, on real audio -------------------------------------------

voxclone::PrepOptions options() {
  voxclone::PrepOptions o;
  o.threads = 1;
  return o;
}

// A loud noise bed for the first 14 s (a sentence under it), then clean speech from 15.2 s
// (testdata/README.md, row 25). The whole input's SNR is low; the kept speech's is not.
TEST(KeptFigures, ALoudIntroLeftOutDoesNotCountAgainstTheSample) {
  const auto labels = vt::labels("noisy_intro");
  ASSERT_EQ(labels.size(), 5u);
  const double clean_from = labels[1].start - 0.5;  // the quiet room's first sentence
  for (const bool cut : {false, true}) {
    SCOPED_TRACE(cut ? "--start on the clean part" : "the whole file");
    auto o = options();
    if (cut) o.select.start_seconds = clean_from;
    auto r = voxclone::check(voxclone::InputSource::file(vt::data("noisy_intro.opus")), o);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_LT(r->snr_db, voxclone::kBlockingSnrDb) << "the whole input is as noisy as before";
    ASSERT_TRUE(r->kept && r->selection);
    EXPECT_GE(r->selection->start_seconds, clean_from - 0.3);
    EXPECT_GT(r->kept->snr_db, 35.0);
    EXPECT_TRUE(r->kept->noise_from_pauses);
    EXPECT_GT(r->kept->pause_seconds, 1.0);
    EXPECT_LT(r->kept->noise_floor_dbfs, -50.0);  // the quiet room, not the street (-22 dBFS)
    for (const auto& w : r->warnings) EXPECT_NE(w.code, "high_noise_floor") << w.message;
    ASSERT_TRUE(r->verdict);
    EXPECT_EQ(r->verdict->kind, VerdictKind::usable) << voxclone::verdict_to_text(*r->verdict);
  }
}

TEST(KeptFigures, KeptSpeechMeasuresLikeTheWholeOfACleanRecording) {
  auto r = voxclone::check(voxclone::InputSource::file(vt::data("speech_long.flac")), options());
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_NEAR(r->kept->snr_db, r->snr_db, 2.0);
  EXPECT_NEAR(r->kept->noise_floor_dbfs, r->noise_floor_dbfs, 2.0);
  EXPECT_EQ(r->kept->clipped_fraction, 0.0);
  EXPECT_EQ(r->verdict->kind, VerdictKind::usable);
}

// Clipping is counted where it is: one recording, its first half driven into clipping (peaks
// at 3 times full scale, cut flat), its second half clean (peaks at 0.9), kept from either half.
TEST(KeptFigures, ClippingCountsOnlyInsideTheKeptPieces) {
  auto decoded = voxclone::decode(voxclone::InputSource::file(vt::data("speech_long.flac")));
  ASSERT_TRUE(decoded) << decoded.error().message;
  std::vector<float> pcm = decoded->audio.samples;
  float peak = 0;
  for (float x : pcm) peak = std::max(peak, std::fabs(x));
  const std::size_t half = pcm.size() / 2;  // 33.9 s: the sparse part and a little of the dense
  for (std::size_t i = 0; i < pcm.size(); ++i)
    pcm[i] = i < half ? std::clamp(pcm[i] * 3.0f / peak, -1.0f, 1.0f) : pcm[i] * 0.9f / peak;
  const auto bytes = std::as_bytes(std::span(pcm));
  auto check = [&](std::optional<double> start, std::optional<double> end) {
    auto o = options();
    o.select.start_seconds = start;
    o.select.end_seconds = end;
    auto r = voxclone::check(voxclone::InputSource::pcm(bytes, voxclone::kSampleRate, 1,
                                                        voxclone::PcmFormat::f32, "half-clipped"),
                             o);
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : PrepReport{};
  };
  const double half_seconds = static_cast<double>(half) / voxclone::kSampleRate;
  const PrepReport clean = check(half_seconds + 2.0, std::nullopt);
  EXPECT_GT(clean.clipped_fraction, voxclone::kBlockingClippedFraction) << "of the whole input";
  ASSERT_TRUE(clean.kept && clean.verdict);
  EXPECT_EQ(clean.kept->clipped_fraction, 0.0);
  for (const auto& w : clean.warnings) EXPECT_NE(w.code, "clipping") << w.message;
  EXPECT_EQ(clean.verdict->kind, VerdictKind::usable) << voxclone::verdict_to_text(*clean.verdict);
  const PrepReport clipped = check(std::nullopt, half_seconds - 1.0);
  ASSERT_TRUE(clipped.kept && clipped.verdict);
  EXPECT_GT(clipped.kept->clipped_fraction, clipped.clipped_fraction)
      << "all of it is in the kept half";
  EXPECT_TRUE(clipped.verdict->blocks_upload());
  EXPECT_NE(clipped.verdict->blocking_codes().find("clipping"), std::string::npos);
}

TEST(KeptFigures, PrepareAndCheckGiveTheSameVerdictAsAssess) {
  for (const char* name : {"voice/babble.opus", "clip_mulaw.wav"}) {
    SCOPED_TRACE(name);
    auto checked = voxclone::check(voxclone::InputSource::file(vt::data(name)), options());
    auto prepared = voxclone::prepare(voxclone::InputSource::file(vt::data(name)), options());
    ASSERT_TRUE(checked && prepared);
    const SampleVerdict again = voxclone::assess(prepared->report);
    EXPECT_EQ(prepared->report.verdict->kind, again.kind);
    EXPECT_EQ(prepared->report.verdict->reasons.size(), again.reasons.size());
    EXPECT_EQ(checked->verdict->kind, prepared->report.verdict->kind);
  }
}

}  // namespace

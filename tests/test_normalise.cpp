// Loudness and true peak of written samples, measured by an independent meter (ffmpeg's
// ebur128 filter with peak=true), for every output format and several targets.
#include <gtest/gtest.h>

#include <cmath>

#include "support/test_support.hpp"
#include "voxclone/encode.hpp"
#include "voxclone/normalise.hpp"
#include "voxclone/prep.hpp"

namespace {

using voxclone::SampleFormat;

struct Case {
  const char* file;
  SampleFormat format;
  double target;
  double ceiling;
};

class NormalisedSample : public ::testing::TestWithParam<Case> {};

TEST_P(NormalisedSample, MeetsTargetAndCeilingOnAnIndependentMeter) {
  const Case& c = GetParam();
  voxclone::PrepOptions o;
  o.format = c.format;
  o.normalise.target_lufs = c.target;
  o.normalise.ceiling_dbtp = c.ceiling;
  auto r = voxclone::prepare(voxclone::InputSource::file(vt::data(c.file)), o);
  ASSERT_TRUE(r) << r.error().message;
  const auto path = vt::temp_dir("norm") / (std::string("out.") + std::string(voxclone::to_string(c.format)));
  ASSERT_TRUE(voxclone::write_file_atomically(path, r->sample.bytes));
  const auto m = vt::independent_meter(path, c.format == SampleFormat::pcm);
  EXPECT_NEAR(m.integrated_lufs, c.target, 0.5) << c.file;
  EXPECT_LE(m.true_peak_dbtp, c.ceiling) << c.file;
  // The library's own report agrees with the independent meter.
  EXPECT_NEAR(r->report.normalised->after.integrated_lufs, m.integrated_lufs, 0.3);
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, NormalisedSample,
    ::testing::Values(Case{"clip.flac", SampleFormat::wav, -20, -2},
                      Case{"clip.flac", SampleFormat::mp3, -20, -2},
                      Case{"clip.flac", SampleFormat::pcm, -20, -2},
                      Case{"speech_quiet.flac", SampleFormat::wav, -20, -2},
                      Case{"speech_long.flac", SampleFormat::mp3, -16, -1},
                      Case{"speech_noisy.flac", SampleFormat::wav, -23, -3},
                      // Loud target under a high ceiling: only the limiter can reach it.
                      Case{"clip_cover.mp3", SampleFormat::mp3, -16, -1},
                      Case{"clipped.flac", SampleFormat::wav, -20, -2}));

TEST(Normalise, LimiterEngagesOnlyWhenGainWouldBreakTheCeiling) {
  std::vector<float> s(24000 * 6);
  // Speech-like: a quiet bed with sparse loud bursts (high crest factor).
  for (std::size_t i = 0; i < s.size(); ++i) {
    const double t = static_cast<double>(i) / 24000.0;
    const double env = std::fmod(t, 1.0) < 0.02 ? 0.9 : 0.05;
    s[i] = static_cast<float>(env * std::sin(2 * M_PI * 300 * t));
  }
  voxclone::Audio a{s, 24000};
  auto gentle = voxclone::normalise(a, {.target_lufs = -30, .ceiling_dbtp = -1});
  ASSERT_TRUE(gentle) << gentle.error().message;
  EXPECT_NEAR(gentle->limited_max_db, 0.0, 1e-9);
  voxclone::Audio b{s, 24000};
  auto hard = voxclone::normalise(b, {.target_lufs = -14, .ceiling_dbtp = -2});
  ASSERT_TRUE(hard) << hard.error().message;
  EXPECT_GT(hard->limited_max_db, 1.0);
  EXPECT_LE(hard->after.true_peak_dbtp, -2.0);
  EXPECT_NEAR(hard->after.integrated_lufs, -14.0, 0.5);
}

TEST(Normalise, UnreachableTargetHoldsTheCeilingAndSaysSo) {
  // Speech at -12 LUFS under -3 dBTP would need the waveform crushed: voxclone stops at a
  // bounded amount of limiting, keeps the ceiling, and warns.
  voxclone::PrepOptions o;
  o.normalise.target_lufs = -12;
  o.normalise.ceiling_dbtp = -3;
  auto r = voxclone::prepare(voxclone::InputSource::file(vt::data("clip.flac")), o);
  ASSERT_TRUE(r) << r.error().message;
  const auto path = vt::temp_dir("unreachable") / "o.wav";
  ASSERT_TRUE(voxclone::write_file_atomically(path, r->sample.bytes));
  const auto m = vt::independent_meter(path);
  EXPECT_LE(m.true_peak_dbtp, -3.0);
  EXPECT_LT(m.integrated_lufs, -12.5);
  bool warned = false;
  for (const auto& w : r->report.warnings) warned |= w.code == "loudness_missed";
  EXPECT_TRUE(warned);
  // The gain stayed bounded: no more than 8 dB past what linear gain alone would use.
  EXPECT_LE(r->report.normalised->gain_db,
            -12 - r->report.normalised->before.integrated_lufs + 8.0 + 1e-6);
}

}  // namespace

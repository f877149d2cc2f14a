// Speech detection against labelled fixtures: frame agreement >= 95 %, room tone and silence
// are not speech, a very quiet recording still is.
#include <gtest/gtest.h>

#include <cstdio>

#include "support/test_support.hpp"
#include "voxclone/analyse.hpp"
#include "voxclone/decode.hpp"

namespace {

using voxclone::InputSource;

double agreement(const voxclone::SpeechAnalysis& a, const std::vector<vt::Label>& truth) {
  std::size_t agree = 0;
  for (std::size_t f = 0; f < a.is_speech.size(); ++f) {
    const double t = (static_cast<double>(f) + 0.5) * a.frame_seconds;
    bool labelled = false;
    for (const auto& l : truth) labelled |= t >= l.start && t < l.end;
    agree += (a.is_speech[f] != 0) == labelled;
  }
  return static_cast<double>(agree) / static_cast<double>(a.is_speech.size());
}

class LabelledSpeech : public ::testing::TestWithParam<const char*> {};

TEST_P(LabelledSpeech, FramesAgreeWithLabels) {
  const std::string name = GetParam();
  auto d = voxclone::decode(InputSource::file(vt::data(name + ".flac")));
  ASSERT_TRUE(d) << d.error().message;
  const auto truth = vt::labels(name);
  const auto a = voxclone::detect_speech(d->audio);
  const double agree = agreement(a, truth);
  EXPECT_GE(agree, 0.95) << name;
  EXPECT_NEAR(a.speech_seconds, vt::label_seconds(truth), 0.08 * vt::label_seconds(truth)) << name;
  // Every labelled sentence is found (overlaps a detected segment).
  for (const auto& l : truth) {
    bool found = false;
    for (const auto& s : a.segments) found |= s.start_seconds < l.end && s.end_seconds > l.start;
    EXPECT_TRUE(found) << name << ": missed speech at " << l.start;
  }
  RecordProperty("agreement", std::to_string(agree));
  std::printf("%s: frame agreement %.4f, speech %.2f s (labels %.2f s)\n", name.c_str(), agree,
              a.speech_seconds, vt::label_seconds(truth));
}

INSTANTIATE_TEST_SUITE_P(Fixtures, LabelledSpeech,
                         ::testing::Values("speech_long", "speech_quiet", "speech_noisy", "clip",
                                           "speech_short"));

TEST(Speech, RoomToneIsNotSpeech) {
  auto d = voxclone::decode(InputSource::file(vt::data("room_tone.flac")));
  ASSERT_TRUE(d);
  const auto a = voxclone::detect_speech(d->audio);
  EXPECT_LT(a.speech_seconds, 0.5);
  EXPECT_FALSE(a.silent);
}

TEST(Speech, DigitalSilenceIsSilent) {
  auto d = voxclone::decode(InputSource::file(vt::data("digital_silence.flac")));
  ASSERT_TRUE(d);
  const auto a = voxclone::detect_speech(d->audio);
  EXPECT_TRUE(a.silent);
  EXPECT_TRUE(a.segments.empty());
}

TEST(Speech, SnrEstimateTracksTheFixtures) {
  auto noisy = voxclone::decode(InputSource::file(vt::data("speech_noisy.flac")));
  auto clean = voxclone::decode(InputSource::file(vt::data("speech_long.flac")));
  ASSERT_TRUE(noisy && clean);
  const auto n = voxclone::detect_speech(noisy->audio);
  const auto c = voxclone::detect_speech(clean->audio);
  EXPECT_LT(n.snr_db, 25.0);
  EXPECT_GT(c.snr_db, n.snr_db + 10.0);
}

TEST(Loudness, MeasuresAKnownSine) {
  // A full-scale-relative 1 kHz sine at -20 dBFS peak reads about -23 LUFS (K-weighting at
  // 1 kHz is ~0 dB; a sine's RMS is 3 dB under its peak; mono -0.691 offset).
  std::vector<float> s(24000 * 5);
  for (std::size_t i = 0; i < s.size(); ++i)
    s[i] = 0.1f * static_cast<float>(std::sin(2 * M_PI * 1000.0 * static_cast<double>(i) / 24000.0));
  auto l = voxclone::measure_loudness(s);
  ASSERT_TRUE(l);
  EXPECT_NEAR(l->integrated_lufs, -23.0, 0.3);
  EXPECT_NEAR(l->sample_peak_dbfs, -20.0, 0.05);
}

}  // namespace

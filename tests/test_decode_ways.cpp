// The ways to decode (lib/src/decode/ways.hpp) are one decode: one thread, the two-thread
// pipeline (AAC, Opus, PCM in WAV, ...) and the split decode (raw MP3 and FLAC) hand the sink
// the same samples and report the same stats; counting without a sink gives the same length;
// a sink's error and a cancel stop every way with their own error.
#include <gtest/gtest.h>

#include <span>
#include <string>
#include <vector>

#include "decode/stream.hpp"  // decode_streaming, AudioSink (internal)
#include "support/test_support.hpp"

namespace {

using voxclone::Callbacks;
using voxclone::ErrorCategory;
using voxclone::InputSource;
using voxclone::Result;

struct Decoded {
  Result<voxclone::DecodedInput> result;
  std::vector<float> samples;
};

Decoded decode_one_way(const char* file, bool pipelined, const Callbacks& callbacks = {}) {
  Decoded out;
  out.result = voxclone::detail::decode_streaming(
      InputSource::file(vt::data(file)), callbacks,
      [&](std::span<const float> chunk) -> Result<void> {
        out.samples.insert(out.samples.end(), chunk.begin(), chunk.end());
        return {};
      },
      pipelined);
  return out;
}

class DecodeWays : public ::testing::TestWithParam<const char*> {};

TEST_P(DecodeWays, OneThreadAndSeveralGiveTheSameSamplesAndStats) {
  const Decoded one = decode_one_way(GetParam(), false);
  const Decoded several = decode_one_way(GetParam(), true);
  ASSERT_TRUE(one.result) << one.result.error().message;
  ASSERT_TRUE(several.result) << several.result.error().message;
  ASSERT_GT(one.samples.size(), 24000u);
  EXPECT_EQ(one.samples, several.samples);
  const auto& a = *one.result;
  const auto& b = *several.result;
  EXPECT_EQ(a.info.duration_seconds, b.info.duration_seconds);
  EXPECT_EQ(a.info.duration_seconds, static_cast<double>(one.samples.size()) / 24000);
  EXPECT_EQ(a.stats.input_samples, b.stats.input_samples);
  EXPECT_EQ(a.stats.clipped_samples, b.stats.clipped_samples);
  EXPECT_EQ(a.stats.input_peak_dbfs, b.stats.input_peak_dbfs);
  EXPECT_EQ(a.stats.damaged_packets, b.stats.damaged_packets);
  EXPECT_EQ(a.stats.truncated, b.stats.truncated);
  EXPECT_EQ(a.stats.read_error, b.stats.read_error);
}

TEST_P(DecodeWays, CountingWithoutASinkGivesTheSameLength) {
  const Decoded converted = decode_one_way(GetParam(), false);
  auto counted = voxclone::detail::decode_streaming(InputSource::file(vt::data(GetParam())), {},
                                                    voxclone::detail::AudioSink{}, false);
  ASSERT_TRUE(converted.result && counted);
  EXPECT_EQ(counted->stats.input_samples, converted.result->stats.input_samples);
  // The count is rescaled to 24 kHz, the converted audio went through the resampler: they
  // may differ by the resampler's rounding, never by more than a sample.
  EXPECT_NEAR(counted->info.duration_seconds, converted.result->info.duration_seconds, 1.5 / 24000);
  EXPECT_TRUE(counted->audio.samples.empty());
}

TEST_P(DecodeWays, ASinkErrorStopsEveryWayWithThatError) {
  for (const bool pipelined : {false, true}) {
    int calls = 0;
    auto r = voxclone::detail::decode_streaming(
        InputSource::file(vt::data(GetParam())), {},
        [&](std::span<const float>) -> Result<void> {
          if (++calls == 2) return voxclone::fail(ErrorCategory::output_failed, "sink is full");
          return {};
        },
        pipelined);
    ASSERT_FALSE(r) << GetParam() << (pipelined ? " pipelined" : " one thread");
    EXPECT_EQ(r.error().category, ErrorCategory::output_failed);
    EXPECT_EQ(r.error().message, "sink is full");
    EXPECT_EQ(calls, 2) << "the sink was called again after it failed";
  }
}

TEST_P(DecodeWays, CancelStopsEveryWay) {
  for (const bool pipelined : {false, true}) {
    Callbacks cb;
    cb.cancel = [] { return true; };
    const Decoded d = decode_one_way(GetParam(), pipelined, cb);
    ASSERT_FALSE(d.result) << GetParam() << (pipelined ? " pipelined" : " one thread");
    EXPECT_EQ(d.result.error().category, ErrorCategory::cancelled);
  }
}

// clip.flac and clip_cover.mp3 take the split decode when pipelined; the others the two-thread
// pipeline; truncated.mp3 checks the truncation is seen the same way by both.
INSTANTIATE_TEST_SUITE_P(Inputs, DecodeWays,
                         ::testing::Values("clip.flac", "clip_cover.mp3", "truncated.mp3",
                                           "clip.m4a", "clip.ogg", "clip_mulaw.wav",
                                           "clipped.flac"));

}  // namespace

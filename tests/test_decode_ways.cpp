// The ways to decode (lib/src/decode/ways.hpp) are one decode: one thread, the two-thread
// pipeline (AAC, Opus, PCM in WAV, ...) and the split decode (raw MP3 and FLAC) hand the sink
// the same samples and report the same stats; counting without a sink gives the same length;
// a sink's error and a cancel stop every way with their own error; a raw MP3 whose channels and
// rate change part-way decodes the same on one thread and split.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
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

Decoded decode_path(const std::filesystem::path& path, bool pipelined,
                    const Callbacks& callbacks = {}) {
  Decoded out;
  out.result = voxclone::detail::decode_streaming(
      InputSource::file(path), callbacks,
      [&](std::span<const float> chunk) -> Result<void> {
        out.samples.insert(out.samples.end(), chunk.begin(), chunk.end());
        return {};
      },
      pipelined);
  return out;
}

Decoded decode_one_way(const char* file, bool pipelined, const Callbacks& callbacks = {}) {
  return decode_path(vt::data(file), pipelined, callbacks);
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
  // Where the clipping is: the same frames, at the same input times, however they were scanned.
  ASSERT_EQ(a.stats.clipping.size(), b.stats.clipping.size());
  for (std::size_t i = 0; i < a.stats.clipping.size(); ++i) {
    EXPECT_NEAR(a.stats.clipping[i].start_seconds, b.stats.clipping[i].start_seconds, 1e-9) << i;
    EXPECT_EQ(a.stats.clipping[i].samples, b.stats.clipping[i].samples) << i;
  }
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

// Raw MP3 frames may change channel mode and rate from one frame to the next (joined files,
// radio captures). The split decode mixes each frame to mono on its decoding threads and the
// converter resamples the runs of one rate; one thread mixes and resamples as it goes. Both
// must give the same samples, the whole length, and no error at the joins: mono 22.05 kHz,
// then stereo 44.1 kHz, then mono 44.1 kHz, 4 s each, the parts' bytes simply joined.
TEST(DecodeWaysChanges, AnMp3WhoseLayoutAndRateChangeDecodesTheSameSplit) {
  const auto dir = vt::temp_dir("changes");
  struct Part { const char* from; const char* channels; const char* rate; };
  const Part parts[] = {{"0", "1", "22050"}, {"4", "2", "44100"}, {"8", "1", "44100"}};
  const auto joined = dir / "changes.mp3";
  std::ofstream out(joined, std::ios::binary);
  for (const Part& p : parts) {
    const auto part = dir / (std::string("part") + p.from + ".mp3");
    ASSERT_EQ(vt::run({VOXCLONE_FFMPEG, "-v", "error", "-y", "-ss", p.from, "-t", "4", "-i",
                       vt::data("speech_long.flac").string(), "-ac", p.channels, "-ar", p.rate,
                       "-c:a", "libmp3lame", "-b:a", "64k", "-write_xing", "0",
                       "-id3v2_version", "0", part.string()})
                  .exit_code,
              0);
    std::ifstream in(part, std::ios::binary);
    out << in.rdbuf();
  }
  out.close();
  const Decoded one = decode_path(joined, false);
  const Decoded split = decode_path(joined, true);
  ASSERT_TRUE(one.result) << one.result.error().message;
  ASSERT_TRUE(split.result) << split.result.error().message;
  EXPECT_EQ(one.samples, split.samples);
  EXPECT_NEAR(static_cast<double>(split.samples.size()) / 24000, 12.0, 0.2);
  EXPECT_EQ(split.result->stats.damaged_packets, 0);
  // Each part holds its stretch of the source at the source's level: nothing was lost or
  // silenced at a join (MP3 at 64 kb/s keeps the level within a decibel or so).
  const Decoded source = decode_one_way("speech_long.flac", false);
  ASSERT_TRUE(source.result);
  auto energy = [](const std::vector<float>& x, double from, double to) {
    double e = 0;
    for (auto i = static_cast<std::size_t>(from * 24000); i < static_cast<std::size_t>(to * 24000) && i < x.size(); ++i)
      e += double{x[i]} * x[i];
    return e;
  };
  for (int k = 0; k < 3; ++k) {
    const double mine = energy(split.samples, k * 4 + 0.5, k * 4 + 3.5);
    const double theirs = energy(source.samples, k * 4 + 0.5, k * 4 + 3.5);
    ASSERT_GT(theirs, 0) << "part " << k;
    EXPECT_NEAR(10 * std::log10(mine / theirs), 0.0, 1.5) << "part " << k;
  }
}

// clip.flac and clip_cover.mp3 take the split decode when pipelined; the others the two-thread
// pipeline; truncated.mp3 checks the truncation is seen the same way by both.
INSTANTIATE_TEST_SUITE_P(Inputs, DecodeWays,
                         ::testing::Values("clip.flac", "clip_cover.mp3", "truncated.mp3",
                                           "clip.m4a", "clip.ogg", "clip_mulaw.wav",
                                           "clipped.flac"));

}  // namespace

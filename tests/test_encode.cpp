// Encoded bytes: the WAV header field by field, raw PCM sample by sample, MP3 read back by
// ffprobe; atomic writes leave nothing behind on failure.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>

#include "support/test_support.hpp"
#include "voxclone/encode.hpp"
#include "voxclone/validate.hpp"

namespace {

using voxclone::SampleFormat;

voxclone::Audio tone(double seconds, double amp) {
  voxclone::Audio a;
  a.samples.resize(static_cast<std::size_t>(seconds * 24000));
  for (std::size_t i = 0; i < a.samples.size(); ++i)
    a.samples[i] = static_cast<float>(amp * std::sin(2 * M_PI * 440.0 * static_cast<double>(i) / 24000.0));
  return a;
}

uint32_t u32(const std::vector<std::byte>& b, std::size_t at) {
  uint32_t v;
  std::memcpy(&v, b.data() + at, 4);
  return v;
}
uint16_t u16(const std::vector<std::byte>& b, std::size_t at) {
  uint16_t v;
  std::memcpy(&v, b.data() + at, 2);
  return v;
}
std::string tag(const std::vector<std::byte>& b, std::size_t at) {
  return std::string(reinterpret_cast<const char*>(b.data() + at), 4);
}

TEST(Encode, WavIsA44ByteHeaderPlus16BitMonoAt24k) {
  const auto a = tone(1.5, 0.5);
  auto w = voxclone::encode(a, SampleFormat::wav);
  ASSERT_TRUE(w) << w.error().message;
  const auto& b = w->bytes;
  const std::size_t n = a.samples.size();
  ASSERT_EQ(b.size(), 44 + 2 * n);
  EXPECT_EQ(tag(b, 0), "RIFF");
  EXPECT_EQ(u32(b, 4), b.size() - 8);
  EXPECT_EQ(tag(b, 8), "WAVE");
  EXPECT_EQ(tag(b, 12), "fmt ");
  EXPECT_EQ(u32(b, 16), 16u);
  EXPECT_EQ(u16(b, 20), 1);  // PCM
  EXPECT_EQ(u16(b, 22), 1);  // mono
  EXPECT_EQ(u32(b, 24), 24000u);
  EXPECT_EQ(u32(b, 28), 48000u);
  EXPECT_EQ(u16(b, 32), 2);
  EXPECT_EQ(u16(b, 34), 16);
  EXPECT_EQ(tag(b, 36), "data");
  EXPECT_EQ(u32(b, 40), 2 * n);
}

TEST(Encode, RawPcmIsExactlyTheRoundedSamples) {
  voxclone::Audio a;
  a.samples = {0.0f, 0.5f, -0.5f, 1.0f, -1.0f, 2.0f, 0.25f};
  auto p = voxclone::encode(a, SampleFormat::pcm);
  ASSERT_TRUE(p) << p.error().message;
  ASSERT_EQ(p->bytes.size(), 2 * a.samples.size());
  const int16_t want[] = {0, 16384, -16384, 32767, -32768, 32767, 8192};
  for (std::size_t i = 0; i < a.samples.size(); ++i)
    EXPECT_EQ(static_cast<int16_t>(u16(p->bytes, 2 * i)), want[i]) << i;
}

// The 16-bit conversion rounds as std::lrint does in the default mode (halves to even) after
// the clamp, for every 16-bit step and every half step between, the clamp's edges, infinities,
// NaN (0) and numbers too small to round up.
TEST(Encode, RawPcmRoundsEveryHalfStepAsLrint) {
  voxclone::Audio a;
  for (int k = -2 * 32768 - 4; k <= 2 * 32767 + 4; ++k) a.samples.push_back(static_cast<float>(k) / 65536.0f);
  for (float v : {1.0f, -1.0f, 32767.0f / 32768.0f, 1e-30f, -1e-30f, 1e-45f, 0.49999997f / 32768.0f,
                  1.5f / 32768.0f, 2.5f / 32768.0f, -2.5f / 32768.0f, 5e8f, -5e8f, INFINITY, -INFINITY, NAN})
    a.samples.push_back(v);
  auto p = voxclone::encode(a, SampleFormat::pcm);
  ASSERT_TRUE(p) << p.error().message;
  ASSERT_EQ(p->bytes.size(), 2 * a.samples.size());
  for (std::size_t i = 0; i < a.samples.size(); ++i) {
    const float v = a.samples[i];
    const auto want = std::isnan(v) ? int16_t{0}
                                    : static_cast<int16_t>(std::lrint(std::clamp(v, -1.0f, 32767.0f / 32768.0f) * 32768.0f));
    ASSERT_EQ(static_cast<int16_t>(u16(p->bytes, 2 * i)), want) << i << " " << v;
  }
  // Ties go to the even neighbour.
  const std::size_t at = a.samples.size() - 8;  // 1.5 / 32768, then 2.5 / 32768, then -2.5 / 32768
  EXPECT_EQ(static_cast<int16_t>(u16(p->bytes, 2 * at)), 2);
  EXPECT_EQ(static_cast<int16_t>(u16(p->bytes, 2 * (at + 1))), 2);
  EXPECT_EQ(static_cast<int16_t>(u16(p->bytes, 2 * (at + 2))), -2);
}

TEST(Encode, Mp3ReadsBackAs24kMonoOfTheSameLength) {
  const auto a = tone(12.0, 0.3);
  auto m = voxclone::encode(a, SampleFormat::mp3);
  ASSERT_TRUE(m) << m.error().message;
  const auto path = vt::temp_dir("mp3") / "t.mp3";
  ASSERT_TRUE(voxclone::write_file_atomically(path, m->bytes));
  const auto p = vt::probe(path);
  EXPECT_EQ(p["streams"][0]["codec_name"], "mp3");
  EXPECT_EQ(p["streams"][0]["sample_rate"], "24000");
  EXPECT_EQ(p["streams"][0]["channels"], 1);
  EXPECT_NEAR(std::stod(p["format"]["duration"].get<std::string>()), 12.0, 0.06);
  EXPECT_LT(m->bytes.size(), 12 * 128000 / 8 + 4096);
  auto v = voxclone::validate_sample(*m);
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(v->sample_rate, 24000);
}

TEST(Validate, RejectsOversizedAndMisshapenSamples) {
  voxclone::EncodedSample big;
  big.format = SampleFormat::pcm;
  big.bytes.resize(voxclone::kMaxSampleBytes + 2);
  auto v = voxclone::validate_sample(big);
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().category, voxclone::ErrorCategory::sample_invalid);
  EXPECT_NE(v.error().message.find("10 MB"), std::string::npos);

  voxclone::EncodedSample wav_named_mp3 = *voxclone::encode(tone(11, 0.3), SampleFormat::wav);
  wav_named_mp3.format = SampleFormat::mp3;
  EXPECT_FALSE(voxclone::validate_sample(wav_named_mp3));
}

TEST(WriteFile, AtomicAndLeavesNothingOnFailure) {
  const auto dir = vt::temp_dir("atomic");
  const std::vector<std::byte> bytes(1000, std::byte{7});
  ASSERT_TRUE(voxclone::write_file_atomically(dir / "a.wav", bytes));
  EXPECT_EQ(std::filesystem::file_size(dir / "a.wav"), 1000u);
  // Over an existing file: replaced whole.
  const std::vector<std::byte> fewer(10, std::byte{1});
  ASSERT_TRUE(voxclone::write_file_atomically(dir / "a.wav", fewer));
  EXPECT_EQ(std::filesystem::file_size(dir / "a.wav"), 10u);
  EXPECT_EQ(vt::list_dir(dir), std::vector<std::string>{"a.wav"});
  // Missing folder, a path through a file, a folder as target.
  auto r1 = voxclone::write_file_atomically(dir / "nope" / "b.wav", bytes);
  ASSERT_FALSE(r1);
  EXPECT_EQ(r1.error().category, voxclone::ErrorCategory::output_failed);
  EXPECT_FALSE(voxclone::write_file_atomically(dir / "a.wav" / "b.wav", bytes));
  EXPECT_FALSE(voxclone::write_file_atomically(dir, bytes));
  EXPECT_EQ(vt::list_dir(dir), std::vector<std::string>{"a.wav"});
}

TEST(WriteFile, DiskFullIsAnErrorAndTheDeviceSurvives) {
  if (!std::filesystem::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
  const std::vector<std::byte> bytes(100000, std::byte{7});
  auto r = voxclone::write_file_atomically("/dev/full", bytes);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("No space left"), std::string::npos) << r.error().message;
  EXPECT_TRUE(std::filesystem::is_character_file("/dev/full"));
}

TEST(Formats, NamesAndExtensions) {
  EXPECT_EQ(voxclone::parse_sample_format("MP3"), SampleFormat::mp3);
  EXPECT_EQ(voxclone::format_from_path("x/y.pcm"), SampleFormat::pcm);
  EXPECT_EQ(voxclone::format_from_path("y.flac"), std::nullopt);
  EXPECT_EQ(voxclone::content_type(SampleFormat::mp3), "audio/mpeg");
}

}  // namespace

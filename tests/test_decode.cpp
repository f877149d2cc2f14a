// Decode + convert: every container the issue names decodes, by content, to mono 24 kHz with
// the right duration; bad inputs fail with the right category and a message naming the file.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <numbers>

#include "support/test_support.hpp"
#include "voxclone/convert.hpp"
#include "voxclone/decode.hpp"

namespace {

using voxclone::ErrorCategory;
using voxclone::InputSource;

struct FormatCase {
  const char* file;
  const char* codec;
  int channels;
};

class DecodesFormat : public ::testing::TestWithParam<FormatCase> {};

TEST_P(DecodesFormat, ToMono24kWithTheDurationFfprobeSees) {
  const FormatCase& c = GetParam();
  auto d = voxclone::decode(InputSource::file(vt::data(c.file)));
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d->audio.sample_rate, 24000);
  EXPECT_EQ(d->info.codec, c.codec);
  EXPECT_EQ(d->info.channels, c.channels);
  const auto p = vt::probe(vt::data(c.file));
  const double expected = std::stod(p["format"]["duration"].get<std::string>());
  // Encoder priming and padding differ per codec: allow a few frames.
  EXPECT_NEAR(d->audio.duration_seconds(), expected, 0.08) << c.file;
  EXPECT_FALSE(d->stats.truncated) << c.file;
  // The speech survived: there is real signal in it.
  float peak = 0;
  for (float s : d->audio.samples) peak = std::max(peak, std::fabs(s));
  EXPECT_GT(peak, 0.01f) << c.file;
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, DecodesFormat,
    ::testing::Values(FormatCase{"clip.flac", "flac", 2}, FormatCase{"clip_cover.mp3", "mp3", 2},
                      FormatCase{"clip.m4a", "aac", 2}, FormatCase{"clip.ogg", "vorbis", 1},
                      FormatCase{"clip.webm", "opus", 2}, FormatCase{"clip.mkv", "opus", 2},
                      FormatCase{"clip_video.mp4", "aac", 1},
                      FormatCase{"clip_mulaw.wav", "pcm_mulaw", 1},
                      FormatCase{"clip_51.m4a", "aac", 6},
                      FormatCase{"clip_ogg_named.mp3", "vorbis", 1},
                      FormatCase{"clip_noext", "opus", 2}),
    [](const auto& info) {
      std::string n = info.param.file;
      for (auto& ch : n)
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
      return n;
    });

TEST(Decode, PicksTheDefaultSpeechStreamOfSeveral) {
  auto d = voxclone::decode(InputSource::file(vt::data("clip.mkv")));
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d->info.audio_streams, 2);
  EXPECT_EQ(d->info.stream_index, 0);
}

TEST(Decode, ListsEveryAudioStreamWithItsTags) {
  auto d = voxclone::decode(InputSource::file(vt::data("two_streams.mkv")));
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d->info.stream_chosen, voxclone::StreamChoice::best);
  const auto& list = d->info.audio_stream_list;
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].index, 0);
  EXPECT_EQ(list[0].audio_number, 0);
  EXPECT_EQ(list[0].codec, "opus");
  EXPECT_EQ(list[0].channels, 2);
  EXPECT_EQ(list[0].title, "Desktop audio");
  EXPECT_EQ(list[0].language, "");
  EXPECT_TRUE(list[0].is_default);
  EXPECT_EQ(list[1].index, 1);
  EXPECT_EQ(list[1].audio_number, 1);
  EXPECT_EQ(list[1].channels, 1);
  EXPECT_EQ(list[1].title, "Microphone");
  EXPECT_EQ(list[1].language, "eng");
  EXPECT_FALSE(list[1].is_default);
  // The video's audio is stream #1 of the file but its first audio stream.
  auto v = voxclone::decode(InputSource::file(vt::data("clip_video.mp4")));
  ASSERT_TRUE(v) << v.error().message;
  ASSERT_EQ(v->info.audio_stream_list.size(), 1u);
  EXPECT_EQ(v->info.audio_stream_list[0].index, 1);
  EXPECT_EQ(v->info.audio_stream_list[0].audio_number, 0);
}

TEST(StreamSpecifier, ReadsAnIndexOrTheNthAudioStreamAsFfmpegWritesThem) {
  struct Good {
    const char* text;
    int index;
    int audio_number;
  };
  for (const Good& g : {Good{"2", 2, -1}, Good{"0", 0, -1}, Good{"999", 999, -1},
                        Good{"a:0", -1, 0}, Good{"a:1", -1, 1}, Good{"0:a:1", -1, 1},
                        Good{"0:a:12", -1, 12}}) {
    auto s = voxclone::parse_stream_specifier(g.text);
    ASSERT_TRUE(s) << g.text << ": " << s.error().message;
    EXPECT_EQ(s->index, g.index) << g.text;
    EXPECT_EQ(s->audio_number, g.audio_number) << g.text;
    EXPECT_TRUE(s->given()) << g.text;
  }
  for (const char* bad : {"", "a:", "a:-1", "1:a:0", "v:0", "x:1", "-1", "+2", " 2", "2 ", "a",
                          "0:a", "a:1:2", "a:1000", "1000", "0:0:a:1", "a:b", "2.0", "A:1"}) {
    auto s = voxclone::parse_stream_specifier(bad);
    ASSERT_FALSE(s) << "'" << bad << "' was accepted";
    EXPECT_EQ(s.error().category, ErrorCategory::invalid_argument) << bad;
    EXPECT_EQ(s.error().message.rfind(std::string("--stream ") + bad + ": use an index (2), a:N or 0:a:N", 0), 0u)
        << s.error().message;
  }
  EXPECT_FALSE(voxclone::StreamSpecifier{}.given());
}

TEST(Decode, IgnoresVideoAndCoverArt) {
  auto v = voxclone::decode(InputSource::file(vt::data("clip_video.mp4")));
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_TRUE(v->info.has_video);
  auto c = voxclone::decode(InputSource::file(vt::data("clip_cover.mp3")));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_FALSE(c->info.has_video);  // an attached picture is not a video
}

TEST(Decode, Float192kToneKeepsItsFrequencyAndLength) {
  auto d = voxclone::decode(InputSource::file(vt::data("tone_192k_float.wav")));
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d->info.sample_rate, 192000);
  EXPECT_EQ(d->info.codec, "pcm_f32le");
  EXPECT_NEAR(d->audio.duration_seconds(), 0.25, 0.002);
  // Count zero crossings in the steady middle: a 1 kHz tone crosses 2000 times a second.
  const auto& s = d->audio.samples;
  int crossings = 0;
  const std::size_t a = 2400, b = s.size() - 2400;  // skip 0.1 s resampler edges
  for (std::size_t i = a + 1; i < b; ++i) crossings += (s[i - 1] < 0) != (s[i] < 0);
  const double seconds = static_cast<double>(b - a) / 24000.0;
  EXPECT_NEAR(crossings / seconds, 2000.0, 40.0);
  // -6 dBFS in both channels downmixes to about -6 dBFS mono (same signal in each channel).
  float peak = 0;
  for (std::size_t i = a; i < b; ++i) peak = std::max(peak, std::fabs(s[i]));
  EXPECT_NEAR(20 * std::log10(peak), -6.0, 3.1);
}

TEST(Decode, FromMemoryMatchesFromFile) {
  std::ifstream in(vt::data("clip.m4a"), std::ios::binary);
  std::vector<char> raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::byte> bytes(raw.size());
  std::memcpy(bytes.data(), raw.data(), raw.size());
  auto mem = voxclone::decode(InputSource::memory(bytes, "clip.m4a in memory"));
  auto file = voxclone::decode(InputSource::file(vt::data("clip.m4a")));
  ASSERT_TRUE(mem) << mem.error().message;
  ASSERT_TRUE(file) << file.error().message;
  EXPECT_EQ(mem->audio.samples, file->audio.samples);
}

TEST(Decode, TruncatedFileDecodesWhatItCanAndSaysSo) {
  auto d = voxclone::decode(InputSource::file(vt::data("truncated.mp3")));
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_TRUE(d->stats.truncated);
  EXPECT_GT(d->audio.duration_seconds(), 10.0);
}

TEST(Decode, ClippingIsCounted) {
  auto clipped = voxclone::decode(InputSource::file(vt::data("clipped.flac")));
  auto clean = voxclone::decode(InputSource::file(vt::data("clip.flac")));
  ASSERT_TRUE(clipped && clean);
  EXPECT_GT(clipped->stats.clipped_samples, 1000);
  EXPECT_EQ(clean->stats.clipped_samples, 0);
  EXPECT_TRUE(clean->stats.clipping.empty());
  // Where: every clipped sample is placed in input time, in order, inside the recording, and
  // only where there is speech to clip (the fixture is clipped speech over quiet room tone).
  const auto& where = clipped->stats.clipping;
  ASSERT_FALSE(where.empty());
  std::int64_t placed = 0;
  double last = -1;
  const auto labels = vt::labels("clip");
  for (const auto& w : where) {
    placed += w.samples;
    EXPECT_GT(w.start_seconds, last);
    last = w.start_seconds;
    EXPECT_TRUE(vt::inside_speech(labels, w.start_seconds, -0.05)) << w.start_seconds;  // ±50 ms
  }
  EXPECT_EQ(placed, clipped->stats.clipped_samples);
  EXPECT_LT(last, clipped->info.duration_seconds);
}

struct BadCase {
  const char* file;
  ErrorCategory category;
  const char* words;
};

class RejectsBadInput : public ::testing::TestWithParam<BadCase> {};

TEST_P(RejectsBadInput, WithCategoryAndMessage) {
  const BadCase& c = GetParam();
  auto d = voxclone::decode(InputSource::file(vt::data(c.file)));
  ASSERT_FALSE(d) << c.file;
  EXPECT_EQ(d.error().category, c.category) << d.error().message;
  EXPECT_NE(d.error().message.find(c.file), std::string::npos) << d.error().message;
  EXPECT_NE(d.error().message.find(c.words), std::string::npos) << d.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, RejectsBadInput,
    ::testing::Values(BadCase{"does_not_exist.wav", ErrorCategory::input_not_found, "no such file"},
                      BadCase{"empty.wav", ErrorCategory::input_unreadable, "empty"},
                      BadCase{"not_audio.wav", ErrorCategory::not_audio, "not an audio or video file"},
                      BadCase{"picture_only.png", ErrorCategory::no_audio_stream, "no audio stream"},
                      BadCase{"video_only.mp4", ErrorCategory::no_audio_stream, "no audio stream"}));

TEST(Decode, AFolderIsNotAFile) {
  auto d = voxclone::decode(InputSource::file(VOXCLONE_TESTDATA_DIR));
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().category, ErrorCategory::input_unreadable);
  EXPECT_NE(d.error().message.find("folder"), std::string::npos);
}

TEST(Convert, RawStereoS16At44kToMono24k) {
  // 1 s of a 440 Hz tone, left only: the mono mix keeps the tone at half amplitude or so.
  std::vector<int16_t> pcm(44100 * 2);
  for (int i = 0; i < 44100; ++i)
    pcm[2 * i] = static_cast<int16_t>(16000 * std::sin(2 * std::numbers::pi * 440 * i / 44100.0));
  auto a = voxclone::convert_pcm({pcm.data(), 44100, 44100, 2, voxclone::PcmFormat::s16});
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_NEAR(static_cast<double>(a->samples.size()), 24000.0, 2.0);
}

TEST(Convert, RejectsNonsenseShapes) {
  float x[4] = {};
  EXPECT_FALSE(voxclone::convert_pcm({x, 4, 0, 1, voxclone::PcmFormat::f32}));
  EXPECT_FALSE(voxclone::convert_pcm({x, 4, 48000, 0, voxclone::PcmFormat::f32}));
  EXPECT_FALSE(voxclone::convert_pcm({nullptr, 4, 48000, 1, voxclone::PcmFormat::f32}));
}

}  // namespace

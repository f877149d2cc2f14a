// The analysis' record store (core/record_spool.hpp): what goes in comes back, in memory and
// from the temporary file, and a TMPDIR that cannot hold it is a clear error, never a crash.
#include <bit>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <unistd.h>

#include <gtest/gtest.h>

#include "analyse/voice_meter.hpp"
#include "core/record_spool.hpp"

namespace {

using voxclone::detail::RecordSpool;
using voxclone::detail::TimbreStats;

TimbreStats numbered(std::size_t i) {
  TimbreStats s;
  s.count = static_cast<float>(i);
  for (int d = 0; d < voxclone::detail::kTimbreDims; ++d) {
    s.sum[d] = static_cast<float>(i * 13 + d);
    s.sum_sq[d] = -static_cast<float>(i + d);
  }
  return s;
}

void expect_same(const TimbreStats& a, const TimbreStats& b, std::size_t i) {
  ASSERT_EQ(a.count, b.count) << "record " << i;
  for (int d = 0; d < voxclone::detail::kTimbreDims; ++d) {
    ASSERT_EQ(a.sum[d], b.sum[d]) << "record " << i;
    ASSERT_EQ(a.sum_sq[d], b.sum_sq[d]) << "record " << i;
  }
}

// TMPDIR set for the scope of one test.
class TmpDir {
 public:
  explicit TmpDir(const std::string& dir) {
    if (const char* old = std::getenv("TMPDIR")) old_ = old, had_ = true;
    ::setenv("TMPDIR", dir.c_str(), 1);
  }
  ~TmpDir() {
    if (had_) ::setenv("TMPDIR", old_.c_str(), 1);
    else ::unsetenv("TMPDIR");
  }

 private:
  std::string old_;
  bool had_ = false;
};

TEST(RecordSpool, ShortRunsStayInMemory) {
  RecordSpool<float> r("levels");
  for (int i = 0; i < 1000; ++i) r.push_back(static_cast<float>(i) * 0.5f);
  EXPECT_FALSE(r.spilled());
  ASSERT_EQ(r.size(), 1000u);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(r[static_cast<std::size_t>(i)], static_cast<float>(i) * 0.5f);
  EXPECT_TRUE(r.status());
}

TEST(RecordSpool, LongRunsGoToDiskAndReadBackExactly) {
  RecordSpool<TimbreStats> r("blocks", 1);  // one page in memory, then the file
  constexpr std::size_t n = 10 * RecordSpool<TimbreStats>::kPageRecords + 17;
  for (std::size_t i = 0; i < n; ++i) r.push_back(numbered(i));
  EXPECT_TRUE(r.spilled());
  ASSERT_EQ(r.size(), n);
  // Forwards, backwards, and to and fro across a page boundary (the readers' windows).
  for (std::size_t i = 0; i < n; ++i) expect_same(r[i], numbered(i), i);
  for (std::size_t i = n; i-- > 0;) expect_same(r[i], numbered(i), i);
  const std::size_t edge = 3 * RecordSpool<TimbreStats>::kPageRecords;
  for (int k = 0; k < 5; ++k) {
    expect_same(r[edge - 1], numbered(edge - 1), edge - 1);
    expect_same(r[edge], numbered(edge), edge);
    expect_same(r[n - 1], numbered(n - 1), n - 1);
  }
  EXPECT_TRUE(r.status());
  const std::vector<TimbreStats> all = r.take_all();
  ASSERT_EQ(all.size(), n);
  EXPECT_EQ(all.capacity(), n);  // one exact array, not a doubled one
  for (std::size_t i = 0; i < n; ++i) expect_same(all[i], numbered(i), i);
  EXPECT_EQ(r.size(), 0u);
}

TEST(RecordSpool, NeverSpillKeepsEverythingInMemory) {
  RecordSpool<std::uint8_t> r("flags", RecordSpool<std::uint8_t>::kNeverSpill);
  for (int i = 0; i < 300000; ++i) r.push_back(static_cast<std::uint8_t>(i));
  EXPECT_FALSE(r.spilled());
  const auto all = r.take_all();
  ASSERT_EQ(all.size(), 300000u);
  EXPECT_EQ(all[299999], static_cast<std::uint8_t>(299999));
}

TEST(RecordSpool, AnUnusableTmpdirIsAClearError) {
  TmpDir tmp("/nonexistent/voxclone-test");
  RecordSpool<float> r("frame levels", 1);
  for (int i = 0; i < 100000; ++i) r.push_back(1.0f);  // well past one page: it tried the file
  ASSERT_EQ(r.size(), 100000u);
  EXPECT_EQ(r[99999], 1.0f);  // the records not yet written are still there
  (void)r[0];                 // one that never reached the file: a default record, no crash
  const auto st = r.status();
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().message.find("frame levels"), std::string::npos) << st.error().message;
  EXPECT_NE(st.error().message.find("TMPDIR"), std::string::npos) << st.error().message;
  EXPECT_NE(st.error().message.find("No such file or directory"), std::string::npos)
      << st.error().message;
}

TEST(RecordSpool, TheFileHasNoName) {
  // O_TMPFILE (or an unlinked file): nothing of ours is left in TMPDIR, even while it is open.
  const auto dir = std::filesystem::temp_directory_path() / ("voxclone-spool-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  {
    TmpDir tmp(dir.string());
    RecordSpool<float> r("levels", 1);
    for (int i = 0; i < 100000; ++i) r.push_back(static_cast<float>(i));
    EXPECT_TRUE(r.spilled());
    EXPECT_TRUE(r.status());
    EXPECT_TRUE(std::filesystem::is_empty(dir));
    EXPECT_EQ(r[12345], 12345.0f);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace

// The content features a window at a time (content_rows.hpp) are the features of the whole,
// bit for bit, whatever the window: each row's context is inside its window's copy.
#include "analyse/content_rows.hpp"
#include "analyse/level_meter.hpp"
#include "voxclone/analyse.hpp"
#include "voxclone/decode.hpp"

namespace {

void expect_windowed_rows_match(const char* file) {
  using namespace voxclone::detail;
  auto d = voxclone::decode(voxclone::InputSource::file(file));
  ASSERT_TRUE(d) << d.error().message;
  const auto& samples = d->audio.samples;
  LevelMeter levels(d->audio.sample_rate, 0.020);
  levels.push(samples);
  const float peak = levels.peak();
  const auto speech = voxclone::classify_frames(levels.finish(), peak, d->audio.duration_seconds());
  auto meter = VoiceMeter::create(d->audio.sample_rate);
  ASSERT_TRUE(meter);
  ASSERT_TRUE(meter->push(samples));
  auto features = meter->finish();
  ASSERT_TRUE(features);
  const auto whole = block_features(speech, *features);
  ASSERT_EQ(whole.size(), features->blocks.size());
  ASSERT_GT(whole.size(), 100u);
  for (std::size_t window : {std::size_t{1}, std::size_t{7}, std::size_t{64}, kRowsAtOnce}) {
    for (std::size_t first = 0; first < whole.size(); first += window) {
      const auto rows = block_features_between(speech, *features, first, first + window);
      ASSERT_EQ(rows.size(), std::min(window, whole.size() - first));
      for (std::size_t i = 0; i < rows.size(); ++i)
        for (int c = 0; c < kContentFeatures; ++c)
          ASSERT_EQ(std::bit_cast<std::uint32_t>(rows[i][c]), std::bit_cast<std::uint32_t>(whole[first + i][c]))
              << file << ": block " << first + i << ", feature " << content_feature_names()[c]
              << ", window " << window;
    }
  }
}

TEST(ContentRows, AWindowAtATimeGivesTheRowsOfTheWhole) {
  expect_windowed_rows_match(VOXCLONE_TESTDATA_DIR "/speech_long.flac");
  expect_windowed_rows_match(VOXCLONE_TESTDATA_DIR "/voice/podcast_intro.opus");
}

}  // namespace

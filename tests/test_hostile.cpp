// Hostile inputs (testdata/make_hostile.sh): files that lie about themselves or are extreme.
// Each ends with a clear error or a correct sample, in bounded time and memory, leaving nothing.
#include <gtest/gtest.h>

#include "support/sanitizers.hpp"
#include "support/test_support.hpp"

namespace {

struct Hostile {
  const char* file;
  std::vector<int> exit_codes;  // any of these is a right answer
  const char* words;            // in the error line, when it fails
};

class HostileInput : public ::testing::TestWithParam<Hostile> {};

TEST_P(HostileInput, EndsCleanlyInBoundedTimeAndMemory) {
  const Hostile& h = GetParam();
  const auto dir = vt::temp_dir("hostile");
  auto in = vt::data(std::string("hostile/") + h.file);
  if (std::string(h.file) == "silence_3h.flac") {  // too big to commit: made here
    in = vt::temp_dir("hostile-made") / h.file;
    ASSERT_EQ(vt::run({VOXCLONE_FFMPEG, "-v", "error", "-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono",
                       "-t", "10800", "-c:a", "flac", in.string()}).exit_code, 0);
  }
  ASSERT_TRUE(std::filesystem::exists(in)) << in << ": run testdata/make_hostile.sh";
  const auto r = vt::cli({"prep", in.string(), "-o", (dir / "o.wav").string()});
  EXPECT_NE(std::find(h.exit_codes.begin(), h.exit_codes.end(), r.exit_code), h.exit_codes.end())
      << h.file << ": exit " << r.exit_code << ": " << r.err;
  EXPECT_LT(r.exit_code, 128) << "crashed: " << r.err;
  if (r.exit_code != 0) {
    EXPECT_NE(r.err.find(h.words), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_TRUE(vt::list_dir(dir).empty());
  }
  if (!vt::kAsan) EXPECT_LT(r.max_rss_kb, 200 * 1024) << h.file;  // ASan's quarantine holds freed memory
  EXPECT_LT(r.seconds, 60.0 * vt::kSlowdown) << h.file;
}

INSTANTIATE_TEST_SUITE_P(
    Files, HostileInput,
    ::testing::Values(Hostile{"claims_10_hours.wav", {5}, "speech"},
                      Hostile{"rate_1hz.wav", {4}, "hostile/rate_1hz.wav"},
                      Hostile{"rate_4ghz.wav", {4}, "hostile/rate_4ghz.wav"},
                      Hostile{"channels_0.wav", {4}, "hostile/channels_0.wav"},
                      Hostile{"channels_65535.wav", {4}, "hostile/channels_65535.wav"},
                      Hostile{"bits_0.wav", {4}, "hostile/bits_0.wav"},
                      Hostile{"format_tag_bogus.wav", {4}, "hostile/format_tag_bogus.wav"},
                      Hostile{"header_cut.wav", {4}, "hostile/header_cut.wav"},
                      Hostile{"silence_3h.flac", {5}, "silent"},
                      Hostile{"empty_stream.mkv", {4}, "hostile/empty_stream.mkv"},
                      Hostile{"empty_audio_with_video.mp4", {4}, "hostile/empty_audio_with_video.mp4"},
                      Hostile{"picture_only.mp3", {4}, "hostile/picture_only.mp3"}),
    [](const auto& info) {
      std::string n = info.param.file;
      for (auto& ch : n)
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
      return n;
    });

}  // namespace

// Loudness and true peak of written samples, measured by an independent meter (ffmpeg's
// ebur128 filter with peak=true), for every output format and several targets.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <span>

#include "support/test_support.hpp"
#include "voxclone/encode.hpp"
#include "voxclone/normalise.hpp"
#include "voxclone/prep.hpp"
#include "normalise/limiter.hpp"         // the limiter's progress (internal)
#include "normalise/normalise_into.hpp"  // normalising a measured input (internal)
#include "normalise/true_peak.hpp"       // the true-peak envelope (internal)
#include "prep/whole_measure.hpp"        // a combined sample's whole, measured as it grows (internal)

#include <atomic>
#include <thread>

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

// A window the limiter need only touch (a voice note at -20 LUFS under -2 dBTP, 0.4 LU short
// after the gain alone) is settled in three renderings: the search's upper end is first sought
// at twice the miss, not at the 8 dB the limiter may be given (four renderings before).
TEST(Normalise, ALittleLimitingIsSettledInThreeRenderings) {
  voxclone::PrepOptions o;
  o.select.min_seconds = 3;
  o.threads = 1;
  int renderings = 0;
  o.callbacks.log = [&](voxclone::LogLevel, std::string_view line) {
    renderings += line.starts_with("normalise: gain ");
  };
  auto r = voxclone::prepare(voxclone::InputSource::file(vt::data("like/ked_note.opus")), o);
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_GT(r->report.normalised->limited_max_db, 0.0);  // the limiter did work
  EXPECT_LE(renderings, 3);
  EXPECT_NEAR(r->report.normalised->after.integrated_lufs, -20.0, 0.15);
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

TEST(TruePeak, EnvelopeCutIntoPartsIsIdenticalToOnePass) {
  // Each part's upsampler is fed its own context, so the cut must not show anywhere: not at
  // the seams, not at the ends, for any number of parts and odd lengths.
  std::mt19937 rng(7);
  std::normal_distribution<float> noise(0.0f, 0.2f);
  for (std::size_t len : {std::size_t{1}, std::size_t{100}, std::size_t{65536 * 3 + 17},
                          std::size_t{24000 * 11 + 5}}) {
    std::vector<float> x(len);
    for (auto& v : x) v = noise(rng);
    auto one = voxclone::detail::true_peak_envelope(x, 24000, 1);
    ASSERT_TRUE(one);
    ASSERT_EQ(one->size(), len);
    float one_max = 0.0f;
    for (float e : *one) one_max = std::max(one_max, e);
    for (int parts : {2, 3, 4}) {
      auto cut = voxclone::detail::true_peak_envelope(x, 24000, parts);
      ASSERT_TRUE(cut);
      EXPECT_EQ(*cut, *one) << len << " samples in " << parts << " parts";
      auto peak = voxclone::detail::true_peak(x, 24000, parts);
      ASSERT_TRUE(peak);
      EXPECT_EQ(*peak, one_max) << len << " samples in " << parts << " parts";
    }
    // The envelope is a true peak: never below the samples themselves.
    for (std::size_t i = 0; i < len; ++i) ASSERT_GE((*one)[i], std::fabs(x[i]) * 0.999f) << i;
  }
}

TEST(TruePeak, InterSamplePeakOfAQuarterRateSineIsFound) {
  // A sine near fs/4 sampled 45 degrees off its crests: the samples read 0.707 of the true
  // peak (-3 dB), which only an oversampling meter sees. (Away from the ends, where the abrupt
  // start and stop overshoot on any interpolator.)
  std::vector<float> x(24000);
  for (std::size_t i = 0; i < x.size(); ++i)
    x[i] = static_cast<float>(0.5 * std::sin(M_PI / 2 * static_cast<double>(i) + M_PI / 4));
  auto env = voxclone::detail::true_peak_envelope(x, 24000, 2);
  ASSERT_TRUE(env);
  float sample_peak = 0.0f, true_peak = 0.0f;
  for (std::size_t i = 1000; i < x.size() - 1000; ++i) {
    sample_peak = std::max(sample_peak, std::fabs(x[i]));
    true_peak = std::max(true_peak, (*env)[i]);
  }
  EXPECT_NEAR(20 * std::log10(sample_peak), 20 * std::log10(0.5) - 3.0, 0.1);
  EXPECT_NEAR(20 * std::log10(true_peak), 20 * std::log10(0.5), 0.2);
}

TEST(Normalise, OneThreadAndAllCoresGiveTheSameSample) {
  std::mt19937 rng(3);
  std::normal_distribution<float> noise(0.0f, 0.05f);
  std::vector<float> s(24000 * 12);
  for (std::size_t i = 0; i < s.size(); ++i)
    s[i] = noise(rng) * (i % 24000 < 2400 ? 8.0f : 1.0f);  // bursts the limiter must catch
  voxclone::Audio a{s, 24000}, b{s, 24000};
  auto one = voxclone::normalise(a, {.target_lufs = -16, .ceiling_dbtp = -2, .threads = 1});
  auto all = voxclone::normalise(b, {.target_lufs = -16, .ceiling_dbtp = -2, .threads = 4});
  ASSERT_TRUE(one && all);
  EXPECT_GT(one->limited_max_db, 0.5);
  EXPECT_EQ(a.samples, b.samples);
  EXPECT_EQ(one->after.true_peak_dbtp, all->after.true_peak_dbtp);
  // With several threads each limited rendering's loudness is measured as the limiter makes it
  // (libebur128 fed in stretches): the very same figures as measured after it, in one pass.
  EXPECT_EQ(one->after.integrated_lufs, all->after.integrated_lufs);
  EXPECT_EQ(one->gain_db, all->gain_db);
  EXPECT_LE(one->after.true_peak_dbtp, -2.0);
}

// Cancelled once a limited rendering is made, while libebur128 still follows it on another
// thread: the search stops there and says so; the audio is left as it was.
TEST(Normalise, CancelAfterALimitedRenderingStopsTheMeterFollowingIt) {
  std::mt19937 rng(3);
  std::normal_distribution<float> noise(0.0f, 0.05f);
  std::vector<float> s(24000 * 30);
  for (std::size_t i = 0; i < s.size(); ++i) s[i] = noise(rng) * (i % 24000 < 2400 ? 8.0f : 1.0f);
  voxclone::Audio a{s, 24000};
  int asked = 0;
  voxclone::Callbacks cb;
  cb.cancel = [&] { return ++asked >= 3; };  // after the input's measurement, the trial's start
  auto r = voxclone::normalise(a, {.target_lufs = -16, .ceiling_dbtp = -2, .threads = 2}, cb);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().category, voxclone::ErrorCategory::cancelled);
  EXPECT_EQ(asked, 3);
  EXPECT_EQ(a.samples, s);
}

// The limiter's progress, as a meter following it on another thread reads it: every stretch it
// says is final already holds the final samples, the count only grows, and it ends at the end.
TEST(Limiter, PublishedProgressOnlyCoversFinishedSamples) {
  std::mt19937 rng(5);
  std::normal_distribution<float> noise(0.0f, 0.3f);
  std::vector<float> x(24000 * 3 + 123);
  for (float& v : x) v = noise(rng);
  const std::vector<float> peak(x.size(), 1.5f);  // every sample over the threshold: all limited
  std::vector<float> expected = x;
  voxclone::detail::limit(expected, peak, 1.0f, 0.5, 120, 24000, 0.1);
  std::vector<float> y = x;
  std::atomic<std::size_t> done{0};
  std::vector<std::size_t> seen;
  bool stretches_final = true;
  std::thread follower([&] {
    std::size_t at = 0;
    while (at < y.size()) {
      done.wait(at, std::memory_order_acquire);
      const std::size_t now = done.load(std::memory_order_acquire);
      for (std::size_t i = at; i < now; ++i)
        stretches_final = stretches_final && y[i] == expected[i];
      seen.push_back(now);
      at = now;
    }
  });
  voxclone::detail::limit(y, peak, 1.0f, 0.5, 120, 24000, 0.1, &done);
  follower.join();
  EXPECT_TRUE(stretches_final);
  EXPECT_EQ(y, expected);
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.back(), x.size());
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_EQ(done.load(), x.size());
}

// The limiter as specified, in whole-window arrays and one plain loop per stage (the limiter
// itself works in rings and has a faster loop for the samples away from the ends): the gain
// must come out the same to the last bit, the running sum added to and taken from in the same
// order.
voxclone::detail::LimitStats plain_limit(std::vector<float>& x, const std::vector<float>& peak,
                                         float scale, double threshold, int lookahead, int rate,
                                         double release_s) {
  const std::size_t n = x.size(), L = static_cast<std::size_t>(std::max(1, lookahead)), half = L / 2;
  const auto thr = static_cast<float>(threshold);
  std::vector<float> req(n), mn(n);
  for (std::size_t i = 0; i < n; ++i) {
    const float a = std::max(std::fabs(x[i]), peak[i] * scale);
    req[i] = a > thr ? thr / a : 1.0f;
  }
  for (std::size_t m = 0; m < n; ++m)
    mn[m] = *std::min_element(req.begin() + static_cast<std::ptrdiff_t>(m >= L ? m - L : 0),
                              req.begin() + static_cast<std::ptrdiff_t>(std::min(n, m + L + 1)));
  const double coeff = std::exp(-1.0 / (release_s * rate));
  const double inv_full = 1.0 / static_cast<double>(half * 2 + 1);
  voxclone::detail::LimitStats st;
  double sum = 0, g = 1.0, g_min = 1.0;
  std::size_t added = 0, lo = 0, reducing = 0;
  for (std::size_t i = 0; i < n; ++i) {
    for (; added < std::min(n, i + half + 1); ++added) sum += mn[added];
    for (; lo < (i >= half ? i - half : 0); ++lo) sum -= mn[lo];
    const std::size_t span = added - lo;
    const double avg = span == half * 2 + 1 ? sum * inv_full : sum / static_cast<double>(span);
    g = std::min(avg, 1.0 - (1.0 - g) * coeff);
    g = std::min<double>(g, req[i]);
    st.peak_estimate = std::max(st.peak_estimate, std::max<double>(peak[i] * scale, std::fabs(x[i])) * g);
    x[i] = static_cast<float>(x[i] * g);
    if (g < 0.9886) ++reducing;
    g_min = std::min(g_min, g);
  }
  st.max_reduction_db = -20.0 * std::log10(g_min);
  st.seconds = static_cast<double>(reducing) / rate;
  return st;
}

TEST(Limiter, GivesTheSpecifiedGainToTheBitAtEveryLength) {
  std::mt19937 rng(11);
  std::normal_distribution<float> noise(0.0f, 0.3f);
  for (int lookahead : {1, 2, 7, 120, 121}) {
    for (std::size_t n : {0, 1, 2, 5, 60, 61, 62, 120, 121, 122, 183, 241, 242, 300, 4095, 4096,
                          4097, 9001, 30000}) {
      std::vector<float> x(n), peak(n);
      for (std::size_t i = 0; i < n; ++i) {
        x[i] = noise(rng) * (i % 997 < 60 ? 4.0f : 1.0f);  // bursts over the threshold, and calm
        peak[i] = std::fabs(x[i]) * 1.05f;
      }
      std::vector<float> want = x, got = x;
      const auto a = plain_limit(want, peak, 1.2f, 0.6, lookahead, 24000, 0.08);
      std::atomic<std::size_t> done{0};
      const auto b = voxclone::detail::limit(got, peak, 1.2f, 0.6, lookahead, 24000, 0.08, &done);
      ASSERT_EQ(got, want) << n << " samples, look-ahead " << lookahead;
      EXPECT_EQ(a.max_reduction_db, b.max_reduction_db) << n;
      EXPECT_EQ(a.seconds, b.seconds) << n;
      EXPECT_EQ(a.peak_estimate, b.peak_estimate) << n;
      EXPECT_EQ(done.load(), n);
    }
  }
}

// A signal's envelope computed while it is still growing (a combined sample's first input, then
// the rest): the values up to kEnvelopeReach before the first part's end are final, and the two
// ranges together are the whole signal's envelope in one pass.
TEST(TruePeak, EnvelopeOfAGrowingSignalIsTheWholeOnes) {
  std::mt19937 rng(12);
  std::normal_distribution<float> noise(0.0f, 0.25f);
  std::vector<float> x(24000 * 7 + 77);
  for (float& v : x) v = noise(rng);
  auto one = voxclone::detail::true_peak_envelope(x, 24000, 1);
  ASSERT_TRUE(one);
  for (std::size_t first : {std::size_t{200}, std::size_t{24000 * 3 + 5}, x.size() - 1}) {
    for (int threads : {1, 2}) {
      std::vector<float> env(x.size(), -1.0f);
      const std::span<const float> grown(x.data(), first);  // all there is so far
      const std::size_t settled = first - voxclone::detail::kEnvelopeReach;
      ASSERT_TRUE(voxclone::detail::true_peak_envelope_range(grown, 0, settled, 24000, env.data(), threads));
      ASSERT_TRUE(voxclone::detail::true_peak_envelope_range(x, settled, x.size(), 24000, env.data(), threads));
      EXPECT_EQ(env, *one) << "first part " << first << ", " << threads << " threads";
    }
  }
}

// A combined sample's whole measured as it is joined (prep/whole_measure.hpp): each stretch
// followed while the ones before are still being measured, the envelope beside the checks or
// left for the end, the rest on one to three threads; whatever the order the tasks run in, the
// figures and every envelope value are measure_input()'s of the finished whole, to the bit.
TEST(WholeMeasure, AWholeMeasuredAsItGrowsIsMeasuredAsOne) {
  std::mt19937 rng(21);
  std::normal_distribution<float> noise(0.0f, 0.1f);
  // Three inputs' pieces with half a second of silence between them, as prepare_combined()
  // joins them; the middle one shorter than the envelope's reach.
  std::vector<float> x;
  std::vector<std::size_t> joined;  // the whole's length after each input
  for (std::size_t len : {std::size_t{24000 * 4 + 301}, std::size_t{100}, std::size_t{24000 * 6 + 17}}) {
    if (!x.empty()) x.insert(x.end(), 12000, 0.0f);
    for (std::size_t i = 0; i < len; ++i) x.push_back(noise(rng) * (i % 9000 < 1500 ? 7.0f : 1.0f));
    joined.push_back(x.size());
  }
  auto one = voxclone::detail::measure_input(x, 24000, 1);
  ASSERT_TRUE(one);
  for (bool beside : {false, true}) {
    for (int threads : {1, 2, 3}) {
      auto m = voxclone::detail::WholeMeasure::create(x.size());
      ASSERT_TRUE(m);
      for (std::size_t k = 0; k + 1 < joined.size(); ++k) m->follow(std::span<const float>(x.data(), joined[k]), beside);
      auto got = m->finish(x, threads);
      ASSERT_TRUE(got) << got.error().message;
      EXPECT_EQ(got->before.integrated_lufs, one->before.integrated_lufs) << beside << " " << threads;
      EXPECT_EQ(got->before.sample_peak_dbfs, one->before.sample_peak_dbfs) << beside << " " << threads;
      EXPECT_EQ(got->before.true_peak_dbtp, one->before.true_peak_dbtp) << beside << " " << threads;
      EXPECT_EQ(got->envelope, one->envelope) << beside << " " << threads;
    }
  }
  // Nothing followed: the whole measured at the end alone.
  auto m = voxclone::detail::WholeMeasure::create(x.size());
  ASSERT_TRUE(m);
  auto got = m->finish(x, 2);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->before.integrated_lufs, one->before.integrated_lufs);
  EXPECT_EQ(got->envelope, one->envelope);
}

// Normalising with the input's measurement handed over (as a combined sample and each MP3
// re-encoding do) renders the same samples, with the same figures, as measuring it there.
TEST(Normalise, AMeasuredInputGivesTheSameSample) {
  std::mt19937 rng(13);
  std::normal_distribution<float> noise(0.0f, 0.05f);
  std::vector<float> s(24000 * 9);
  for (std::size_t i = 0; i < s.size(); ++i) s[i] = noise(rng) * (i % 24000 < 3000 ? 9.0f : 1.0f);
  for (unsigned threads : {1u, 2u}) {
    const voxclone::NormaliseOptions o{.target_lufs = -16, .ceiling_dbtp = -2, .threads = threads};
    voxclone::Audio a{{}, 24000}, b{{}, 24000};
    auto plain = voxclone::detail::normalise_into(s, a, o, {});
    auto measured = voxclone::detail::measure_input(s, 24000, threads);
    ASSERT_TRUE(plain && measured);
    auto given = voxclone::detail::normalise_into(s, b, o, {}, &*measured);
    ASSERT_TRUE(given);
    EXPECT_GT(plain->limited_max_db, 0.5);
    EXPECT_EQ(a.samples, b.samples);
    EXPECT_EQ(plain->gain_db, given->gain_db);
    EXPECT_EQ(plain->before.integrated_lufs, given->before.integrated_lufs);
    EXPECT_EQ(plain->before.true_peak_dbtp, given->before.true_peak_dbtp);
    EXPECT_EQ(plain->after.integrated_lufs, given->after.integrated_lufs);
    EXPECT_EQ(plain->after.true_peak_dbtp, given->after.true_peak_dbtp);
    // The kept rendering's true peak is measured once, on it: the figure is the rendering's.
    auto tp = voxclone::detail::true_peak(b.samples, 24000, 1);
    ASSERT_TRUE(tp);
    EXPECT_EQ(given->after.true_peak_dbtp, 20.0 * std::log10(*tp));
  }
  // An envelope of another length is not taken.
  auto wrong = voxclone::detail::measure_input(std::span<const float>(s).first(1000), 24000, 1);
  ASSERT_TRUE(wrong);
  voxclone::Audio c{{}, 24000};
  auto r = voxclone::detail::normalise_into(s, c, {}, {}, &*wrong);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().category, voxclone::ErrorCategory::internal);
}

}  // namespace

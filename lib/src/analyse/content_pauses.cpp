// The pause meter (see content_pauses.hpp). Written here: no library we use judges what fills a
// recording's pauses; the spectra come from the voice meter's FFT (libaubio).
#include "analyse/content_pauses.hpp"

#include <algorithm>
#include <cmath>

namespace voxclone::detail {
namespace {

constexpr double kLowHz = 100.0, kHighHz = 3800.0;  // the bands' span, geometric steps
constexpr int kReach = 50;                          // frames either side: 2 s, the loud frames' reach
constexpr std::uint64_t kRing = kReach + 2;         // frames of spectra kept (the ring)
constexpr double kLoudShare = 0.9;                  // "loud": the 90th percentile of the reach
constexpr double kPauseMinDb = 12.0, kPauseMaxDb = 45.0;  // a pause frame's depth under the loud ones
constexpr int kStretch = 3;                         // frames compared at a time: 120 ms
constexpr int kSettle = 5;                          // pause frames before a stretch counts: 0.2 s
constexpr int kRunNeeded = kSettle + 2 * kStretch;  // 11 pause frames in a row make one pair
constexpr int kLookahead = 4;                       // more pause after a settled pair: 160 ms
constexpr double kShapeStep = 0.01, kShapeTop = 20.0;
constexpr double kLevelStep = 0.02, kLevelSpan = 40.0;  // -40 .. +40 dB
// Thresholds, chosen on the real-voice tune split (tests/realvoice/README.md, session 11; 47 +
// 60 scenes): the shape of hum and steady noise changes by a median 0.8-1.5 dB per band from
// one 120 ms to the next, a bed's by 1.7-3.3. A room's tail changes shape as much as a bed
// (1.8-2.4: its treble fades first), but it fades: in 3 of 4 of its steps its level rose by at
// most 0.17 dB (upper quartile -0.55 to +0.17 dB), a bed's notes and chords by 0.49-3.6 dB.
constexpr std::uint32_t kMinPairs = 25;
constexpr double kChangingShapeDb = 1.60;
constexpr double kRisingLevelDb = 0.33;
// Session 12 (tests/realvoice/README.md; tune: 47 + 60 + 32 scenes): on the stretches that more
// pause follows, every bed's upper quartile of level change stays at +0.13 dB or more, while a
// room whose pauses rose (+4.3 dB: the next words' onsets in its tail) falls there (-4.4 dB).
// Under 0 dB, the level fell in at least 3 steps of 4 away from the words: a tail.
constexpr double kSettledRisingLevelDb = 0.0;
// Session 25 (rev25): a short voice note in a room (5-15 s) holds fewer than kMinPairs pairs, and
// with its pauses "unknown" the model's odds on the echo under every word read as speech over a
// bed from the first word to the last (tune notes of comb25 and rev25: 6 of 70 reverb notes with
// 8-23 pairs, their level's upper quartile -0.49 to -2.29 dB; 5 more, 1-3 pairs, "changing" or
// the music guard's, are left as they were). A bed's level does not fall so: 7 s cuts of
// the rv9 tune bed scenes under the bed (123 cuts, 30 with 5-24 pairs) kept it at +0.31 to
// +9.77 dB, the level that falls in 3 steps of 4 (kSettledRisingLevelDb) is a tail. Fewer than
// kMinFadingPairs pairs (the quartile of a handful of steps) still say nothing; 8 is the fewest
// of those notes'.
constexpr std::uint32_t kMinFadingPairs = 8;

// The `share` quantile of a histogram of `total` values in bins of `step` from `origin`.
float quantile_of(const std::vector<std::uint32_t>& hist, std::uint32_t total, double share, double step,
                  double origin) {
  if (total == 0) return 0.0f;
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < hist.size(); ++i) {
    seen += hist[i];
    if (static_cast<double>(seen) >= share * total) return static_cast<float>(origin + (static_cast<double>(i) + 0.5) * step);
  }
  return static_cast<float>(origin + static_cast<double>(hist.size()) * step);
}

}  // namespace

bool pauses_fade_between_words(const PauseSpectra& p) {
  return p.settled_pairs >= kMinPairs && p.settled_rise_db < kSettledRisingLevelDb;
}

PauseSound judge_pauses(const PauseSpectra& p) {
  if (p.pairs < kMinPairs)
    return p.pairs >= kMinFadingPairs && p.level_rise_db < kSettledRisingLevelDb ? PauseSound::steady
                                                                                 : PauseSound::unknown;
  return p.shape_change_db >= kChangingShapeDb && p.level_rise_db >= kRisingLevelDb && !pauses_fade_between_words(p)
             ? PauseSound::changing
             : PauseSound::steady;
}

void PauseMeter::add(double level_db, std::span<const float> power, int rate) {
  if (bins_ != static_cast<int>(power.size())) {
    bins_ = static_cast<int>(power.size());
    const double hz_per_bin = rate / (2.0 * (bins_ - 1));
    hz_per_bin_ = hz_per_bin;
    spectra_.assign(kRing * kToneBins, 0.0f);
    for (int i = 0; i <= kBands; ++i) {
      const double edge = kLowHz * std::pow(kHighHz / kLowHz, static_cast<double>(i) / kBands);
      band_first_[i] = std::min(bins_, static_cast<int>(std::ceil(edge / hz_per_bin)));
    }
    shape_hist_.assign(static_cast<std::size_t>(kShapeTop / kShapeStep), 0);
    level_hist_.assign(static_cast<std::size_t>(2 * kLevelSpan / kLevelStep), 0);
    settled_level_hist_.assign(level_hist_.size(), 0);
  }
  Frame f{static_cast<float>(level_db), {}};
  std::copy_n(power.begin(), std::min<std::size_t>(power.size(), kToneBins),
              spectra_.begin() + static_cast<std::ptrdiff_t>(added_++ % kRing * kToneBins));
  for (int i = 0; i < kBands; ++i) {
    double sum = 0;
    for (int k = band_first_[i]; k < band_first_[i + 1]; ++k) sum += power[static_cast<std::size_t>(k)];
    f.bands[i] = static_cast<float>(sum);
  }
  window_.push_back(f);
  sorted_levels_.insert(std::upper_bound(sorted_levels_.begin(), sorted_levels_.end(), f.level_db), f.level_db);
  while (window_.size() - centre_ > static_cast<std::size_t>(kReach)) judge_next();
}

void PauseMeter::judge_next() {
  // The window's levels stay sorted (one insertion and one removal a frame), so the loud level
  // is an index, not a selection over 101 frames every 40 ms.
  const auto at = static_cast<std::size_t>(kLoudShare * static_cast<double>(sorted_levels_.size() - 1));
  const Frame& f = window_[centre_];
  const double under = sorted_levels_[at] - f.level_db;
  if (under >= kPauseMinDb && under <= kPauseMaxDb) {
    ++run_;
    const std::uint64_t frame = added_ - window_.size() + centre_;
    tones_.add({spectra_.data() + frame % kRing * kToneBins, std::min<std::size_t>(static_cast<std::size_t>(bins_), kToneBins)},
               hz_per_bin_, run_ > 1);
    recent_.push_back(f.bands);
    if (recent_.size() > 2 * kStretch + kLookahead) recent_.pop_front();
    if (run_ >= kRunNeeded) compare(0, &shape_hist_, level_hist_, pairs_);
    if (run_ >= kRunNeeded + kLookahead) compare(kLookahead, nullptr, settled_level_hist_, settled_pairs_);
  } else {
    run_ = 0;
    recent_.clear();
  }
  ++centre_;
  if (centre_ > static_cast<std::size_t>(kReach)) {
    const float gone = window_.front().level_db;
    sorted_levels_.erase(std::lower_bound(sorted_levels_.begin(), sorted_levels_.end(), gone));
    window_.pop_front();
    --centre_;
  }
}

void PauseMeter::compare(std::size_t ago, std::vector<std::uint32_t>* shape_hist,
                         std::vector<std::uint32_t>& level_hist, std::uint32_t& pairs) {
  const std::size_t first = recent_.size() - ago - 2 * kStretch;
  std::array<double, kBands> before{}, after{};
  double mean_before = 0, mean_after = 0;
  for (int i = 0; i < kBands; ++i) {
    double b = 0, a = 0;
    for (int k = 0; k < kStretch; ++k) {
      b += recent_[first + static_cast<std::size_t>(k)][i];
      a += recent_[first + static_cast<std::size_t>(k + kStretch)][i];
    }
    before[i] = 10.0 * std::log10(b / kStretch + 1e-10);
    after[i] = 10.0 * std::log10(a / kStretch + 1e-10);
    mean_before += before[i] / kBands;
    mean_after += after[i] / kBands;
  }
  double shape = 0;
  for (int i = 0; i < kBands; ++i) shape += std::fabs((after[i] - mean_after) - (before[i] - mean_before)) / kBands;
  const double level = mean_after - mean_before;
  if (!std::isfinite(shape) || !std::isfinite(level)) return;
  if (shape_hist)
    ++(*shape_hist)[static_cast<std::size_t>(
        std::clamp(shape / kShapeStep, 0.0, static_cast<double>(shape_hist->size() - 1)))];
  ++level_hist[static_cast<std::size_t>(
      std::clamp((level + kLevelSpan) / kLevelStep, 0.0, static_cast<double>(level_hist.size() - 1)))];
  ++pairs;
}

PauseSpectra PauseMeter::finish() {
  while (centre_ < window_.size()) judge_next();
  PauseSpectra p;
  p.pairs = pairs_;
  p.shape_change_db = quantile_of(shape_hist_, pairs_, 0.5, kShapeStep, 0.0);
  p.level_rise_db = quantile_of(level_hist_, pairs_, 0.75, kLevelStep, -kLevelSpan);
  p.settled_pairs = settled_pairs_;
  p.settled_rise_db = quantile_of(settled_level_hist_, settled_pairs_, 0.75, kLevelStep, -kLevelSpan);
  const PauseTones t = tones_.finish();
  p.held_tones = t.held;
  p.tone_grid = t.grid;
  return p;
}

}  // namespace voxclone::detail

// The pauses' held tones (see content_pause_tones.hpp). Written here: no library we use asks
// whether the partials under a recording lie on the musical scale; the spectra are the voice
// meter's (libaubio's FFT).
#include "analyse/content_pause_tones.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <utility>

namespace voxclone::detail {
namespace {

// Prototyped on the real-voice tune split (tests/realvoice/README.md, session 20) on the voice
// meter's own spectra (8 kHz, 47.5 ms windows zero-padded to 512 points).
constexpr double kLowHz = 200.0, kHighHz = 3000.0;  // under 200 Hz a semitone is under a bin
constexpr int kSide = 7;                            // the median's bins either side of a peak
constexpr double kOverMedian = 10.0;                // a peak: 10 dB over that median (power ratio)
constexpr double kUnderStrongest = 1e-3;            // and within 30 dB of the frame's strongest
constexpr int kHeldFrames = 3;                      // held: a peak 120 ms before
constexpr double kHeldSemitones = 0.35;             // within a third of a semitone
constexpr double kReferenceHz = 440.0;              // any reference would do: the grid's offset cancels

}  // namespace

PauseToneMeter::Peaks PauseToneMeter::find_peaks(std::span<const float> power, double hz_per_bin) const {
  Peaks out;
  const int bins = static_cast<int>(power.size());
  const int lo = std::max(kSide, static_cast<int>(std::ceil(kLowHz / hz_per_bin)));
  const int hi = std::min(bins - 1 - kSide, static_cast<int>(kHighHz / hz_per_bin));
  if (hi <= lo) return out;
  float strongest = 0.0f;
  for (int k = lo; k <= hi; ++k) strongest = std::max(strongest, power[static_cast<std::size_t>(k)]);
  if (!(strongest > 0.0f)) return out;
  std::array<std::pair<float, float>, 64> found{};  // (power, semitones)
  std::size_t n = 0;
  for (int k = lo; k <= hi && n < found.size(); ++k) {
    const float p = power[static_cast<std::size_t>(k)];
    if (!(p > power[static_cast<std::size_t>(k - 1)] && p >= power[static_cast<std::size_t>(k + 1)]) ||
        p < kUnderStrongest * strongest)
      continue;
    // p stands kOverMedian over the median of the 2 kSide + 1 bins around it when at least
    // kSide + 1 of them lie that far under it (a count: no sort for every local maximum).
    int under = 0;
    for (int j = k - kSide; j <= k + kSide; ++j) under += kOverMedian * power[static_cast<std::size_t>(j)] <= p;
    if (under < kSide + 1) continue;
    // The peak's frequency between bins: a parabola through the three bins' levels.
    const double y0 = 10.0 * std::log10(power[static_cast<std::size_t>(k - 1)] + 1e-20);
    const double y1 = 10.0 * std::log10(p + 1e-20);
    const double y2 = 10.0 * std::log10(power[static_cast<std::size_t>(k + 1)] + 1e-20);
    const double den = y0 - 2.0 * y1 + y2;
    const double shift = den != 0.0 ? std::clamp(0.5 * (y0 - y2) / den, -0.5, 0.5) : 0.0;
    const double hz = (k + shift) * hz_per_bin;
    found[n++] = {p, static_cast<float>(12.0 * std::log2(hz / kReferenceHz))};
  }
  if (n > static_cast<std::size_t>(kMaxPeaks)) {
    std::nth_element(found.begin(), found.begin() + kMaxPeaks, found.begin() + static_cast<std::ptrdiff_t>(n),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    n = kMaxPeaks;
  }
  for (std::size_t i = 0; i < n; ++i) out.semitones[i] = found[i].second;
  out.n = static_cast<int>(n);
  return out;
}

void PauseToneMeter::add(std::span<const float> power, double hz_per_bin, bool follows_pause) {
  if (!follows_pause) recent_.clear();
  Peaks now = find_peaks(power, hz_per_bin);
  if (recent_.size() == static_cast<std::size_t>(kHeldFrames)) {
    const Peaks& before = recent_.front();
    for (int i = 0; i < now.n; ++i) {
      const float st = now.semitones[static_cast<std::size_t>(i)];
      bool held = false;
      for (int j = 0; j < before.n && !held; ++j)
        held = std::fabs(st - before.semitones[static_cast<std::size_t>(j)]) < kHeldSemitones;
      if (!held) continue;
      ++held_;
      sum_cos_ += std::cos(2.0 * std::numbers::pi * st);
      sum_sin_ += std::sin(2.0 * std::numbers::pi * st);
    }
    recent_.pop_front();
  }
  recent_.push_back(now);
}

PauseTones PauseToneMeter::finish() const {
  PauseTones t;
  t.held = held_;
  t.grid = held_ > 0 ? static_cast<float>(std::hypot(sum_cos_, sum_sin_) / held_) : 0.0f;
  return t;
}

}  // namespace voxclone::detail

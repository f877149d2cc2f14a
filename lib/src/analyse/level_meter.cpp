#include "analyse/level_meter.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>

#include "core/float_bits.hpp"

namespace voxclone::detail {

// b0 x + b1 x1 + b2 x2, summed left to right as Biquad's expression sums them.
inline double b0_b1_b2(double b0, double b1, double b2, double x, double x1, double x2) {
  return b0 * x + b1 * x1 + b2 * x2;
}

// RBJ audio-EQ-cookbook biquad, direct form I.
struct Biquad {
  double b0 = 1, b1 = 0, b2 = 0, a1 = 0, a2 = 0;
  double x1 = 0, x2 = 0, y1 = 0, y2 = 0;

  static Biquad make(bool highpass, double freq, double rate) {
    constexpr double kQ = 0.70710678118654752;  // Butterworth
    const double w0 = 2.0 * M_PI * freq / rate;
    const double alpha = std::sin(w0) / (2.0 * kQ);
    const double c = std::cos(w0);
    const double a0 = 1.0 + alpha;
    Biquad q;
    if (highpass) {
      q.b0 = (1.0 + c) / 2.0 / a0;
      q.b1 = -(1.0 + c) / a0;
    } else {
      q.b0 = (1.0 - c) / 2.0 / a0;
      q.b1 = (1.0 - c) / a0;
    }
    q.b2 = q.b0;
    q.a1 = -2.0 * c / a0;
    q.a2 = (1.0 - alpha) / a0;
    return q;
  }
};

LevelMeter::LevelMeter(int sample_rate, double frame_seconds, bool spool_levels)
    : rate_(sample_rate),
      hop_(static_cast<std::size_t>(std::lround(frame_seconds * sample_rate))),
      hp_(std::make_unique<Biquad>(Biquad::make(true, 100.0, sample_rate))),
      lp_(std::make_unique<Biquad>(Biquad::make(false, std::min(4000.0, 0.45 * sample_rate), sample_rate))),
      levels_("frame levels", spool_levels ? RecordSpool<float>::kDefaultMemoryRecords
                                           : RecordSpool<float>::kNeverSpill) {}

LevelMeter::~LevelMeter() = default;
LevelMeter::LevelMeter(LevelMeter&&) noexcept = default;
LevelMeter& LevelMeter::operator=(LevelMeter&&) noexcept = default;

// The two biquads in three steps, each sample's arithmetic that of a plain biquad,
// y = (b0 x + b1 x1 + b2 x2 - a2 y2) - a1 y1, in the same order (the same levels to the bit:
// test_internals' LevelMeter.TheSameLevelsToTheBitAsTwoPlainBiquadsInAnyPieces). The sums are
// a chain the next sample waits on, and one loop doing everything spent more instructions on
// moving 18 doubles of state and coefficients between registers than on the arithmetic (~48 a
// sample, the largest cost of the analysis pass: bench/README.md, session 23). So:
//  1. the high-pass's terms of its input, b0 x + b1 x1 + b2 x2, for a piece at once (no chain:
//     it vectorises);
//  2. one loop for the two recursions and the energy; the low-pass's input history is the
//     high-pass's output history (the low-pass reads nothing else), so it is kept once;
//  3. the peak, apart (an integer max, vectorised).
// No AVX2 copy (VOXCLONE_AVX2_CLONES): clang 16, which builds the fuzz targets, does not link a
// member function's clones, and the floating-point loops are bound by the recursions' chain,
// not by the instructions an AVX2 copy saves (bench/README.md, session 23).
void LevelMeter::push(std::span<const float> samples) {
  if (hop_ == 0) return;
  constexpr std::size_t kPiece = 512;
  const Biquad hp0 = *hp_, lp0 = *lp_;
  const double hb0 = hp0.b0, hb1 = hp0.b1, hb2 = hp0.b2, ha1 = hp0.a1, ha2 = hp0.a2;
  const double lb0 = lp0.b0, lb1 = lp0.b1, lb2 = lp0.b2, la1 = lp0.a1, la2 = lp0.a2;
  double hx1 = hp0.x1, hx2 = hp0.x2;  // the high-pass's input history
  double h1 = hp0.y1, h2 = hp0.y2;    // its output history: the low-pass's input history
  double l1 = lp0.y1, l2 = lp0.y2;    // the low-pass's output history
  std::array<double, kPiece> terms;
  std::size_t i = 0;
  while (i < samples.size()) {
    const std::size_t n = std::min({hop_ - in_frame_, samples.size() - i, kPiece});
    const float* x = samples.data() + i;
    // 1. The high-pass's input terms.
    terms[0] = b0_b1_b2(hb0, hb1, hb2, x[0], hx1, hx2);
    if (n >= 2) terms[1] = b0_b1_b2(hb0, hb1, hb2, x[1], x[0], hx1);
    for (std::size_t k = 2; k < n; ++k) terms[k] = b0_b1_b2(hb0, hb1, hb2, x[k], x[k - 1], x[k - 2]);
    hx2 = n >= 2 ? static_cast<double>(x[n - 2]) : hx1;
    hx1 = x[n - 1];
    // 2. The recursions, and the frame's energy.
    // Two samples a turn, so that the histories move by naming, not by copies.
    double energy = energy_;
    std::size_t k = 0;
    for (; k + 2 <= n; k += 2) {
      const double ha = (terms[k] - ha2 * h2) - ha1 * h1;
      const double la = (b0_b1_b2(lb0, lb1, lb2, ha, h1, h2) - la2 * l2) - la1 * l1;
      energy += la * la;
      const double hb = (terms[k + 1] - ha2 * h1) - ha1 * ha;
      const double lb = (b0_b1_b2(lb0, lb1, lb2, hb, ha, h1) - la2 * l1) - la1 * la;
      energy += lb * lb;
      h2 = ha, h1 = hb, l2 = la, l1 = lb;
    }
    if (k < n) {
      const double h = (terms[k] - ha2 * h2) - ha1 * h1;
      const double l = (b0_b1_b2(lb0, lb1, lb2, h, h1, h2) - la2 * l2) - la1 * l1;
      energy += l * l;
      h2 = h1, h1 = h, l2 = l1, l1 = l;
    }
    energy_ = energy;
    // 3. The peak.
    peak_ = std::max(peak_, peak_of(x, n));
    in_frame_ += n;
    i += n;
    if (in_frame_ == hop_) close_frame();
  }
  hp_->x1 = hx1, hp_->x2 = hx2, hp_->y1 = h1, hp_->y2 = h2;
  lp_->x1 = h1, lp_->x2 = h2, lp_->y1 = l1, lp_->y2 = l2;
}

void LevelMeter::close_frame() {
  const double mean = energy_ / static_cast<double>(in_frame_);
  levels_.push_back(static_cast<float>(10.0 * std::log10(mean + 1e-20)));
  energy_ = 0;
  in_frame_ = 0;
}

std::vector<float> LevelMeter::finish() {
  if (in_frame_ > 0) close_frame();
  return levels_.take_all();
}

}  // namespace voxclone::detail

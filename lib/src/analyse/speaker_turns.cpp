// Step 12 of the speaker analysis (speakers.cpp): a voice's turns split in two groups, for the
// voiceprint to judge whether they are two people (a same-sex pair, or two people on a phone line,
// found as one voice).
//
// Steps 3-7 judge 2 s pieces in the learned speaker space, where such a pair lies as close as one
// person's own word clumps (real-voice tune, tests/realvoice/README.md, session 22: 4-10 apart,
// squared, in the recording's spread, against 4-9 for one person's clumps). But each turn (a run
// of the voice's clean speech between pauses) is one person's, so the voice's turns are grouped in
// two, whole: full-covariance Gaussians (MFCC c1..c12 and log pitch, the 0.4 s blocks' means), the
// likeliest grouping kept. One person's groups are only the words they said; whether the groups
// are two people the voiceprint says (speakers.cpp, kTwoPeopleScore). Session 22 judged the
// grouping against made-up turns instead (the blocks rotated against the turns' edges) and told
// 3 of 15 lumps apart; on session 24's tune sets its groups held the two people in lumps that
// test did not tell apart (two_same-01: 1.18 times the made-up turns' gain, voiceprint 0.62).
//
// Step 14 reads the turns here too (turns_like_another_voice): voice 1's turns, cut at the frames'
// pauses, that lie nearer another voice than the rest of voice 1 (a few whole turns of the other
// person on a phone line, who also has a voice of their own).
//
// Written here because no Debian-packaged library fits mixtures whose members are whole turns.
#include "analyse/speaker_turns.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <vector>

#include "analyse/content.hpp"
#include "voiceprint/speaker_stats.hpp"
#include "voxclone/voiceprint.hpp"

namespace voxclone::detail {
namespace {

constexpr int kDims = kTimbreDims;
using Vec = std::array<double, kDims>;
using Mat = std::array<double, kDims * kDims>;

// A turn: the voice's blocks from one pause to the next, at most kTurnGapBlocks of no voice
// between two of them and no other voice. Its clean speech blocks of kMinTurnFrames voiced frames
// or more are its points; a turn of fewer than kMinTurnPoints points is not judged.
constexpr std::size_t kTurnGapBlocks = 1;
constexpr float kMinTurnFrames = 3;
constexpr std::size_t kMinTurnPoints = 3;
// A voice is split when it has kMinTurns judged turns or more: two people take two turns each at
// least. Set, not swept: on session 24's tune sets no voice of 3 judged turns or fewer held two
// people in whole turns.
constexpr std::size_t kMinTurns = 4;
// ... and at most kMaxTurnPoints points (10 minutes of speech): the cost grows with them, and a
// long recording's voice is judged by the other steps.
constexpr std::size_t kMaxTurnPoints = 1500;
// The groups' covariances are pulled towards the whole voice's by kPriorPoints points (as
// speakers.cpp's VariancePrior does for the diagonal ones): 13 x 14 / 2 numbers a group.
constexpr double kPriorPoints = 20.0;
// The split of turns: from kSplitStarts random groupings and kSplitStarts cuts of the turns'
// means along random directions, each regrouped (every turn to the group that explains its points
// better) at most kSplitIterations times; the likeliest kept (session 22: 40 + 40 starts gave the
// same groups as 20 + 20).
constexpr int kSplitStarts = 20;
constexpr int kSplitIterations = 40;

struct Gaussian {
  Vec mean{};
  Mat chol{};  // lower Cholesky factor of the covariance
  double log_det = 0;
};

// Lower Cholesky factor of a (symmetric positive definite: it always holds the prior) in place,
// of D x D numbers (kDims here, kFineCepstra for step 12d's band).
template <int D>
bool cholesky(std::array<double, static_cast<std::size_t>(D) * D>& a) {
  for (int j = 0; j < D; ++j) {
    double d = a[j * D + j];
    for (int k = 0; k < j; ++k) d -= a[j * D + k] * a[j * D + k];
    if (d <= 0) return false;
    d = std::sqrt(d);
    a[j * D + j] = d;
    for (int i = j + 1; i < D; ++i) {
      double s = a[i * D + j];
      for (int k = 0; k < j; ++k) s -= a[i * D + k] * a[j * D + k];
      a[i * D + j] = s / d;
    }
    for (int k = j + 1; k < D; ++k) a[j * D + k] = 0;
  }
  return true;
}
bool cholesky(Mat& a) { return cholesky<kDims>(a); }

// y = L⁻¹ x (forward substitution); |y|² is x's squared Mahalanobis distance under L Lᵀ.
template <int D>
std::array<double, D> whiten(const std::array<double, static_cast<std::size_t>(D) * D>& l, const std::array<double, D>& x) {
  std::array<double, D> y{};
  for (int i = 0; i < D; ++i) {
    double s = x[i];
    for (int k = 0; k < i; ++k) s -= l[i * D + k] * y[k];
    y[i] = s / l[i * D + i];
  }
  return y;
}
Vec whiten(const Mat& l, const Vec& x) { return whiten<kDims>(l, x); }

double log_likelihood(const Gaussian& g, const Vec& x) {
  Vec d{};
  for (int i = 0; i < kDims; ++i) d[i] = x[i] - g.mean[i];
  const Vec y = whiten(g.chol, d);
  double q = 0;
  for (double v : y) q += v * v;
  return -0.5 * (q + g.log_det);
}

// The Gaussian of the points whose `in` is set, its covariance pulled towards `prior`.
bool fit(const std::vector<Vec>& x, const std::vector<std::uint8_t>& in, const Mat& prior, Gaussian& g) {
  double n = 0;
  g.mean.fill(0);
  for (std::size_t i = 0; i < x.size(); ++i)
    if (in[i]) {
      n += 1;
      for (int d = 0; d < kDims; ++d) g.mean[d] += x[i][d];
    }
  if (n < 1) return false;
  for (double& m : g.mean) m /= n;
  Mat c{};
  for (std::size_t i = 0; i < x.size(); ++i)
    if (in[i])
      for (int a = 0; a < kDims; ++a)
        for (int b = 0; b <= a; ++b) c[a * kDims + b] += (x[i][a] - g.mean[a]) * (x[i][b] - g.mean[b]);
  for (int a = 0; a < kDims; ++a)
    for (int b = 0; b <= a; ++b) {
      const double v = (c[a * kDims + b] + kPriorPoints * prior[a * kDims + b]) / (n + kPriorPoints);
      c[a * kDims + b] = c[b * kDims + a] = v;
    }
  if (!cholesky(c)) return false;
  g.chol = c;
  g.log_det = 0;
  for (int d = 0; d < kDims; ++d) g.log_det += 2.0 * std::log(c[d * kDims + d]);
  return true;
}

// The points' covariance (a small ridge keeps it invertible).
Mat covariance(const std::vector<Vec>& x) {
  Vec m{};
  for (const auto& v : x)
    for (int d = 0; d < kDims; ++d) m[d] += v[d];
  for (double& v : m) v /= static_cast<double>(x.size());
  Mat c{};
  for (const auto& v : x)
    for (int a = 0; a < kDims; ++a)
      for (int b = 0; b < kDims; ++b) c[a * kDims + b] += (v[a] - m[a]) * (v[b] - m[b]);
  for (int a = 0; a < kDims; ++a)
    for (int b = 0; b < kDims; ++b) c[a * kDims + b] /= static_cast<double>(x.size());
  for (int d = 0; d < kDims; ++d) c[d * kDims + d] += 1e-6;
  return c;
}

// Points x cut into turns of `sizes` points each, in order.
struct Turns {
  std::vector<Vec> x;
  std::vector<std::size_t> sizes;
};

// The likeliest grouping of the turns in two (by the points' log-likelihood), as the log-likelihood
// per point gained over one Gaussian; `side` gets each turn's group. 0 with no split found.
double split_gain(const Turns& t, std::vector<std::uint8_t>& side) {
  const std::size_t n = t.x.size(), turns = t.sizes.size();
  const Mat prior = covariance(t.x);
  Gaussian one;
  if (!fit(t.x, std::vector<std::uint8_t>(n, 1), prior, one)) return 0.0;
  double one_ll = 0;
  for (const auto& v : t.x) one_ll += log_likelihood(one, v);
  std::vector<std::size_t> first(turns, 0);  // each turn's first point
  for (std::size_t u = 1; u < turns; ++u) first[u] = first[u - 1] + t.sizes[u - 1];

  // The starts: random groupings, and the turns' means cut at the median along random directions
  // (of the space whitened by the points' covariance).
  std::mt19937 rng(22);
  std::vector<std::vector<std::uint8_t>> starts;
  for (int s = 0; s < kSplitStarts; ++s) {
    std::vector<std::uint8_t> g(turns);
    for (auto& v : g) v = static_cast<std::uint8_t>(rng() & 1U);
    starts.push_back(std::move(g));
  }
  Mat prior_chol = prior;
  if (!cholesky(prior_chol)) return 0.0;
  std::vector<Vec> mean_w(turns);
  for (std::size_t u = 0; u < turns; ++u) {
    Vec m{};
    for (std::size_t i = first[u]; i < first[u] + t.sizes[u]; ++i)
      for (int d = 0; d < kDims; ++d) m[d] += t.x[i][d] / static_cast<double>(t.sizes[u]);
    mean_w[u] = whiten(prior_chol, m);
  }
  std::normal_distribution<double> normal(0.0, 1.0);
  for (int s = 0; s < kSplitStarts; ++s) {
    Vec dir{};
    for (double& v : dir) v = normal(rng);
    std::vector<double> along(turns);
    for (std::size_t u = 0; u < turns; ++u)
      along[u] = std::inner_product(dir.begin(), dir.end(), mean_w[u].begin(), 0.0);
    std::vector<double> sorted = along;
    std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(turns / 2), sorted.end());
    const double median = sorted[turns / 2];
    std::vector<std::uint8_t> g(turns);
    for (std::size_t u = 0; u < turns; ++u) g[u] = along[u] > median ? 1 : 0;
    starts.push_back(std::move(g));
  }

  double best = -std::numeric_limits<double>::infinity();
  std::vector<std::uint8_t> in(n);
  std::vector<double> turn_ll(turns * 2);
  for (auto& g : starts) {
    double ll = -std::numeric_limits<double>::infinity();
    bool live = true;
    for (int it = 0; it < kSplitIterations && live; ++it) {
      std::array<Gaussian, 2> model;
      for (std::uint8_t k = 0; k < 2 && live; ++k) {
        std::size_t count = 0;
        for (std::size_t u = 0; u < turns; ++u)
          for (std::size_t i = first[u]; i < first[u] + t.sizes[u]; ++i) in[i] = g[u] == k, count += g[u] == k;
        // A group of under kMinTurnPoints points is no group.
        live = count >= kMinTurnPoints && fit(t.x, in, prior, model[k]);
      }
      if (!live) break;
      std::vector<std::uint8_t> next(turns);
      ll = 0;
      for (std::size_t u = 0; u < turns; ++u) {
        for (int k = 0; k < 2; ++k) {
          double s = 0;
          for (std::size_t i = first[u]; i < first[u] + t.sizes[u]; ++i) s += log_likelihood(model[static_cast<std::size_t>(k)], t.x[i]);
          turn_ll[u * 2 + static_cast<std::size_t>(k)] = s;
        }
        next[u] = turn_ll[u * 2 + 1] > turn_ll[u * 2] ? 1 : 0;
        ll += turn_ll[u * 2 + next[u]];
      }
      const auto ones = std::count(next.begin(), next.end(), std::uint8_t{1});
      if (ones == 0 || ones == static_cast<std::ptrdiff_t>(turns)) {
        live = false;
        break;
      }
      const bool same = next == g;
      g = std::move(next);
      if (same) break;
    }
    if (live && ll > best) best = ll, side = g;
  }
  if (!std::isfinite(best)) return 0.0;
  return (best - one_ll) / static_cast<double>(n);
}

// turns_like_another_voice: a turn ends at a pause of kTurnPauseSeconds (40 ms frames neither
// voiced nor within kTurnGateDb of the recording's voiced level), or at another voice's block. The
// generator joins one person's words with 0.1-0.7 s gaps and turns with 0.35-1.6 s, and voice 1's
// blocks run on through many turn changes (session 25: a change of turn often leaves no block of
// silence), so the pause is read from the frames. On the phone26 tune sets and rv9 tune, 0.5 s
// cut voice 1 into runs of one person: 865 of the 868 runs of 10 voiced frames or more in
// scenes of two people or more held one person in 95 % of their voiced frames (by the labels).
constexpr double kTurnPauseSeconds = 0.5;
constexpr double kTurnGateDb = 25.0;
// A turn is judged with kMinTurnVoicedFrames voiced frames (0.4 s) and 2 blocks of
// kMinTurnFrames voiced frames or more; a voice with fewer than kMinTurns such turns, or
// another voice with fewer than kMinOtherBlocks such blocks, is not judged.
constexpr std::size_t kMinTurnVoicedFrames = 10;
constexpr std::size_t kMinOtherBlocks = 10;
// A turn lies closer to another voice than voice 1's turns do when its lean (its squared
// Mahalanobis distance to the nearest other voice less that to the rest of voice 1, the blocks'
// mean MFCC c1..c12 + log pitch under the voices' pooled spread) is under kLeanShare of the
// median turn's. Chosen on the phone26 tune sets (tests/realvoice/README.md, session 26).
constexpr double kLeanShare = 0.4;

// split_by_band_turns: a turn's point is its mean finer cepstrum c1..c19 over its blocks' voiced
// frames (the 100-3800 Hz band's, VoiceFeatures::cepstra), judged with kMinTurnVoicedFrames voiced
// frames, as step 14's turns, and seen through the spread of the voice's blocks about their own
// turn's mean (full covariance, blocks of kMinTurnFrames voiced frames or more): what moves from
// word to word inside one turn weighs little, what stays put over a turn weighs much. On the
// labelled turns of the tune sets (tests/realvoice/README.md, session 27), the two people of a
// phone pair differ most in c13-c19, which the speaker space's c1..c12 leave out; c1..c12 with
// each scaled to the turns' own spread grouped the words, not the people (a phone-01's turns 60 %
// by person), c1..c19 seen through the spread inside turns 100 %.
constexpr int kBandDims = kFineCepstra;
using BandVec = std::array<double, kBandDims>;
using BandMat = std::array<double, static_cast<std::size_t>(kBandDims) * kBandDims>;
// A voice is grouped with kMinBandTurns judged turns or more (a few turns group by chance: one
// person's 8 turns grouped up to 1.35 times their made-up turns on tune), and at most
// kMaxBandTurns (the grouping's cost grows with them; a long recording's voice is judged by the
// other steps).
constexpr std::size_t kMinBandTurns = 12;
constexpr std::size_t kMaxBandTurns = 400;
// The grouping: weighted k-means (by voiced frames) of the turns' points from kBandStarts random
// groupings, at most kBandIterations rounds each; its strength is the share of the points' scatter
// the two groups' means explain (1 - within / total). The made-up turns: kBandRotations rotations
// of the voice's judged blocks, evenly spaced, cut into the real turns' sizes.
constexpr int kBandStarts = 30;
constexpr int kBandIterations = 50;
constexpr int kBandRotations = 12;

// A voice's turns read from the 40 ms frames (kTurnPauseSeconds, kTurnGateDb): runs of its speech
// between pauses, or another voice's blocks.
struct FrameTurn {
  std::size_t first = 0, last = 0;  // blocks
  std::size_t voiced = 0;
};

std::vector<FrameTurn> frame_turns(const VoiceFeatures& f, const ContentAnalysis& c, int voice) {
  const std::size_t n = std::min(c.block_speakers.size(), f.blocks.size());
  const std::size_t frames = std::min(f.frames.size(), n * static_cast<std::size_t>(kFramesPerBlock));
  double gate = 0.0;
  {
    // (Freed before the turns are read: 8 bytes a voiced frame, up to 7 MB for ten hours.)
    std::vector<double> voiced_db;
    for (std::size_t k = 0; k < f.frames.size(); ++k)
      if (f.frames[k].pitch_dhz > 0) voiced_db.push_back(f.frames[k].level_db());
    if (voiced_db.empty()) return {};
    std::nth_element(voiced_db.begin(), voiced_db.begin() + static_cast<std::ptrdiff_t>(voiced_db.size() / 2), voiced_db.end());
    gate = voiced_db[voiced_db.size() / 2] - kTurnGateDb;
  }
  const auto pause_frames = static_cast<std::size_t>(std::lround(kTurnPauseSeconds / kVoiceFrameSeconds));
  std::vector<FrameTurn> turns;
  bool open = false;
  std::size_t silent = 0;
  for (std::size_t k = 0; k < frames; ++k) {
    const std::size_t b = k / static_cast<std::size_t>(kFramesPerBlock);
    const int v = c.block_speakers[b];
    if (v > 0 && v != voice) {
      open = false, silent = 0;
      continue;
    }
    const VoiceFrame fr = f.frames[k];
    const bool voiced = fr.pitch_dhz > 0;
    if (v == voice && (voiced || fr.level_db() > gate)) {
      if (!open || silent >= pause_frames) turns.push_back(FrameTurn{b, b, 0});
      open = true, silent = 0;
      turns.back().last = b;
      turns.back().voiced += voiced ? 1 : 0;
    } else {
      ++silent;
    }
  }
  return turns;
}

// The best two groups of weighted points by k-means (kBandStarts starts): the share of the scatter
// the groups explain, and each point's group in `side`.
double band_grouping(const std::vector<BandVec>& x, const std::vector<double>& w, std::vector<std::uint8_t>* side) {
  const std::size_t n = x.size();
  BandVec mean{};
  double total_w = 0;
  for (std::size_t i = 0; i < n; ++i) {
    total_w += w[i];
    for (int d = 0; d < kBandDims; ++d) mean[d] += w[i] * x[i][d];
  }
  for (double& m : mean) m /= total_w;
  std::vector<BandVec> z(n);
  double total = 0;
  for (std::size_t i = 0; i < n; ++i)
    for (int d = 0; d < kBandDims; ++d) {
      z[i][d] = x[i][d] - mean[d];
      total += w[i] * z[i][d] * z[i][d];
    }
  std::mt19937 rng(27);
  double best = std::numeric_limits<double>::infinity();
  std::vector<std::uint8_t> g(n), next(n);
  for (int s = 0; s < kBandStarts; ++s) {
    for (auto& v : g) v = static_cast<std::uint8_t>(rng() & 1U);
    double within = std::numeric_limits<double>::infinity();
    for (int it = 0; it < kBandIterations; ++it) {
      std::array<BandVec, 2> centre{};
      std::array<double, 2> mass{};
      for (std::size_t i = 0; i < n; ++i) {
        mass[g[i]] += w[i];
        for (int d = 0; d < kBandDims; ++d) centre[g[i]][d] += w[i] * z[i][d];
      }
      if (mass[0] <= 0 || mass[1] <= 0) break;
      for (int k = 0; k < 2; ++k)
        for (double& v : centre[static_cast<std::size_t>(k)]) v /= mass[static_cast<std::size_t>(k)];
      within = 0;
      for (std::size_t i = 0; i < n; ++i) {
        std::array<double, 2> d2{};
        for (int k = 0; k < 2; ++k)
          for (int d = 0; d < kBandDims; ++d) {
            const double e = z[i][d] - centre[static_cast<std::size_t>(k)][d];
            d2[static_cast<std::size_t>(k)] += e * e;
          }
        next[i] = d2[1] < d2[0] ? 1 : 0;
        within += w[i] * d2[g[i]];  // the scatter of the grouping whose centres these are
      }
      if (next == g) break;
      g = next;
      within = std::numeric_limits<double>::infinity();
    }
    if (std::isfinite(within) && within < best) {
      best = within;
      if (side) *side = g;
    }
  }
  if (!std::isfinite(best) || total <= 0) return 0.0;
  return 1.0 - best / total;
}

}  // namespace

std::vector<std::uint8_t> turns_like_another_voice(const VoiceFeatures& f, const ContentAnalysis& c) {
  const std::size_t n = std::min(c.block_speakers.size(), f.blocks.size());
  int voices = 0;
  for (std::size_t b = 0; b < n; ++b) voices = std::max(voices, c.block_speakers[b]);
  if (voices < 2) return {};
  // The blocks' points, computed where they are read (not held: 104 bytes a block, 9 MB for ten
  // hours, which the bench's peak memory counts), and each voice's clean blocks.
  std::vector<std::uint8_t> clean(n, 0);
  for (std::size_t b = 0; b < n; ++b) clean[b] = f.blocks[b].count >= kMinTurnFrames ? 1 : 0;
  auto point = [&](std::size_t b) {
    const TimbreStats s = f.blocks[b];
    Vec v{};
    for (int d = 0; d < kDims; ++d) v[d] = s.sum[d] / s.count;
    return v;
  };
  struct Sum {
    Vec sum{};
    double n = 0;
    void add(const Vec& v) {
      for (int d = 0; d < kDims; ++d) sum[d] += v[d];
      n += 1;
    }
    Vec mean() const {
      Vec m{};
      for (int d = 0; d < kDims; ++d) m[d] = sum[d] / std::max(n, 1.0);
      return m;
    }
  };
  std::vector<Sum> of(static_cast<std::size_t>(voices) + 1);
  for (std::size_t b = 0; b < n; ++b)
    if (clean[b] && c.block_speakers[b] > 0) of[static_cast<std::size_t>(c.block_speakers[b])].add(point(b));
  std::vector<int> others;
  for (int v = 2; v <= voices; ++v)
    if (of[static_cast<std::size_t>(v)].n >= kMinOtherBlocks) others.push_back(v);
  if (others.empty() || of[1].n < 2.0 * kMinOtherBlocks) return {};
  // The voices' pooled spread: each clean block about its own voice's mean (voice 1 and the others
  // judged), as covariance() measures it, in two passes over the blocks rather than over a copy of
  // the residuals (the same sums in the same order: the same figure to the bit).
  auto residual = [&](std::size_t b, Vec& r) {
    const int v = c.block_speakers[b];
    if (!clean[b] || (v != 1 && std::find(others.begin(), others.end(), v) == others.end())) return false;
    const Vec m = of[static_cast<std::size_t>(v)].mean();
    const Vec x = point(b);
    for (int d = 0; d < kDims; ++d) r[d] = x[d] - m[d];
    return true;
  };
  Mat spread{};
  {
    Vec mean{}, r{};
    double count = 0;
    for (std::size_t b = 0; b < n; ++b)
      if (residual(b, r)) {
        for (int d = 0; d < kDims; ++d) mean[d] += r[d];
        count += 1;
      }
    for (double& v : mean) v /= count;
    for (std::size_t b = 0; b < n; ++b)
      if (residual(b, r))
        for (int i = 0; i < kDims; ++i)
          for (int j = 0; j < kDims; ++j) spread[i * kDims + j] += (r[i] - mean[i]) * (r[j] - mean[j]);
    for (int i = 0; i < kDims; ++i)
      for (int j = 0; j < kDims; ++j) spread[i * kDims + j] /= count;
    for (int d = 0; d < kDims; ++d) spread[d * kDims + d] += 1e-6;
  }
  for (int d = 0; d < kDims; ++d) spread[d * kDims + d] += 1e-4;
  if (!cholesky(spread)) return {};
  auto distance2 = [&](const Vec& a, const Vec& b) {
    Vec d{};
    for (int i = 0; i < kDims; ++i) d[i] = a[i] - b[i];
    const Vec y = whiten(spread, d);
    double q = 0;
    for (double v : y) q += v * v;
    return q;
  };

  // Voice 1's turns, from the frames: pauses, and other voices' blocks, end them.
  const std::vector<FrameTurn> turns = frame_turns(f, c, 1);
  // Each judged turn's lean.
  struct Judged {
    std::size_t first, last;
    double lean;
  };
  std::vector<Judged> judged;
  for (const FrameTurn& t : turns) {
    if (t.voiced < kMinTurnVoicedFrames) continue;
    Sum own, rest = of[1];
    for (std::size_t b = t.first; b <= t.last; ++b)
      if (clean[b] && c.block_speakers[b] == 1) {
        const Vec x = point(b);
        own.add(x);
        for (int d = 0; d < kDims; ++d) rest.sum[d] -= x[d];
        rest.n -= 1;
      }
    if (own.n < 2 || rest.n < 2) continue;
    const Vec m = own.mean();
    double nearest = std::numeric_limits<double>::infinity();
    for (int v : others) nearest = std::min(nearest, distance2(m, of[static_cast<std::size_t>(v)].mean()));
    judged.push_back(Judged{t.first, t.last, nearest - distance2(m, rest.mean())});
  }
  if (judged.size() < kMinTurns) return {};
  std::vector<double> leans;
  for (const Judged& j : judged) leans.push_back(j.lean);
  std::nth_element(leans.begin(), leans.begin() + static_cast<std::ptrdiff_t>(leans.size() / 2), leans.end());
  const double median = leans[leans.size() / 2];
  if (median <= 0) return {};
  std::vector<std::uint8_t> out(c.block_speakers.size(), 0);
  for (const Judged& j : judged)
    if (j.lean < kLeanShare * median)
      for (std::size_t b = j.first; b <= j.last; ++b)
        if (c.block_speakers[b] == 1) out[b] = 1;
  return out;
}

TurnSplit split_by_turns(const VoiceFeatures& f, const ContentAnalysis& c, int voice) {
  TurnSplit out;
  const std::size_t n = std::min({c.blocks.size(), c.block_speakers.size(), f.blocks.size()});
  // The voice's turns: every block of each, and its judged points.
  std::vector<std::vector<std::size_t>> turn_blocks;
  Turns t;
  std::vector<std::size_t> current;
  std::size_t previous = 0;
  bool any = false;
  auto close = [&]() {
    std::vector<Vec> points;
    for (std::size_t b : current) {
      if (c.blocks[b] != ContentKind::speech) continue;
      const TimbreStats s = f.blocks[b];
      if (s.count < kMinTurnFrames) continue;
      Vec v{};
      for (int d = 0; d < kDims; ++d) v[d] = s.sum[d] / s.count;
      points.push_back(v);
    }
    if (points.size() >= kMinTurnPoints) {
      turn_blocks.push_back(current);
      t.sizes.push_back(points.size());
      t.x.insert(t.x.end(), points.begin(), points.end());
    }
    current.clear();
  };
  for (std::size_t b = 0; b < n; ++b) {
    if (c.block_speakers[b] != voice) continue;
    if (any) {
      bool other = b - previous - 1 > kTurnGapBlocks;
      for (std::size_t k = previous + 1; k < b && !other; ++k) other = c.block_speakers[k] > 0;
      if (other) close();
    }
    current.push_back(b);
    previous = b;
    any = true;
  }
  if (!current.empty()) close();
  out.turns = t.sizes.size();
  if (t.sizes.size() < kMinTurns || t.x.size() > kMaxTurnPoints) return out;
  std::vector<std::uint8_t> side;
  if (split_gain(t, side) <= 0 || side.size() != t.sizes.size()) return out;
  // The two groups as two voices, for the voiceprint.
  ContentAnalysis two;
  two.blocks = c.blocks;
  two.block_speakers.assign(c.blocks.size(), 0);
  out.group.assign(c.blocks.size(), 0);
  for (std::size_t u = 0; u < side.size(); ++u)
    for (std::size_t b : turn_blocks[u]) {
      two.block_speakers[b] = side[u] + 1;
      out.group[b] = static_cast<std::uint8_t>(side[u] + 1);
      out.seconds[side[u]] += kBlockSeconds;
    }
  const Voiceprint one = speaker_voiceprint(f, two, 1), other = speaker_voiceprint(f, two, 2);
  // A group with no voiced piece to measure scores 0 against anything: no evidence of two people.
  if (one.empty() || other.empty()) return out;
  out.similarity = similarity(one, other);
  out.judged = true;
  return out;
}

BandTurnSplit split_by_band_turns(const VoiceFeatures& f, const ContentAnalysis& c, int voice, int first, int last) {
  BandTurnSplit out;
  const std::size_t n = std::min({c.block_speakers.size(), f.blocks.size(), f.cepstra.size()});
  if (n == 0) return out;
  // The voice's judged turns as runs of its blocks, in order: each block's cepstrum sum and voiced
  // frames, and each turn's number of blocks.
  std::vector<BandVec> block_sum;
  std::vector<double> block_frames;
  std::vector<std::size_t> sizes;
  std::vector<FrameTurn> judged;
  const std::vector<FrameTurn> turns = frame_turns(f, c, voice);
  // Counted before the blocks are read: a long recording's voice, past kMaxBandTurns, holds no
  // block's cepstrum (152 bytes a block: 14 MB for ten hours, which the bench's peak memory counts).
  out.turns = static_cast<std::size_t>(std::ranges::count_if(
      turns, [&](const FrameTurn& t) { return t.voiced >= kMinTurnVoicedFrames && t.last < n; }));
  if (out.turns < kMinBandTurns || out.turns > kMaxBandTurns) return out;
  for (const FrameTurn& t : turns) {
    if (t.voiced < kMinTurnVoicedFrames || t.last >= n) continue;
    std::size_t size = 0;
    for (std::size_t b = t.first; b <= t.last; ++b) {
      if (c.block_speakers[b] != voice) continue;
      const float frames = f.blocks[b].count;
      if (frames <= 0) continue;
      const CepstrumStats cs = f.cepstra[b];
      BandVec v{};
      // A cepstrum left out is 0 in every block: it adds nothing to a turn's distance, and the
      // spread's Cholesky factor whitens the others as their own spread alone would.
      for (int d = first; d < last && d < kBandDims; ++d) v[d] = cs.sum[d];
      block_sum.push_back(v);
      block_frames.push_back(frames);
      ++size;
    }
    if (size == 0) continue;
    sizes.push_back(size);
    judged.push_back(t);
  }
  out.turns = sizes.size();
  if (sizes.size() < kMinBandTurns || sizes.size() > kMaxBandTurns) return out;
  const std::size_t blocks = block_sum.size();
  // The turns' means (blocks from `offset` on, around the end) and weights.
  auto turn_means = [&](std::size_t offset, std::vector<BandVec>& x, std::vector<double>& w) {
    x.clear(), w.clear();
    std::size_t i = offset;
    for (std::size_t size : sizes) {
      BandVec m{};
      double frames = 0;
      for (std::size_t k = 0; k < size; ++k, i = (i + 1) % blocks) {
        for (int d = 0; d < kBandDims; ++d) m[d] += block_sum[i][d];
        frames += block_frames[i];
      }
      for (double& v : m) v /= frames;
      x.push_back(m);
      w.push_back(frames);
    }
  };
  std::vector<BandVec> x;
  std::vector<double> w;
  turn_means(0, x, w);
  // The spread of the blocks' means about their own turn's mean (blocks of kMinTurnFrames voiced
  // frames or more), its Cholesky factor to see every turn through.
  BandMat spread{};
  {
    double count = 0;
    std::size_t i = 0;
    for (std::size_t u = 0; u < sizes.size(); ++u)
      for (std::size_t k = 0; k < sizes[u]; ++k, ++i) {
        if (block_frames[i] < kMinTurnFrames) continue;
        BandVec r{};
        for (int d = 0; d < kBandDims; ++d) r[d] = block_sum[i][d] / block_frames[i] - x[u][d];
        for (int a = 0; a < kBandDims; ++a)
          for (int b = 0; b <= a; ++b) spread[a * kBandDims + b] += r[a] * r[b];
        count += 1;
      }
    if (count < 2.0 * kBandDims) return out;
    for (int a = 0; a < kBandDims; ++a)
      for (int b = 0; b <= a; ++b) spread[a * kBandDims + b] = spread[b * kBandDims + a] = spread[a * kBandDims + b] / count;
    for (int d = 0; d < kBandDims; ++d) spread[d * kBandDims + d] += 1e-6;
  }
  if (!cholesky<kBandDims>(spread)) return out;
  auto grouping = [&](std::size_t offset, std::vector<std::uint8_t>* side) {
    turn_means(offset, x, w);
    for (BandVec& v : x) v = whiten<kBandDims>(spread, v);
    return band_grouping(x, w, side);
  };
  std::vector<std::uint8_t> side;
  const double real = grouping(0, &side);
  double made_up = 0;
  for (int r = 1; r <= kBandRotations; ++r)
    made_up += grouping(blocks * static_cast<std::size_t>(r) / (kBandRotations + 1), nullptr) / kBandRotations;
  if (made_up <= 0 || side.size() != judged.size()) return out;
  out.ratio = real / made_up;
  out.judged = true;
  out.group.assign(c.block_speakers.size(), 0);
  for (std::size_t u = 0; u < judged.size(); ++u)
    for (std::size_t b = judged[u].first; b <= judged[u].last; ++b)
      if (c.block_speakers[b] == voice) {
        out.group[b] = static_cast<std::uint8_t>(side[u] + 1);
        out.seconds[side[u]] += kBlockSeconds;
      }
  return out;
}

}  // namespace voxclone::detail

// Who speaks when: the speech blocks grouped by voice.
//
// Written here because no Debian-packaged library diarises speakers without a neural network.
// The method is the classic one (Chen & Gopalakrishnan 1998, "Speaker, environment and channel
// change detection and clustering via the Bayesian Information Criterion"), on the voiced
// frames' MFCCs and log pitch, each stretch modelled as a diagonal Gaussian:
//  1. pieces: runs of speech blocks, cut into pieces of at most 2 s;
//  2. turns: neighbouring pieces join while the BIC says one voice explains both better than
//     two (a speaker's turn);
//  3. speakers: turns are merged agglomeratively, the pair with the lowest ΔBIC first, until
//     every remaining pair is better explained by two voices;
//  4. pieces too short to judge take the voice of their neighbours when both agree;
//  5. re-segmentation: each voice's Gaussian scores every 0.4 s block, and a Viterbi pass over
//     each run of speech (a change of voice costs kSwitchNats) reassigns the blocks, twice,
//     re-estimating the Gaussians in between. Steps 1-3 judge 2 s pieces and whole turns, so a
//     change of speaker without a pause, or two similar voices, leave pieces on the wrong side;
//     this is the usual last step of BIC diarisation systems.
// Variances get a weak prior (the whole recording's), so a short stretch's few frames do not
// make a degenerate Gaussian. Only sums and sums of squares are kept, so merging adds them.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "analyse/content.hpp"
#include "core/log.hpp"

namespace voxclone::detail {
namespace {

constexpr std::size_t kMaxPieceBlocks = 5;     // 2 s
constexpr float kMinPieceFrames = 6;           // voiced frames a piece needs to be judged
constexpr double kPenalty = 1.0;               // the BIC's λ (tried 0.5–1.0 on the fixtures: lower splits one voice)
constexpr double kPriorFrames = 10;            // weight of the variance prior, in frames
constexpr std::size_t kMaxTurns = 400;         // bounds the O(n²) clustering (1.3 MB, ~0.1 s) on long inputs
constexpr double kSwitchNats = 12.0;           // cost of a change of voice between two speech blocks
constexpr int kResegmentPasses = 2;

struct Piece {
  std::size_t first_block = 0, end_block = 0;
  TimbreStats stats;
  int turn = -1;
  int speaker = -1;
};

class Bic {
 public:
  explicit Bic(const TimbreStats& all) {
    for (int d = 0; d < kTimbreDims; ++d) {
      const double n = std::max(1.0f, all.count);
      const double m = all.sum[d] / n;
      prior_[d] = std::max(1e-4, all.sum_sq[d] / n - m * m);
    }
  }
  // The stretch's variance in dimension d, pulled towards the recording's by kPriorFrames.
  [[nodiscard]] double variance(const TimbreStats& s, int d) const {
    const double n = s.count;
    const double m = n > 0 ? s.sum[d] / n : 0.0;
    const double scatter = std::max(0.0, s.sum_sq[d] - n * m * m);
    return (scatter + kPriorFrames * prior_[d]) / (n + kPriorFrames);
  }
  // Log-determinant of the (regularised) diagonal covariance.
  [[nodiscard]] double log_det(const TimbreStats& s) const {
    double ld = 0;
    for (int d = 0; d < kTimbreDims; ++d) ld += std::log(variance(s, d));
    return ld;
  }
  // Negative: one voice explains both better than two.
  [[nodiscard]] double delta(const TimbreStats& a, const TimbreStats& b) const {
    TimbreStats ab = a;
    ab.add(b);
    const double n = ab.count;
    if (n < 2) return -1.0;
    return 0.5 * (n * log_det(ab) - a.count * log_det(a) - b.count * log_det(b)) -
           kPenalty * 0.5 * (2.0 * kTimbreDims) * std::log(n);
  }

 private:
  std::array<double, kTimbreDims> prior_{};
};

std::vector<Piece> cut_pieces(const ContentAnalysis& c, const VoiceFeatures& f) {
  std::vector<Piece> pieces;
  std::size_t b = 0;
  const std::size_t n = std::min(c.blocks.size(), f.blocks.size());
  while (b < n) {
    if (!holds_speech(c.blocks[b])) {
      ++b;
      continue;
    }
    std::size_t e = b;
    while (e < n && holds_speech(c.blocks[e])) ++e;
    // Even pieces of at most kMaxPieceBlocks.
    const std::size_t len = e - b;
    const std::size_t count = (len + kMaxPieceBlocks - 1) / kMaxPieceBlocks;
    for (std::size_t i = 0; i < count; ++i) {
      Piece p;
      p.first_block = b + len * i / count;
      p.end_block = b + len * (i + 1) / count;
      for (std::size_t k = p.first_block; k < p.end_block; ++k) p.stats.add(f.blocks[k]);
      pieces.push_back(p);
    }
    b = e;
  }
  return pieces;
}

// Agglomerative clustering of `groups` (each a TimbreStats); returns a cluster index per group.
std::vector<int> cluster(const std::vector<TimbreStats>& groups, const Bic& bic,
                         const Callbacks& cb, bool& cancelled_out) {
  const std::size_t n = groups.size();
  std::vector<TimbreStats> stats = groups;
  std::vector<int> parent(n);
  std::iota(parent.begin(), parent.end(), 0);
  std::vector<bool> alive(n, true);
  std::vector<double> d(n * n, std::numeric_limits<double>::infinity());
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i + 1; j < n; ++j) d[i * n + j] = bic.delta(stats[i], stats[j]);
  for (;;) {
    if (cancelled(cb)) {
      cancelled_out = true;
      break;
    }
    double best = 0;
    std::size_t bi = n, bj = n;
    for (std::size_t i = 0; i < n; ++i) {
      if (!alive[i]) continue;
      for (std::size_t j = i + 1; j < n; ++j)
        if (alive[j] && d[i * n + j] < best) {
          best = d[i * n + j];
          bi = i;
          bj = j;
        }
    }
    if (bi == n) break;
    stats[bi].add(stats[bj]);
    alive[bj] = false;
    for (auto& p : parent)
      if (p == static_cast<int>(bj)) p = static_cast<int>(bi);
    for (std::size_t k = 0; k < n; ++k) {
      if (!alive[k] || k == bi) continue;
      const double v = bic.delta(stats[std::min(k, bi)], stats[std::max(k, bi)]);
      d[std::min(k, bi) * n + std::max(k, bi)] = v;
    }
  }
  return parent;
}

// A voice's diagonal Gaussian, from its sufficient statistics (variance regularised by Bic).
struct Voice {
  std::array<double, kTimbreDims> mean{}, inv_var{};
  double log_det = 0;
};

Voice voice_model(const TimbreStats& s, const Bic& bic) {
  Voice v;
  for (int d = 0; d < kTimbreDims; ++d) {
    v.mean[d] = s.count > 0 ? s.sum[d] / s.count : 0.0;
    const double var = bic.variance(s, d);
    v.inv_var[d] = 1.0 / var;
    v.log_det += std::log(var);
  }
  return v;
}

// Log-likelihood of a block's voiced frames under a voice, from the block's sums alone.
double block_log_likelihood(const TimbreStats& b, const Voice& v) {
  if (b.count <= 0) return 0.0;
  double q = 0;
  for (int d = 0; d < kTimbreDims; ++d)
    q += (b.sum_sq[d] - 2.0 * v.mean[d] * b.sum[d] + b.count * v.mean[d] * v.mean[d]) * v.inv_var[d];
  return -0.5 * (b.count * v.log_det + q);
}

// Step 5: Viterbi re-segmentation of the speech blocks among `voices` voices.
void resegment(const VoiceFeatures& f, const Bic& bic, int voices, std::vector<int>& block_voice) {
  const std::size_t n = block_voice.size();
  for (int pass = 0; pass < kResegmentPasses; ++pass) {
    std::vector<TimbreStats> stats(static_cast<std::size_t>(voices));
    for (std::size_t b = 0; b < n; ++b)
      if (block_voice[b] >= 0) stats[static_cast<std::size_t>(block_voice[b])].add(f.blocks[b]);
    std::vector<Voice> model;
    std::vector<int> live;
    for (int v = 0; v < voices; ++v) {
      model.push_back(voice_model(stats[static_cast<std::size_t>(v)], bic));
      if (stats[static_cast<std::size_t>(v)].count >= kMinPieceFrames) live.push_back(v);
    }
    if (live.size() < 2) return;
    std::size_t b = 0;
    while (b < n) {
      if (block_voice[b] < 0) {
        ++b;
        continue;
      }
      std::size_t e = b;
      while (e < n && block_voice[e] >= 0) ++e;
      const std::size_t len = e - b, k = live.size();
      std::vector<double> score(k), next(k);
      std::vector<std::uint8_t> from(len * k);
      for (std::size_t j = 0; j < k; ++j)
        score[j] = block_log_likelihood(f.blocks[b], model[static_cast<std::size_t>(live[j])]);
      for (std::size_t t = 1; t < len; ++t) {
        for (std::size_t j = 0; j < k; ++j) {
          std::size_t arg = j;
          double best = score[j];
          for (std::size_t i = 0; i < k; ++i)
            if (i != j && score[i] - kSwitchNats > best) best = score[i] - kSwitchNats, arg = i;
          next[j] = best + block_log_likelihood(f.blocks[b + t], model[static_cast<std::size_t>(live[j])]);
          from[t * k + j] = static_cast<std::uint8_t>(arg);
        }
        score.swap(next);
      }
      std::size_t j = static_cast<std::size_t>(std::max_element(score.begin(), score.end()) - score.begin());
      for (std::size_t t = len; t-- > 0;) {
        block_voice[b + t] = live[j];
        j = from[t * k + j];
      }
      b = e;
    }
  }
}

}  // namespace

Result<void> find_speakers(const VoiceFeatures& f, const SpeechAnalysis& speech,
                           ContentAnalysis& c, const Callbacks& cb) {
  c.block_speakers.assign(c.blocks.size(), 0);
  c.speakers.clear();
  std::vector<Piece> pieces = cut_pieces(c, f);
  if (pieces.empty()) return {};
  TimbreStats all;
  for (const auto& p : pieces) all.add(p.stats);
  const Bic bic(all);

  // 2. Turns: neighbouring judged pieces that one voice explains.
  std::vector<TimbreStats> turns;
  for (auto& p : pieces) {
    if (p.stats.count < kMinPieceFrames) continue;
    if (!turns.empty() && bic.delta(turns.back(), p.stats) < 0) {
      turns.back().add(p.stats);
    } else {
      turns.push_back(p.stats);
    }
    p.turn = static_cast<int>(turns.size()) - 1;
  }
  if (turns.empty()) return {};
  // On very long inputs, join the most similar neighbouring turns first to bound the work.
  std::vector<int> turn_of(turns.size());
  std::iota(turn_of.begin(), turn_of.end(), 0);
  while (turns.size() > kMaxTurns) {
    std::size_t best = 0;
    double best_d = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i + 1 < turns.size(); ++i) {
      const double v = bic.delta(turns[i], turns[i + 1]);
      if (v < best_d) best_d = v, best = i;
    }
    turns[best].add(turns[best + 1]);
    turns.erase(turns.begin() + static_cast<std::ptrdiff_t>(best) + 1);
    for (auto& t : turn_of)
      if (t > static_cast<int>(best)) --t;
  }

  // 3. Speakers.
  bool was_cancelled = false;
  const std::vector<int> cluster_of = cluster(turns, bic, cb, was_cancelled);
  if (was_cancelled) return fail(ErrorCategory::cancelled, "cancelled while finding the speakers");
  for (auto& p : pieces)
    if (p.turn >= 0) p.speaker = cluster_of[static_cast<std::size_t>(turn_of[static_cast<std::size_t>(p.turn)])];

  // 4. Short pieces: the voice of both neighbours (in the same run of speech) when they agree.
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    if (pieces[i].speaker >= 0) continue;
    const int before = i > 0 && pieces[i - 1].end_block == pieces[i].first_block ? pieces[i - 1].speaker : -1;
    const int after = i + 1 < pieces.size() && pieces[i + 1].first_block == pieces[i].end_block
                          ? pieces[i + 1].speaker : -1;
    if (before >= 0 && (after < 0 || after == before)) pieces[i].speaker = before;
    else if (after >= 0 && before < 0) pieces[i].speaker = after;
  }

  // 5. Re-segmentation, block by block. Runs of speech blocks that the steps above left without
  // a voice (too short to judge) stay without one.
  std::vector<int> block_voice(c.blocks.size(), -1);
  for (const auto& p : pieces)
    for (std::size_t b = p.first_block; b < p.end_block; ++b) block_voice[b] = p.speaker;
  resegment(f, bic, static_cast<int>(turns.size()), block_voice);

  // Rank by talk time (the energy detector's speech frames inside each voice's blocks).
  const auto level_per_block = static_cast<std::size_t>(std::lround(kBlockSeconds / speech.frame_seconds));
  struct Tally {
    double talk = 0, first = std::numeric_limits<double>::infinity();
    TimbreStats stats;
  };
  std::vector<Tally> tally(turns.size());
  for (std::size_t b = 0; b < block_voice.size(); ++b) {
    if (block_voice[b] < 0) continue;
    Tally& t = tally[static_cast<std::size_t>(block_voice[b])];
    double frames = 0;
    for (std::size_t k = b * level_per_block; k < std::min(speech.is_speech.size(), (b + 1) * level_per_block); ++k)
      frames += speech.is_speech[k];
    t.talk += frames * speech.frame_seconds;
    t.first = std::min(t.first, static_cast<double>(b) * kBlockSeconds);
    if (b < f.blocks.size()) t.stats.add(f.blocks[b]);
  }
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < tally.size(); ++i)
    if (tally[i].talk > 0) order.push_back(i);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return tally[a].talk > tally[b].talk; });
  std::vector<int> rank(tally.size(), 0);
  for (std::size_t r = 0; r < order.size(); ++r) {
    const Tally& t = tally[order[r]];
    rank[order[r]] = static_cast<int>(r) + 1;
    Speaker s;
    s.rank = static_cast<int>(r) + 1;
    s.talk_seconds = t.talk;
    s.first_seconds = std::isfinite(t.first) ? t.first : 0.0;
    if (t.stats.count > 0)
      s.pitch_hz = std::exp2(t.stats.sum[kTimbreDims - 1] / t.stats.count);
    c.speakers.push_back(s);
  }
  for (std::size_t b = 0; b < block_voice.size(); ++b)
    if (block_voice[b] >= 0) c.block_speakers[b] = rank[static_cast<std::size_t>(block_voice[b])];
  return {};
}

}  // namespace voxclone::detail

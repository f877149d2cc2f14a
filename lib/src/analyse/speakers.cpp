// Who speaks when: the speech blocks grouped by voice.
//
// Written here because no Debian-packaged library diarises speakers without a neural network.
// On the voiced frames' MFCCs and log pitch (the sums the voice meter keeps per 0.4 s block):
//  1. pieces: runs of speech blocks, cut into pieces of at most 2 s;
//  2. each piece becomes a point in a learned speaker space (analyse/speaker_model.hpp, linear
//     discriminant analysis fitted on real people by tests/train/train_speakers.py: the mean and
//     spread of the piece's features, less the recording's average, projected where one person's
//     pieces spread with unit variance; what words were said moves a piece far less there than
//     who said them). Neighbouring pieces form a turn while they sit within kSameTurn;
//  3. speakers: turns join agglomeratively, the closest pair first, while the distance between
//     their centres is within what their sizes allow for one person (kSameVoice);
//  4. a voice heard for under kMinVoiceSeconds joins a longer one close to it; pieces too short
//     to judge take the voice of their neighbours when both agree;
//  5. re-segmentation: each voice's diagonal Gaussian scores every 0.4 s block, and a Viterbi
//     pass over each run of speech (a change of voice costs kSwitchNats) reassigns the blocks,
//     twice, re-estimating the Gaussians in between, so a change of speaker inside a 2 s piece
//     lands on the right block. Variances get a weak prior (the whole recording's).
// The BIC clustering this replaced (Chen & Gopalakrishnan 1998) over-split real people on the
// words they said and merged same-sex pairs (the figures before and after, on the real-voice
// tune and test splits: tests/realvoice/README.md).
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>

#include "analyse/content.hpp"
#include "analyse/speaker_model.hpp"
#include "core/log.hpp"

namespace voxclone::detail {
namespace {

constexpr std::size_t kMaxPieceBlocks = 5;     // 2 s
constexpr float kMinPieceFrames = 6;           // voiced frames a piece needs to be judged
constexpr double kPriorFrames = 10;            // weight of the variance prior, in frames
constexpr std::size_t kMaxTurns = 256;         // bounds the O(n²) clustering (256 KB of float) on long inputs
constexpr double kSwitchNats = 12.0;           // cost of a change of voice between two speech blocks
constexpr int kResegmentPasses = 2;
// Separations (in the learned speaker space, see separation()) under which a piece continues the
// turn before it, and two groups of pieces are one voice; a voice heard for less than
// kMinVoiceSeconds joins a longer one within kAbsorb, or stays a voice of its own. Tuned on the
// real-voice tune split (tests/realvoice/): turn 15 / voice 35 kept the most multi-speaker
// scenes >= 95 % one voice and counted voices best of the pairs tried between 15 and 35; one
// stage at 30 (no separate turn threshold) merged the same-sex pairs.
constexpr double kSameTurn = 15.0;
constexpr double kSameVoice = 35.0;
constexpr double kMinVoiceSeconds = 6.0;
constexpr double kAbsorb = 40.0;
// The median squared distance between neighbouring pieces in a typical training recording (most
// neighbours are one person). A recording whose neighbours lie further apart (a poor codec, a
// noisy room: every piece is blurred) widens the three limits above by the ratio, so one person
// is not split into many; never narrows them.
constexpr double kTypicalNeighbourSpread = 15.0;

struct Piece {
  std::size_t first_block = 0, end_block = 0;
  TimbreStats stats;
  int turn = -1;
  int speaker = -1;
};

// The voices' Gaussians (re-segmentation) get a weak prior on their variances: the recording's.
class VariancePrior {
 public:
  explicit VariancePrior(const TimbreStats& all) {
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

// A voice's diagonal Gaussian, from its sufficient statistics (variance regularised by VariancePrior).
struct Voice {
  std::array<double, kTimbreDims> mean{}, inv_var{};
  double log_det = 0;
};

Voice voice_model(const TimbreStats& s, const VariancePrior& prior) {
  Voice v;
  for (int d = 0; d < kTimbreDims; ++d) {
    v.mean[d] = s.count > 0 ? s.sum[d] / s.count : 0.0;
    const double var = prior.variance(s, d);
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
void resegment(const VoiceFeatures& f, const VariancePrior& prior, int voices, std::vector<int>& block_voice) {
  const std::size_t n = block_voice.size();
  for (int pass = 0; pass < kResegmentPasses; ++pass) {
    std::vector<TimbreStats> stats(static_cast<std::size_t>(voices));
    for (std::size_t b = 0; b < n; ++b)
      if (block_voice[b] >= 0) stats[static_cast<std::size_t>(block_voice[b])].add(f.blocks[b]);
    std::vector<Voice> model;
    std::vector<int> live;
    for (int v = 0; v < voices; ++v) {
      model.push_back(voice_model(stats[static_cast<std::size_t>(v)], prior));
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


// The learned speaker space (analyse/speaker_model.hpp, fitted on real people by
// tests/train/train_speakers.py): a piece's mean and spread of MFCCs and log pitch, less the
// recording's average, projected where one person's pieces spread with unit variance.
namespace sm = speaker_model;
using Point = std::array<double, sm::kKept>;
using Raw = std::array<double, sm::kInputs>;

Raw raw_vector(const TimbreStats& s) {
  Raw v{};
  const double n = std::max(1.0f, s.count);
  for (int d = 0; d < kTimbreDims; ++d) {
    const double m = s.sum[d] / n;
    v[d] = m;
    v[kTimbreDims + d] = std::sqrt(std::max(1e-6, s.sum_sq[d] / n - m * m));
  }
  return v;
}

Point project(const Raw& v, const Raw& recording_mean) {
  Point z{};
  for (int i = 0; i < sm::kInputs; ++i) {
    const double x = (v[i] - recording_mean[i]) / sm::kScale[i];
    for (int k = 0; k < sm::kKept; ++k) z[k] += x * sm::kProjection[i * sm::kKept + k];
  }
  return z;
}

// A group of pieces in the speaker space: the sum of their points and how many.
struct Cloud {
  Point sum{};
  double n = 0;
  void add(const Cloud& o) {
    for (int k = 0; k < sm::kKept; ++k) sum[k] += o.sum[k];
    n += o.n;
  }
};

// How far apart two clouds' centres are, in units of what their sizes allow if both were one
// person (chi-squared with kKept degrees of freedom when they are: mean kKept).
double separation(const Cloud& a, const Cloud& b) {
  double d = 0;
  for (int k = 0; k < sm::kKept; ++k) {
    const double x = a.sum[k] / a.n - b.sum[k] / b.n;
    d += x * x;
  }
  return d / (1.0 / a.n + 1.0 / b.n);
}

// Agglomerative clustering of clouds: the closest pair joins while its separation is under
// `limit`. Returns a cluster index per cloud.
std::vector<int> cluster_clouds(std::vector<Cloud> clouds, double limit, const Callbacks& cb,
                                bool& cancelled_out) {
  const std::size_t n = clouds.size();
  std::vector<int> parent(n);
  std::iota(parent.begin(), parent.end(), 0);
  std::vector<bool> alive(n, true);
  std::vector<float> d(n * n, std::numeric_limits<float>::infinity());  // float: 256 KB at kMaxTurns
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i + 1; j < n; ++j) d[i * n + j] = static_cast<float>(separation(clouds[i], clouds[j]));
  for (;;) {
    if (cancelled(cb)) {
      cancelled_out = true;
      break;
    }
    double best = limit;
    std::size_t bi = n, bj = n;  // the pair found, or n
    for (std::size_t i = 0; i < n; ++i) {
      if (!alive[i]) continue;
      for (std::size_t j = i + 1; j < n; ++j)
        if (alive[j] && d[i * n + j] < best) best = d[i * n + j], bi = i, bj = j;
    }
    if (bi == n) break;
    clouds[bi].add(clouds[bj]);
    alive[bj] = false;
    for (auto& p : parent)
      if (p == static_cast<int>(bj)) p = static_cast<int>(bi);
    for (std::size_t k = 0; k < n; ++k) {
      if (!alive[k] || k == bi) continue;
      d[std::min(k, bi) * n + std::max(k, bi)] = static_cast<float>(separation(clouds[std::min(k, bi)], clouds[std::max(k, bi)]));
    }
  }
  return parent;
}

// A voice heard for less than kMinVoiceSeconds is more often an odd stretch of someone else (a
// shout, a laugh, a word said differently) than a person. It joins the nearest voice heard
// longer when it lies within kAbsorb of it; otherwise it stays a voice of its own (a brief
// interruption by someone else).
void settle_small_voices(std::vector<Piece>& pieces, const std::vector<Cloud>& turn_clouds,
                         const std::vector<int>& cluster_of, double absorb) {
  std::vector<Cloud> voice(turn_clouds.size());
  std::vector<double> heard(turn_clouds.size(), 0.0);
  for (const auto& p : pieces) {
    if (p.speaker < 0 || p.turn < 0) continue;
    heard[static_cast<std::size_t>(p.speaker)] += static_cast<double>(p.end_block - p.first_block) * kBlockSeconds;
  }
  for (std::size_t t = 0; t < turn_clouds.size(); ++t)
    voice[static_cast<std::size_t>(cluster_of[t])].add(turn_clouds[t]);
  std::vector<int> becomes(turn_clouds.size());
  for (std::size_t v = 0; v < voice.size(); ++v) {
    becomes[v] = static_cast<int>(v);
    if (heard[v] <= 0 || heard[v] >= kMinVoiceSeconds) continue;
    double best = absorb;
    int to = static_cast<int>(v);  // far from every longer voice: a person of their own
    for (std::size_t u = 0; u < voice.size(); ++u) {
      if (heard[u] < kMinVoiceSeconds) continue;
      const double d = separation(voice[v], voice[u]);
      if (d < best) best = d, to = static_cast<int>(u);
    }
    becomes[v] = to;
  }
  for (auto& p : pieces)
    if (p.speaker >= 0) p.speaker = becomes[static_cast<std::size_t>(p.speaker)];
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
  const VariancePrior prior(all);

  // 2. Turns: neighbouring judged pieces that one voice explains. Each turn keeps both its
  // Gaussian statistics (for the re-segmentation) and its cloud in the speaker space.
  Raw recording_mean{};
  double judged = 0;
  for (const auto& p : pieces) {
    if (p.stats.count < kMinPieceFrames) continue;
    const Raw v = raw_vector(p.stats);
    for (int i = 0; i < sm::kInputs; ++i) recording_mean[i] += v[i];
    judged += 1;
  }
  for (auto& m : recording_mean) m /= std::max(1.0, judged);
  auto point_of = [&](const Piece& p) { return project(raw_vector(p.stats), recording_mean); };
  // How far apart neighbouring pieces lie in this recording (squared distance of two points).
  std::vector<double> neighbours;
  std::optional<Point> previous;
  for (const auto& p : pieces) {
    if (p.stats.count < kMinPieceFrames) continue;
    const Point z = point_of(p);
    if (previous) {
      double d = 0;
      for (int k = 0; k < sm::kKept; ++k) d += (z[k] - (*previous)[k]) * (z[k] - (*previous)[k]);
      neighbours.push_back(d);
    }
    previous = z;
  }
  double widen = 1.0;
  if (neighbours.size() >= 4) {
    auto mid = neighbours.begin() + static_cast<std::ptrdiff_t>(neighbours.size() / 2);
    std::nth_element(neighbours.begin(), mid, neighbours.end());
    widen = std::max(1.0, *mid / kTypicalNeighbourSpread);
  }
  std::vector<Cloud> clouds;  // one per turn
  for (auto& p : pieces) {
    if (p.stats.count < kMinPieceFrames) continue;
    Cloud one{point_of(p), 1.0};
    const bool same = !clouds.empty() && separation(clouds.back(), one) < kSameTurn * widen;
    if (same) {
      clouds.back().add(one);
    } else {
      clouds.push_back(one);
    }
    p.turn = static_cast<int>(clouds.size()) - 1;
  }
  if (clouds.empty()) return {};
  // On very long inputs, join the most similar neighbouring turns first to bound the work.
  std::vector<int> turn_of(clouds.size());
  std::iota(turn_of.begin(), turn_of.end(), 0);
  while (clouds.size() > kMaxTurns) {
    std::size_t best = 0;
    double best_d = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i + 1 < clouds.size(); ++i) {
      const double v = separation(clouds[i], clouds[i + 1]);
      if (v < best_d) best_d = v, best = i;
    }
    clouds[best].add(clouds[best + 1]);
    clouds.erase(clouds.begin() + static_cast<std::ptrdiff_t>(best) + 1);
    for (auto& t : turn_of)
      if (t > static_cast<int>(best)) --t;
  }

  // 3. Speakers.
  bool was_cancelled = false;
  const std::vector<int> cluster_of = cluster_clouds(clouds, kSameVoice * widen, cb, was_cancelled);
  if (was_cancelled) return fail(ErrorCategory::cancelled, "cancelled while finding the speakers");
  for (auto& p : pieces)
    if (p.turn >= 0) p.speaker = cluster_of[static_cast<std::size_t>(turn_of[static_cast<std::size_t>(p.turn)])];
  settle_small_voices(pieces, clouds, cluster_of, kAbsorb * widen);

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
  resegment(f, prior, static_cast<int>(clouds.size()), block_voice);

  // Rank by talk time (the energy detector's speech frames inside each voice's blocks).
  const auto level_per_block = static_cast<std::size_t>(std::lround(kBlockSeconds / speech.frame_seconds));
  struct Tally {
    double talk = 0, first = std::numeric_limits<double>::infinity();
    TimbreStats stats;
  };
  std::vector<Tally> tally(clouds.size());
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

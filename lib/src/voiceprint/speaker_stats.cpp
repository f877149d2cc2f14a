#include "voiceprint/speaker_stats.hpp"

#include <algorithm>
#include <cmath>

#include "analyse/content.hpp"

namespace voxclone::detail {
namespace {

constexpr std::size_t kPieceBlocks = 5;   // 2 s, as speakers.cpp cuts its pieces
constexpr float kMinPieceFrames = 6;      // voiced frames a piece needs to count
constexpr double kMinCleanFrames = 50;    // 2 s of voiced frames: enough clean speech to use alone

double spread_of(double n, double sum, double sum_sq) {
  const double m = sum / n;
  return std::sqrt(std::max(1e-6, sum_sq / n - m * m));
}

static_assert(kFineCepstra == kVoiceprintCepstra);

// The format-2 numbers over the blocks `use` marks: the finer cepstrum's sums (in double: the
// blocks' floats would lose digits over an hour) and the voiced frames' pitches, binned. Left
// at zero when the features hold no finer cepstrum for some of those blocks.
void add_cepstra(const VoiceFeatures& f, const std::vector<bool>& use, double voiced_frames, Voiceprint& v) {
  const std::size_t n = std::min(use.size(), f.blocks.size());
  std::array<double, kVoiceprintCepstra> sum{}, sum_sq{}, delta_sq{};
  std::array<double, kPitchHistogramBins> histogram{};
  for (std::size_t b = 0; b < n; ++b) {
    if (!use[b] || f.blocks[b].count <= 0) continue;
    if (b >= f.cepstra.size()) return;
    const CepstrumStats c = f.cepstra[b];
    for (int d = 0; d < kVoiceprintCepstra; ++d) sum[d] += c.sum[d], sum_sq[d] += c.sum_sq[d], delta_sq[d] += c.delta_sq[d];
    const std::size_t end = std::min(f.frames.size(), (b + 1) * kFramesPerBlock);
    for (std::size_t k = b * kFramesPerBlock; k < end; ++k) {
      const VoiceFrame frame = f.frames[k];
      if (frame.pitch_dhz == 0) continue;
      const double bin = std::floor((std::log2(frame.pitch_hz()) - std::log2(kPitchHistogramLowestHz)) *
                                    kPitchHistogramBinsPerOctave);
      histogram[static_cast<std::size_t>(std::clamp(bin, 0.0, kPitchHistogramBins - 1.0))] += 1;
    }
  }
  for (int d = 0; d < kVoiceprintCepstra; ++d) {
    v.cepstrum_mean[d] = sum[d] / voiced_frames;
    v.cepstrum_spread[d] = spread_of(voiced_frames, sum[d], sum_sq[d]);
    v.delta_spread[d] = std::sqrt(delta_sq[d] / voiced_frames);
  }
  v.pitch_histogram = histogram;
}

Voiceprint from_blocks(const VoiceFeatures& f, const std::vector<bool>& use) {
  Voiceprint v;
  TimbreStats all;
  std::array<double, kVoiceprintDims> piece_sum{};
  std::size_t b = 0;
  const std::size_t n = std::min(use.size(), f.blocks.size());
  while (b < n) {
    if (!use[b]) {
      ++b;
      continue;
    }
    std::size_t e = b;
    while (e < n && use[e]) ++e;
    const std::size_t len = e - b, count = (len + kPieceBlocks - 1) / kPieceBlocks;
    for (std::size_t i = 0; i < count; ++i) {
      TimbreStats p;
      for (std::size_t k = b + len * i / count; k < b + len * (i + 1) / count; ++k) p.add(f.blocks[k]);
      all.add(p);
      if (p.count < kMinPieceFrames) continue;
      for (int d = 0; d < kVoiceprintDims; ++d) piece_sum[d] += spread_of(p.count, p.sum[d], p.sum_sq[d]);
      v.pieces += 1;
    }
    b = e;
  }
  v.voiced_frames = all.count;
  v.speech_seconds = all.count * kVoiceFrameSeconds;
  if (all.count <= 0 || v.pieces <= 0) return Voiceprint{};
  for (int d = 0; d < kVoiceprintDims; ++d) {
    v.mean[d] = all.sum[d] / all.count;
    v.spread[d] = spread_of(all.count, all.sum[d], all.sum_sq[d]);
    v.piece_spread[d] = piece_sum[d] / v.pieces;
  }
  add_cepstra(f, use, all.count, v);
  return v;
}

}  // namespace

Voiceprint speaker_voiceprint(const VoiceFeatures& f, const ContentAnalysis& c, int rank) {
  const std::size_t n = std::min(c.blocks.size(), c.block_speakers.size());
  std::vector<bool> clean(n), any(n);
  double clean_frames = 0;
  for (std::size_t b = 0; b < n; ++b) {
    if (c.block_speakers[b] != rank || !holds_speech(c.blocks[b])) continue;
    any[b] = true;
    clean[b] = c.blocks[b] == ContentKind::speech;
    if (clean[b] && b < f.blocks.size()) clean_frames += f.blocks[b].count;
  }
  return from_blocks(f, clean_frames >= kMinCleanFrames ? clean : any);
}

Voiceprint speech_voiceprint(const VoiceFeatures& f, const SpeechAnalysis& speech) {
  std::vector<bool> use(f.blocks.size());
  const double per_block = kBlockSeconds / speech.frame_seconds;
  for (std::size_t b = 0; b < use.size(); ++b) {
    const auto first = static_cast<std::size_t>(static_cast<double>(b) * per_block);
    const auto end = std::min(speech.is_speech.size(), static_cast<std::size_t>(static_cast<double>(b + 1) * per_block));
    std::size_t heard = 0;
    for (std::size_t k = first; k < end; ++k) heard += speech.is_speech[k];
    use[b] = end > first && 2 * heard >= end - first;
  }
  return from_blocks(f, use);
}

std::vector<Voiceprint> speaker_voiceprints(const VoiceFeatures& f, const ContentAnalysis& c) {
  std::vector<Voiceprint> out;
  for (const Speaker& s : c.speakers) out.push_back(speaker_voiceprint(f, c, s.rank));
  return out;
}

}  // namespace voxclone::detail

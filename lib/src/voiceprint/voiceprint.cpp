// The voiceprint value: its numbers, their comparison and their text form. Written here because
// no Debian-packaged library compares speakers without a neural network; the comparison is
// the classic one for fixed-length voice statistics (Dehak et al. 2011, "Front-end factor
// analysis for speaker verification": a projection against within-speaker variation, then the
// cosine), on the statistics the speaker analysis already keeps, with the projection learned on
// real people (voiceprint/voiceprint_model.hpp, from tests/train/train_voiceprint.py), and the
// cosine normalised against a cohort of train voices (adaptive symmetric score normalisation:
// Cumani et al. 2011, "Comparison of speaker recognition approaches for real applications";
// Matejka et al. 2017), which takes out what a voice has in common with everyone (its room, its
// microphone, its phone line). Voiceprints of format 2 are compared a second time on all of their
// numbers (voiceprint/voiceprint_rich_model.hpp, the same back-end fitted on the 39 numbers and
// the finer ones) and the two log-odds fused; a format-1 voiceprint by the first comparison alone.
#include "voxclone/voiceprint.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "voiceprint/join_model.hpp"
#include "voiceprint/speaker_stats.hpp"
#include "voiceprint/voiceprint_model.hpp"
#include "voiceprint/voiceprint_rich_model.hpp"

namespace voxclone {
namespace {

namespace vm = detail::voiceprint_model;
namespace vr = detail::voiceprint_rich_model;
namespace jm = detail::join_model;
constexpr std::string_view kFormatName = "voxclone-voiceprint";

// The inputs the models were fitted on, in their order: mean, spread, piece spread (the 39
// numbers), then for the rich model cepstrum mean, cepstrum spread, delta spread and the 10th,
// 50th and 90th percentiles of log2 pitch (its mean and spread are among the 39).
constexpr int kInputs39 = 3 * kVoiceprintDims;
constexpr int kRichInputs = kInputs39 + 3 * kVoiceprintCepstra + 3;
static_assert(vm::kInputs == kInputs39 && jm::kInputs == kInputs39 && vr::kInputs == kRichInputs);

std::array<double, kRichInputs> model_inputs(const Voiceprint& v) {
  std::array<double, kRichInputs> x{};
  for (int d = 0; d < kVoiceprintDims; ++d) {
    x[d] = v.mean[d];
    x[kVoiceprintDims + d] = v.spread[d];
    x[2 * kVoiceprintDims + d] = v.piece_spread[d];
  }
  for (int d = 0; d < kVoiceprintCepstra; ++d) {
    x[kInputs39 + d] = v.cepstrum_mean[d];
    x[kInputs39 + kVoiceprintCepstra + d] = v.cepstrum_spread[d];
    x[kInputs39 + 2 * kVoiceprintCepstra + d] = v.delta_spread[d];
  }
  x[kRichInputs - 3] = v.pitch_percentile(0.1);
  x[kRichInputs - 2] = v.pitch_percentile(0.5);
  x[kRichInputs - 1] = v.pitch_percentile(0.9);
  return x;
}

// A projection (train_voiceprint.py's LDA) applied to the first `center.size()` inputs.
std::vector<double> project(const std::array<double, kRichInputs>& x, std::span<const float> center,
                            std::span<const float> scale, std::span<const float> projection) {
  const std::size_t kept = projection.size() / center.size();
  std::vector<double> z(kept, 0.0);
  for (std::size_t i = 0; i < center.size(); ++i) {
    const double s = (x[i] - center[i]) / scale[i];
    for (std::size_t k = 0; k < kept; ++k) z[k] += s * projection[i * kept + k];
  }
  return z;
}

double cosine(const std::vector<double>& a, const std::vector<double>& b) {
  double ab = 0, aa = 0, bb = 0;
  for (std::size_t k = 0; k < a.size(); ++k) ab += a[k] * b[k], aa += a[k] * a[k], bb += b[k] * b[k];
  return aa > 0 && bb > 0 ? ab / std::sqrt(aa * bb) : 0.0;
}

// One AS-norm comparison (voiceprint_model.hpp or voiceprint_rich_model.hpp): its projection,
// cohort and calibration.
struct Model {
  std::span<const float> center, scale, projection, cohort;
  int cohort_top = 0;
  double cohort_mean_floor = 0, cohort_spread_floor = 0, threshold = 0, slope = 0;
};

// The shipped comparison (voiceprint_model.hpp) and the richer one (voiceprint_rich_model.hpp).
const Model kShipped{vm::kCenter,         vm::kScale,           vm::kProjection, vm::kCohort, vm::kCohortTop,
                     vm::kCohortMeanFloor, vm::kCohortSpreadFloor, vm::kThreshold,  vm::kSlope};
const Model kRich{vr::kCenter,         vr::kScale,           vr::kProjection, vr::kCohort, vr::kCohortTop,
                  vr::kCohortMeanFloor, vr::kCohortSpreadFloor, vr::kThreshold,  vr::kSlope};

// One side of a trial: the voice projected to unit length, and the mean and spread of its
// cosines against its cohort_top closest cohort voices (the train notes), each at least its
// floor (those of the least typical train voices): a voice far from every real one would
// otherwise have a low mean and a narrow spread, and its side alone would call it like anyone.
struct Side {
  std::vector<double> z;
  double cohort_mean = 0.0;
  double cohort_spread = 1.0;
};

std::optional<Side> side_of(const std::array<double, kRichInputs>& x, const Model& m) {
  Side s;
  s.z = project(x, m.center, m.scale, m.projection);
  double norm = 0;
  for (double v : s.z) norm += v * v;
  if (!(norm > 0)) return std::nullopt;
  norm = std::sqrt(norm);
  for (double& v : s.z) v /= norm;
  const std::size_t kept = s.z.size(), size = m.cohort.size() / kept;
  const auto top = static_cast<std::size_t>(m.cohort_top);
  std::vector<double> c(size, 0.0);
  for (std::size_t i = 0; i < size; ++i)
    for (std::size_t k = 0; k < kept; ++k) c[i] += s.z[k] * m.cohort[i * kept + k];
  std::nth_element(c.begin(), c.begin() + static_cast<std::ptrdiff_t>(top), c.end(), std::greater<>());
  double sum = 0, sum_sq = 0;
  for (std::size_t i = 0; i < top; ++i) sum += c[i], sum_sq += c[i] * c[i];
  const double mean = sum / static_cast<double>(top);
  // As train_voiceprint.py: the spread over cohort_top, plus 1e-6; then the floors.
  const double spread = std::sqrt(std::max(0.0, sum_sq / static_cast<double>(top) - mean * mean)) + 1e-6;
  s.cohort_mean = std::max(mean, m.cohort_mean_floor);
  s.cohort_spread = std::max(spread, m.cohort_spread_floor);
  return s;
}

// The log-odds of one person by one AS-norm comparison; nullopt when a voice projects to zero.
std::optional<double> as_norm_log_odds(const std::array<double, kRichInputs>& xa,
                                       const std::array<double, kRichInputs>& xb, const Model& m) {
  const auto sa = side_of(xa, m), sb = side_of(xb, m);
  if (!sa || !sb) return std::nullopt;
  double c = 0;
  for (std::size_t k = 0; k < sa->z.size(); ++k) c += sa->z[k] * sb->z[k];
  const double score =
      0.5 * ((c - sa->cohort_mean) / sa->cohort_spread + (c - sb->cohort_mean) / sb->cohort_spread);
  return m.slope * (score - m.threshold);
}

Result<void> check_numbers(const Voiceprint& v) {
  auto bad = [](std::string what) {
    return fail(ErrorCategory::invalid_argument, "voiceprint: " + std::move(what));
  };
  for (double x : v.vector())
    if (!std::isfinite(x)) return bad("a number is not finite");
  if (v.voiced_frames < 0 || v.pieces < 0 || v.speech_seconds < 0) return bad("a negative count");
  for (int d = 0; d < kVoiceprintDims; ++d)
    if (v.spread[d] < 0 || v.piece_spread[d] < 0) return bad("a negative spread");
  for (int d = 0; d < kVoiceprintCepstra; ++d)
    if (v.cepstrum_spread[d] < 0 || v.delta_spread[d] < 0) return bad("a negative spread");
  for (double n : v.pitch_histogram)
    if (n < 0) return bad("a negative count");
  return {};
}

// The log-odds of one person by the comparison of sessions 8-13 (join_model.hpp).
double join_log_odds(const std::array<double, kRichInputs>& xa, const std::array<double, kRichInputs>& xb) {
  const double c = cosine(project(xa, jm::kCenter, jm::kScale, jm::kProjection),
                          project(xb, jm::kCenter, jm::kScale, jm::kProjection));
  return jm::kSlope * (c - jm::kThreshold);
}

double logistic(double log_odds) { return 1.0 / (1.0 + std::exp(-log_odds)); }

}  // namespace

std::array<double, Voiceprint::kVectorSize> Voiceprint::vector() const noexcept {
  std::array<double, kVectorSize> out{};
  out[0] = voiced_frames;
  out[1] = pieces;
  out[2] = speech_seconds;
  for (int d = 0; d < kVoiceprintDims; ++d) {
    out[3 + d] = mean[d];
    out[3 + kVoiceprintDims + d] = spread[d];
    out[3 + 2 * kVoiceprintDims + d] = piece_spread[d];
  }
  for (int d = 0; d < kVoiceprintCepstra; ++d) {
    out[kVectorSize1 + d] = cepstrum_mean[d];
    out[kVectorSize1 + kVoiceprintCepstra + d] = cepstrum_spread[d];
    out[kVectorSize1 + 2 * kVoiceprintCepstra + d] = delta_spread[d];
  }
  for (int k = 0; k < kPitchHistogramBins; ++k) out[kVectorSize1 + 3 * kVoiceprintCepstra + k] = pitch_histogram[k];
  return out;
}

bool Voiceprint::has_cepstra() const noexcept {
  for (double n : pitch_histogram)
    if (n > 0) return true;
  return false;
}

double Voiceprint::pitch_percentile(double fraction) const noexcept {
  double total = 0;
  for (double n : pitch_histogram) total += n;
  if (!(total > 0)) return 0.0;
  const double wanted = std::clamp(fraction, 0.0, 1.0) * total;
  double below = 0;
  int k = 0;
  while (k + 1 < kPitchHistogramBins && below + pitch_histogram[k] < wanted) below += pitch_histogram[k++];
  const double inside = pitch_histogram[k] > 0 ? std::clamp((wanted - below) / pitch_histogram[k], 0.0, 1.0) : 0.5;
  return std::log2(kPitchHistogramLowestHz) + (k + inside) / kPitchHistogramBinsPerOctave;
}

Result<Voiceprint> Voiceprint::from_vector(std::span<const double> x) {
  if (x.size() != kVectorSize && x.size() != kVectorSize1)
    return fail(ErrorCategory::invalid_argument,
                fmt::format("voiceprint: {} numbers, expected {} (or {}: format 1)", x.size(), kVectorSize, kVectorSize1));
  Voiceprint v;
  v.voiced_frames = x[0];
  v.pieces = x[1];
  v.speech_seconds = x[2];
  for (int d = 0; d < kVoiceprintDims; ++d) {
    v.mean[d] = x[3 + d];
    v.spread[d] = x[3 + kVoiceprintDims + d];
    v.piece_spread[d] = x[3 + 2 * kVoiceprintDims + d];
  }
  if (x.size() == kVectorSize) {
    for (int d = 0; d < kVoiceprintCepstra; ++d) {
      v.cepstrum_mean[d] = x[kVectorSize1 + d];
      v.cepstrum_spread[d] = x[kVectorSize1 + kVoiceprintCepstra + d];
      v.delta_spread[d] = x[kVectorSize1 + 2 * kVoiceprintCepstra + d];
    }
    for (int k = 0; k < kPitchHistogramBins; ++k) v.pitch_histogram[k] = x[kVectorSize1 + 3 * kVoiceprintCepstra + k];
  }
  if (auto ok = check_numbers(v); !ok) return std::unexpected(ok.error());
  return v;
}

double similarity(const Voiceprint& a, const Voiceprint& b) {
  if (a.empty() || b.empty()) return 0.0;
  const auto xa = model_inputs(a), xb = model_inputs(b);
  const auto shipped = as_norm_log_odds(xa, xb, kShipped);
  if (!shipped) return 0.0;
  // Fused with the comparison of sessions 8-13, whose projection also learned from synthetic
  // voices (train_voiceprint.py says why the weight is what it is).
  const double log_odds =
      vm::kFuseWeight * *shipped + (1.0 - vm::kFuseWeight) * join_log_odds(xa, xb) - vm::kFuseShift;
  if (!a.has_cepstra() || !b.has_cepstra()) return logistic(log_odds);
  // Both of format 2: that comparison fused again with the one on all of their numbers.
  const auto rich = as_norm_log_odds(xa, xb, kRich);
  if (!rich) return logistic(log_odds);
  return logistic(vr::kFuseWeight * *rich + (1.0 - vr::kFuseWeight) * log_odds - vr::kFuseShift);
}

namespace detail {

double join_similarity(const Voiceprint& a, const Voiceprint& b) {
  if (a.empty() || b.empty()) return 0.0;
  return logistic(join_log_odds(model_inputs(a), model_inputs(b)));
}

}  // namespace detail

namespace {

// The format-2 numbers of `a` and `b` pooled into `v`, weighted by each one's voiced frames; of
// one of them alone when the other has none.
// Two weighted means and spreads pooled: the weighted mean, and the pooled second moment less
// the pooled mean's square.
void pool_moments(double wa, double mean_a, double spread_a, double wb, double mean_b, double spread_b, double& mean,
                  double& spread) {
  mean = wa * mean_a + wb * mean_b;
  const double m2 = wa * (spread_a * spread_a + mean_a * mean_a) + wb * (spread_b * spread_b + mean_b * mean_b);
  spread = std::sqrt(std::max(0.0, m2 - mean * mean));
}

void pool_cepstra(const Voiceprint& a, const Voiceprint& b, Voiceprint& v) {
  if (!a.has_cepstra() || !b.has_cepstra()) {
    const Voiceprint& one = a.has_cepstra() ? a : b;
    v.cepstrum_mean = one.cepstrum_mean;
    v.cepstrum_spread = one.cepstrum_spread;
    v.delta_spread = one.delta_spread;
    v.pitch_histogram = one.pitch_histogram;
    return;
  }
  const double wa = a.voiced_frames / v.voiced_frames, wb = b.voiced_frames / v.voiced_frames;
  for (int d = 0; d < kVoiceprintCepstra; ++d) {
    pool_moments(wa, a.cepstrum_mean[d], a.cepstrum_spread[d], wb, b.cepstrum_mean[d], b.cepstrum_spread[d],
                 v.cepstrum_mean[d], v.cepstrum_spread[d]);
    v.delta_spread[d] = std::sqrt(wa * a.delta_spread[d] * a.delta_spread[d] + wb * b.delta_spread[d] * b.delta_spread[d]);
  }
  for (int k = 0; k < kPitchHistogramBins; ++k) v.pitch_histogram[k] = a.pitch_histogram[k] + b.pitch_histogram[k];
}

}  // namespace

Voiceprint pooled(const Voiceprint& a, const Voiceprint& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  Voiceprint v;
  v.voiced_frames = a.voiced_frames + b.voiced_frames;
  v.pieces = a.pieces + b.pieces;
  v.speech_seconds = a.speech_seconds + b.speech_seconds;
  const double wa = a.voiced_frames / v.voiced_frames, wb = b.voiced_frames / v.voiced_frames;
  for (int d = 0; d < kVoiceprintDims; ++d) {
    pool_moments(wa, a.mean[d], a.spread[d], wb, b.mean[d], b.spread[d], v.mean[d], v.spread[d]);
    v.piece_spread[d] = (a.pieces * a.piece_spread[d] + b.pieces * b.piece_spread[d]) / v.pieces;
  }
  pool_cepstra(a, b, v);
  return v;
}

std::string to_json(const Voiceprint& v) {
  nlohmann::json j;
  j["format"] = kFormatName;
  j["version"] = v.has_cepstra() ? Voiceprint::kFormatVersion : 1;
  j["speech_seconds"] = v.speech_seconds;
  j["voiced_frames"] = v.voiced_frames;
  j["pieces"] = v.pieces;
  j["mean"] = v.mean;
  j["spread"] = v.spread;
  j["piece_spread"] = v.piece_spread;
  if (v.has_cepstra()) {
    j["cepstrum_mean"] = v.cepstrum_mean;
    j["cepstrum_spread"] = v.cepstrum_spread;
    j["delta_spread"] = v.delta_spread;
    j["pitch_histogram"] = v.pitch_histogram;
  }
  return j.dump();
}

Result<Voiceprint> voiceprint_from_json(std::string_view text) {
  auto bad = [](std::string what) {
    return fail(ErrorCategory::invalid_argument, "voiceprint: " + std::move(what));
  };
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return bad("not JSON text");
  if (j.value("format", "") != kFormatName) return bad("not a voxclone voiceprint");
  const auto version = j.find("version");
  if (version == j.end() || !version->is_number_integer()) return bad("no version");
  if (*version != 1 && *version != Voiceprint::kFormatVersion)
    return bad(fmt::format("version {} (this voxclone reads versions 1 to {})", version->dump(),
                           Voiceprint::kFormatVersion));
  Voiceprint v;
  auto number = [&](const char* key, double& out) -> bool {
    const auto it = j.find(key);
    if (it == j.end() || !it->is_number()) return false;
    out = it->get<double>();
    return true;
  };
  auto numbers = [&]<std::size_t N>(const char* key, std::array<double, N>& out) -> bool {
    const auto it = j.find(key);
    if (it == j.end() || !it->is_array() || it->size() != N) return false;
    for (std::size_t d = 0; d < N; ++d) {
      if (!(*it)[d].is_number()) return false;
      out[d] = (*it)[d].get<double>();
    }
    return true;
  };
  if (!number("speech_seconds", v.speech_seconds) || !number("voiced_frames", v.voiced_frames) ||
      !number("pieces", v.pieces))
    return bad("a count is missing or not a number");
  if (!numbers("mean", v.mean) || !numbers("spread", v.spread) || !numbers("piece_spread", v.piece_spread))
    return bad(fmt::format("mean, spread and piece_spread must be {} numbers each", kVoiceprintDims));
  // Version 1 has no finer numbers: it is compared by the 39 numbers alone (similarity()).
  if (*version == 2) {
    if (!numbers("cepstrum_mean", v.cepstrum_mean) || !numbers("cepstrum_spread", v.cepstrum_spread) ||
        !numbers("delta_spread", v.delta_spread))
      return bad(fmt::format("version 2: cepstrum_mean, cepstrum_spread and delta_spread must be {} numbers each",
                             kVoiceprintCepstra));
    if (!numbers("pitch_histogram", v.pitch_histogram))
      return bad(fmt::format("version 2: pitch_histogram must be {} numbers", kPitchHistogramBins));
    if (!v.has_cepstra()) return bad("version 2: an empty pitch_histogram");
  }
  if (auto ok = check_numbers(v); !ok) return std::unexpected(ok.error());
  return v;
}

}  // namespace voxclone

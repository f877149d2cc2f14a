// The voiceprint value: its numbers, their comparison and their text form. Written here because
// no Debian-packaged library compares speakers without a neural network; the comparison is
// the classic one for fixed-length voice statistics (Dehak et al. 2011, "Front-end factor
// analysis for speaker verification": a projection against within-speaker variation, then the
// cosine), on the statistics the speaker analysis already keeps, with the projection learned on
// real people (voiceprint/voiceprint_model.hpp, from tests/train/train_voiceprint.py), and the
// cosine normalised against a cohort of train voices (adaptive symmetric score normalisation:
// Cumani et al. 2011, "Comparison of speaker recognition approaches for real applications";
// Matejka et al. 2017), which takes out what a voice has in common with everyone (its room, its
// microphone, its phone line).
#include "voxclone/voiceprint.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "voiceprint/join_model.hpp"
#include "voiceprint/speaker_stats.hpp"
#include "voiceprint/voiceprint_model.hpp"

namespace voxclone {
namespace {

namespace vm = detail::voiceprint_model;
namespace jm = detail::join_model;
using Projected = std::array<double, vm::kKept>;
constexpr std::string_view kFormatName = "voxclone-voiceprint";

// The inputs the models were fitted on, in their order: mean, spread, piece spread.
std::array<double, vm::kInputs> model_inputs(const Voiceprint& v) {
  static_assert(vm::kInputs == 3 * kVoiceprintDims && jm::kInputs == vm::kInputs);
  std::array<double, vm::kInputs> x{};
  for (int d = 0; d < kVoiceprintDims; ++d) {
    x[d] = v.mean[d];
    x[kVoiceprintDims + d] = v.spread[d];
    x[2 * kVoiceprintDims + d] = v.piece_spread[d];
  }
  return x;
}

template <int Kept>
std::array<double, Kept> project(const Voiceprint& v, std::span<const float> center, std::span<const float> scale,
                                 std::span<const float> projection) {
  const auto x = model_inputs(v);
  std::array<double, Kept> z{};
  for (int i = 0; i < vm::kInputs; ++i) {
    const double s = (x[i] - center[i]) / scale[i];
    for (int k = 0; k < Kept; ++k) z[k] += s * projection[i * Kept + k];
  }
  return z;
}

template <std::size_t N>
double cosine(const std::array<double, N>& a, const std::array<double, N>& b) {
  double ab = 0, aa = 0, bb = 0;
  for (std::size_t k = 0; k < N; ++k) ab += a[k] * b[k], aa += a[k] * a[k], bb += b[k] * b[k];
  return aa > 0 && bb > 0 ? ab / std::sqrt(aa * bb) : 0.0;
}

// One side of a trial: the voice projected to unit length, and the mean and spread of its
// cosines against its kCohortTop closest cohort voices (the train notes), each at least its
// floor (those of the least typical train voices): a voice far from every real one would
// otherwise have a low mean and a narrow spread, and its side alone would call it like anyone.
struct Side {
  Projected z{};
  double cohort_mean = 0.0;
  double cohort_spread = 1.0;
};

std::optional<Side> side_of(const Voiceprint& v) {
  Side s;
  s.z = project<vm::kKept>(v, vm::kCenter, vm::kScale, vm::kProjection);
  double norm = 0;
  for (double x : s.z) norm += x * x;
  if (!(norm > 0)) return std::nullopt;
  norm = std::sqrt(norm);
  for (double& x : s.z) x /= norm;
  std::array<double, vm::kCohortSize> c{};
  for (int i = 0; i < vm::kCohortSize; ++i)
    for (int k = 0; k < vm::kKept; ++k) c[i] += s.z[k] * vm::kCohort[i * vm::kKept + k];
  std::nth_element(c.begin(), c.begin() + vm::kCohortTop, c.end(), std::greater<>());
  double sum = 0, sum_sq = 0;
  for (int i = 0; i < vm::kCohortTop; ++i) sum += c[i], sum_sq += c[i] * c[i];
  const double mean = sum / vm::kCohortTop;
  // As train_voiceprint.py: the spread over kCohortTop, plus 1e-6; then the floors.
  const double spread = std::sqrt(std::max(0.0, sum_sq / vm::kCohortTop - mean * mean)) + 1e-6;
  s.cohort_mean = std::max(mean, vm::kCohortMeanFloor);
  s.cohort_spread = std::max(spread, vm::kCohortSpreadFloor);
  return s;
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
  return {};
}

// The log-odds of one person by the comparison of sessions 8-13 (join_model.hpp).
double join_log_odds(const Voiceprint& a, const Voiceprint& b) {
  const double c = cosine(project<jm::kKept>(a, jm::kCenter, jm::kScale, jm::kProjection),
                          project<jm::kKept>(b, jm::kCenter, jm::kScale, jm::kProjection));
  return jm::kSlope * (c - jm::kThreshold);
}

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
  return out;
}

Result<Voiceprint> Voiceprint::from_vector(std::span<const double> x) {
  if (x.size() != kVectorSize)
    return fail(ErrorCategory::invalid_argument,
                fmt::format("voiceprint: {} numbers, expected {}", x.size(), kVectorSize));
  Voiceprint v;
  v.voiced_frames = x[0];
  v.pieces = x[1];
  v.speech_seconds = x[2];
  for (int d = 0; d < kVoiceprintDims; ++d) {
    v.mean[d] = x[3 + d];
    v.spread[d] = x[3 + kVoiceprintDims + d];
    v.piece_spread[d] = x[3 + 2 * kVoiceprintDims + d];
  }
  if (auto ok = check_numbers(v); !ok) return std::unexpected(ok.error());
  return v;
}

double similarity(const Voiceprint& a, const Voiceprint& b) {
  if (a.empty() || b.empty()) return 0.0;
  const auto sa = side_of(a), sb = side_of(b);
  if (!sa || !sb) return 0.0;
  double c = 0;
  for (int k = 0; k < vm::kKept; ++k) c += sa->z[k] * sb->z[k];
  const double score =
      0.5 * ((c - sa->cohort_mean) / sa->cohort_spread + (c - sb->cohort_mean) / sb->cohort_spread);
  // Fused with the comparison of sessions 8-13, whose projection also learned from synthetic
  // voices (train_voiceprint.py says why the weight is what it is).
  const double log_odds = vm::kFuseWeight * vm::kSlope * (score - vm::kThreshold) +
                          (1.0 - vm::kFuseWeight) * join_log_odds(a, b) - vm::kFuseShift;
  return 1.0 / (1.0 + std::exp(-log_odds));
}

namespace detail {

double join_similarity(const Voiceprint& a, const Voiceprint& b) {
  if (a.empty() || b.empty()) return 0.0;
  return 1.0 / (1.0 + std::exp(-join_log_odds(a, b)));
}

}  // namespace detail

Voiceprint pooled(const Voiceprint& a, const Voiceprint& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  Voiceprint v;
  v.voiced_frames = a.voiced_frames + b.voiced_frames;
  v.pieces = a.pieces + b.pieces;
  v.speech_seconds = a.speech_seconds + b.speech_seconds;
  const double wa = a.voiced_frames / v.voiced_frames, wb = b.voiced_frames / v.voiced_frames;
  for (int d = 0; d < kVoiceprintDims; ++d) {
    v.mean[d] = wa * a.mean[d] + wb * b.mean[d];
    // The pooled second moment, less the pooled mean's square.
    const double m2 = wa * (a.spread[d] * a.spread[d] + a.mean[d] * a.mean[d]) +
                      wb * (b.spread[d] * b.spread[d] + b.mean[d] * b.mean[d]);
    v.spread[d] = std::sqrt(std::max(0.0, m2 - v.mean[d] * v.mean[d]));
    v.piece_spread[d] = (a.pieces * a.piece_spread[d] + b.pieces * b.piece_spread[d]) / v.pieces;
  }
  return v;
}

std::string to_json(const Voiceprint& v) {
  nlohmann::json j;
  j["format"] = kFormatName;
  j["version"] = Voiceprint::kFormatVersion;
  j["speech_seconds"] = v.speech_seconds;
  j["voiced_frames"] = v.voiced_frames;
  j["pieces"] = v.pieces;
  j["mean"] = v.mean;
  j["spread"] = v.spread;
  j["piece_spread"] = v.piece_spread;
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
  if (*version != Voiceprint::kFormatVersion)
    return bad(fmt::format("version {} (this voxclone reads version {})", version->dump(),
                           Voiceprint::kFormatVersion));
  Voiceprint v;
  auto number = [&](const char* key, double& out) -> bool {
    const auto it = j.find(key);
    if (it == j.end() || !it->is_number()) return false;
    out = it->get<double>();
    return true;
  };
  auto numbers = [&](const char* key, std::array<double, kVoiceprintDims>& out) -> bool {
    const auto it = j.find(key);
    if (it == j.end() || !it->is_array() || it->size() != kVoiceprintDims) return false;
    for (int d = 0; d < kVoiceprintDims; ++d) {
      if (!(*it)[static_cast<std::size_t>(d)].is_number()) return false;
      out[d] = (*it)[static_cast<std::size_t>(d)].get<double>();
    }
    return true;
  };
  if (!number("speech_seconds", v.speech_seconds) || !number("voiced_frames", v.voiced_frames) ||
      !number("pieces", v.pieces))
    return bad("a count is missing or not a number");
  if (!numbers("mean", v.mean) || !numbers("spread", v.spread) || !numbers("piece_spread", v.piece_spread))
    return bad(fmt::format("mean, spread and piece_spread must be {} numbers each", kVoiceprintDims));
  if (auto ok = check_numbers(v); !ok) return std::unexpected(ok.error());
  return v;
}

}  // namespace voxclone

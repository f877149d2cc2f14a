// The pauses inside a run of speech (see pauses.hpp). Written here because it works on the
// speech detector's own frame levels; no library finds word gaps.
#include "select/pauses.hpp"

#include <algorithm>
#include <cmath>

namespace voxclone::detail {
namespace {

// How far either side of a frame the speech it must lie under is looked for.
constexpr double kReachSeconds = 0.4;
// A frame this close to the recording's noise floor is a pause whatever lies around it.
constexpr double kNearFloorDb = 6.0;

}  // namespace

std::vector<Pause> pauses_between(const SpeechAnalysis& s, double from, double to) {
  std::vector<Pause> out;
  const double fs = s.frame_seconds;
  const std::size_t frames = s.frame_db.size();
  if (frames == 0 || !(to > from) || fs <= 0) return out;
  const auto first = static_cast<std::size_t>(std::max(0.0, std::ceil(from / fs - 1e-9)));
  const auto last = std::min(frames, static_cast<std::size_t>(std::max(0.0, std::floor(to / fs + 1e-9))));
  if (first >= last) return out;
  const auto reach = static_cast<std::size_t>(std::lround(kReachSeconds / fs));
  const double floor_db = s.noise_floor_dbfs > -150 ? s.noise_floor_dbfs + kNearFloorDb : -150.0;
  const auto min_frames = static_cast<std::size_t>(std::lround(kMinCutPauseSeconds / fs));
  // Per frame: how far under the quieter side's loudest frame it lies (or +inf: a real gap).
  auto depth = [&](std::size_t f) -> double {
    if (f < s.is_speech.size() && !s.is_speech[f]) return HUGE_VAL;  // the detector's own pause
    const double v = s.frame_db[f];
    if (v <= floor_db) return HUGE_VAL;
    float before = -200.0f, after = -200.0f;
    for (std::size_t k = f >= reach ? f - reach : 0; k < f; ++k) before = std::max(before, s.frame_db[k]);
    for (std::size_t k = f + 1; k <= std::min(frames - 1, f + reach); ++k) after = std::max(after, s.frame_db[k]);
    return std::min(before, after) - v;
  };
  std::size_t run = 0;
  double run_depth = 0;
  auto close = [&](std::size_t end) {
    if (run >= min_frames) {
      const std::size_t start = end - run;
      out.push_back({static_cast<double>(start) * fs, static_cast<double>(end) * fs,
                     std::isfinite(run_depth) ? run_depth : 99.0});
    }
    run = 0;
    run_depth = 0;
  };
  for (std::size_t f = first; f < last; ++f) {
    const double d = depth(f);
    if (d >= kPauseDepthDb) {
      ++run;
      run_depth = std::max(run_depth, d);
    } else {
      close(f);
    }
  }
  close(last);
  return out;
}

std::optional<Pause> last_pause(const SpeechAnalysis& speech, double from, double to) {
  auto p = pauses_between(speech, from, to);
  if (p.empty()) return std::nullopt;
  return p.back();
}

std::optional<Pause> first_pause(const SpeechAnalysis& speech, double from, double to) {
  auto p = pauses_between(speech, from, to);
  if (p.empty()) return std::nullopt;
  return p.front();
}

}  // namespace voxclone::detail

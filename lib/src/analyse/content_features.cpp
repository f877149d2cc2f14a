#include "analyse/content_features.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace voxclone::detail {
namespace {

constexpr std::array<std::string_view, kContentFeatures> kNames = {
    "active",      "low_energy_ratio", "level_std", "delta_std",    "pause_lift",
    "level_rel",   "voiced",           "voicing",   "pitch_steady", "voiced_run",
    "lines",       "lines_quiet",      "flux",      "flux_std",     "dip_depth",
    "gap_share",   "gap_lines",        "gap_voicing"};

constexpr int kContextBlocks = 2;  // either side: 5 blocks, 2 s
constexpr int kGapContextBlocks = 5;  // either side: 11 blocks, 4.4 s (pauses are rarer than words)

struct Moments {
  double n = 0, sum = 0, sum_sq = 0;
  void add(double v) {
    n += 1;
    sum += v;
    sum_sq += v * v;
  }
  [[nodiscard]] double mean() const { return n > 0 ? sum / n : 0.0; }
  [[nodiscard]] double std() const {
    if (n < 2) return 0.0;
    const double m = mean();
    return std::sqrt(std::max(0.0, sum_sq / n - m * m));
  }
};

// What fills the pauses, judged against the loud frames around them rather than the file's noise
// floor (a music bed that runs through a whole podcast *is* its floor): how deep the level dips
// below the loud frames, the share of "gap" frames (10-35 dB under the loud ones: a pause that
// something still fills), and how tonal those gaps are (steady lines and periodicity: a music bed
// holds notes, a noisy room does not, a babble is voiced but not steady).
void gap_features(const VoiceFeatures& f, std::size_t b, double floor_db, ContentFeatureRow& row) {
  const std::size_t blocks = f.blocks.size();
  const std::size_t first = b >= kGapContextBlocks ? b - kGapContextBlocks : 0;
  const std::size_t end = std::min(blocks, b + kGapContextBlocks + 1);
  const std::size_t fa = std::min(f.frames.size(), first * kFramesPerBlock);
  const std::size_t fb = std::min(f.frames.size(), end * kFramesPerBlock);
  if (fb <= fa) return;
  thread_local std::vector<float> levels;
  levels.clear();
  for (std::size_t k = fa; k < fb; ++k) levels.push_back(static_cast<float>(std::max(f.frames[k].level_db(), floor_db - 10.0)));
  auto at = [&](std::size_t permille) {
    auto it = levels.begin() + static_cast<std::ptrdiff_t>((levels.size() - 1) * permille / 1000);
    std::nth_element(levels.begin(), it, levels.end());
    return static_cast<double>(*it);
  };
  const double loud = at(900), dip = at(100);
  row[14] = static_cast<float>(std::clamp(loud - dip, 0.0, 60.0));
  double gaps = 0, lines = 0, voicing = 0;
  for (std::size_t k = fa; k < fb; ++k) {
    const VoiceFrame& fr = f.frames[k];
    const double under = loud - fr.level_db();
    if (under < 10.0 || under > 35.0 || fr.level_db() < floor_db + 3.0) continue;
    gaps += 1;
    lines += fr.steady_lines;
    voicing += fr.voicing_fraction();
  }
  row[15] = static_cast<float>(gaps / static_cast<double>(fb - fa));
  row[16] = gaps > 0 ? static_cast<float>(lines / gaps) : 0.0f;
  row[17] = gaps > 0 ? static_cast<float>(voicing / gaps) : 0.0f;
}

}  // namespace

// A frame this quiet is digital silence: a 16-bit file's quietest sound (one step) is -98 dBFS,
// the level meter gives exact zeros -200.
constexpr double kDigitalSilenceDb = -90.0;
// The sound's floor: the level that a tenth of the frames above digital silence stay under.
constexpr double kSoundFloorShare = 0.10;

double content_floor_db(const SpeechAnalysis& speech) {
  if (speech.noise_floor_dbfs >= kDigitalSilenceDb) return speech.noise_floor_dbfs;
  // Pauses of digital silence (an edited or noise-gated recording, a phone line's mu-law zeros):
  // the energy detector's floor is their -200 dB, every frame of sound stands far above it, and
  // the features would read the quiet room under the words as a filled pause (pause_lift 30 dB,
  // the level spread of the zeros): the talk model hears no one in a clean voice note (issue 20:
  // the tune split's phone and clean notes, 0-2 s of 6-15 s called speech). Such a recording is
  // judged against the floor of its sound. A histogram in 0.1 dB steps: no copy of the frames.
  constexpr int kSteps = 900;  // -90 to 0 dBFS
  std::array<std::uint32_t, kSteps + 1> hist{};
  std::uint64_t n = 0;
  for (float v : speech.frame_db) {
    if (v < kDigitalSilenceDb) continue;
    ++hist[static_cast<std::size_t>(std::clamp(std::lround((v - kDigitalSilenceDb) * 10.0), 0L, static_cast<long>(kSteps)))];
    ++n;
  }
  if (n == 0) return std::max(speech.noise_floor_dbfs, -100.0);
  const auto wanted = static_cast<std::uint64_t>(kSoundFloorShare * static_cast<double>(n));
  std::uint64_t seen = 0;
  for (int k = 0; k <= kSteps; ++k) {
    seen += hist[static_cast<std::size_t>(k)];
    if (seen > wanted) return kDigitalSilenceDb + k / 10.0;
  }
  return 0.0;
}

std::span<const std::string_view> content_feature_names() { return kNames; }

std::vector<ContentFeatureRow> block_features(const SpeechAnalysis& speech,
                                              const VoiceFeatures& features) {
  const std::size_t blocks = features.blocks.size();
  const auto& db = speech.frame_db;
  const auto level_per_block = static_cast<std::size_t>(std::lround(kBlockSeconds / speech.frame_seconds));
  const double floor_db = std::max(content_floor_db(speech), -100.0);
  const double active_db = floor_db + 6.0;
  std::vector<ContentFeatureRow> rows(blocks);
  std::vector<float> levels, quiet;
  // Each level frame lies in the context of five blocks: its level, floored, and its power are
  // worked out once (pow() per frame per block was most of this function's time), for the
  // frames in the current context only: an array over the whole input would cost 24 bytes per
  // 20 ms, 8.6 MB for two hours, and memory stays flat with the input's length. (The
  // low-energy test uses the power of the level as a float, as the model was trained.)
  std::size_t base = 0;  // level frame of the cache's first entry
  std::vector<double> floored, powers, float_powers;
  auto cache = [&](std::size_t a, std::size_t b) {  // make frames [a, b) available
    if (a > base) {
      const auto drop = static_cast<std::ptrdiff_t>(std::min(a - base, floored.size()));
      floored.erase(floored.begin(), floored.begin() + drop);
      powers.erase(powers.begin(), powers.begin() + drop);
      float_powers.erase(float_powers.begin(), float_powers.begin() + drop);
      base = a;
    }
    for (std::size_t k = base + floored.size(); k < b; ++k) {
      const double v = std::max(static_cast<double>(db[k]), floor_db - 10.0);
      floored.push_back(v);
      powers.push_back(std::pow(10.0, v / 10.0));
      float_powers.push_back(std::pow(10.0, static_cast<float>(v) / 10.0));
    }
  };
  for (std::size_t b = 0; b < blocks; ++b) {
    ContentFeatureRow& row = rows[b];
    const std::size_t first_block = b >= kContextBlocks ? b - kContextBlocks : 0;
    const std::size_t end_block = std::min(blocks, b + kContextBlocks + 1);

    // The 20 ms level frames: activity of the block itself, modulation of the context.
    const std::size_t own_a = std::min(db.size(), b * level_per_block);
    const std::size_t own_b = std::min(db.size(), (b + 1) * level_per_block);
    double active = 0;
    for (std::size_t k = own_a; k < own_b; ++k) active += speech.is_speech[k];
    row[0] = own_b > own_a ? static_cast<float>(active / static_cast<double>(own_b - own_a)) : 0.0f;

    const std::size_t ctx_a = std::min(db.size(), first_block * level_per_block);
    const std::size_t ctx_b = std::min(db.size(), end_block * level_per_block);
    levels.clear();
    Moments level, delta;
    double power = 0;
    cache(ctx_a, ctx_b);
    for (std::size_t k = ctx_a; k < ctx_b; ++k) {
      const double v = floored[k - base];
      levels.push_back(static_cast<float>(v));
      level.add(v);
      power += powers[k - base];
      if (k > ctx_a) delta.add(v - floored[k - 1 - base]);
    }
    if (!levels.empty()) {
      const double mean_power = power / static_cast<double>(levels.size());
      double low = 0;
      for (std::size_t k = ctx_a; k < ctx_b; ++k) low += float_powers[k - base] < 0.5 * mean_power;
      row[1] = static_cast<float>(low / static_cast<double>(levels.size()));
      row[2] = static_cast<float>(level.std());
      row[3] = static_cast<float>(delta.std());
      auto nth = levels.begin() + static_cast<std::ptrdiff_t>(levels.size() / 10);
      std::nth_element(levels.begin(), nth, levels.end());
      row[4] = static_cast<float>(std::clamp(*nth - floor_db, 0.0, 50.0));
      row[5] = static_cast<float>(std::clamp(10.0 * std::log10(mean_power + 1e-20) - speech.speech_level_dbfs, -40.0, 20.0));
    }

    // The 40 ms voice frames of the context.
    const std::size_t fa = std::min(features.frames.size(), first_block * kFramesPerBlock);
    const std::size_t fb = std::min(features.frames.size(), end_block * kFramesPerBlock);
    double n_active = 0, n_voiced = 0, voicing = 0, pairs = 0, steady = 0;
    double runs = 0, run_frames = 0;
    int run = 0;
    Moments lines, flux;
    quiet.clear();
    for (std::size_t k = fa; k < fb; ++k) {
      const VoiceFrame& f = features.frames[k];
      const bool voiced = f.pitch_dhz > 0;
      if (voiced) {
        ++run;
      } else if (run > 0) {
        runs += 1;
        run_frames += run;
        run = 0;
      }
      if (voiced && k > fa && features.frames[k - 1].pitch_dhz > 0) {
        pairs += 1;
        steady += std::fabs(std::log2(f.pitch_hz() / features.frames[k - 1].pitch_hz())) < 0.025;
      }
      if (f.level_db() < active_db) continue;
      n_active += 1;
      n_voiced += voiced;
      voicing += f.voicing_fraction();
      lines.add(f.steady_lines);
      flux.add(f.flux_fraction());
      quiet.push_back(static_cast<float>(f.level_db()));
    }
    if (run > 0) {
      runs += 1;
      run_frames += run;
    }
    row[6] = n_active > 0 ? static_cast<float>(n_voiced / n_active) : 0.0f;
    row[7] = n_active > 0 ? static_cast<float>(voicing / n_active) : 0.0f;
    row[8] = pairs > 0 ? static_cast<float>(steady / pairs) : 0.0f;
    row[9] = static_cast<float>(std::log2(1.0 + (runs > 0 ? run_frames / runs : 0.0)));
    row[10] = static_cast<float>(lines.mean());
    // Steady lines in the quieter frames of the context: in speech pauses a music bed goes on.
    if (!quiet.empty()) {
      auto cut = quiet.begin() + static_cast<std::ptrdiff_t>(quiet.size() * 2 / 5);
      std::nth_element(quiet.begin(), cut, quiet.end());
      const float threshold = *cut;
      Moments quiet_lines;
      for (std::size_t k = fa; k < fb; ++k) {
        const VoiceFrame& f = features.frames[k];
        if (f.level_db() >= active_db && f.level_db() <= threshold) quiet_lines.add(f.steady_lines);
      }
      row[11] = static_cast<float>(quiet_lines.mean());
    }
    row[12] = static_cast<float>(flux.mean());
    row[13] = static_cast<float>(flux.std());
    gap_features(features, b, floor_db, row);
  }
  return rows;
}

}  // namespace voxclone::detail

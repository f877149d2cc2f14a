// Stage 3: speech detection.
//
// Written by hand because none of our libraries has a voice-activity detector (FFmpeg's
// silencedetect uses one fixed threshold, which fails both on whisper-quiet recordings and on
// noisy rooms). The detector here:
//   1. band-limits to 100 Hz–4 kHz (speech energy; drops rumble and hiss),
//   2. measures each 20 ms frame's level in dBFS,
//   3. estimates the noise floor locally: the 20th percentile of each 1 s block, then the
//      minimum over ±8 s (minimum statistics), so the floor follows a changing room,
//   4. calls a frame speech when it stands a recording-dependent margin above the floor
//      (35 % of the distance from floor to the loud frames, clamped to 6–16 dB), grows each
//      run outward through frames 3 dB under that margin (soft onsets and decays),
//   5. bridges gaps shorter than 250 ms (they are inside words or phrases, not pauses) and
//      drops bursts shorter than 80 ms (clicks).
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <span>

#include "voxclone/analyse.hpp"
#include "analyse/level_meter.hpp"
#include "analyse/mains_hum.hpp"

namespace voxclone {

namespace {

float percentile(std::vector<float> v, double p) {
  if (v.empty()) return -200.0f;
  const auto k = static_cast<std::size_t>(std::clamp(p, 0.0, 1.0) * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

// The same figure of all the frame levels without copying them (a copy is 0.72 MB an hour):
// the order statistic is found by its bits, a 16-bit histogram of the high half of each
// level's order-preserving key, then one of the low half within the chosen bucket. Exactly
// the value nth_element would pick. (No library selects an order statistic in place without
// reordering the array, which is the analysis' output here.)
float percentile_of_all(const std::vector<float>& v, double p) {
  if (v.size() <= (std::size_t{1} << 17)) return percentile(v, p);  // a copy is small enough
  const auto k = static_cast<std::size_t>(std::clamp(p, 0.0, 1.0) * static_cast<double>(v.size() - 1));
  auto key = [](float x) {
    const auto u = std::bit_cast<std::uint32_t>(x);
    return (u & 0x80000000u) ? ~u : (u | 0x80000000u);
  };
  std::vector<std::uint32_t> count(1u << 16);
  // The bucket of `half` (0: high 16 bits, 1: low 16 bits among keys whose high bits are `high`)
  // that holds the rank-th smallest; `rank` becomes the rank within it.
  auto pick = [&](int half, std::uint32_t high, std::size_t& rank) {
    std::fill(count.begin(), count.end(), 0u);
    for (float x : v) {
      const std::uint32_t q = key(x);
      if (half == 0) ++count[q >> 16];
      else if ((q >> 16) == high) ++count[q & 0xffffu];
    }
    std::uint32_t b = 0;
    while (rank >= count[b]) rank -= count[b++];
    return b;
  };
  std::size_t rank = k;
  const std::uint32_t high = pick(0, 0, rank);
  const std::uint32_t low = pick(1, high, rank);
  const std::uint32_t q = (high << 16) | low;
  return std::bit_cast<float>((q & 0x80000000u) ? (q & 0x7fffffffu) : ~q);
}

double power_mean_db(const std::vector<float>& db, const std::vector<std::uint8_t>& mask,
                     std::uint8_t want) {
  double sum = 0;
  std::size_t n = 0;
  for (std::size_t i = 0; i < db.size(); ++i) {
    if (mask[i] != want) continue;
    sum += std::pow(10.0, db[i] / 10.0);
    ++n;
  }
  return n ? 10.0 * std::log10(sum / static_cast<double>(n) + 1e-30) : -200.0;
}

// Sets runs of `value` shorter than `min_len` frames (and bounded on both sides) to !value.
void remove_short_runs(std::vector<std::uint8_t>& s, std::uint8_t value, std::size_t min_len,
                       bool only_interior) {
  std::size_t i = 0;
  while (i < s.size()) {
    if (s[i] != value) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < s.size() && s[j] == value) ++j;
    const bool interior = i > 0 && j < s.size();
    if (j - i < min_len && (interior || !only_interior))
      std::fill(s.begin() + static_cast<std::ptrdiff_t>(i), s.begin() + static_cast<std::ptrdiff_t>(j),
                static_cast<std::uint8_t>(!value));
    i = j;
  }
}

}  // namespace


SpeechAnalysis detect_speech(const Audio& audio, const VadOptions& opt) {
  return *detect_speech(audio, opt, Callbacks{});  // cannot fail without a cancel callback
}

Result<SpeechAnalysis> detect_speech(const Audio& audio, const VadOptions& opt,
                                     const Callbacks& cb) {
  // 1–2: band-limited frame levels, in slices so a cancel is seen quickly.
  detail::LevelMeter meter(audio.sample_rate, opt.frame_seconds);
  constexpr std::size_t kSlice = 1 << 20;  // ~44 s at 24 kHz: a few ms of work
  for (std::size_t i = 0; i < audio.samples.size(); i += kSlice) {
    if (cb.cancel && cb.cancel()) return fail(ErrorCategory::cancelled, "cancelled while analysing");
    if (cb.progress) cb.progress(Stage::analyse, 0.9 * static_cast<double>(i) / static_cast<double>(audio.samples.size()));
    meter.push(std::span<const float>(audio.samples).subspan(i, std::min(kSlice, audio.samples.size() - i)));
  }
  const float peak = meter.peak();
  SpeechAnalysis out = classify_frames(meter.finish(), peak, audio.duration_seconds(), opt);
  // Mains hum under the pauses: the levels again without its lines (mains_hum.hpp).
  const std::span<const float> all(audio.samples);
  auto hum = detail::leave_out_mains_hum(
      out, audio.duration_seconds(), opt, audio.sample_rate, all.size(),
      detail::read_from_memory(all));
  if (!hum) return std::unexpected(hum.error());
  return out;
}

SpeechAnalysis classify_frames(std::vector<float> frame_db, float peak, double duration_seconds,
                               const VadOptions& opt) {
  SpeechAnalysis out;
  out.frame_seconds = opt.frame_seconds;
  out.frame_db = std::move(frame_db);
  const std::size_t frames = out.frame_db.size();
  out.is_speech.assign(frames, 0);
  if (frames == 0 || peak < 3.2e-5f) {  // below -90 dBFS: digital silence, or as good as
    out.silent = true;
    out.noise_floor_dbfs = percentile_of_all(out.frame_db, 0.5);
    return out;
  }

  // 3: local noise floor by minimum statistics over 1 s blocks.
  const std::size_t block = std::max<std::size_t>(1, static_cast<std::size_t>(std::lround(1.0 / opt.frame_seconds)));
  const std::size_t blocks = (frames + block - 1) / block;
  std::vector<float> block_low(blocks);
  for (std::size_t b = 0; b < blocks; ++b) {
    const auto first = out.frame_db.begin() + static_cast<std::ptrdiff_t>(b * block);
    const auto last = out.frame_db.begin() + static_cast<std::ptrdiff_t>(std::min(frames, (b + 1) * block));
    block_low[b] = percentile(std::vector<float>(first, last), 0.2);
  }
  constexpr std::size_t kReachBlocks = 8;
  std::vector<float> floor_of_block(blocks);
  for (std::size_t b = 0; b < blocks; ++b) {
    const std::size_t lo = b >= kReachBlocks ? b - kReachBlocks : 0;
    const std::size_t hi = std::min(blocks, b + kReachBlocks + 1);
    floor_of_block[b] = *std::min_element(block_low.begin() + static_cast<std::ptrdiff_t>(lo),
                                          block_low.begin() + static_cast<std::ptrdiff_t>(hi));
  }
  const float global_floor = percentile_of_all(out.frame_db, 0.10);
  const float loud = percentile_of_all(out.frame_db, 0.99);
  if (loud - global_floor < opt.min_dynamic_db) {
    // Steady sound and nothing standing out of it: room tone, hum, hiss. Not speech.
    out.noise_floor_dbfs = percentile_of_all(out.frame_db, 0.5);
    return out;
  }

  // 4: threshold above the local floor, then grow runs through slightly quieter frames.
  // (Worked out per frame when asked: two arrays of them were 1.4 MB an hour.)
  auto floor_at = [&](std::size_t f) { return floor_of_block[f / block]; };
  auto margin = [&](std::size_t f) {
    return static_cast<float>(std::clamp(0.35 * (loud - floor_at(f)), opt.min_threshold_db,
                                         opt.max_threshold_db));
  };
  auto& s = out.is_speech;
  for (std::size_t f = 0; f < frames; ++f) s[f] = out.frame_db[f] > floor_at(f) + margin(f);
  auto soft = [&](std::size_t f) {
    return out.frame_db[f] > floor_at(f) + std::max<float>(static_cast<float>(opt.min_threshold_db) * 0.5f, margin(f) - 3.0f);
  };
  for (std::size_t f = 1; f < frames; ++f)
    if (!s[f] && s[f - 1] == 1 && soft(f)) s[f] = 2;  // 2: grown, so growth does not cascade forever
  for (std::size_t f = frames - 1; f-- > 0;)
    if (!s[f] && s[f + 1] && soft(f)) s[f] = 2;
  for (auto& v : s) v = v ? 1 : 0;

  // 5: bridge short gaps, drop short bursts.
  const auto frames_of = [&](double seconds) {
    return static_cast<std::size_t>(std::lround(seconds / opt.frame_seconds));
  };
  remove_short_runs(s, 0, frames_of(opt.bridge_gap_seconds), true);
  remove_short_runs(s, 1, std::max<std::size_t>(1, frames_of(opt.min_speech_seconds)), false);

  for (std::size_t f = 0; f < frames;) {
    if (!s[f]) {
      ++f;
      continue;
    }
    std::size_t g = f;
    while (g < frames && s[g]) ++g;
    const double start = static_cast<double>(f) * opt.frame_seconds;
    const double end = std::min(static_cast<double>(g) * opt.frame_seconds, duration_seconds);
    out.segments.push_back({start, end});
    out.speech_seconds += end - start;
    f = g;
  }
  out.noise_floor_dbfs = power_mean_db(out.frame_db, s, 0);
  if (out.segments.empty()) out.noise_floor_dbfs = percentile_of_all(out.frame_db, 0.5);
  out.speech_level_dbfs = power_mean_db(out.frame_db, s, 1);
  out.snr_db = out.segments.empty() ? 0.0 : out.speech_level_dbfs - out.noise_floor_dbfs;
  return out;
}

}  // namespace voxclone

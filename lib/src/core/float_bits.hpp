// Internal: |x| of a float as its IEEE bits, for peak searches. Non-negative floats order
// exactly as their bit patterns do, and an integer max compiles without branches and
// vectorises (even on baseline x86-64: signed 32-bit, since |x| never sets the sign bit), where
// a float max, bound by NaN rules, does neither and mispredicts all the time on audio. NaN, ±Inf
// and anything beyond ±1000 count as 0: a sample that is no audio is damage (counted apart by
// unusable_bit), never a peak.
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>

// A hot integer loop given an AVX2 copy chosen at load time where the CPU has it (GCC and
// Clang function multiversioning, an ifunc on x86-64 Linux); on other architectures (Debian's
// arm64 and others) the one portable copy. The loops it marks use integer operations only, so
// every copy gives the same result.
#if defined(__x86_64__) && defined(__linux__) && (defined(__GNUC__) || defined(__clang__))
#define VOXCLONE_AVX2_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define VOXCLONE_AVX2_CLONES
#endif

namespace voxclone::detail {

constexpr std::int32_t kThousandBits = 0x447a0000;  // 1000.0f: beyond it, not audio
static_assert(std::bit_cast<std::int32_t>(1000.0f) == kThousandBits);

inline std::int32_t abs_bits(float x) {
  const std::int32_t b = std::bit_cast<std::int32_t>(x) & 0x7fffffff;
  return b > kThousandBits ? 0 : b;
}

/// 1 for a sample that is not audio: NaN, ±Inf, or beyond ±1000 (60 dB over full scale; see
/// kMaxSampleMagnitude in convert/resampler.hpp), else 0. Branch-free, for a vectorised count.
inline int unusable_bit(float x) {
  return (std::bit_cast<std::int32_t>(x) & 0x7fffffff) > kThousandBits ? 1 : 0;
}

inline float from_bits(std::int32_t b) { return std::bit_cast<float>(b); }

/// The largest |x| of n contiguous floats.
inline float peak_of(const float* x, std::size_t n) {
  std::int32_t m = 0;
  for (std::size_t i = 0; i < n; ++i) m = std::max(m, abs_bits(x[i]));
  return from_bits(m);
}

}  // namespace voxclone::detail

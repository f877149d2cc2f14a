// Internal: |x| of a float as its IEEE bits, for peak searches. Non-negative floats order
// exactly as their bit patterns do, and an integer max compiles without branches and
// vectorises (even on baseline x86-64: signed 32-bit, since |x| never sets the sign bit), where
// a float max, bound by NaN rules, does neither and mispredicts all the time on audio. NaN
// counts as 0, as std::max(peak, NaN) would have left the peak alone.
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>

namespace voxclone::detail {

inline std::int32_t abs_bits(float x) {
  const std::int32_t b = std::bit_cast<std::int32_t>(x) & 0x7fffffff;
  return b > 0x7f800000 ? 0 : b;
}

inline float from_bits(std::int32_t b) { return std::bit_cast<float>(b); }

/// The largest |x| of n contiguous floats.
inline float peak_of(const float* x, std::size_t n) {
  std::int32_t m = 0;
  for (std::size_t i = 0; i < n; ++i) m = std::max(m, abs_bits(x[i]));
  return from_bits(m);
}

}  // namespace voxclone::detail

#include "prep/waveform_meter.hpp"

#include <bit>
#include <cstdint>
#include <limits>

#include "core/float_bits.hpp"

namespace voxclone::detail {
namespace {

// A float's bits turned into an integer that orders as the float does (negative floats have
// their magnitude bits flipped), and back: the same function both ways. An integer min/max
// vectorises where a float one, bound by NaN rules, does not (see float_bits.hpp); this loop
// runs over every sample of the input.
inline std::int32_t ordered(std::int32_t b) { return b ^ ((b >> 31) & 0x7fffffff); }

inline bool is_nan_bits(std::int32_t b) { return (b & 0x7fffffff) > 0x7f800000; }

// The lowest and highest of x[0..n) into lo and hi (ordered bits). NaN is passed over, as
// std::min/max passed it over: it takes neither end. This loop runs over every converted sample;
// written as a branch at a time it cost ~16 instructions a sample. Baseline x86-64 (SSE2) has
// no 32-bit integer min/max, so an AVX2 copy is chosen at load time where the CPU has it
// (integer operations: every copy gives the same result).
VOXCLONE_AVX2_CLONES
void min_max_run(const float* x, std::size_t n, std::int32_t& lo_io, std::int32_t& hi_io) {
  std::int32_t lo = lo_io, hi = hi_io;
  for (std::size_t k = 0; k < n; ++k) {
    const std::int32_t b = std::bit_cast<std::int32_t>(x[k]);
    const std::int32_t v = ordered(b);
    // All ones for NaN: a mask, not a branch (GCC made `nan ? max : v` a jump, and the loop
    // then ran a sample at a time).
    const std::int32_t nan = -static_cast<std::int32_t>(is_nan_bits(b));
    lo = std::min(lo, (v & ~nan) | (std::numeric_limits<std::int32_t>::max() & nan));
    hi = std::max(hi, (v & ~nan) | (std::numeric_limits<std::int32_t>::min() & nan));
  }
  lo_io = lo;
  hi_io = hi;
}

}  // namespace

void WaveformMeter::push(std::span<const float> chunk) {
  std::size_t i = 0;
  while (i < chunk.size()) {
    const std::size_t n = std::min(step_ - filled_, chunk.size() - i);
    std::int32_t lo = ordered(std::bit_cast<std::int32_t>(lo_));
    std::int32_t hi = ordered(std::bit_cast<std::int32_t>(hi_));
    min_max_run(chunk.data() + i, n, lo, hi);
    lo_ = std::bit_cast<float>(ordered(lo));
    hi_ = std::bit_cast<float>(ordered(hi));
    filled_ += n;
    i += n;
    if (filled_ == step_) close_step();
  }
}

}  // namespace voxclone::detail

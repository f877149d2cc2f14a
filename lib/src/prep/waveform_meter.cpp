#include "prep/waveform_meter.hpp"

#include <bit>
#include <cstdint>
#include <limits>

namespace voxclone::detail {
namespace {

// A float's bits turned into an integer that orders as the float does (negative floats have
// their magnitude bits flipped), and back: the same function both ways. An integer min/max
// vectorises where a float one, bound by NaN rules, does not (see float_bits.hpp); this loop
// runs over every sample of the input.
inline std::int32_t ordered(std::int32_t b) { return b ^ ((b >> 31) & 0x7fffffff); }

inline bool is_nan_bits(std::int32_t b) { return (b & 0x7fffffff) > 0x7f800000; }

}  // namespace

void WaveformMeter::push(std::span<const float> chunk) {
  std::size_t i = 0;
  while (i < chunk.size()) {
    const std::size_t n = std::min(step_ - filled_, chunk.size() - i);
    std::int32_t lo = ordered(std::bit_cast<std::int32_t>(lo_));
    std::int32_t hi = ordered(std::bit_cast<std::int32_t>(hi_));
    // NaN is passed over, as std::min/max passed it over: it takes neither end.
    for (std::size_t k = i; k < i + n; ++k) {
      const std::int32_t b = std::bit_cast<std::int32_t>(chunk[k]);
      const std::int32_t v = ordered(b);
      const bool nan = is_nan_bits(b);
      lo = std::min(lo, nan ? std::numeric_limits<std::int32_t>::max() : v);
      hi = std::max(hi, nan ? std::numeric_limits<std::int32_t>::min() : v);
    }
    lo_ = std::bit_cast<float>(ordered(lo));
    hi_ = std::bit_cast<float>(ordered(hi));
    filled_ += n;
    i += n;
    if (filled_ == step_) close_step();
  }
}

}  // namespace voxclone::detail

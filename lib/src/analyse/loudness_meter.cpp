// Stage 3 (and 5's check): EBU R128 loudness and true peak with libebur128.
#include <algorithm>
#include <cmath>

#include "analyse/loudness_meter.hpp"

namespace voxclone {
namespace detail {

Result<LoudnessMeter> LoudnessMeter::create(int sample_rate, bool true_peak) {
  const int mode = EBUR128_MODE_I | EBUR128_MODE_SAMPLE_PEAK | (true_peak ? EBUR128_MODE_TRUE_PEAK : 0);
  Ebur128Ptr st(ebur128_init(1, static_cast<unsigned long>(sample_rate), mode));
  if (!st) return fail(ErrorCategory::internal, "loudness: libebur128 could not start");
  return LoudnessMeter(std::move(st));
}

Result<void> LoudnessMeter::push(std::span<const float> samples) {
  constexpr std::size_t kChunk = 1 << 15;
  for (std::size_t i = 0; i < samples.size(); i += kChunk) {
    const std::size_t n = std::min(kChunk, samples.size() - i);
    if (ebur128_add_frames_float(st_.get(), samples.data() + i, n) != EBUR128_SUCCESS)
      return fail(ErrorCategory::internal, "loudness: libebur128 rejected the audio");
  }
  return {};
}

Loudness LoudnessMeter::result() const {
  Loudness out;
  double lufs = -HUGE_VAL;
  if (ebur128_loudness_global(st_.get(), &lufs) == EBUR128_SUCCESS && std::isfinite(lufs))
    out.integrated_lufs = lufs;
  double tp = 0, sp = 0;
  if ((st_->mode & EBUR128_MODE_TRUE_PEAK) == EBUR128_MODE_TRUE_PEAK &&
      ebur128_true_peak(st_.get(), 0, &tp) == EBUR128_SUCCESS && tp > 0)
    out.true_peak_dbtp = 20.0 * std::log10(tp);
  if (ebur128_sample_peak(st_.get(), 0, &sp) == EBUR128_SUCCESS && sp > 0)
    out.sample_peak_dbfs = 20.0 * std::log10(sp);
  return out;
}

Result<Loudness> measure_integrated(std::span<const float> samples, int sample_rate) {
  auto meter = LoudnessMeter::create(sample_rate, false);
  if (!meter) return std::unexpected(meter.error());
  if (auto r = meter->push(samples); !r) return std::unexpected(r.error());
  return meter->result();
}

}  // namespace detail

Result<Loudness> measure_loudness(std::span<const float> samples, int sample_rate) {
  auto meter = detail::LoudnessMeter::create(sample_rate);
  if (!meter) return std::unexpected(meter.error());
  if (auto r = meter->push(samples); !r) return std::unexpected(r.error());
  return meter->result();
}

}  // namespace voxclone

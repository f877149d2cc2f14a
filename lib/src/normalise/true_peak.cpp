#include "normalise/true_peak.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <future>

#include <fmt/format.h>

extern "C" {
#include <libavutil/channel_layout.h>
#include <libswresample/swresample.h>
}

#include "core/float_bits.hpp"
#include "ffmpeg/av_error.hpp"
#include "ffmpeg/handles.hpp"

namespace voxclone::detail {

namespace {

// Input samples fed to the upsampler before (and after) a part's own range, so every envelope
// value of the part sees exactly the input it would see in one pass over the whole signal:
// libswresample's 4x filter reaches 16 input samples either side at its default length.
constexpr std::size_t kEnvelopePad = 64;

SwrPtr make_upsampler(int rate) {
  AVChannelLayout mono = AV_CHANNEL_LAYOUT_MONO;
  SwrContext* raw = nullptr;
  if (swr_alloc_set_opts2(&raw, &mono, kMonoFloat, rate * 4, &mono, kMonoFloat, rate, 0, nullptr) < 0)
    return nullptr;
  SwrPtr swr(raw);
  if (swr_init(swr.get()) < 0) return nullptr;
  return swr;
}

// env[n] for n in [begin, end): the largest |upsampled| sample within one original sample of n.
// Upsampled sample 4m is original sample m (swr keeps the two aligned), so the window is
// upsampled samples 4n-4 .. 4n+4 (clipped to the signal). With `env` null, only the largest
// |upsampled| sample of the part (4*begin .. 4*end) goes to `*peak`: the maximum of the envelope.
Result<void> envelope_part(std::span<const float> in, std::size_t begin, std::size_t end,
                           int rate, float* env, float* peak = nullptr) {
  SwrPtr swr = make_upsampler(rate);
  if (!swr) return fail(ErrorCategory::internal, "true-peak upsampler: libswresample would not start");
  const std::size_t feed_from = begin > kEnvelopePad ? begin - kEnvelopePad : 0;
  const std::size_t feed_to = std::min(in.size(), end + kEnvelopePad);
  const bool to_the_end = feed_to == in.size();
  const std::size_t up_end = 4 * in.size();  // no upsampled sample past the signal counts
  // mag[k] is |upsampled sample up_base + k| as its bits (float_bits.hpp), for k < used: the
  // window maxima below are integer maxima. Only a short tail survives between chunks; the
  // buffers are allocated once.
  constexpr std::size_t kChunk = 8192;
  constexpr std::size_t kRoom = 4 * kChunk + 1024;
  std::vector<float> out(kRoom);
  std::vector<std::int32_t> mag(kRoom + 64);
  std::size_t used = 0;
  std::size_t up_base = 4 * feed_from;
  std::size_t next = begin;  // first envelope value not yet written
  // The sample itself counts too: a true peak is never below the sample peak (the filter is
  // not exactly interpolating, and a signal shorter than it gives no output at all).
  auto sample_bits = [&](std::size_t i) { return abs_bits(in[i]); };
  std::int32_t peak_bits = 0;
  for (std::size_t i = begin; env == nullptr && i < end; ++i) peak_bits = std::max(peak_bits, sample_bits(i));
  auto drain = [&](bool final) {
    if (env == nullptr) {  // the peak alone: every sample of the part, no windows
      const std::size_t lo = std::max(up_base, 4 * begin), hi = std::min({up_base + used, up_end, 4 * end});
      for (std::size_t k = lo; k < hi; ++k) peak_bits = std::max(peak_bits, mag[k - up_base]);
      const std::size_t drop = used;
      used = 0;
      up_base += drop;
      next = std::max(next, std::min(end, up_base / 4));  // all of 4*next .. seen
      return;
    }
    const std::size_t have = std::min(up_base + used, up_end);
    const std::int32_t* u = mag.data();
    for (; next < end; ++next) {
      const std::size_t c = 4 * next;
      if (c >= up_base + 4 && c + 5 <= have) {
        // The usual case, in a tight loop: every value whose nine samples are all at hand.
        const std::size_t last = std::min(end, (have - 5) / 4 + 1);
        for (; next < last; ++next) {
          const std::int32_t* p = u + (4 * next - 4 - up_base);
          std::int32_t m = sample_bits(next);
          for (int k = 0; k < 9; ++k) m = std::max(m, p[k]);
          env[next] = std::bit_cast<float>(m);
        }
        if (next >= end) break;
      }
      const std::size_t c2 = 4 * next;
      const std::size_t hi = std::min(c2 + 5, up_end);  // exclusive
      if (hi > have && !final) break;
      std::int32_t m = sample_bits(next);
      for (std::size_t k = std::max(c2 >= 4 ? c2 - 4 : 0, up_base); k < std::min(hi, have); ++k)
        m = std::max(m, u[k - up_base]);
      env[next] = std::bit_cast<float>(m);
    }
    // Keep what the next envelope values can still need.
    const std::size_t keep_from = std::max(up_base, 4 * next >= 4 ? 4 * next - 4 : 0);
    const std::size_t drop = std::min(keep_from - up_base, used);
    std::copy(mag.begin() + static_cast<std::ptrdiff_t>(drop),
              mag.begin() + static_cast<std::ptrdiff_t>(used), mag.begin());
    used -= drop;
    up_base += drop;
  };
  for (std::size_t pos = feed_from;;) {
    // Whole chunks while input remains; at the signal's end one call with no input flushes the
    // filter, as one pass over the whole signal would.
    const std::size_t n = std::min(kChunk, feed_to - pos);
    if (n == 0 && !to_the_end) break;
    auto* dst = reinterpret_cast<uint8_t*>(out.data());
    const auto* src = reinterpret_cast<const uint8_t*>(in.data() + pos);
    const int got = swr_convert(swr.get(), &dst, static_cast<int>(kRoom), n > 0 ? &src : nullptr,
                                static_cast<int>(n));
    if (got < 0) return fail(ErrorCategory::internal, "true-peak upsampler: " + av_error_text(got));
    if (mag.size() < used + static_cast<std::size_t>(got)) mag.resize(used + static_cast<std::size_t>(got));
    for (int k = 0; k < got; ++k)
      mag[used + static_cast<std::size_t>(k)] = abs_bits(out[static_cast<std::size_t>(k)]);
    used += static_cast<std::size_t>(got);
    drain(false);
    if (n == 0 || next >= end) break;
    pos += n;
  }
  drain(true);
  if (peak) *peak = std::bit_cast<float>(peak_bits);
  return {};
}

// Runs envelope_part over `threads` parts of [begin, end) at once; they are independent (each
// upsampler is fed its own pad of context). `peaks` gets each part's peak when env is null.
Result<void> run_parts(std::span<const float> in, std::size_t begin, std::size_t end, int rate,
                       int threads, float* env, std::vector<float>& peaks) {
  const auto [parts, per] = peak_parts(end - begin, static_cast<std::size_t>(std::max(1, threads)));
  peaks.assign(parts, 0.0f);
  std::vector<std::future<Result<void>>> jobs;
  for (std::size_t p = 1; p < parts; ++p) {
    const std::size_t b = begin + p * per, e = std::min(end, b + per);
    jobs.push_back(std::async(std::launch::async, [&, b, e, p] {
      return envelope_part(in, b, e, rate, env, &peaks[p]);
    }));
  }
  Result<void> first = envelope_part(in, begin, std::min(end, begin + per), rate, env, &peaks[0]);
  for (auto& j : jobs)
    if (auto r = j.get(); !r && first) first = r;
  return first;
}

}  // namespace

Result<std::vector<float>> true_peak_envelope(std::span<const float> in, int rate, int threads) {
  std::vector<float> env(in.size(), 0.0f);
  std::vector<float> unused;
  if (auto r = run_parts(in, 0, in.size(), rate, threads, env.data(), unused); !r)
    return std::unexpected(r.error());
  return env;
}

Result<void> true_peak_envelope_range(std::span<const float> in, std::size_t begin,
                                      std::size_t end, int rate, float* env, int threads) {
  static_assert(kEnvelopeReach >= 2 * kEnvelopePad);
  if (begin >= end) return {};
  std::vector<float> unused;
  return run_parts(in, begin, end, rate, threads, env, unused);
}

Result<float> true_peak_range(std::span<const float> in, std::size_t begin, std::size_t end, int rate) {
  float peak = 0.0f;
  if (begin >= end) return peak;
  if (auto r = envelope_part(in, begin, end, rate, nullptr, &peak); !r) return std::unexpected(r.error());
  return peak;
}

Result<float> true_peak(std::span<const float> in, int rate, int threads) {
  std::vector<float> peaks;
  if (auto r = run_parts(in, 0, in.size(), rate, threads, nullptr, peaks); !r)
    return std::unexpected(r.error());
  return peaks.empty() ? 0.0f : *std::max_element(peaks.begin(), peaks.end());
}

}  // namespace voxclone::detail

// The look-ahead limiter: one pass over the window, its gain curve built in small rings.
#include "normalise/limiter.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace voxclone::detail {

// Gain curve g[n] <= threshold / |x[n]| at every sample, smooth on both sides of each peak:
//   required gain  -> sliding minimum over ±L (sees the peak L samples early)
//                  -> moving average over L+1 (a smooth attack that still reaches the minimum
//                     at the peak, since the average only spans values at or below it)
//                  -> release: recover towards 1 with a time constant, never faster.
//
// One pass, each stage running ahead of the next by what it needs, in small rings: the
// whole-window intermediate arrays would cost more in fresh pages than the arithmetic does.
LimitStats limit(std::vector<float>& x, std::span<const float> peak, float peak_scale,
                 double threshold, int lookahead, int rate, double release_s,
                 std::atomic<std::size_t>* done) {
  const std::size_t n = x.size();
  constexpr std::size_t kPublishEvery = 4096;  // samples between two `done` updates
  const auto L = static_cast<std::size_t>(std::max(1, lookahead));
  const std::size_t half = L / 2;
  const auto thr = static_cast<float>(threshold);
  // Ring sizes (powers of two, indexed by mask): req must reach back from the newest value to
  // the oldest the queue or the hard guarantee still reads; mn spans the average's window.
  const std::size_t req_size = std::bit_ceil(2 * L + half + 4);
  const std::size_t mn_size = std::bit_ceil(2 * half + 4);
  const std::size_t req_mask = req_size - 1, mn_mask = mn_size - 1;
  std::vector<float> req(req_size), mn(mn_size);
  std::vector<std::size_t> q(req_size);  // monotonic queue of indices for the sliding minimum
  std::size_t q_head = 0, q_tail = 0;    // absolute positions; q[pos & req_mask]
  std::size_t r_next = 0, m_next = 0;    // next index of req and of mn to compute
  auto compute_req = [&] {
    const float a = std::max(std::fabs(x[r_next]), peak[r_next] * peak_scale);
    const float r = a > thr ? thr / a : 1.0f;
    req[r_next & req_mask] = r;
    while (q_tail > q_head && req[q[(q_tail - 1) & req_mask] & req_mask] >= r) --q_tail;
    q[q_tail++ & req_mask] = r_next;
    ++r_next;
  };
  const double coeff = std::exp(-1.0 / (release_s * rate));
  LimitStats st;
  double sum = 0;  // of mn over the average's window [lo, m_next)
  const double inv_full = 1.0 / static_cast<double>(half * 2 + 1);  // the window away from the ends
  std::size_t lo = 0;
  double g = 1.0, g_min = 1.0;
  std::size_t reducing = 0;
  // One sample's step: mn brought up to i + half and the average's window moved to i. Near the
  // ends the windows are clipped, and a step computes no value or several (general_step); in
  // between, from half + 1 to n - half - L, it computes exactly one req and one mn and drops one
  // mn from the sum, and middle_step does just that, in the same order with the same
  // arithmetic: the same bytes without general_step's bounds and inner loops, which were about
  // a third of the limiter's instructions (the limiter is a rendering's one sequential pass).
  auto general_step = [&](std::size_t i) {
    // mn up to i + half (the average's window), each needing req up to its own + L.
    const std::size_t want_m = std::min(n, i + half + 1);
    for (; m_next < want_m; ++m_next) {
      const std::size_t want_r = std::min(n, m_next + L + 1);
      while (r_next < want_r) compute_req();
      while (q[q_head & req_mask] + L < m_next) ++q_head;
      const float m = req[q[q_head & req_mask] & req_mask];
      mn[m_next & mn_mask] = m;
      sum += m;
    }
    const std::size_t want_lo = i >= half ? i - half : 0;
    for (; lo < want_lo; ++lo) sum -= mn[lo & mn_mask];
    const std::size_t span = m_next - lo;
    return span == half * 2 + 1 ? sum * inv_full : sum / static_cast<double>(span);
  };
  auto middle_step = [&] {
    // On entry, for sample i: m_next == i + half, r_next == m_next + L, lo == i - half - 1.
    compute_req();
    while (q[q_head & req_mask] + L < m_next) ++q_head;
    const float m = req[q[q_head & req_mask] & req_mask];
    mn[m_next & mn_mask] = m;
    sum += m;
    ++m_next;
    sum -= mn[lo & mn_mask];
    ++lo;
    return sum * inv_full;
  };
  // [half + 1, middle_end): the samples whose step is middle_step().
  const std::size_t middle_end = n >= half + L + 1 ? n - half - L : 0;
  auto apply = [&](std::size_t i, double avg) {
    const double released = 1.0 - (1.0 - g) * coeff;
    g = std::min(avg, released);
    g = std::min<double>(g, req[i & req_mask]);  // the hard guarantee, despite rounding
    st.peak_estimate =
        std::max(st.peak_estimate, std::max<double>(peak[i] * peak_scale, std::fabs(x[i])) * g);
    x[i] = static_cast<float>(x[i] * g);
    if (g < 0.9886) ++reducing;  // > 0.1 dB
    g_min = std::min(g_min, g);
  };
  // In stretches of kPublishEvery samples, each published when done: the per-sample loop itself
  // holds no call (an opaque one there made the compiler reload what it kept in registers).
  for (std::size_t from = 0; from < n;) {
    const std::size_t to = std::min(n, from + kPublishEvery);
    std::size_t i = from;
    const std::size_t middle_from = std::clamp(half + 1, from, to);
    const std::size_t middle_to = std::clamp(middle_end, middle_from, to);
    for (; i < middle_from; ++i) apply(i, general_step(i));
    for (; i < middle_to; ++i) apply(i, middle_step());
    for (; i < to; ++i) apply(i, general_step(i));
    from = to;
    if (done != nullptr) {
      done->store(to, std::memory_order_release);
      done->notify_one();
    }
  }
  if (done != nullptr) {  // an empty window too
    done->store(n, std::memory_order_release);
    done->notify_one();
  }
  st.max_reduction_db = -20.0 * std::log10(g_min);
  st.seconds = static_cast<double>(reducing) / rate;
  return st;
}

}  // namespace voxclone::detail

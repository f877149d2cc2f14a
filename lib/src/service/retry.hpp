// Internal: the retry loop. Each attempt returns its value or the verdict on what went wrong
// (service/verdict.hpp); the loop sends again only when the verdict and the endpoint allow it,
// at most max_attempts times, waiting with backoff or as long as the service's Retry-After
// asks (up to max_retry_after), and stops waiting when the caller cancels.
#pragma once

#include <chrono>
#include <expected>
#include <optional>
#include <utility>

#include "service/contract.hpp"
#include "service/verdict.hpp"
#include "voxclone/upload.hpp"

namespace voxclone::detail {

/// One attempt's outcome: the call's value, or the verdict on its failure.
template <class T>
using Attempt = std::expected<T, Verdict>;

/// After failed attempt `attempt` (from 1): how long to wait before sending again, or nullopt
/// to stop. When it stops because the rules ran out, the verdict's message says so.
std::optional<std::chrono::milliseconds> delay_before_retry(Verdict& verdict, int attempt,
                                                            const Endpoint& endpoint,
                                                            const ClientOptions& options);

/// Logs the retry and waits, polling the cancel callback; false when cancelled (the verdict's
/// error then says so).
bool wait_to_retry(Verdict& verdict, std::chrono::milliseconds wait, int attempt,
                   const Endpoint& endpoint, const ClientOptions& options);

/// Runs `attempt` (returning Attempt<T>) until it succeeds or the rules stop it.
template <class T, class F>
ApiResult<T> with_retries(const Endpoint& endpoint, const ClientOptions& options, F&& attempt) {
  for (int n = 1;; ++n) {
    Attempt<T> r = attempt();
    if (r) return std::move(*r);
    Verdict& v = r.error();
    v.error.attempts = n;
    const auto wait = delay_before_retry(v, n, endpoint, options);
    if (!wait || !wait_to_retry(v, *wait, n, endpoint, options))
      return std::unexpected(std::move(v.error));
  }
}

}  // namespace voxclone::detail

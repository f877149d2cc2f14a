// The retry loop's two decisions, kept out of the template: whether and when to send again
// after a verdict, and the wait itself (cancellable, in steps of at most 100 ms).
#include "service/retry.hpp"

#include <algorithm>
#include <thread>

#include <fmt/format.h>

#include "core/log.hpp"
#include "core/words.hpp"

namespace voxclone::detail {

std::optional<std::chrono::milliseconds> delay_before_retry(Verdict& v, int n, const Endpoint& call,
                                                            const ClientOptions& opt) {
  ApiError& e = v.error;
  const bool may_retry =
      v.retry == RetryKind::yes || (call.idempotent && v.retry == RetryKind::if_idempotent);
  if (!may_retry) return std::nullopt;
  if (n >= opt.max_attempts) {
    e.message += fmt::format(" (gave up after {} attempts)", n);
    return std::nullopt;
  }
  auto wait = opt.retry_delay * (1 << (n - 1));
  if (v.retry_after) {
    if (*v.retry_after > opt.max_retry_after) {
      e.message = as_sentence(std::move(e.message)) +
          fmt::format(" The service asks to wait {} s before trying again.",
                      std::chrono::duration_cast<std::chrono::seconds>(*v.retry_after).count());
      return std::nullopt;
    }
    wait = std::max(wait, *v.retry_after);
  }
  return wait;
}

bool wait_to_retry(Verdict& v, std::chrono::milliseconds wait, int n, const Endpoint& call,
                   const ClientOptions& opt) {
  ApiError& e = v.error;
  logf(opt.callbacks, LogLevel::warning, "{} Trying again in {:.1f} s (attempt {} of {}).",
       as_sentence(e.message), static_cast<double>(wait.count()) / 1000.0, n + 1, opt.max_attempts);
  const auto until = std::chrono::steady_clock::now() + wait;
  while (std::chrono::steady_clock::now() < until) {
    if (cancelled(opt.callbacks)) {
      e.category = ErrorCategory::cancelled;
      e.message = fmt::format("{}: cancelled while waiting to retry", call.what);
      e.may_have_been_billed = call.billed && e.may_have_been_billed;
      return false;
    }
    std::this_thread::sleep_for(std::min<std::chrono::milliseconds>(
        std::chrono::milliseconds(100), std::chrono::duration_cast<std::chrono::milliseconds>(
                                            until - std::chrono::steady_clock::now())));
  }
  return true;
}

}  // namespace voxclone::detail

#include "prep/example.hpp"

#include <chrono>
#include <future>

#include "core/log.hpp"

namespace voxclone {

bool detail::has_example(const PrepOptions& o) { return o.like.has_value() || o.like_measuring.valid(); }

Result<std::optional<Voiceprint>> detail::example_of(const PrepOptions& o) {
  if (!o.like_measuring.valid()) return o.like;
  // How long the input's work stood still for it (-v): 0 when the example was all done beside it.
  const auto start = std::chrono::steady_clock::now();
  const Result<Voiceprint>& v = o.like_measuring.get();
  logf(o.callbacks, LogLevel::debug, "--like: waited {:.1f} ms for the example",
       std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  if (!v) return std::unexpected(v.error());
  if (v->empty()) return fail(ErrorCategory::invalid_argument, "--like: the example's voiceprint is empty");
  return std::optional(*v);
}

std::optional<Error> detail::example_failed(const PrepOptions& o) {
  if (!o.like_measuring.valid() || o.like_measuring.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
    return std::nullopt;
  if (const Result<Voiceprint>& v = o.like_measuring.get(); !v) return v.error();
  return std::nullopt;
}

Callbacks detail::stopping_when_example_fails(const PrepOptions& o) {
  Callbacks cb = o.callbacks;
  cb.cancel = [user = o.callbacks.cancel, example = o.like_measuring] {
    if (user && user()) return true;
    return example.wait_for(std::chrono::seconds(0)) == std::future_status::ready && !example.get();
  };
  return cb;
}

}  // namespace voxclone

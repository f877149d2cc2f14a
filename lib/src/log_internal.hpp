// Internal: routes log lines (FFmpeg's av_log included) to the caller's callbacks.
#pragma once

#include <fmt/format.h>
#include <string_view>

#include "voxclone/log.hpp"

namespace voxclone::detail {

/// While alive, FFmpeg's log lines raised on this thread go to `callbacks.log` (or nowhere).
/// Lines FFmpeg raises on threads with no scope keep FFmpeg's default handling, so a host app
/// that uses FFmpeg itself still sees its own messages.
class LogScope {
 public:
  explicit LogScope(const Callbacks& callbacks);
  ~LogScope();
  LogScope(const LogScope&) = delete;
  LogScope& operator=(const LogScope&) = delete;

 private:
  const Callbacks* previous_;
};

void log(const Callbacks& cb, LogLevel level, std::string_view line);

template <class... Args>
void logf(const Callbacks& cb, LogLevel level, fmt::format_string<Args...> fmt, Args&&... args) {
  if (cb.log) cb.log(level, fmt::format(fmt, std::forward<Args>(args)...));
}

inline void progress(const Callbacks& cb, Stage stage, double fraction) {
  if (cb.progress) cb.progress(stage, fraction);
}

inline bool cancelled(const Callbacks& cb) { return cb.cancel && cb.cancel(); }

}  // namespace voxclone::detail

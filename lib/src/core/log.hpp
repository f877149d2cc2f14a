// Internal: log lines, progress and cancel, through the caller's callbacks (FFmpeg's own lines
// reach them through ffmpeg/log_bridge.hpp).
#pragma once

#include <chrono>
#include <string_view>

#include <fmt/format.h>

#include "voxclone/log.hpp"

namespace voxclone::detail {

void log(const Callbacks& cb, LogLevel level, std::string_view line);

template <class... Args>
void logf(const Callbacks& cb, LogLevel level, fmt::format_string<Args...> fmt, Args&&... args) {
  if (cb.log) cb.log(level, fmt::format(fmt, std::forward<Args>(args)...));
}

inline void progress(const Callbacks& cb, Stage stage, double fraction) {
  if (cb.progress) cb.progress(stage, fraction);
}

inline bool cancelled(const Callbacks& cb) { return cb.cancel && cb.cancel(); }

/// Logs how long each stage took, at debug level (`voxclone -v`): `lap("decode")` reports the
/// time since the previous lap.
class StageClock {
 public:
  explicit StageClock(const Callbacks& cb) : cb_(cb), last_(std::chrono::steady_clock::now()) {}
  void lap(std::string_view stage) {
    const auto now = std::chrono::steady_clock::now();
    logf(cb_, LogLevel::debug, "{}: {:.1f} ms", stage,
         std::chrono::duration<double, std::milli>(now - last_).count());
    last_ = now;
  }

 private:
  const Callbacks& cb_;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace voxclone::detail

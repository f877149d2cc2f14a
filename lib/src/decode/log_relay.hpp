// Internal: log lines raised on the decode's worker threads, passed on by the caller's thread.
#pragma once

#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "voxclone/log.hpp"

namespace voxclone::detail {

/// Log lines raised on worker threads, held until the caller's thread passes them on: the
/// caller's callbacks are only ever called from the thread that called voxclone.
class LogRelay {
 public:
  void push(LogLevel level, std::string_view line) {
    std::lock_guard lock(mutex_);
    lines_.emplace_back(level, std::string(line));
  }
  /// Callbacks whose log lines come here: a worker thread's LogScope (ffmpeg/log_bridge.hpp)
  /// takes them, and must not outlive them.
  Callbacks callbacks() {
    Callbacks cb;
    cb.log = [this](LogLevel level, std::string_view line) { push(level, line); };
    return cb;
  }
  void emit(const Callbacks& cb) {
    std::vector<std::pair<LogLevel, std::string>> lines;
    {
      std::lock_guard lock(mutex_);
      lines.swap(lines_);
    }
    if (cb.log)
      for (auto& [level, line] : lines) cb.log(level, line);
  }

 private:
  std::mutex mutex_;
  std::vector<std::pair<LogLevel, std::string>> lines_;
};

}  // namespace voxclone::detail

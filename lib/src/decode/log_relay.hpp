// Internal: log lines raised on the decode's worker threads, passed on by the caller's thread.
#pragma once

#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ffmpeg/log_bridge.hpp"
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

/// While alive, the log lines FFmpeg raises on this (worker) thread go to the relay; while
/// `*muted` is true they are dropped (the split decode's pre-roll, whose complaints about a
/// bit reservoir cut off are expected).
class RelayScope {
 public:
  explicit RelayScope(LogRelay& relay, const bool* muted = nullptr) : scope_(callbacks_) {
    callbacks_.log = [&relay, muted](LogLevel level, std::string_view line) {
      if (muted == nullptr || !*muted) relay.push(level, line);
    };
  }

 private:
  Callbacks callbacks_;  // LogScope keeps its address: declared first, destroyed last
  LogScope scope_;
};

}  // namespace voxclone::detail

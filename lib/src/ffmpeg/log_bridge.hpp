// Internal: routes FFmpeg's av_log lines to the callbacks of the voxclone call running on the
// same thread.
#pragma once

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

}  // namespace voxclone::detail

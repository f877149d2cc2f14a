#include "ffmpeg/log_bridge.hpp"

#include <cstdarg>
#include <mutex>
#include <string>

extern "C" {
#include <libavutil/log.h>
}

namespace voxclone {

namespace detail {
namespace {

// av_log_set_callback is process-wide, so the sink for the current voxclone call is kept per
// thread; FFmpeg logs from the thread that called into it for everything voxclone uses.
thread_local const Callbacks* current_sink = nullptr;

void ffmpeg_log_callback(void* avcl, int level, const char* fmt, va_list args) {
  const Callbacks* sink = current_sink;
  if (sink == nullptr) {
    av_log_default_callback(avcl, level, fmt, args);
    return;
  }
  if (!sink->log || level > AV_LOG_VERBOSE) return;
  char line[1024];
  int print_prefix = 1;
  va_list copy;
  va_copy(copy, args);
  av_log_format_line2(avcl, level, fmt, copy, line, sizeof line, &print_prefix);
  va_end(copy);
  std::string text(line);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  if (text.empty()) return;
  LogLevel mapped = level <= AV_LOG_ERROR     ? LogLevel::warning  // the library decides what is fatal
                    : level <= AV_LOG_WARNING ? LogLevel::info
                                              : LogLevel::debug;
  sink->log(mapped, "ffmpeg: " + text);
}

}  // namespace

LogScope::LogScope(const Callbacks& callbacks) : previous_(current_sink) {
  static std::once_flag once;
  std::call_once(once, [] { av_log_set_callback(ffmpeg_log_callback); });
  current_sink = &callbacks;
}

LogScope::~LogScope() { current_sink = previous_; }

}  // namespace detail
}  // namespace voxclone

// voxclone/log.hpp — how the library talks back to its caller: log lines, progress, cancel.
//
//   voxclone::Callbacks cb;
//   cb.log = [](voxclone::LogLevel lvl, std::string_view line) { ... };
//   cb.progress = [](voxclone::Stage s, double fraction) { ... };
//   cb.cancel = [&] { return stop_requested.load(); };
//
// The library never prints: every line (FFmpeg's own av_log lines included) goes to `log`, or
// nowhere when it is empty.
#pragma once

#include <functional>
#include <string_view>

namespace voxclone {

enum class LogLevel { debug, info, warning, error };

/// The stages of the prep pipeline, in data-flow order.
enum class Stage { decode, analyse, select, normalise, encode, validate, write, upload };

std::string_view to_string(Stage stage) noexcept;
std::string_view to_string(LogLevel level) noexcept;

struct Callbacks {
  std::function<void(LogLevel, std::string_view)> log;  ///< may be empty
  std::function<void(Stage, double)> progress;          ///< fraction in [0, 1]; may be empty
  std::function<bool()> cancel;                         ///< return true to stop; may be empty
};

}  // namespace voxclone

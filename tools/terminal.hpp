// What the CLI shows on the terminal while the library works: log lines (-v), warnings,
// a progress line on a TTY, and the interrupt flag set by SIGINT/SIGTERM.
#pragma once

#include <mutex>
#include <string>
#include <string_view>

#include "voxclone/log.hpp"

namespace voxclone::cli {

enum class Verbosity { quiet, normal, verbose };

class Terminal {
 public:
  /// Terminal lines may come from several prep jobs at once: each is written whole.
  explicit Terminal(Verbosity v, bool show_progress = true);
  /// Callbacks wired to this terminal and to the interrupt flag.
  Callbacks callbacks(std::string label);
  void error(std::string_view message);  // "voxclone: error: ..." on stderr, always
  void note(std::string_view message);   // stderr, unless quiet
  void clear_progress();
  /// Progress lines only make sense while one input is worked on at a time.
  void show_progress(bool on);
  Verbosity verbosity() const { return verbosity_; }

 private:
  void clear_progress_locked();

  Verbosity verbosity_;
  bool tty_;
  bool show_progress_;
  bool progress_shown_ = false;
  std::mutex mutex_;
};

/// Installs SIGINT/SIGTERM handlers that ask the library to stop (it then returns `cancelled`
/// and leaves no partial file). A second signal ends the process at once.
void install_signal_handlers();
bool interrupted();

}  // namespace voxclone::cli

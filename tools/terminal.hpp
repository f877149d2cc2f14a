// What the CLI shows on the terminal while the library works: log lines (-v), warnings,
// a progress line on a TTY, and the interrupt flag set by SIGINT/SIGTERM.
#pragma once

#include <string>
#include <string_view>

#include "voxclone/log.hpp"

namespace voxclone::cli {

enum class Verbosity { quiet, normal, verbose };

class Terminal {
 public:
  explicit Terminal(Verbosity v);
  /// Callbacks wired to this terminal and to the interrupt flag.
  Callbacks callbacks(std::string label);
  void error(std::string_view message);  // "voxclone: error: ..." on stderr, always
  void note(std::string_view message);   // stderr, unless quiet
  void clear_progress();
  Verbosity verbosity() const { return verbosity_; }

 private:
  Verbosity verbosity_;
  bool tty_;
  bool progress_shown_ = false;
};

/// Installs SIGINT/SIGTERM handlers that ask the library to stop (it then returns `cancelled`
/// and leaves no partial file). A second signal ends the process at once.
void install_signal_handlers();
bool interrupted();

}  // namespace voxclone::cli

// What the CLI shows on the terminal while the library works: log lines (-v, --debug),
// warnings, a progress line on a TTY, and the interrupt flag set by SIGINT/SIGTERM.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>

#include "voxclone/log.hpp"

namespace voxclone::cli {

/// -q, default, -v (the library's own lines), --debug/-vv (FFmpeg's chatter too).
enum class Verbosity { quiet, normal, verbose, debug };

/// Cuts `line` to at most `columns` - 1 terminal cells (the last cell stays empty, so no
/// terminal wraps), keeping its end: "…/long/path/talk.m4a: decode 42%". UTF-8 aware; CJK and
/// other wide characters count as two cells.
std::string fit_to_width(std::string_view line, std::size_t columns);
/// Whole seconds as "m:ss", or "h:mm:ss" from an hour up.
std::string clock_time(double seconds);

class Terminal {
 public:
  /// Terminal lines may come from several prep jobs at once: each is written whole.
  explicit Terminal(Verbosity v);
  /// Callbacks wired to this terminal and to the interrupt flag. With `show_warnings`, the
  /// library's warning lines (a retry, with its wait) show at the default verbosity too.
  Callbacks callbacks(std::string label, bool show_warnings = false);
  void error(std::string_view message);  // "voxclone: error: ..." on stderr, always
  void note(std::string_view message);   // stderr, unless quiet
  void clear_progress();
  /// Progress lines only make sense while one input is worked on at a time.
  void show_progress(bool on);
  /// In a batch, the line starts with "3 of 6" and an overall bar. total 0: not a batch.
  void set_batch_position(std::size_t index, std::size_t total);
  /// With several inputs at once (-j), no input's stages are shown; instead one line:
  /// "2 of 6 done [###-------] now: a.m4a, b.m4a".
  void show_batch_status(std::size_t done, std::size_t total, std::string_view working_on);
  /// Text for stdout or stderr that must not land on the progress line: clears it first.
  void print(std::FILE* to, std::string_view text);
  Verbosity verbosity() const { return verbosity_; }
  /// How many times the progress line was drawn (for --debug's closing line and the tests).
  std::size_t redraws() const { return redraws_; }

 private:
  void clear_progress_locked();
  void draw_locked(std::string_view label, Stage stage, double fraction);

  Verbosity verbosity_;
  bool tty_;
  bool show_progress_ = true;
  bool progress_shown_ = false;
  std::size_t batch_index_ = 0, batch_total_ = 0;
  std::size_t redraws_ = 0;
  std::chrono::steady_clock::time_point last_draw_{};
  std::chrono::steady_clock::time_point upload_done_at_{};
  bool upload_done_ = false;
  std::mutex mutex_;
};

/// Installs SIGINT/SIGTERM handlers that ask the library to stop (it then returns `cancelled`
/// and leaves no partial file). A second signal ends the process at once.
void install_signal_handlers();
bool interrupted();

/// Pushes what is buffered for stdout out and says whether every write to it worked: 0, or the
/// errno of the write that failed (a full disk, a closed pipe). stdio keeps a write error to
/// itself until then; a redirect to /dev/full would otherwise go unnoticed.
int flush_stdout();

}  // namespace voxclone::cli

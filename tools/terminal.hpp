// What the CLI shows on the terminal while the library works: log lines (-v, --debug),
// warnings, a progress line on a TTY, and the interrupt flag set by SIGINT/SIGTERM.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

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
  /// `waiting` is what the line says once a request is sent and its answer awaited, with the
  /// time waited: "upload done, service training…" for a clone, else "waiting for the service…".
  Callbacks callbacks(std::string label, bool show_warnings = false,
                      std::string waiting = "waiting for the service…");
  void error(std::string_view message);  // "voxclone: error: ..." on stderr, always
  void note(std::string_view message);   // stderr, unless quiet
  void clear_progress();
  /// Progress lines only make sense while one input is worked on at a time.
  void show_progress(bool on);
  /// In a batch, the line starts with "3 of 6", an overall bar, its percentage, the time spent
  /// and an ETA. total 0: not a batch.
  void set_batch_position(std::size_t index, std::size_t total);
  /// The batch's inputs weighed by their length in seconds (0: unknown, weighed as the mean of
  /// the known ones), so the bar counts work, not files: a 20-minute file weighs 120 times a
  /// 10-second one. Starts the batch's clock. Without it each input weighs the same.
  void set_batch_weights(const std::vector<double>& seconds);
  /// Input i's share of the batch's work, in [0, 1].
  double batch_weight(std::size_t index) const;
  /// With several inputs at once (-j), no input's stages are shown; instead one line:
  /// "2 of 6 done [###-------] 31% 0:12, ETA 0:26 now: a.m4a, b.m4a". `done_work`: the weight
  /// of the inputs done.
  void show_batch_status(std::size_t done, std::size_t total, std::string_view working_on,
                         double done_work);
  /// Whether a progress line is drawn at all (standard error a terminal, default verbosity).
  bool shows_progress() const { return tty_ && verbosity_ == Verbosity::normal; }
  /// Text for stdout or stderr that must not land on the progress line: clears it first.
  void print(std::FILE* to, std::string_view text);
  Verbosity verbosity() const { return verbosity_; }
  /// How many times the progress line was drawn (for --debug's closing line and the tests).
  std::size_t redraws() const { return redraws_; }

 private:
  void clear_progress_locked();
  std::string batch_gauge_locked(double fraction) const;
  void draw_locked(std::string_view label, Stage stage, double fraction, std::string_view waiting);

  Verbosity verbosity_;
  bool tty_;
  bool show_progress_ = true;
  bool progress_shown_ = false;
  std::size_t batch_index_ = 0, batch_total_ = 0;
  std::vector<double> weight_;  // per input, summing to 1 (empty: equal weights)
  std::vector<double> before_;  // weight of the inputs before each one
  std::chrono::steady_clock::time_point batch_started_{};
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

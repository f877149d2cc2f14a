#include "terminal.hpp"
#include "terminal_text.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include <fmt/format.h>

namespace voxclone::cli {
namespace {

volatile std::sig_atomic_t g_signal = 0;

extern "C" void on_signal(int sig) {
  if (g_signal != 0) {
    std::signal(sig, SIG_DFL);
    std::raise(sig);
    return;
  }
  g_signal = sig;
}

// At most ~10 redraws a second: a terminal cannot show more, and each costs a write.
constexpr std::chrono::milliseconds kRedrawInterval{100};

std::size_t terminal_columns() {
  winsize ws{};
  if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  if (const char* c = std::getenv("COLUMNS"); c != nullptr) {
    const long n = std::strtol(c, nullptr, 10);
    if (n > 0 && n < 10000) return static_cast<std::size_t>(n);
  }
  return 80;
}

// One UTF-8 character: its length in bytes and its width in cells. A rough width (no table of
// every code point): 3- and 4-byte sequences from U+1100 up are taken as wide, which covers CJK,
// Hangul and emoji and at worst leaves a cell unused.
struct Glyph {
  std::size_t bytes;
  std::size_t cells;
};

Glyph glyph_at(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
  if (i + n > s.size()) n = 1;
  if (n == 1 && c >= 0x80) return {1, 1};  // a stray byte: shown as one replacement cell
  if (n == 1) return {1, c < 0x20 ? 0u : 1u};
  std::size_t cells = 1;
  if (n == 3) {
    const unsigned cp = ((c & 0x0Fu) << 12) | ((static_cast<unsigned char>(s[i + 1]) & 0x3Fu) << 6) |
                        (static_cast<unsigned char>(s[i + 2]) & 0x3Fu);
    cells = cp >= 0x1100 && !(cp >= 0x2000 && cp <= 0x2BFF) ? 2 : 1;  // "…" and arrows: narrow
  } else if (n == 4) {
    cells = 2;
  }
  return {n, cells};
}

std::size_t cells_of(std::string_view s) {
  std::size_t w = 0;
  for (std::size_t i = 0; i < s.size();) {
    const Glyph g = glyph_at(s, i);
    w += g.cells;
    i += g.bytes;
  }
  return w;
}

}  // namespace

std::string fit_to_width(std::string_view line, std::size_t columns) {
  const std::size_t limit = columns > 1 ? columns - 1 : 1;
  if (cells_of(line) <= limit) return std::string(line);
  // Keep the end (the file name and the percentage): drop glyphs from the front, then "…".
  std::vector<Glyph> glyphs;
  for (std::size_t i = 0; i < line.size();) {
    glyphs.push_back(glyph_at(line, i));
    i += glyphs.back().bytes;
  }
  std::size_t keep_cells = 0, keep_bytes = 0;
  for (auto it = glyphs.rbegin(); it != glyphs.rend(); ++it) {
    if (keep_cells + it->cells + 1 > limit) break;  // 1: the "…"
    keep_cells += it->cells;
    keep_bytes += it->bytes;
  }
  return "…" + std::string(line.substr(line.size() - keep_bytes));
}

namespace {

// head + middle + tail in `columns`: when it does not fit, the middle (a path, a list of names)
// is cut from its front ("…/talk.m4a"), so the batch's place and bar and the stage stay whole;
// only when even they do not fit is the whole line cut.
std::string fit_around(std::string_view head, std::string_view middle, std::string_view tail,
                       std::size_t columns) {
  const std::string whole = std::string(head) + std::string(middle) + std::string(tail);
  const std::size_t limit = columns > 1 ? columns - 1 : 1;
  if (cells_of(whole) <= limit) return whole;
  const std::size_t fixed = cells_of(head) + cells_of(tail);
  if (fixed + 8 > limit) return fit_to_width(whole, columns);
  return std::string(head) + fit_to_width(middle, limit - fixed + 1) + std::string(tail);
}

}  // namespace

std::string clock_time(double seconds) {
  const long s = std::lround(std::max(0.0, seconds));
  if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

void install_signal_handlers() {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
}

bool interrupted() { return g_signal != 0; }

int flush_stdout() {
  errno = 0;
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) return errno != 0 ? errno : EIO;
  return 0;
}

Terminal::Terminal(Verbosity v) : verbosity_(v), tty_(::isatty(STDERR_FILENO) == 1) {}

void Terminal::clear_progress() {
  std::lock_guard lock(mutex_);
  clear_progress_locked();
}

void Terminal::clear_progress_locked() {
  if (progress_shown_) {
    std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
    progress_shown_ = false;
  }
}

void Terminal::error(std::string_view message) {
  std::lock_guard lock(mutex_);
  clear_progress_locked();
  fmt::print(stderr, "voxclone: error: {}\n", terminal_safe(message));
}

void Terminal::note(std::string_view message) {
  if (verbosity_ == Verbosity::quiet) return;
  std::lock_guard lock(mutex_);
  clear_progress_locked();
  fmt::print(stderr, "{}\n", terminal_safe(message));
}

void Terminal::show_progress(bool on) {
  std::lock_guard lock(mutex_);
  show_progress_ = on;
}

void Terminal::set_batch_position(std::size_t index, std::size_t total) {
  std::lock_guard lock(mutex_);
  batch_index_ = index;
  batch_total_ = total;
  last_draw_ = {};  // the next file's first line shows at once
}

void Terminal::set_batch_weights(const std::vector<double>& seconds) {
  std::lock_guard lock(mutex_);
  double known = 0;
  std::size_t n_known = 0;
  for (double s : seconds)
    if (s > 0) {
      known += s;
      ++n_known;
    }
  const double mean = n_known > 0 ? known / static_cast<double>(n_known) : 1.0;
  double total = 0;
  weight_.clear();
  for (double s : seconds) {
    weight_.push_back(s > 0 ? s : mean);
    total += weight_.back();
  }
  before_.assign(weight_.size(), 0.0);
  double sum = 0;
  for (std::size_t i = 0; i < weight_.size(); ++i) {
    weight_[i] /= total;
    before_[i] = sum;
    sum += weight_[i];
  }
  batch_started_ = std::chrono::steady_clock::now();
}

double Terminal::batch_weight(std::size_t index) const {
  if (index < weight_.size()) return weight_[index];
  return batch_total_ > 0 ? 1.0 / static_cast<double>(batch_total_) : 0.0;
}

// "[####------]  41% 0:12, ETA 0:17": the bar, its percentage, the time since the batch began
// and the time left at the pace so far (shown once there is a pace to go by).
std::string Terminal::batch_gauge_locked(double fraction) const {
  fraction = std::clamp(fraction, 0.0, 1.0);
  const int filled = static_cast<int>(std::floor(fraction * 10.0 + 1e-9));
  std::string out = fmt::format("[{}{}] {:3.0f}%", std::string(filled, '#'), std::string(10 - filled, '-'),
                                fraction * 100.0);
  if (batch_started_ == std::chrono::steady_clock::time_point{}) return out;
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - batch_started_).count();
  out += " " + clock_time(elapsed);
  if (fraction >= 0.01 && fraction < 1.0)
    out += ", ETA " + clock_time(elapsed * (1.0 - fraction) / fraction);
  return out;
}

void Terminal::show_batch_status(std::size_t done, std::size_t total, std::string_view working_on,
                                 double done_work) {
  if (!tty_ || verbosity_ != Verbosity::normal || total == 0) return;
  std::lock_guard lock(mutex_);
  const double fraction = weight_.empty() ? static_cast<double>(done) / static_cast<double>(total)
                                          : done_work;
  const std::string head = fmt::format("{} of {} done {}{}", done, total,
                                       batch_gauge_locked(fraction), working_on.empty() ? "" : " now: ");
  fmt::print(stderr, "\r\033[K{}", fit_around(head, one_line(working_on), "", terminal_columns()));
  std::fflush(stderr);
  progress_shown_ = true;
  ++redraws_;
}

void Terminal::print(std::FILE* to, std::string_view text) {
  std::lock_guard lock(mutex_);
  clear_progress_locked();
  fmt::print(to, "{}", terminal_safe(text));
  std::fflush(to);
}

void Terminal::draw_locked(std::string_view label, Stage stage, double fraction,
                           std::string_view waiting) {
  const auto now = std::chrono::steady_clock::now();
  if (stage == Stage::upload && fraction >= 1.0 && !upload_done_) {
    upload_done_ = true;
    upload_done_at_ = now;
  }
  if (now - last_draw_ < kRedrawInterval) return;
  last_draw_ = now;
  std::string line;
  if (batch_total_ > 0) {
    // The overall bar: the work of the inputs before this one plus this one's share of its own
    // (the stages in data-flow order), each input weighed by its length (set_batch_weights).
    const double stages = static_cast<double>(Stage::write) + 1.0;
    const double within = std::min(1.0, (static_cast<double>(stage) + fraction) / stages);
    const double overall =
        batch_index_ < weight_.size()
            ? before_[batch_index_] + within * weight_[batch_index_]
            : (static_cast<double>(batch_index_) + within) / static_cast<double>(batch_total_);
    line = fmt::format("{} of {} {} ", batch_index_ + 1, batch_total_, batch_gauge_locked(overall));
  }
  std::string tail;
  if (stage == Stage::upload && upload_done_) {
    const double waited = std::chrono::duration<double>(now - upload_done_at_).count();
    tail = fmt::format(": {} {}", one_line(waiting), clock_time(waited));
  } else {
    tail = fmt::format(": {} {:3.0f}%", to_string(stage), fraction * 100.0);
  }
  fmt::print(stderr, "\r\033[K{}", fit_around(line, one_line(label), tail, terminal_columns()));
  std::fflush(stderr);
  progress_shown_ = true;
  ++redraws_;
}

Callbacks Terminal::callbacks(std::string label, bool show_warnings, std::string waiting) {
  Callbacks cb;
  cb.cancel = [] { return interrupted(); };
  if (verbosity_ != Verbosity::quiet) {
    const Verbosity v = verbosity_;
    cb.log = [this, v, show_warnings](LogLevel level, std::string_view line) {
      // FFmpeg's own lines ("ffmpeg: ...") below a warning are chatter: only --debug shows them.
      const bool ffmpeg = line.starts_with("ffmpeg: ");
      const bool shown = v == Verbosity::debug ||
                         (v == Verbosity::verbose && (!ffmpeg || level >= LogLevel::warning)) ||
                         (show_warnings && level >= LogLevel::warning && !ffmpeg);
      if (!shown) return;
      std::lock_guard lock(mutex_);
      clear_progress_locked();
      if (v == Verbosity::normal)
        fmt::print(stderr, "voxclone: {}\n", terminal_safe(line));
      else
        fmt::print(stderr, "voxclone: [{}] {}\n", to_string(level), terminal_safe(line));
    };
  }
  if (tty_ && verbosity_ == Verbosity::normal) {
    cb.progress = [this, label, waiting](Stage stage, double fraction) {
      std::lock_guard lock(mutex_);
      if (!show_progress_) return;
      draw_locked(label, stage, fraction, waiting);
    };
  }
  return cb;
}

}  // namespace voxclone::cli

#include "terminal.hpp"

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>

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

}  // namespace

void install_signal_handlers() {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
}

bool interrupted() { return g_signal != 0; }

Terminal::Terminal(Verbosity v, bool show_progress)
    : verbosity_(v), tty_(::isatty(STDERR_FILENO) == 1), show_progress_(show_progress) {}

void Terminal::clear_progress() {
  std::lock_guard lock(mutex_);
  clear_progress_locked();
}

void Terminal::clear_progress_locked() {
  if (progress_shown_) {
    std::fputs("\r\033[K", stderr);
    progress_shown_ = false;
  }
}

void Terminal::error(std::string_view message) {
  std::lock_guard lock(mutex_);
  clear_progress_locked();
  fmt::print(stderr, "voxclone: error: {}\n", message);
}

void Terminal::note(std::string_view message) {
  if (verbosity_ == Verbosity::quiet) return;
  std::lock_guard lock(mutex_);
  clear_progress_locked();
  fmt::print(stderr, "{}\n", message);
}

void Terminal::show_progress(bool on) {
  std::lock_guard lock(mutex_);
  show_progress_ = on;
}

Callbacks Terminal::callbacks(std::string label) {
  Callbacks cb;
  cb.cancel = [] { return interrupted(); };
  if (verbosity_ == Verbosity::verbose) {
    cb.log = [this](LogLevel level, std::string_view line) {
      std::lock_guard lock(mutex_);
      clear_progress_locked();
      fmt::print(stderr, "voxclone: [{}] {}\n", to_string(level), line);
    };
  }
  if (tty_ && show_progress_ && verbosity_ == Verbosity::normal) {
    cb.progress = [this, label](Stage stage, double fraction) {
      std::lock_guard lock(mutex_);
      fmt::print(stderr, "\r\033[K{}: {} {:3.0f}%", label, to_string(stage), fraction * 100.0);
      std::fflush(stderr);
      progress_shown_ = true;
    };
  }
  return cb;
}

}  // namespace voxclone::cli

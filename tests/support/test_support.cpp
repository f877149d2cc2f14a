#include "support/test_support.hpp"

#include <fcntl.h>
#include <pty.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <csignal>
#include <thread>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

#include <gtest/gtest.h>

namespace vt {

std::filesystem::path data(const std::string& name) {
  return std::filesystem::path(VOXCLONE_TESTDATA_DIR) / name;
}

std::vector<Label> labels(const std::string& name) {
  std::ifstream in(data(name + ".labels.tsv"));
  if (!in) throw std::runtime_error("no labels for " + name);
  std::vector<Label> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream ls(line);
    Label l{};
    if (ls >> l.start >> l.end) out.push_back(l);
  }
  return out;
}

double label_seconds(const std::vector<Label>& l) {
  double s = 0;
  for (const auto& x : l) s += x.end - x.start;
  return s;
}

bool inside_speech(const std::vector<Label>& l, double t, double slack) {
  for (const auto& x : l)
    if (t > x.start + slack && t < x.end - slack) return true;
  return false;
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

namespace {
// Waits until `pid` has a handler for `signal` (the SigCgt mask of /proc/PID/status), it ends,
// or `limit` passes. Whether it caught it in time is left to the caller's assertions.
void catches_signal(pid_t pid, int signal, std::chrono::milliseconds limit) {
  const auto until = std::chrono::steady_clock::now() + limit;
  const auto status_path = "/proc/" + std::to_string(pid) + "/status";
  while (std::chrono::steady_clock::now() < until) {
    std::ifstream in(status_path);
    std::string line;
    bool found = false;
    while (std::getline(in, line)) {
      if (line.rfind("SigCgt:", 0) != 0) continue;
      const unsigned long long mask = std::stoull(line.substr(7), nullptr, 16);
      if (mask & (1ULL << (signal - 1))) return;
      found = true;
    }
    if (!found) return;  // gone, or a zombie
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

RunResult run_impl(const std::vector<std::string>& argv, const std::string& stdin_path,
                   const EnvChanges& env, int signal, std::chrono::milliseconds after);
}  // namespace

RunResult run(const std::vector<std::string>& argv, const std::string& stdin_path,
              const EnvChanges& env) {
  return run_impl(argv, stdin_path, env, 0, {});
}

RunResult run_and_signal(const std::vector<std::string>& argv, int signal, std::chrono::milliseconds after,
                         const EnvChanges& env) {
  return run_impl(argv, "", env, signal, after);
}

namespace {
RunResult run_impl(const std::vector<std::string>& argv, const std::string& stdin_path,
                   const EnvChanges& env, int signal, std::chrono::milliseconds after) {
  const auto dir = temp_dir("run");
  const auto out_path = dir / "stdout";
  const auto err_path = dir / "stderr";
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int in = stdin_path.empty() ? ::open("/dev/null", O_RDONLY) : ::open(stdin_path.c_str(), O_RDONLY);
    const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    for (const auto& [k, v] : env) {
      if (v) ::setenv(k.c_str(), v->c_str(), 1);
      else ::unsetenv(k.c_str());
    }
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  int status = 0;
  struct rusage usage {};
  const auto t0 = std::chrono::steady_clock::now();
  if (signal != 0) {
    // `after` counts from when the child catches the signal, not from the fork: a loaded machine
    // (or a sanitizer's start-up) can take longer than `after` to reach the handler's install, and
    // the default action would then kill the child instead of the run being cancelled.
    catches_signal(pid, signal, std::chrono::seconds(20));
    std::this_thread::sleep_for(after);
    ::kill(pid, signal);
  }
  ::wait4(pid, &status, 0, &usage);
  RunResult r;
  r.max_rss_kb = usage.ru_maxrss;
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = slurp(out_path);
  r.err = slurp(err_path);
  std::filesystem::remove_all(dir);
  return r;
}
}  // namespace

RunResult cli(const std::vector<std::string>& args, const std::string& stdin_path,
              const EnvChanges& env) {
#ifdef VOXCLONE_CLI
  std::vector<std::string> argv{VOXCLONE_CLI};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv, stdin_path, env);
#else
  (void)args;
  (void)stdin_path;
  (void)env;
  throw std::runtime_error("the CLI was not built");
#endif
}

Meter independent_meter(const std::filesystem::path& file, bool raw_pcm) {
  std::vector<std::string> argv{VOXCLONE_FFMPEG, "-hide_banner", "-nostats"};
  if (raw_pcm) argv.insert(argv.end(), {"-f", "s16le", "-ar", "24000", "-ac", "1"});
  argv.insert(argv.end(), {"-i", file.string(), "-af", "ebur128=peak=true:framelog=verbose", "-f", "null", "-"});
  const RunResult r = run(argv);
  if (r.exit_code != 0) throw std::runtime_error("ffmpeg failed on " + file.string() + ": " + r.err);
  // The summary comes last: "I: -20.0 LUFS" ... "Peak: -2.3 dBFS" (true peak with peak=true).
  const auto summary = r.err.rfind("Summary:");
  const std::string tail = r.err.substr(summary == std::string::npos ? 0 : summary);
  std::smatch m;
  Meter meter{};
  if (!std::regex_search(tail, m, std::regex(R"(I:\s+(-?[0-9.]+|-inf) LUFS)")))
    throw std::runtime_error("no integrated loudness in ffmpeg output: " + tail);
  meter.integrated_lufs = m[1] == "-inf" ? -200.0 : std::stod(m[1]);
  if (!std::regex_search(tail, m, std::regex(R"(Peak:\s+(-?[0-9.]+|-inf) dBFS)")))
    throw std::runtime_error("no true peak in ffmpeg output: " + tail);
  meter.true_peak_dbtp = m[1] == "-inf" ? -200.0 : std::stod(m[1]);
  return meter;
}

nlohmann::json probe(const std::filesystem::path& file) {
  const RunResult r = run({VOXCLONE_FFPROBE, "-v", "error", "-print_format", "json", "-show_format",
                           "-show_streams", "-select_streams", "a:0", file.string()});
  if (r.exit_code != 0) throw std::runtime_error("ffprobe failed on " + file.string() + ": " + r.err);
  return nlohmann::json::parse(r.out);
}

std::filesystem::path temp_dir(const std::string& tag) {
  static const std::filesystem::path root = [] {
    std::string tmpl = (std::filesystem::temp_directory_path() / "voxclone-test-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    static std::filesystem::path keep = tmpl;
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(keep, ec);
    });
    return std::filesystem::path(tmpl);
  }();
  static int counter = 0;
  const auto dir = root / (tag + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::filesystem::create_directories(dir);
  return dir;
}

std::vector<std::string> list_dir(const std::filesystem::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace vt

namespace vt {

std::string schema_errors(const std::string& json_text) {
  const auto dir = temp_dir("schema");
  const auto doc = dir / "doc.json";
  std::ofstream(doc, std::ios::binary) << json_text;
  const auto r = run({VOXCLONE_PYTHON3, VOXCLONE_SOURCE_DIR "/tests/support/validate_json.py",
                      VOXCLONE_SOURCE_DIR "/docs/voxclone.schema.json", doc.string()});
  std::filesystem::remove_all(dir);
  if (r.exit_code == 0) return "";
  return "schema check (exit " + std::to_string(r.exit_code) + "): " + r.out + r.err;
}

nlohmann::json cli_json(const RunResult& r) {
  const std::string errors = schema_errors(r.out);
  if (!errors.empty()) ADD_FAILURE() << errors << "\n--- output:\n" << r.out << "\n--- stderr:\n" << r.err;
  try {
    return nlohmann::json::parse(r.out);
  } catch (const std::exception& e) {
    ADD_FAILURE() << "not JSON: " << e.what() << "\n" << r.out;
    return nlohmann::json::object();
  }
}

RunResult run_in_pty(const std::vector<std::string>& argv, unsigned short columns,
                     const EnvChanges& env) {
  struct winsize ws {};
  ws.ws_col = columns;
  ws.ws_row = 24;
  int master = -1;
  const auto t0 = std::chrono::steady_clock::now();
  const pid_t pid = ::forkpty(&master, nullptr, nullptr, &ws);
  if (pid < 0) throw std::runtime_error("forkpty failed");
  if (pid == 0) {
    for (const auto& [k, v] : env) {
      if (v) ::setenv(k.c_str(), v->c_str(), 1);
      else ::unsetenv(k.c_str());
    }
    ::unsetenv("COLUMNS");
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  RunResult r;
  char buf[4096];
  for (;;) {
    const ssize_t n = ::read(master, buf, sizeof buf);
    if (n > 0) {
      r.out.append(buf, static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    break;  // EIO: the child's side closed
  }
  int status = 0;
  struct rusage usage {};
  ::wait4(pid, &status, 0, &usage);
  ::close(master);
  r.max_rss_kb = usage.ru_maxrss;
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

}  // namespace vt

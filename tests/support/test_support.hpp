// Shared by the test suites: fixture paths, an independent loudness meter (ffmpeg's ebur128
// filter, not libebur128), ffprobe, the labelled speech positions, and running the CLI.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "voxclone/analyse.hpp"

namespace vt {

std::filesystem::path data(const std::string& name);

/// A file's whole contents, bytes as they are (empty when it cannot be read).
std::string slurp(const std::filesystem::path& p);

struct Label {
  double start;
  double end;
};
/// Reads NAME.labels.tsv (start<TAB>end<TAB>text).
std::vector<Label> labels(const std::string& name);
double label_seconds(const std::vector<Label>& l);
/// True when time t falls strictly inside a labelled word run (with `slack` seconds of grace).
bool inside_speech(const std::vector<Label>& l, double t, double slack = 0.0);

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
  long max_rss_kb = 0;   // the child's peak resident memory
  double seconds = 0.0;  // wall time
};
/// Environment changes for a child: set to a value, or unset (nullopt).
using EnvChanges = std::vector<std::pair<std::string, std::optional<std::string>>>;
/// Runs a program with arguments (no shell); stdin from `stdin_path` when given.
RunResult run(const std::vector<std::string>& argv, const std::string& stdin_path = "",
              const EnvChanges& env = {});
RunResult cli(const std::vector<std::string>& args, const std::string& stdin_path = "",
              const EnvChanges& env = {});
/// Like run(), but sends `signal` to the child once `after` has passed (if it still runs).
RunResult run_and_signal(const std::vector<std::string>& argv, int signal, std::chrono::milliseconds after,
                         const EnvChanges& env = {});

/// ffmpeg's ebur128 filter (peak=true) on a file: integrated LUFS and true peak dBTP.
struct Meter {
  double integrated_lufs;
  double true_peak_dbtp;
};
Meter independent_meter(const std::filesystem::path& file, bool raw_pcm = false);

/// ffprobe's view of the first audio stream plus the format.
nlohmann::json probe(const std::filesystem::path& file);

/// A fresh empty folder under the build tree's temp dir, removed at process exit.
std::filesystem::path temp_dir(const std::string& tag);

/// Files in a folder (names only), to assert nothing partial was left behind.
std::vector<std::string> list_dir(const std::filesystem::path& dir);

}  // namespace vt

namespace vt {

/// Checks a --json output against docs/voxclone.schema.json with python3-jsonschema: empty when
/// it conforms, else the validator's words.
std::string schema_errors(const std::string& json_text);
/// The --json output of a run, parsed; the test fails (not aborts) when it breaks the schema.
nlohmann::json cli_json(const RunResult& r);

/// Runs a program on a pseudo-terminal `columns` wide (stdin, stdout and stderr all on it), as a
/// user at a terminal would: `out` is everything the terminal received, `err` empty.
RunResult run_in_pty(const std::vector<std::string>& argv, unsigned short columns,
                     const EnvChanges& env = {});

}  // namespace vt

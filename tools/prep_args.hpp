// The prep options `prep`, `check` and `clone` share, each command taking only the groups that
// do something for it, and their translation into the library's PrepOptions.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "inputs.hpp"
#include "terminal.hpp"
#include "voxclone/prep.hpp"

namespace voxclone::cli {

struct PrepArgs {
  std::vector<std::string> inputs;
  std::string output;
  std::string out_dir;
  std::string format;
  double min_seconds = 10.0;
  double max_seconds = 30.0;
  double loudness = -20.0;
  double true_peak = -2.0;
  std::optional<double> start;
  std::optional<double> end;
  bool keep_pauses = false;
  int speaker = 0;  // 0: whoever talks most
  std::optional<double> speaker_at;
  std::string like;  // --like FILE or voice:ID (like.hpp)
  bool combine = false;  // --combine: one sample from every input (prep_combine.hpp)
  bool allow_music = false;
  StreamSpecifier stream;  // none given: the best audio stream (or the one with speech)
  int mp3_bitrate_kbps = 128;
  int jobs = 0;  // threads; 0: every core
  bool recursive = false;
  bool overwrite = false;     // -y
  bool no_overwrite = false;  // -n
  bool json = false;
  bool quiet = false;
  int verbose = 0;  // -v 1, -vv 2
  bool debug = false;
  std::string plot;  // --plot: an SVG file for one input, a folder of them for several
  std::string review;  // --review: one HTML page (review_out.hpp)
};

/// A number from `lo` to `hi`, refused at parse time as "5 is outside 10 to 600".
CLI::Validator in_range(double lo, double hi);


/// What the sample keeps: --min/--max-seconds, --start/--end, --keep-pauses, --speaker,
/// --speaker-at, --allow-music, --stream. With their units and ranges in --help.
void add_selection_options(CLI::App* cmd, PrepArgs& a);
/// --loudness (prep, check, clone: check predicts the gain from it).
void add_loudness_option(CLI::App* cmd, PrepArgs& a);
/// --true-peak and --mp3-bitrate: only for commands that encode (prep, clone).
void add_encoding_options(CLI::App* cmd, PrepArgs& a);
/// -j/--jobs.
void add_jobs_option(CLI::App* cmd, PrepArgs& a);
/// The thread budget -j N gives (N; without -j, every core, at least one).
unsigned thread_budget(const PrepArgs& a);
/// -y/--overwrite and -n/--no-overwrite (refusing each other).
void add_overwrite_options(CLI::App* cmd, bool& overwrite, bool* no_overwrite);
/// --json, -q, -v/-vv, --debug (-q refuses the others).
void add_report_options(CLI::App* cmd, bool& json, bool& quiet, int& verbose, bool& debug);
void add_report_options(CLI::App* cmd, PrepArgs& a);

Verbosity verbosity_of(bool quiet, int verbose, bool debug);
Verbosity verbosity_of(const PrepArgs& a);
PrepOptions library_options(const PrepArgs& a, SampleFormat format);

/// --plot FILE.svg (prep and check): a picture of what was kept, one per input.
void add_plot_option(CLI::App* cmd, PrepArgs& a);
/// Where each input's picture goes (empty paths without --plot): the file for one input, or
/// `<folder>/<subfolder with -r>/<input name>.svg` for a batch (the folder is created). Fails before any work when
/// the name cannot be an SVG or the folder cannot be made.
Result<std::vector<std::filesystem::path>> plot_paths(const PrepArgs& a,
                                                      const std::vector<InputItem>& items,
                                                      bool batch);
/// Draws the report (with the loudness target and ceiling) and writes it atomically, making
/// its folder (-r keeps the input's layout).
Result<void> write_plot(const std::filesystem::path& path, const PrepReport& report,
                        double target_lufs = -20.0, double ceiling_dbtp = -2.0);

}  // namespace voxclone::cli

// The prep options `prep`, `check` and `clone` share, and their translation into the
// library's PrepOptions.
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
  bool allow_music = false;
  int mp3_bitrate_kbps = 128;
  int jobs = 0;  // threads; 0: every core
  bool json = false;
  bool quiet = false;
  bool verbose = false;
  std::string plot;  // --plot: an SVG file for one input, a folder of them for several
};

/// The analysis, selection and loudness options, plus --json, -q and -v.
void add_prep_options(CLI::App* cmd, PrepArgs& a);
Verbosity verbosity_of(const PrepArgs& a);
PrepOptions library_options(const PrepArgs& a, SampleFormat format);

/// --plot FILE.svg (prep and check): a picture of what was kept, one per input.
void add_plot_option(CLI::App* cmd, PrepArgs& a);
/// Where each input's picture goes (empty paths without --plot): the file for one input, or
/// `<folder>/<input name>.svg` for a batch (the folder is created). Fails before any work when
/// the name cannot be an SVG or the folder cannot be made.
Result<std::vector<std::filesystem::path>> plot_paths(const PrepArgs& a,
                                                      const std::vector<InputItem>& items,
                                                      bool batch);
/// Draws the report and writes it atomically.
Result<void> write_plot(const std::filesystem::path& path, const PrepReport& report);

}  // namespace voxclone::cli

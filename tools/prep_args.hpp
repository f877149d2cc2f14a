// The prep options `prep`, `check` and `clone` share, and their translation into the
// library's PrepOptions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

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
};

/// The analysis, selection and loudness options, plus --json, -q and -v.
void add_prep_options(CLI::App* cmd, PrepArgs& a);
Verbosity verbosity_of(const PrepArgs& a);
PrepOptions library_options(const PrepArgs& a, SampleFormat format);

}  // namespace voxclone::cli

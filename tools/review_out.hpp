// The review page from the command line: `voxclone review`, and `--review FILE.html` on prep,
// check and clone --dry-run. Where the page goes is settled before any input is read; each
// input leaves a ReviewEntry behind; write_review makes one page of them (the library's
// review_page for one input, review_index for several) and writes it atomically.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "inputs.hpp"
#include "prep_args.hpp"
#include "voxclone/review.hpp"

namespace voxclone::cli {

/// --review FILE.html.
void add_review_option(CLI::App* cmd, std::string& review);

/// Checks the page's name before any input is read: it ends in .html (or .htm), its folder
/// exists and is writable, it is none of the inputs, and an existing file is refused unless
/// `overwrite` (saying so when the command `has_overwrite_flag`: -y). Standard input is refused:
/// the page reads the input a second time.
Result<std::filesystem::path> plan_review(const std::string& path,
                                          const std::vector<InputItem>& items, bool overwrite,
                                          std::string_view option, bool has_overwrite_flag = true);

/// What one input leaves for the page.
struct ReviewEntry {
  InputSource source = InputSource::standard_input();
  PrepReport report;
  std::optional<EncodedSample> sample;  ///< prep's and clone's; none for check
  std::optional<Error> error;           ///< the input could not make a sample
};

/// The target, ceiling and command the page's figures and suggestions use.
ReviewOptions review_options(const PrepArgs& a, std::string command);

/// One input: its page; several: the page listing them all. An error says which file.
Result<void> write_review(const std::filesystem::path& path,
                          const std::vector<ReviewEntry>& entries, const ReviewOptions& options,
                          bool batch);

}  // namespace voxclone::cli

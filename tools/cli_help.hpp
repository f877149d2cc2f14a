// How --help and a bad command line read: CLI11's own formatter and error words, made plain.
// --help shows each option's unit word (SECONDS, LUFS) and its default in the description,
// never CLI11's "FLOAT:FLOAT in [1 - 3600]=30" or "Excludes: --verbose --debug"; a mistyped
// option gets the nearest one ("Did you mean '--out-dir'?"), a missing input says what to give.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

namespace voxclone::cli {

/// The formatter every command's --help uses (set on the top-level app before the commands are
/// added: CLI11 copies it into each).
std::shared_ptr<CLI::Formatter> help_formatter();

/// The nearest of `names` to `word` when it is near enough to be a typo or a prefix; else "".
std::string nearest(std::string_view word, const std::vector<std::string>& names);

/// A parse error in the words a person needs: the unknown option with the nearest known one,
/// or what a missing argument is for. `command` is the subcommand the error belongs to (null:
/// the top level); `args` the command line after the program name.
std::string explain_parse_error(const CLI::ParseError& e, const CLI::App* command,
                                const std::vector<std::string>& args);

}  // namespace voxclone::cli

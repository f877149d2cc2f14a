// The CLI's subcommands. Each registers its options on the app and returns a runner.
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

namespace voxclone::cli {

/// Registers `prep` and `check`; `run` is set to the chosen command's body.
void add_prep_commands(CLI::App& app, std::function<int()>& run);
/// Registers `clone`, `voices` and `speak`.
void add_api_commands(CLI::App& app, std::function<int()>& run);

}  // namespace voxclone::cli

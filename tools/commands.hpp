// The CLI's subcommands, one file each (cmd_<name>.cpp). Each registers its options on the app
// and, when chosen, sets `run` to its body.
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

namespace voxclone::cli {

void add_prep_command(CLI::App& app, std::function<int()>& run);
void add_check_command(CLI::App& app, std::function<int()>& run);
/// `review` (cmd_review.cpp): the HTML page to listen before paying.
void add_review_command(CLI::App& app, std::function<int()>& run);
void add_clone_command(CLI::App& app, std::function<int()>& run);
void add_voices_command(CLI::App& app, std::function<int()>& run);
void add_speak_command(CLI::App& app, std::function<int()>& run);
/// `login` and `logout` (cmd_login.cpp).
void add_login_commands(CLI::App& app, std::function<int()>& run);

}  // namespace voxclone::cli

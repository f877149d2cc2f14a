// voxclone: the command-line tool. Parses arguments, calls the library, prints, and chooses
// the exit code (exit_codes.hpp); it holds no audio logic of its own.
#include <cstdio>
#include <exception>
#include <functional>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "terminal.hpp"
#include "voxclone/version.hpp"

int main(int argc, char** argv) {
  using namespace voxclone::cli;
  CLI::App app{"voxclone: turn voice recordings into samples a voice-cloning service accepts"};
  app.name("voxclone");
  app.set_version_flag("--version", std::string(voxclone::version()));
  app.require_subcommand(1);
  std::function<int()> run;
  add_prep_command(app, run);
  add_check_command(app, run);
  add_clone_command(app, run);
  add_voices_command(app, run);
  add_speak_command(app, run);
  add_login_commands(app, run);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    fmt::print(stderr, "voxclone: error: {}\nRun 'voxclone --help' for usage.\n", e.what());
    return kUsage;
  }
  install_signal_handlers();
  try {
    return run ? run() : kUsage;
  } catch (const std::exception& e) {
    fmt::print(stderr, "voxclone: internal error: {}\n", e.what());
    return kInternal;
  }
}

// voxclone: the command-line tool. Parses arguments, calls the library, prints, and chooses
// the exit code (exit_codes.hpp); it holds no audio logic of its own.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <exception>
#include <functional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <malloc.h>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "api_args.hpp"
#include "cli_help.hpp"
#include "commands.hpp"
#include "exit_codes.hpp"
#include "json_out.hpp"
#include "terminal.hpp"
#include "terminal_text.hpp"
#include "voxclone/version.hpp"

namespace {

using namespace voxclone::cli;

std::vector<std::string> command_names(CLI::App& app) {
  std::vector<std::string> out;
  for (const CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; }))
    out.push_back(sub->get_name());
  return out;
}

int unknown_word(std::string_view word, const std::vector<std::string>& names, bool option) {
  const std::string guess = nearest(word, names);
  fmt::print(stderr, "voxclone: error: '{}' is not a voxclone {}.{}\n", one_line(word),
             option ? "option" : "command",
             guess.empty() ? "" : fmt::format(" Did you mean '{}'?", guess));
  fmt::print(stderr, "Run 'voxclone help' for the commands, 'voxclone help COMMAND' for one.\n");
  return kUsage;
}

// What CLI11 does not do for a first word: "help [CMD]", an unknown command with the nearest
// one, a mistyped top-level option. Returns -1 to let CLI11 parse.
int first_word(CLI::App& app, int argc, char** argv) {
  const auto names = command_names(app);
  if (argc < 2) {
    fmt::print(stderr, "{}", app.help());
    return kUsage;
  }
  const std::string_view w = argv[1];
  if (w == "help") {
    if (argc == 2) {
      fmt::print("{}", app.help());
      return kOk;
    }
    const std::string_view cmd = argv[2];
    if (std::find(names.begin(), names.end(), cmd) == names.end())
      return unknown_word(cmd, names, false);
    fmt::print("{}", app.get_subcommand(std::string(cmd))->help());
    return kOk;
  }
  if (w.starts_with("-")) {
    static const std::vector<std::string> kTop = {"--help", "--version", "-h"};
    if (std::find(kTop.begin(), kTop.end(), w) == kTop.end()) return unknown_word(w, kTop, true);
    return -1;
  }
  if (std::find(names.begin(), names.end(), w) == names.end()) return unknown_word(w, names, false);
  return -1;
}

}  // namespace

int main(int argc, char** argv) {
  // Memory flat at any length (issue 22): every block of 128 KiB or more is a mapping of its
  // own, handed back whole when freed. Left alone, glibc raises this threshold to the largest
  // block freed so far, and after a long input's analysis (its per-frame arrays alone are 9 MB
  // at 10 h) every later buffer came from a heap that analysis had left fragmented: the 10 h
  // speech bench peaked 7 MiB higher. Buffers the decode cycles through are reused
  // (core/spare_vectors.hpp), so this costs no extra mapping per segment.
  mallopt(M_MMAP_THRESHOLD, 128 * 1024);
  // Every command, not only those that sign in: an exported COZE_API_TOKEN sits in the
  // environment of `prep` too, and a core dump of it would hold the token.
  keep_secrets_out_of_core_dumps();
  // First of all, so that a Ctrl-C that comes while the command line is read is still answered
  // with "interrupted" and exit 130, never the default action's silent death.
  install_signal_handlers();
  CLI::App app{"voxclone: turn voice recordings into samples a voice-cloning service accepts"};
  app.name("voxclone");
  app.formatter(help_formatter());  // before the commands: each copies it
  app.set_version_flag("--version", [] {
    return fmt::format("voxclone {}\nlibvoxclone {}\n{}", voxclone::version(), voxclone::version(),
                       voxclone::ffmpeg_version());
  });
  app.require_subcommand(1);
  app.footer("Run 'voxclone help COMMAND' (or 'voxclone COMMAND --help') for a command's options.\n\n" +
             exit_code_footer());
  std::function<int()> run;
  add_prep_command(app, run);
  add_check_command(app, run);
  add_review_command(app, run);
  add_clone_command(app, run);
  add_voices_command(app, run);
  add_speak_command(app, run);
  add_login_commands(app, run);
  if (const int early = first_word(app, argc, argv); early >= 0) return early;
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    const std::string sub = argc > 1 ? argv[1] : "";
    const auto all = app.get_subcommands([](CLI::App*) { return true; });
    const auto cmd = std::find_if(all.begin(), all.end(), [&](CLI::App* c) { return c->get_name() == sub; });
    const std::string why = explain_parse_error(e, cmd == all.end() ? nullptr : *cmd,
                                                std::vector<std::string>(argv + 1, argv + argc));
    fmt::print(stderr, "voxclone: error: {}\nRun 'voxclone help {}' for usage.\n", terminal_safe(why),
               one_line(sub));
    // --json promises one object on stdout, a bad command line included.
    if (std::any_of(argv + 1, argv + argc, [](const char* a) { return std::string_view(a) == "--json"; }))
      print_json(early_failure_json(sub, {{"category", "invalid_argument"},
                                          {"message", why},
                                          {"exit_code", kUsage}}));
    return kUsage;
  }
  int code = kUsage;
  try {
    code = run ? run() : kUsage;
  } catch (const std::system_error& e) {
    // fmt::print throws when stdout cannot take what it writes (a full disk).
    if (std::ferror(stdout) == 0) {
      fmt::print(stderr, "voxclone: internal error: {}\n", e.what());
      return kInternal;
    }
    fmt::print(stderr, "voxclone: error: write to standard output: {}\n", e.code().message());
    return kOutputFailed;
  } catch (const std::exception& e) {
    fmt::print(stderr, "voxclone: internal error: {}\n", e.what());
    return kInternal;
  }
  // What went to stdout (a report, --json, a list) must have arrived: a full disk or a closed
  // pipe is a failed command, not a success. A command that failed already said why.
  if (const int err = flush_stdout(); err != 0 && code == kOk) {
    fmt::print(stderr, "voxclone: error: write to standard output: {}\n", std::strerror(err));
    code = kOutputFailed;
  }
  return code;
}

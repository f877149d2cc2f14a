// `voxclone check`: would each recording make a good sample? Analyses, prints a verdict per
// input, writes nothing.
#include <cstddef>
#include <memory>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "inputs.hpp"
#include "json_out.hpp"
#include "prep_args.hpp"
#include "terminal.hpp"
#include "voxclone/voxclone.hpp"

namespace voxclone::cli {
namespace {

using nlohmann::json;

// "'talk.m4a': found 6.2 s ..." -> "found 6.2 s ...", for lines that already start with the name.
std::string without_name(const std::string& message, const std::string& name) {
  const std::string prefix = "'" + name + "': ";
  return message.starts_with(prefix) ? message.substr(prefix.size()) : message;
}

void print_usable(const std::string& input, const PrepReport& r) {
  const Selection& s = *r.selection;
  fmt::print(
      "{}: usable: {:.1f} s of speech; would keep {:.2f}–{:.2f} s ({:.1f} s, "
      "{:.1f} s of speech){}\n",
      input, r.speech_seconds, s.start_seconds, s.end_seconds, s.output_seconds, s.speech_seconds,
      r.warnings.empty() ? "" : "; to improve:");
  for (const auto& w : r.warnings) fmt::print("  - {}\n", w.message);
  if (r.content) fmt::print("{}", content_to_text(*r.content, r.kept_speaker));
}

// An unsuitable recording is a verdict (stdout); anything else is an error (stderr).
void print_not_usable(Terminal& term, const std::string& input, const Error& e) {
  if (e.category == ErrorCategory::no_speech || e.category == ErrorCategory::too_little_speech) {
    if (term.verbosity() != Verbosity::quiet)
      fmt::print("{}: not usable: {}\n", input, without_name(e.message, input));
  } else {
    term.error(e.message);
  }
}

int run_check(Terminal& term, const PrepArgs& a) {
  auto items = expand_inputs(a.inputs);
  if (!items) {
    term.error(items.error().message);
    return exit_code_for(items.error().category);
  }
  PrepOptions opts = library_options(a, SampleFormat::wav);
  if (auto v = validate_options(opts); !v) {
    term.error(v.error().message);
    return kUsage;
  }
  auto plots = plot_paths(a, *items, items->size() > 1 || items->front().from_folder);
  if (!plots) {
    term.error(plots.error().message);
    return exit_code_for(plots.error().category);
  }
  json results = json::array();
  int first_failure = kOk;
  for (std::size_t i = 0; i < items->size(); ++i) {
    const InputItem& item = (*items)[i];
    if (interrupted()) break;
    opts.callbacks = term.callbacks(item.arg);
    PrepReport partial;
    auto r = check(source_of(item), opts, &partial);
    term.clear_progress();
    json entry = {{"input", item.arg}, {"usable", r.has_value()}};
    if (r) {
      entry["report"] = report_json(*r);
      if (!a.json && term.verbosity() != Verbosity::quiet) print_usable(item.arg, *r);
    } else {
      const int code = exit_code_for(r.error().category);
      if (first_failure == kOk) first_failure = code;
      entry["error"] = error_json(r.error());
      if (!partial.input_name.empty()) entry["report"] = report_json(partial);
      if (!a.json) print_not_usable(term, item.arg, r.error());
      // What the recording holds, so the user can pick --speaker, --start/--end.
      if (!a.json && partial.content && term.verbosity() != Verbosity::quiet)
        fmt::print("{}", content_to_text(*partial.content, partial.kept_speaker));
    }
    // The picture of a usable recording, or of how far the analysis got with an unusable one.
    const PrepReport& drawn = r ? *r : partial;
    if (!(*plots)[i].empty() && !drawn.waveform.min.empty()) {
      if (auto w = write_plot((*plots)[i], drawn); !w) {
        term.error(w.error().message);
        if (first_failure == kOk) first_failure = exit_code_for(w.error().category);
      } else {
        entry["plot"] = (*plots)[i].string();
      }
    }
    results.push_back(entry);
  }
  if (a.json) {
    if (results.size() == 1 && !items->front().from_folder)
      print_json(results[0]);
    else
      print_json({{"results", results}});
  }
  if (interrupted()) return kInterrupted;
  return first_failure;
}

}  // namespace

void add_check_command(CLI::App& app, std::function<int()>& run) {
  auto args = std::make_shared<PrepArgs>();
  CLI::App* chk =
      app.add_subcommand("check", "Would these recordings make good samples? Writes nothing");
  chk->add_option("inputs", args->inputs,
                  "Recordings (any audio or video file), folders, or - for stdin")
      ->required();
  add_prep_options(chk, *args);
  add_plot_option(chk, *args);
  chk->callback([args, &run] {
    run = [args] {
      Terminal t(verbosity_of(*args));
      return run_check(t, *args);
    };
  });
}

}  // namespace voxclone::cli

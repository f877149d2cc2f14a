// `voxclone prep`: recordings in, a clone-ready sample out for each. run_prep reads as the flow:
// plan (format, inputs, where each sample goes), prepare every input (N at once with -j),
// summarise and choose the exit code.
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

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

// What is settled before any input is read.
struct PrepPlan {
  std::vector<InputItem> items;
  std::vector<std::filesystem::path> outputs;  // one per item, in input order
  std::vector<std::filesystem::path> plots;    // --plot: one per item (empty: none)
  PrepOptions options;
  bool batch = false;      // several inputs, or a folder: the samples go to a folder
  bool to_stdout = false;  // -o -
  std::size_t jobs = 1;    // inputs prepared at once
  unsigned threads_per_input = 1;
};

// One input's outcome: its JSON entry (null: never reached, interrupted) and exit code.
struct Outcome {
  json entry;
  int code = kOk;
};

// Resolves the output format: --format, else the output's extension, else WAV.
Result<SampleFormat> resolve_format(const PrepArgs& a) {
  if (!a.format.empty()) {
    auto f = parse_sample_format(a.format);
    if (!f)
      return fail(ErrorCategory::invalid_argument,
                  fmt::format("--format '{}': use wav, pcm or mp3", a.format));
    return *f;
  }
  if (!a.output.empty() && a.output != "-" && !std::filesystem::is_directory(a.output)) {
    const auto ext = std::filesystem::path(a.output).extension().string();
    if (ext.empty()) return SampleFormat::wav;
    if (auto f = format_from_path(a.output)) return *f;
    return fail(ErrorCategory::invalid_argument,
                fmt::format("cannot write '{}' files: the clone endpoint takes wav, pcm or mp3 "
                            "(use one of those extensions or --format)",
                            ext));
  }
  return SampleFormat::wav;
}

// The folder for the samples: --out-dir, or for several inputs an -o that names a folder.
// Empty: no folder (one input, named by -o or after the input).
Result<std::filesystem::path> resolve_out_dir(const PrepArgs& a, bool batch) {
  if (!batch || !a.out_dir.empty()) return std::filesystem::path(a.out_dir);
  if (!a.output.empty() && std::filesystem::is_directory(a.output))
    return std::filesystem::path(a.output);
  return fail(ErrorCategory::invalid_argument,
              "several inputs need --out-dir (a folder for the samples)");
}

Result<void> create_out_dir(const std::filesystem::path& out_dir) {
  if (out_dir.empty()) return {};
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec)
    return fail(ErrorCategory::output_failed,
                fmt::format("--out-dir '{}': {}", out_dir.string(), ec.message()));
  return {};
}

// Outputs are named up front, in input order, so names do not depend on which job ends first.
std::vector<std::filesystem::path> name_outputs(const std::vector<InputItem>& items,
                                                const PrepArgs& a,
                                                const std::filesystem::path& out_dir,
                                                SampleFormat format) {
  std::vector<std::filesystem::path> taken, outs;
  for (const auto& item : items) {
    if (!out_dir.empty())
      outs.push_back(output_for(item, out_dir, format, taken));
    else if (!a.output.empty())
      outs.emplace_back(a.output);
    else if (item.path.empty())
      outs.push_back(output_for(item, ".", format, taken));
    else
      outs.emplace_back(item.path.stem().string() + "-sample." + std::string(to_string(format)));
  }
  return outs;
}

// Everything that can fail before an input is read, in the order the user would fix it: the
// format, the inputs, the options, -j, where the samples go.
Result<PrepPlan> plan_prep(const PrepArgs& a) {
  auto format = resolve_format(a);
  if (!format) return std::unexpected(format.error());
  auto items = expand_inputs(a.inputs);
  if (!items) return std::unexpected(items.error());
  PrepPlan p;
  p.items = std::move(*items);
  p.options = library_options(a, *format);
  if (auto v = validate_options(p.options); !v) return std::unexpected(v.error());
  if (a.jobs < 0 || a.jobs > 64)
    return fail(ErrorCategory::invalid_argument,
                fmt::format("-j {}: give 1 to 64 threads (0: every core)", a.jobs));
  p.batch = p.items.size() > 1 || p.items.front().from_folder;
  p.to_stdout = a.output == "-";
  auto out_dir = resolve_out_dir(a, p.batch);
  if (!out_dir) return std::unexpected(out_dir.error());
  if (p.to_stdout && (p.batch || a.json))
    return fail(ErrorCategory::invalid_argument, p.batch
                                                     ? "-o - (stdout) takes one input"
                                                     : "-o - (stdout) and --json both want stdout");
  if (auto c = create_out_dir(*out_dir); !c) return std::unexpected(c.error());
  p.outputs = name_outputs(p.items, a, *out_dir, *format);
  auto plots = plot_paths(a, p.items, p.batch);
  if (!plots) return std::unexpected(plots.error());
  p.plots = std::move(*plots);
  // -j N is a thread budget. Several inputs: N at once, one thread each (whole files in
  // parallel share nothing, so they scale best). One input: all N threads work on it.
  const unsigned budget = a.jobs > 0 ? static_cast<unsigned>(a.jobs)
                                     : std::max(1u, std::thread::hardware_concurrency());
  p.jobs = std::min<std::size_t>(budget, p.items.size());
  p.threads_per_input = std::max(1u, budget / static_cast<unsigned>(p.jobs));
  return p;
}

bool same_file(const std::filesystem::path& a, const std::filesystem::path& b) {
  std::error_code ec;
  return std::filesystem::exists(a, ec) && std::filesystem::exists(b, ec) &&
         std::filesystem::equivalent(a, b, ec);
}

// Input i's sample to where the plan sends it: standard output, or its file (atomically).
Result<void> write_sample(const PrepPlan& plan, std::size_t i, std::span<const std::byte> bytes) {
  if (plan.to_stdout) return write_to_stdout(bytes);
  return write_file_atomically(plan.outputs[i], bytes);
}

// Input i, start to finish: prepare, write, print its report. Safe to run on several threads
// at once (see the library's notes); `print_mutex` keeps their reports whole.
Outcome prepare_one(Terminal& term, const PrepArgs& a, const PrepPlan& plan, std::size_t i,
                    std::mutex& print_mutex) {
  const InputItem& item = plan.items[i];
  const std::filesystem::path& out = plan.outputs[i];
  json entry = {{"input", item.arg}};
  auto failed = [&](const Error& e, const PrepReport* partial) {
    term.error(e.message);
    entry["ok"] = false;
    entry["error"] = error_json(e);
    if (partial) entry["report"] = report_json(*partial);
    return Outcome{std::move(entry), exit_code_for(e.category)};
  };
  if (!plan.to_stdout && !item.path.empty() && same_file(item.path, out))
    return failed(Error{ErrorCategory::invalid_argument,
                        fmt::format("'{}': the output would overwrite the input", item.arg)},
                  nullptr);
  const std::filesystem::path& plot = plan.plots[i];
  if (!plot.empty() && !item.path.empty() && same_file(item.path, plot))
    return failed(Error{ErrorCategory::invalid_argument,
                        fmt::format("'{}': the picture would overwrite the input", item.arg)},
                  nullptr);
  PrepOptions o = plan.options;
  o.callbacks = term.callbacks(item.arg);
  o.threads = plan.threads_per_input;
  auto r = prepare(source_of(item), o);
  term.clear_progress();
  if (!r) return failed(r.error(), nullptr);
  if (interrupted())
    return failed(Error{ErrorCategory::cancelled, "interrupted; nothing written"}, nullptr);
  if (auto w = write_sample(plan, i, r->sample.bytes); !w) return failed(w.error(), &r->report);
  if (!plan.to_stdout) r->report.output->path = out.string();
  if (!plot.empty()) {
    if (auto w = write_plot(plot, r->report); !w) return failed(w.error(), &r->report);
    entry["plot"] = plot.string();
  }
  entry["ok"] = true;
  entry["output"] = plan.to_stdout ? "-" : out.string();
  entry["report"] = report_json(r->report);
  if (!a.json && term.verbosity() != Verbosity::quiet) {
    std::lock_guard lock(print_mutex);
    fmt::print(plan.to_stdout ? stderr : stdout, "{}", to_text(r->report));
  }
  return Outcome{std::move(entry), kOk};
}

// -j N: a small pool; each worker takes the next input until none are left (or interrupted).
std::vector<Outcome> prepare_all(Terminal& term, const PrepArgs& a, const PrepPlan& plan) {
  term.show_progress(plan.jobs == 1);
  std::vector<Outcome> outcomes(plan.items.size());
  std::mutex print_mutex;
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i; (i = next++) < plan.items.size() && !interrupted();)
      outcomes[i] = prepare_one(term, a, plan, i, print_mutex);
  };
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < plan.jobs; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  return outcomes;
}

// The outcomes in input order: with --json one report (a single input) or all of them with
// counts; for a batch, a line per failure. The exit code is the first failure's (130 when
// interrupted).
int summarise(Terminal& term, const PrepArgs& a, const PrepPlan& plan,
              std::vector<Outcome>& outcomes) {
  json results = json::array();
  int first_failure = kOk;
  int failed = 0;
  for (Outcome& o : outcomes) {
    if (o.entry.is_null()) continue;  // not reached: interrupted
    if (o.code != kOk) {
      ++failed;
      if (first_failure == kOk) first_failure = o.code;
    }
    results.push_back(std::move(o.entry));
  }
  const int succeeded = static_cast<int>(results.size()) - failed;
  if (a.json) {
    if (!plan.batch && results.size() == 1) {
      json one = results[0].contains("report") ? results[0]["report"] : json::object();
      one["ok"] = results[0]["ok"];
      if (results[0].contains("error")) one["error"] = results[0]["error"];
      print_json(one);
    } else {
      print_json({{"results", results}, {"succeeded", succeeded}, {"failed", failed}});
    }
  } else if (plan.batch && term.verbosity() != Verbosity::quiet) {
    fmt::print("{} of {} inputs prepared{}\n", succeeded, plan.items.size(),
               failed ? fmt::format("; {} failed:", failed) : "");
    for (const auto& e : results)
      if (!e["ok"].get<bool>())
        fmt::print("  {}: {}\n", e["input"].get<std::string>(),
                   e["error"]["message"].get<std::string>());
  }
  if (interrupted()) return kInterrupted;
  return first_failure;
}

int run_prep(Terminal& term, const PrepArgs& a) {
  auto plan = plan_prep(a);
  if (!plan) {
    term.error(plan.error().message);
    return exit_code_for(plan.error().category);
  }
  std::vector<Outcome> outcomes = prepare_all(term, a, *plan);
  return summarise(term, a, *plan, outcomes);
}

}  // namespace

void add_prep_command(CLI::App& app, std::function<int()>& run) {
  auto args = std::make_shared<PrepArgs>();
  CLI::App* prep = app.add_subcommand("prep", "Turn recordings into clone-ready samples");
  prep->add_option("inputs", args->inputs,
                   "Recordings (any audio or video file), folders, or - for stdin")
      ->required();
  add_prep_options(prep, *args);
  add_plot_option(prep, *args);
  prep->add_option("-o,--output", args->output, "Output file (- for stdout), or a folder");
  prep->add_option("--out-dir", args->out_dir, "Folder for the samples of several inputs");
  prep->add_option("-j,--jobs", args->jobs,
                   "Threads to use [default: every core]. Several inputs are prepared N at once, "
                   "one thread each; a single input gets all N");
  prep->add_option("--format", args->format,
                   "wav, pcm (raw 24 kHz s16le) or mp3 [default: from -o, else wav]");
  prep->callback([args, &run] {
    run = [args] {
      Terminal t(verbosity_of(*args));
      return run_prep(t, *args);
    };
  });
  prep->footer(
      "Exit codes: 0 ok, 2 usage, 3 input missing/unreadable, 4 not audio, 5 no or too "
      "little speech, 6 output not written, 7 sample invalid, 130 interrupted.");
}

}  // namespace voxclone::cli

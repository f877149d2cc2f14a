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
#include "like.hpp"
#include "prep_combine.hpp"
#include "json_out.hpp"
#include "outputs.hpp"
#include "prep_args.hpp"
#include "review_out.hpp"
#include "summary.hpp"
#include "terminal.hpp"
#include "voxclone/voxclone.hpp"

namespace voxclone::cli {
namespace {

using nlohmann::json;

// What is settled before any input is read.
struct PrepPlan {
  std::vector<InputItem> items;
  std::vector<std::filesystem::path> outputs;  // one per item, in input order
  std::vector<bool> skip;                      // -n: the output exists, the input is left alone
  std::size_t skipped_not_media = 0;
  std::size_t skipped_subfolders = 0;          // without -r
  std::vector<std::filesystem::path> plots;    // --plot: one per item (empty: none)
  std::filesystem::path review;                // --review: one page for every input (empty: none)
  PrepOptions options;
  bool batch = false;      // several inputs, or a folder: the samples go to a folder
  bool to_stdout = false;  // -o -
  std::size_t jobs = 1;    // inputs prepared at once
  unsigned threads_per_input = 1;
};

// One input's outcome: its JSON result (null: never started, interrupted) and exit code.
struct Outcome {
  json entry;
  int code = kOk;
  std::optional<ReviewEntry> review;  // --review: what the page shows of this input
};

// The folder for the samples: --out-dir, or -o naming a folder. Empty: no folder (one input,
// named by -o or after the input in the current folder).
Result<std::filesystem::path> resolve_out_dir(const PrepArgs& a, bool batch) {
  if (!a.out_dir.empty() && !a.output.empty())
    return fail(ErrorCategory::invalid_argument,
                "-o and --out-dir both say where the samples go: give one of them");
  if (!a.out_dir.empty()) return std::filesystem::path(a.out_dir);
  if (names_a_folder(a.output)) return std::filesystem::path(a.output);
  if (batch && a.output == "-")
    return fail(ErrorCategory::invalid_argument, "-o - (stdout) takes one input");
  if (batch)
    return fail(ErrorCategory::invalid_argument,
                a.output.empty() ? "several inputs need a folder for the samples: --out-dir DIR"
                                 : fmt::format("-o '{}' names one file, but there are several "
                                               "inputs: give a folder (--out-dir DIR or -o DIR/)",
                                               a.output));
  return std::filesystem::path();
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

// The naming rule (README.md, "Where the samples go"): -o FILE for one input; else
// FOLDER/<stem>-sample.<ext> with FOLDER = --out-dir, -o DIR/ or the current folder.
std::vector<std::filesystem::path> name_outputs(const std::vector<InputItem>& items,
                                                const PrepArgs& a,
                                                const std::filesystem::path& out_dir,
                                                SampleFormat format) {
  if (out_dir.empty() && !a.output.empty())
    return {std::filesystem::path(with_format_extension(a.output, "." + std::string(to_string(format))))};
  return sample_names(items, out_dir.empty() ? std::filesystem::path(".") : out_dir, format);
}

// Every output: not an input, its folder writable, and an existing file refused (-y replaces,
// -n skips). All of them are checked before the first input is read.
Result<void> check_outputs(const PrepArgs& a, PrepPlan& p) {
  p.skip.assign(p.items.size(), false);
  if (p.to_stdout) return {};
  const Existing policy = existing_policy(a.overwrite, a.no_overwrite);
  for (std::size_t i = 0; i < p.items.size(); ++i) {
    if (!p.items[i].path.empty() && same_file(p.items[i].path, p.outputs[i]))
      return fail(ErrorCategory::invalid_argument,
                  fmt::format("'{}': the output would overwrite the input", p.items[i].arg));
    auto c = check_output_file(p.outputs[i], policy, "output", !p.items[i].relative_dir.empty());
    if (!c) return std::unexpected(c.error());
    p.skip[i] = *c;
  }
  return {};
}

// Where the samples, pictures and review page go, checked (plan_prep's second half).
Result<void> plan_outputs(const PrepArgs& a, PrepPlan& p, const std::filesystem::path& out_dir,
                          SampleFormat format) {
  if (p.to_stdout && a.json)
    return fail(ErrorCategory::invalid_argument, "-o - (stdout) and --json both want stdout");
  if (p.to_stdout)
    if (auto t = refuse_terminal_stdout("-o"); !t) return std::unexpected(t.error());
  if (a.overwrite && a.no_overwrite)
    return fail(ErrorCategory::invalid_argument, "-y replaces files and -n never does: give one");
  // A folder is made only once the example (measured alongside) is known to be good: a bad one
  // leaves nothing behind, as when it was measured first.
  std::error_code ec;
  if (!out_dir.empty() && !std::filesystem::is_directory(out_dir, ec))
    if (auto e = like_failed(p.options)) return std::unexpected(*e);
  if (auto c = create_out_dir(out_dir); !c) return std::unexpected(c.error());
  p.outputs = p.to_stdout ? std::vector<std::filesystem::path>{"-"}
                          : name_outputs(p.items, a, out_dir, format);
  if (auto c = check_outputs(a, p); !c) return std::unexpected(c.error());
  auto plots = plot_paths(a, p.items, p.batch);
  if (!plots) return std::unexpected(plots.error());
  p.plots = std::move(*plots);
  if (!a.review.empty()) {
    auto review = plan_review(a.review, p.items, a.overwrite, "--review");
    if (!review) return std::unexpected(review.error());
    p.review = std::move(*review);
  }
  return {};
}

// Everything that can fail before an input is read, in the order the user would fix it: the
// inputs, where the samples go and in what format, the options, -j, the output files.
Result<PrepPlan> plan_prep(const PrepArgs& a) {
  auto inputs = expand_inputs(a.inputs, a.recursive);
  if (!inputs) return std::unexpected(inputs.error());
  PrepPlan p;
  p.items = std::move(inputs->items);
  p.skipped_not_media = inputs->skipped_not_media;
  p.skipped_subfolders = inputs->skipped_subfolders;
  p.batch = p.items.size() > 1 || p.items.front().from_folder;
  p.to_stdout = a.output == "-";
  auto out_dir = resolve_out_dir(a, p.batch);
  if (!out_dir) return std::unexpected(out_dir.error());
  auto format = sample_format_for(a.format, out_dir->empty() ? a.output : std::string(), "-o",
                                  SampleFormat::wav);
  if (!format) return std::unexpected(format.error());
  p.options = library_options(a, *format);
  if (auto v = validate_options(p.options); !v) return std::unexpected(v.error());
  // -j N is a thread budget. Several inputs: N at once, one thread each (whole files in
  // parallel share nothing, so they scale best). One input: all N threads work on it, and one
  // of them measures --like's example while the others decode and analyse the input.
  const unsigned budget = thread_budget(a);
  if (auto l = resolve_like(a.like, p.options, {}, like_timing(!p.batch, budget)); !l)
    return std::unexpected(l.error());
  // The rest fails as before: an example measured alongside that fails is the error (it came
  // first when it was measured first).
  auto planned = plan_outputs(a, p, *out_dir, *format);
  if (!planned) {
    if (auto e = like_failed(p.options)) return std::unexpected(*e);
    return std::unexpected(planned.error());
  }
  p.jobs = std::min<std::size_t>(budget, p.items.size());
  p.threads_per_input = std::max(1u, budget / static_cast<unsigned>(p.jobs));
  return p;
}

// Input i's sample to where the plan sends it: standard output, or its file (atomically; without
// -y a file that appeared since the plan checked is kept: the check and the naming are one step).
Result<void> write_sample(const PrepArgs& a, const PrepPlan& plan, std::size_t i,
                          std::span<const std::byte> bytes) {
  if (plan.to_stdout) return write_to_stdout(bytes);
  const auto folder = plan.outputs[i].parent_path();
  std::error_code ec;
  if (!folder.empty()) std::filesystem::create_directories(folder, ec);  // -r's subfolders
  return write_file_atomically(plan.outputs[i], bytes, {.replace_existing = a.overwrite});
}

// Input i, start to finish: prepare, write, print its report. Safe to run on several threads
// at once (see the library's notes); the terminal keeps their reports whole. A failure is
// printed here, once; the summary only counts it.
Outcome prepare_one(Terminal& term, const PrepArgs& a, const PrepPlan& plan, std::size_t i) {
  const InputItem& item = plan.items[i];
  const std::filesystem::path& out = plan.outputs[i];
  // --like's example, measured alongside, failed: the run fails with its error alone, as when
  // it was measured first (run_prep), so nothing of the input is said.
  if (plan.skip[i] && like_failed(plan.options)) return Outcome{};
  if (plan.skip[i]) {
    term.note(fmt::format("{}: skipped: '{}' exists (-n)", item.arg, out.string()));
    json entry = result_json(item.arg, "skipped", kOk);
    entry["output"] = out.string();
    return Outcome{std::move(entry), kOk, std::nullopt};
  }
  auto failed = [&](const Error& e, const PrepReport* partial) {
    if (like_failed(plan.options)) return Outcome{};
    term.error(e.message);
    const int code = exit_code_for(e.category);
    // Ctrl-C while this input was worked on: interrupted, not a failure of the input.
    json entry = result_json(item.arg, e.category == ErrorCategory::cancelled ? "interrupted" : "failed", code);
    entry["error"] = error_json(e);
    if (partial && a.json) entry["report"] = report_json(*partial);  // --json only: 1 MB an hour
    Outcome outcome{std::move(entry), code, std::nullopt};
    if (!plan.review.empty() && !item.path.empty() && e.category != ErrorCategory::cancelled) {
      outcome.review = ReviewEntry{source_of(item), partial ? *partial : PrepReport{}, std::nullopt, e};
      if (outcome.review->report.input_name.empty()) outcome.review->report.input_name = item.arg;
    }
    return outcome;
  };
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
  if (auto w = write_sample(a, plan, i, r->sample.bytes); !w) {
    // -n: a file that appeared while this input was worked on is kept, as one found before.
    std::error_code ec;
    if (a.no_overwrite && !plan.to_stdout && std::filesystem::is_regular_file(out, ec)) {
      term.note(fmt::format("{}: skipped: '{}' appeared meanwhile (-n)", item.arg, out.string()));
      json entry = result_json(item.arg, "skipped", kOk);
      entry["output"] = out.string();
      return Outcome{std::move(entry), kOk, std::nullopt};
    }
    return failed(w.error(), &r->report);
  }
  if (!plan.to_stdout) r->report.output->path = out.string();
  json entry = result_json(item.arg, "ok", kOk);
  if (!plot.empty()) {
    if (auto w = write_plot(plot, r->report, a.loudness, a.true_peak); !w) return failed(w.error(), &r->report);
    entry["plot"] = plot.string();
  }
  entry["output"] = plan.to_stdout ? "-" : out.string();
  // Only --json prints the report: as a JSON tree its timeline costs about 1 MB an hour of input.
  if (a.json) entry["report"] = report_json(r->report);
  std::optional<ReviewEntry> review;
  if (!plan.review.empty()) review = ReviewEntry{source_of(item), r->report, std::move(r->sample), std::nullopt};
  if (!a.json && term.verbosity() != Verbosity::quiet)
    term.print(plan.to_stdout ? stderr : stdout,
               to_text(r->report, term.verbosity() == Verbosity::normal ? TimelineText::summary
                                                                        : TimelineText::stretches));
  // prep uploads nothing, so it writes the sample whatever the verdict, but says what clone
  // would make of it.
  if (const SampleVerdict& v = *r->report.verdict; v.blocks_upload() && !a.json) {
    std::string why;
    for (const auto& reason : v.reasons)
      if (reason.blocks_upload) why += fmt::format("\n  - {}", reason.message);
    term.note(fmt::format("{}: clone would refuse this sample ({}):{}\nThe sample was written all "
                          "the same; clone --force would upload it anyway.",
                          item.arg, v.blocking_codes(), why));
  }
  return Outcome{std::move(entry), kOk, std::move(review)};
}

// Which inputs are being worked on, for the batch line of -j N.
class BatchBoard {
 public:
  BatchBoard(Terminal& term, const PrepPlan& plan) : term_(term), plan_(plan) {}
  void started(std::size_t i) { update(i, true); }
  void finished(std::size_t i) { update(i, false); }

 private:
  void update(std::size_t i, bool starting) {
    std::lock_guard lock(mutex_);
    if (starting) {
      working_.push_back(i);
    } else {
      std::erase(working_, i);
      ++done_;
    }
    if (!starting) done_work_ += term_.batch_weight(i);
    std::string names;
    for (std::size_t w : working_)
      names += (names.empty() ? "" : ", ") + plan_.items[w].path.filename().string();
    term_.show_batch_status(done_, plan_.items.size(), names, done_work_);
  }
  Terminal& term_;
  const PrepPlan& plan_;
  std::mutex mutex_;
  std::vector<std::size_t> working_;
  std::size_t done_ = 0;
  double done_work_ = 0;  // the inputs done, weighed by their length
};

// -j N: a small pool; each worker takes the next input until none are left (or interrupted).
// One at a time, the line shows that input's stages ("3 of 6 [###---] a.m4a: decode 42%");
// several at once, how many are done and which are being worked on.
std::vector<Outcome> prepare_all(Terminal& term, const PrepArgs& a, const PrepPlan& plan) {
  term.show_progress(plan.jobs == 1);
  // The bar counts work, not files: each input weighs what its header says it lasts.
  if (plan.batch && term.shows_progress()) term.set_batch_weights(announced_seconds(plan.items));
  std::vector<Outcome> outcomes(plan.items.size());
  std::atomic<std::size_t> next{0};
  BatchBoard board(term, plan);
  auto worker = [&] {
    for (std::size_t i; (i = next++) < plan.items.size() && !interrupted();) {
      if (plan.batch && plan.jobs == 1) term.set_batch_position(i, plan.items.size());
      if (plan.jobs > 1) board.started(i);
      outcomes[i] = prepare_one(term, a, plan, i);
      if (plan.jobs > 1) board.finished(i);
    }
  };
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < plan.jobs; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
  term.clear_progress();
  return outcomes;
}

// --review: one page of every input that got as far as a report; a failure to write it fails
// the inputs that had succeeded (output_failed).
void write_prep_review(Terminal& term, const PrepArgs& a, const PrepPlan& plan, std::vector<Outcome>& outcomes) {
  std::vector<ReviewEntry> entries;
  for (Outcome& o : outcomes)
    if (o.review) entries.push_back(std::move(*o.review));
  if (entries.empty()) return;
  ReviewOptions ro = review_options(a, "prep");
  ro.callbacks = term.callbacks("review");
  if (auto w = write_review(plan.review, entries, ro, plan.batch); !w) {
    term.error(w.error().message);
    for (Outcome& o : outcomes)
      if (o.code == kOk && !o.entry.is_null()) {
        o.code = exit_code_for(w.error().category);
        mark_failed(o.entry, o.code, error_json(w.error()));
      }
    return;
  }
  for (Outcome& o : outcomes)
    if (!o.entry.is_null() && o.entry.contains("report")) o.entry["review"] = plan.review.string();
}

int run_prep(Terminal& term, const PrepArgs& a) {
  if (a.combine) return run_prep_combined(term, a);
  auto plan = plan_prep(a);
  if (!plan) {
    term.error(plan.error().message);
    if (a.json) print_json(early_failure_json("prep", error_json(plan.error())));
    return exit_code_for(plan.error().category);
  }
  std::vector<Outcome> outcomes = prepare_all(term, a, *plan);
  if (auto e = like_failed(plan->options)) {
    term.error(e->message);
    if (a.json) print_json(early_failure_json("prep", error_json(*e)));
    return exit_code_for(e->category);
  }
  if (!plan->review.empty() && !interrupted()) write_prep_review(term, a, *plan, outcomes);
  std::vector<json> entries;
  std::vector<int> codes;
  std::vector<std::string> names;
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    entries.push_back(std::move(outcomes[i].entry));
    codes.push_back(outcomes[i].code);
    names.push_back(plan->items[i].arg);
  }
  return summarise_batch(term, "prep", "prepared", names, entries, codes, plan->batch, a.json,
                         plan->skipped_not_media, plan->skipped_subfolders);
}

}  // namespace

void add_prep_command(CLI::App& app, std::function<int()>& run) {
  auto args = std::make_shared<PrepArgs>();
  CLI::App* prep = app.add_subcommand("prep", "Turn recordings into clone-ready samples");
  prep->add_option("inputs", args->inputs,
                   "Recordings (any audio or video file), folders, or - for stdin")
      ->required();
  prep->add_option("-o,--output", args->output,
                   "Output file (- for stdout, not a terminal; a name without an extension gets "
                   "the format's), or a folder (an existing one, or a name ending in /) "
                   "[default: <input>-sample.<ext> in the current folder]");
  prep->add_option("--out-dir", args->out_dir,
                   "Folder for the samples, <input>-sample.<ext> each (made if missing)");
  prep->add_flag("-r,--recursive", args->recursive,
                 "Search folders' subfolders too; the samples keep their layout under the folder");
  add_plot_option(prep, *args);
  add_review_option(prep, args->review);
  prep->add_option("--format", args->format,
                   "wav, pcm (raw 24 kHz s16le) or mp3 [default: from -o's extension, else wav]");
  add_overwrite_options(prep, args->overwrite, &args->no_overwrite);
  prep->add_flag("--combine", args->combine,
                 "One sample of one person from all the inputs (-o FILE): each one's clean speech, "
                 "loudness matched, joined in pauses; an input whose voice is someone else's is "
                 "refused by name (exit 5)");
  add_selection_options(prep, *args);
  add_loudness_option(prep, *args);
  add_encoding_options(prep, *args);
  add_jobs_option(prep, *args);
  add_report_options(prep, *args);
  prep->callback([args, &run] {
    run = [args] {
      Terminal t(verbosity_of(*args));
      return run_prep(t, *args);
    };
  });
  static constexpr int kCodes[] = {kOk, kUsage, kInputMissing, kNotAudio, kUnsuitable,
                                   kOutputFailed, kSampleInvalid, kInterrupted};
  prep->footer(exit_code_footer(kCodes));
}

}  // namespace voxclone::cli

// `voxclone review`: listen before you pay. Prepares each input in memory (as prep would, but
// writing no sample), then writes one HTML page: the verdict and warnings, the timeline, every
// voice and left-out stretch playable, the sample playable with its loudness (the library's
// review_page; several inputs: review_index, worst first). Exits as check does: 5 when clone
// would refuse an input's sample.
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "inputs.hpp"
#include "like.hpp"
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

struct Planned {
  std::vector<InputItem> items;
  std::size_t skipped_not_media = 0;
  std::filesystem::path page;
  PrepOptions options;
  bool batch = false;
};

// -o, else <stem>-review.html for one input and review.html for several, in the current folder.
std::string page_name(const PrepArgs& a, const std::vector<InputItem>& items, bool batch) {
  if (!a.output.empty()) return a.output;
  if (batch) return "review.html";
  return items.front().path.stem().string() + "-review.html";
}

Result<Planned> plan(const PrepArgs& a) {
  auto inputs = expand_inputs(a.inputs, a.recursive);
  if (!inputs) return std::unexpected(inputs.error());
  Planned p;
  p.items = std::move(inputs->items);
  p.skipped_not_media = inputs->skipped_not_media;
  p.batch = p.items.size() > 1 || p.items.front().from_folder;
  auto format = sample_format_for(a.format, "", "--format", SampleFormat::mp3);
  if (!format) return std::unexpected(format.error());
  p.options = library_options(a, *format);
  if (auto v = validate_options(p.options); !v) return std::unexpected(v.error());
  if (auto l = resolve_like(a.like, p.options); !l) return std::unexpected(l.error());
  auto page = plan_review(page_name(a, p.items, p.batch), p.items, a.overwrite, "-o");
  if (!page) return std::unexpected(page.error());
  p.page = std::move(*page);
  p.options.threads = a.jobs > 0 ? static_cast<unsigned>(a.jobs) : 0;
  return p;
}

// "talk.m4a: usable with warnings (large_gain); kept 0:12.3–0:45.0, 28.4 s"
void print_line(const std::string& name, const ReviewEntry& e) {
  if (e.error) {
    const std::string prefix = "'" + name + "': ";
    const std::string& m = e.error->message;
    fmt::print("{}: not usable: {}\n", name, m.starts_with(prefix) ? m.substr(prefix.size()) : m);
    return;
  }
  const SampleVerdict& v = *e.report.verdict;
  const Selection& s = *e.report.selection;
  fmt::print("{}: {}; kept {:.1f}–{:.1f} s, a {:.1f} s sample\n", name, verdict_to_text(v),
             s.start_seconds, s.end_seconds, s.output_seconds);
}

// One input, prepared in memory; an input with too little speech is checked instead, so the
// page still shows what it holds.
std::pair<json, int> review_one(Terminal& term, const PrepArgs& a, PrepOptions o,
                                const InputItem& item, std::vector<ReviewEntry>& entries) {
  o.callbacks = term.callbacks(item.arg);
  ReviewEntry e;
  e.source = source_of(item);
  auto r = prepare(e.source, o);
  term.clear_progress();
  int code = kOk;
  json entry = result_json(item.arg, "ok", kOk);
  if (r) {
    e.report = std::move(r->report);
    e.sample = std::move(r->sample);
    if (e.report.verdict->blocks_upload()) {
      code = kUnsuitable;
      mark_failed(entry, code,
                  bad_voice_json(*e.report.verdict, refusal_message(*e.report.verdict) +
                                                        "\nclone uploads it only with --force"));
    }
    entry["report"] = report_json(e.report);
  } else {
    code = exit_code_for(r.error().category);
    mark_failed(entry, code, error_json(r.error()));
    if (r.error().category != ErrorCategory::no_speech &&
        r.error().category != ErrorCategory::too_little_speech) {
      term.error(r.error().message);
      return {std::move(entry), code};  // nothing to show: not audio, unreadable, interrupted
    }
    PrepReport partial;
    (void)check(e.source, o, &partial);
    e.report = std::move(partial);
    if (e.report.input_name.empty()) e.report.input_name = item.arg;
    e.error = r.error();
    entry["report"] = report_json(e.report);
  }
  if (!a.json && term.verbosity() != Verbosity::quiet) print_line(item.arg, e);
  entries.push_back(std::move(e));
  return {std::move(entry), code};
}

int run_review(Terminal& term, const PrepArgs& a) {
  auto p = plan(a);
  if (!p) {
    term.error(p.error().message);
    if (a.json) print_json(early_failure_json("review", error_json(p.error())));
    return exit_code_for(p.error().category);
  }
  std::vector<json> results(p->items.size());
  std::vector<int> codes(p->items.size(), kOk);
  std::vector<std::string> names;
  std::vector<ReviewEntry> entries;
  for (const auto& item : p->items) names.push_back(item.arg);
  for (std::size_t i = 0; i < p->items.size() && !interrupted(); ++i) {
    if (p->batch) term.set_batch_position(i, p->items.size());
    std::tie(results[i], codes[i]) = review_one(term, a, p->options, p->items[i], entries);
  }
  if (!entries.empty() && !interrupted()) {
    ReviewOptions ro = review_options(a, "prep");
    ro.callbacks = term.callbacks("review");
    if (auto w = write_review(p->page, entries, ro, p->batch); !w) {
      term.error(w.error().message);
      for (std::size_t i = 0; i < results.size(); ++i)
        if (codes[i] == kOk) {
          codes[i] = exit_code_for(w.error().category);
          mark_failed(results[i], codes[i], error_json(w.error()));
        }
    } else {
      for (json& r : results)
        if (r.contains("report")) r["review"] = p->page.string();
      if (!a.json) term.note(fmt::format("review page: {}", p->page.string()));
    }
  }
  return summarise_batch(term, "review", "reviewed", names, results, codes, p->batch, a.json,
                         p->skipped_not_media);
}

}  // namespace

void add_review_command(CLI::App& app, std::function<int()>& run) {
  auto args = std::make_shared<PrepArgs>();
  CLI::App* cmd = app.add_subcommand(
      "review",
      "Write an HTML page to listen before you pay: every voice, cut and the sample playable");
  cmd->add_option("inputs", args->inputs, "Recordings (any audio or video file) or folders")
      ->required();
  cmd->add_option(
      "-o,--output", args->output,
      "The page, FILE.html [default: <input>-review.html, or review.html for several inputs]");
  cmd->add_flag("-r,--recursive", args->recursive, "Search folders' subfolders too");
  cmd->add_option("--format", args->format,
                  "The sample's format, as clone would send it: mp3, wav or pcm [default: mp3]");
  add_overwrite_options(cmd, args->overwrite, nullptr);
  add_selection_options(cmd, *args);
  add_loudness_option(cmd, *args);
  add_encoding_options(cmd, *args);
  add_jobs_option(cmd, *args);
  add_report_options(cmd, *args);
  cmd->callback([args, &run] {
    run = [args] {
      Terminal t(verbosity_of(*args));
      return run_review(t, *args);
    };
  });
  static constexpr int kCodes[] = {kOk,         kUsage,        kInputMissing, kNotAudio,
                                   kUnsuitable, kOutputFailed, kInterrupted};
  cmd->footer(exit_code_footer(kCodes));
}

}  // namespace voxclone::cli

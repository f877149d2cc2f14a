// `voxclone check`: would each recording make a good sample? Analyses, prints the library's
// verdict per input (what `clone` would do: send it, or refuse it without --force) and exits 5
// when clone would refuse one; writes nothing.
#include <algorithm>
#include <cstddef>
#include <memory>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "inputs.hpp"
#include "like.hpp"
#include "json_out.hpp"
#include "prep_args.hpp"
#include "review_out.hpp"
#include "summary.hpp"
#include "terminal.hpp"
#include "terminal_text.hpp"
#include "voxclone/voxclone.hpp"

namespace voxclone::cli {
namespace {

using nlohmann::json;

// "'talk.m4a': found 6.2 s ..." -> "found 6.2 s ...", for lines that already start with the name.
std::string without_name(const std::string& message, const std::string& name) {
  const std::string prefix = "'" + name + "': ";
  return message.starts_with(prefix) ? message.substr(prefix.size()) : message;
}

// The verdict as `clone` would act on it: usable, usable with warnings, or refused (and the flag
// that overrides), then every warning (a blocking one says so) and the content.
void print_verdict(const std::string& input, const PrepReport& r) {
  const Selection& s = *r.selection;
  const SampleVerdict& v = *r.verdict;
  const std::string head = v.kind == VerdictKind::usable ? "usable"
                           : v.kind == VerdictKind::usable_with_warnings
                               ? "usable with warnings"
                               : fmt::format("clone would refuse it ({})", v.blocking_codes());
  fmt::print(
      "{}: {}: {:.1f} s of speech; would keep {:.2f}–{:.2f} s ({:.1f} s, {:.1f} s of speech, "
      "SNR ~{:.0f} dB){}\n",
      one_line(input), head, r.speech_seconds, s.start_seconds, s.end_seconds, s.output_seconds,
      s.speech_seconds, r.kept ? r.kept->snr_db : r.snr_db,
      r.warnings.empty()                             ? ""
      : v.blocks_upload()                            ? "; why:"
      : v.kind == VerdictKind::usable_with_warnings ? "; to improve:"
                                                     : "; notes:");
  for (const auto& w : r.warnings) {
    const bool blocks = std::any_of(v.reasons.begin(), v.reasons.end(), [&](const VerdictReason& why) {
      return why.blocks_upload && why.code == w.code && why.message == w.message;
    });
    fmt::print("  - {}{}\n", blocks ? "blocks clone: " : "", terminal_safe(w.message));
  }
  if (v.blocks_upload())
    fmt::print("  clone uploads it only with --force (prep writes the sample either way)\n");
  if (r.content) fmt::print("{}", terminal_safe(content_to_text(*r.content, r.kept_speaker)));
  if (r.match) fmt::print("  {:<10} {}\n", "voice", terminal_safe(match_to_text(*r.match)));
}

// An unsuitable recording is a verdict (stdout); anything else is an error (stderr).
void print_not_usable(Terminal& term, const std::string& input, const Error& e) {
  if (e.category == ErrorCategory::no_speech || e.category == ErrorCategory::too_little_speech) {
    if (term.verbosity() != Verbosity::quiet)
      fmt::print("{}: not usable: {}\n", one_line(input),
                 terminal_safe(without_name(e.message, input)));
  } else {
    term.error(e.message);
  }
}

// The picture of a usable recording, or of how far the analysis got with an unusable one.
// An error writing it makes the input's result a failure (output_failed).
void draw(Terminal& term, const PrepArgs& a, const std::filesystem::path& plot, const PrepReport& drawn,
          json& entry, int& code) {
  if (plot.empty() || drawn.waveform.min.empty()) return;
  if (auto w = write_plot(plot, drawn, a.loudness, a.true_peak); !w) {
    term.error(w.error().message);
    if (code == kOk) {
      code = exit_code_for(w.error().category);
      mark_failed(entry, code, error_json(w.error()));
    }
  } else {
    entry["plot"] = plot.string();
  }
}

// One input: the verdict, printed (a failure once, here), and its JSON result.
// With `review`, what the review page shows of it.
std::pair<json, int> check_one(Terminal& term, const PrepArgs& a, PrepOptions opts,
                               const InputItem& item, const std::filesystem::path& plot,
                               std::vector<ReviewEntry>* review) {
  opts.callbacks = term.callbacks(item.arg);
  PrepReport partial;
  auto r = check(source_of(item), opts, &partial);
  term.clear_progress();
  if (r) {
    // The exit code says what clone would do: 0 when it would upload, 5 when it would refuse.
    const SampleVerdict& v = *r->verdict;
    int code = v.blocks_upload() ? kUnsuitable : kOk;
    json entry = result_json(item.arg, code == kOk ? "ok" : "failed", code);
    entry["usable"] = code == kOk;
    // Only --json prints the report: as a JSON tree its timeline costs about 1 MB an hour.
    if (a.json) entry["report"] = report_json(*r);
    if (v.blocks_upload())
      entry["error"] = bad_voice_json(v, refusal_message(v) + "\nclone uploads it only with --force");
    if (!a.json && term.verbosity() != Verbosity::quiet) print_verdict(item.arg, *r);
    draw(term, a, plot, *r, entry, code);
    if (review) review->push_back({source_of(item), std::move(*r), std::nullopt, std::nullopt});
    return {std::move(entry), code};
  }
  int code = exit_code_for(r.error().category);
  // --like's example, measured alongside, failed: run_check fails with its error alone.
  if (like_failed(opts)) return {json(), code};
  json entry = result_json(
      item.arg, r.error().category == ErrorCategory::cancelled ? "interrupted" : "failed", code);
  entry["usable"] = false;
  entry["error"] = error_json(r.error());
  if (!partial.input_name.empty() && a.json) entry["report"] = report_json(partial);
  if (!a.json) print_not_usable(term, item.arg, r.error());
  // What the recording holds, so the user can pick --speaker, --start/--end.
  if (!a.json && partial.content && term.verbosity() != Verbosity::quiet)
    fmt::print("{}", terminal_safe(content_to_text(*partial.content, partial.kept_speaker)));
  draw(term, a, plot, partial, entry, code);
  if (review && !partial.input_name.empty() && r.error().category != ErrorCategory::cancelled)
    review->push_back({source_of(item), std::move(partial), std::nullopt, r.error()});
  return {std::move(entry), code};
}

int run_check(Terminal& term, const PrepArgs& a) {
  auto inputs = expand_inputs(a.inputs, a.recursive);
  PrepOptions opts = library_options(a, SampleFormat::wav);
  Result<void> ok = inputs ? validate_options(opts) : Result<void>(std::unexpected(inputs.error()));
  // One input on more than one thread: --like's example is measured beside it.
  const bool one_input = inputs && inputs->items.size() == 1 && !inputs->items.front().from_folder;
  if (ok) ok = resolve_like(a.like, opts, {}, like_timing(one_input, thread_budget(a)));
  // What fails after it fails as before: the example, measured alongside, is the error when it
  // fails (it came first when it was measured first).
  auto early_failure = [&](const Error& e) {
    const Error& shown = like_failed(opts).value_or(e);
    term.error(shown.message);
    if (a.json) print_json(early_failure_json("check", error_json(shown)));
    return exit_code_for(shown.category);
  };
  if (!ok) {
    term.error(ok.error().message);
    if (a.json) print_json(early_failure_json("check", error_json(ok.error())));
    return exit_code_for(ok.error().category);
  }
  const auto& items = inputs->items;
  opts.threads = a.jobs > 0 ? static_cast<unsigned>(a.jobs) : 0;
  const bool batch = items.size() > 1 || items.front().from_folder;
  auto plots = plot_paths(a, items, batch);
  if (!plots) return early_failure(plots.error());
  std::optional<std::filesystem::path> page;
  if (!a.review.empty()) {
    auto planned = plan_review(a.review, items, false, "--review", false);
    if (!planned) return early_failure(planned.error());
    page = std::move(*planned);
  }
  std::vector<json> entries(items.size());
  std::vector<int> codes(items.size(), kOk);
  std::vector<std::string> names;
  std::vector<ReviewEntry> reviewed;
  for (const auto& item : items) names.push_back(item.arg);
  if (batch && term.shows_progress()) term.set_batch_weights(announced_seconds(items));
  for (std::size_t i = 0; i < items.size() && !interrupted(); ++i) {
    if (batch) term.set_batch_position(i, items.size());
    std::tie(entries[i], codes[i]) = check_one(term, a, opts, items[i], (*plots)[i], page ? &reviewed : nullptr);
  }
  if (auto e = like_failed(opts)) return early_failure(*e);
  if (page && !reviewed.empty() && !interrupted()) {
    ReviewOptions ro = review_options(a, "check");
    ro.callbacks = term.callbacks("review");
    if (auto w = write_review(*page, reviewed, ro, batch); !w) {
      term.error(w.error().message);
      for (std::size_t i = 0; i < entries.size(); ++i)
        if (codes[i] == kOk) {
          codes[i] = exit_code_for(w.error().category);
          mark_failed(entries[i], codes[i], error_json(w.error()));
        }
    } else {
      for (json& e : entries)
        if (e.contains("report")) e["review"] = page->string();
    }
  }
  return summarise_batch(term, "check", "usable", names, entries, codes, batch, a.json,
                         inputs->skipped_not_media, inputs->skipped_subfolders);
}

}  // namespace

void add_check_command(CLI::App& app, std::function<int()>& run) {
  auto args = std::make_shared<PrepArgs>();
  CLI::App* chk =
      app.add_subcommand("check", "Would these recordings make good samples? Writes nothing");
  chk->add_option("inputs", args->inputs,
                  "Recordings (any audio or video file), folders, or - for stdin")
      ->required();
  chk->add_flag("-r,--recursive", args->recursive, "Search folders' subfolders too");
  add_selection_options(chk, *args);
  add_loudness_option(chk, *args);
  add_jobs_option(chk, *args);
  add_report_options(chk, *args);
  add_plot_option(chk, *args);
  add_review_option(chk, args->review);
  chk->callback([args, &run] {
    run = [args] {
      Terminal t(verbosity_of(*args));
      return run_check(t, *args);
    };
  });
  static constexpr int kCodes[] = {kOk, kUsage, kInputMissing, kNotAudio, kUnsuitable,
                                   kOutputFailed, kInterrupted};
  chk->footer(exit_code_footer(kCodes));
}

}  // namespace voxclone::cli

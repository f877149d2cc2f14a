#include "prep_combine.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "exit_codes.hpp"
#include "inputs.hpp"
#include "json_out.hpp"
#include "like.hpp"
#include "outputs.hpp"
#include "terminal_text.hpp"
#include "voxclone/voxclone.hpp"

namespace voxclone::cli {
namespace {

using nlohmann::json;

struct CombinePlan {
  std::vector<InputItem> items;
  std::filesystem::path output;
  bool skip = false;  // -n and the output exists
  CombineOptions options;
};

Result<CombinePlan> plan_combined(const PrepArgs& a) {
  auto inputs = expand_inputs(a.inputs, a.recursive);
  if (!inputs) return std::unexpected(inputs.error());
  CombinePlan p;
  p.items = std::move(inputs->items);
  if (p.items.size() < 2)
    return fail(ErrorCategory::invalid_argument, "--combine joins several recordings: give at least two");
  for (const auto& item : p.items)
    if (item.path.empty())
      return fail(ErrorCategory::invalid_argument, "--combine reads files, not standard input");
  if (!a.out_dir.empty() || a.output.empty() || names_a_folder(a.output) || a.output == "-")
    return fail(ErrorCategory::invalid_argument, "--combine makes one sample: name it with -o FILE");
  if (!a.plot.empty() || !a.review.empty())
    return fail(ErrorCategory::invalid_argument, "--plot and --review picture one input each: not with --combine");
  auto format = sample_format_for(a.format, a.output, "-o", SampleFormat::wav);
  if (!format) return std::unexpected(format.error());
  p.output = with_format_extension(a.output, "." + std::string(to_string(*format)));
  p.options.prep = library_options(a, *format);
  if (auto v = validate_options(p.options.prep); !v) return std::unexpected(v.error());
  for (const auto& item : p.items)
    if (same_file(item.path, p.output))
      return fail(ErrorCategory::invalid_argument, fmt::format("'{}': the output would overwrite the input", item.arg));
  auto c = check_output_file(p.output, existing_policy(a.overwrite, a.no_overwrite), "output");
  if (!c) return std::unexpected(c.error());
  p.skip = *c;
  if (auto l = resolve_like(a.like, p.options.prep); !l) return std::unexpected(l.error());
  return p;
}

}  // namespace

json combined_inputs_json(const CombineResult& r, const std::vector<std::string>& names, const std::string& output) {
  json results = json::array();
  for (std::size_t i = 0; i < r.inputs.size(); ++i) {
    json e = result_json(i < names.size() ? names[i] : r.inputs[i].name, "ok", kOk);
    if (!output.empty()) e["output"] = output;
    e["voice_score"] = std::round(r.inputs[i].score * 1000) / 1000;
    if (!r.inputs[i].judged) e["voice_judged"] = false;
    json pieces = json::array();
    for (const auto& piece : r.pieces)
      if (piece.input == i)
        pieces.push_back({{"output_start_seconds", std::round(piece.output_start_seconds * 1000) / 1000},
                          {"output_end_seconds", std::round(piece.output_end_seconds * 1000) / 1000},
                          {"input_start_seconds", std::round(piece.input_start_seconds * 1000) / 1000},
                          {"input_end_seconds", std::round(piece.input_end_seconds * 1000) / 1000}});
    e["combined_pieces"] = pieces;
    e["report"] = report_json(r.inputs[i].report);
    results.push_back(std::move(e));
  }
  return results;
}

int run_prep_combined(Terminal& term, const PrepArgs& a) {
  auto plan = plan_combined(a);
  auto early = [&](const Error& e) {
    term.error(e.message);
    if (a.json) print_json(early_failure_json("prep", error_json(e)));
    return exit_code_for(e.category);
  };
  if (!plan) return early(plan.error());
  if (plan->skip) {
    term.note(fmt::format("skipped: '{}' exists (-n)", plan->output.string()));
    if (a.json) print_json(envelope_json("prep", json::array(), kOk));
    return kOk;
  }
  std::vector<InputSource> sources;
  for (const auto& item : plan->items) sources.push_back(source_of(item));
  plan->options.prep.callbacks = term.callbacks("combine");
  auto r = prepare_combined(sources, plan->options);
  term.clear_progress();
  if (!r) return early(r.error());
  if (auto w = write_file_atomically(plan->output, r->sample.bytes, {.replace_existing = a.overwrite}); !w)
    return early(w.error());
  if (a.json) {
    std::vector<std::string> names;
    for (const auto& item : plan->items) names.push_back(item.arg);
    print_json(envelope_json("prep", combined_inputs_json(*r, names, plan->output.string()), kOk));
    return kOk;
  }
  if (term.verbosity() != Verbosity::quiet) {
    std::string text = fmt::format("{}: one sample of one voice from {} recordings\n", plan->output.string(),
                                   r->inputs.size());
    text += to_text(*r);
    for (const auto& w : r->warnings) text += fmt::format("  warning: {}\n", w.message);
    term.print(stdout, terminal_safe(text));
  }
  return kOk;
}

}  // namespace voxclone::cli

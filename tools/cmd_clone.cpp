// `voxclone clone`: prepare a recording and clone the voice in it. Order matters: every check
// that can fail without the network (token, URL, fields, the audio itself, --text against what
// was cut) runs before a single byte is sent, and the billed upload comes last.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "api_args.hpp"
#include "commands.hpp"
#include "exit_codes.hpp"
#include "inputs.hpp"
#include "like.hpp"
#include "json_out.hpp"
#include "outputs.hpp"
#include "prep_args.hpp"
#include "prep_combine.hpp"
#include "review_out.hpp"
#include "terminal.hpp"
#include "terminal_text.hpp"
#include "voice_guard.hpp"
#include "core/words.hpp"
#include "voxclone/voxclone.hpp"

namespace voxclone::cli {
namespace {

using nlohmann::json;

struct CloneArgs {
  PrepArgs prep;
  ApiArgs api;
  std::vector<std::string> inputs;  // as given: one, or several with --combine
  std::string input;                // the one input, or the inputs joined (--combine)
  std::string name;
  std::optional<std::string> language, text, text_file, preview_text, voice_id, space_id,
      description;
  std::string save_sample;
  bool dry_run = false;
  bool force = false;
};

// What is settled before the audio is touched.
struct ClonePlan {
  std::optional<Credentials> credentials;  // missing only in a dry run
  std::optional<std::filesystem::path> review;  // --review (with --dry-run)
  std::string base_url;
  CloneRequest request;
  PrepOptions options;
};

// The sample to send and the voice in it: one recording prepared, or several combined
// (--combine: prepare_combined(), each input checked by its own verdict before this exists).
struct ReadySample {
  std::optional<PrepResult> single;
  std::optional<CombineResult> combined;

  [[nodiscard]] const EncodedSample& sample() const { return single ? single->sample : combined->sample; }
  [[nodiscard]] std::optional<Voiceprint> voiceprint() const {
    if (single) return single->report.voiceprint;
    return combined->voiceprint.empty() ? std::nullopt : std::optional<Voiceprint>(combined->voiceprint);
  }
  [[nodiscard]] double speech_seconds() const {
    return single ? single->report.selection->speech_seconds : combined->speech_seconds;
  }
};

// The clone command's one JSON result; fields are added by the step that knows them.
json clone_result(const CloneArgs& a, std::string_view status, int code) {
  json r = result_json(a.input, status, code);
  r["dry_run"] = a.dry_run;
  r["voice_name"] = a.name;
  return r;
}

int finish(const CloneArgs& a, json result, int code) {
  if (a.prep.json) print_json(envelope_json("clone", json::array({std::move(result)}), code));
  return code;
}

// clone takes one recording, or several with --combine (one sample of one person from them
// all, as prep --combine makes it); what describes one recording does not go with --combine.
Result<void> check_combine_args(const CloneArgs& a) {
  auto bad = [](std::string m) { return fail(ErrorCategory::invalid_argument, std::move(m)); };
  if (!a.prep.combine) {
    if (a.inputs.size() > 1)
      return bad(fmt::format("clone sends one recording, and {} were given: give one, or add "
                             "--combine to make one sample of one person from them all",
                             a.inputs.size()));
    return {};
  }
  if (a.inputs.size() < 2) return bad("--combine joins several recordings: give at least two");
  for (const std::string& in : a.inputs)
    if (in == "-") return bad("--combine reads files, not standard input");
  if (a.text || a.text_file)
    return bad("--text describes one recording: it cannot match a sample combined from several "
               "(the service would refuse it, code 1109); leave --text out with --combine");
  if (!a.prep.review.empty()) return bad("--review pictures one input: not with --combine");
  return {};
}

// Everything that needs no audio and no network: the credential, the URL, the request's fields,
// the sample's format, the prep options and where the sample is saved.
Result<ClonePlan> plan_clone(const CloneArgs& a) {
  ClonePlan p;
  for (const std::string& in : a.inputs)
    if (looks_like_url(in))
      return fail(ErrorCategory::invalid_argument,
                  fmt::format("'{}': voxclone reads local files and standard input, not URLs; "
                              "download it first, or pipe it in: curl -sL '{}' | voxclone clone - ...",
                              in, in));
  if (auto c = check_combine_args(a); !c) return std::unexpected(c.error());
  if (auto c = resolve_credentials(a.api, TokenUse::clone); c)
    p.credentials = std::move(*c);
  else if (!a.dry_run || c.error().message.find("not signed in") == std::string::npos)
    return std::unexpected(c.error());
  p.base_url = resolve_base_url(a.api, p.credentials ? &*p.credentials : nullptr);
  if (auto u = check_base_url(p.base_url); !u) return std::unexpected(u.error());
  auto text = resolve_text(a.text, a.text_file);
  if (!text) return std::unexpected(text.error());
  CloneRequest& req = p.request;
  req.voice_name = a.name;
  req.language = a.language;
  req.text = *text;
  req.preview_text = a.preview_text;
  req.voice_id = a.voice_id;
  req.space_id = a.space_id;
  req.description = a.description;
  if (auto v = validate_clone_fields(req); !v) return std::unexpected(v.error());
  auto format = sample_format_for(a.prep.format, a.save_sample, "--save-sample", SampleFormat::mp3);
  if (!format) return std::unexpected(format.error());
  p.options = library_options(a.prep, *format);
  if (auto v = validate_options(p.options); !v) return std::unexpected(v.error());
  if (auto l = resolve_like(a.prep.like, p.options); !l) return std::unexpected(l.error());
  if (!a.prep.review.empty()) {
    if (!a.dry_run)
      return fail(ErrorCategory::invalid_argument,
                  "--review goes with --dry-run: listen to the page first, then clone without it");
    auto page = plan_review(a.prep.review, {InputItem{a.input, a.input == "-" ? std::filesystem::path() : std::filesystem::path(a.input), false, {}}},
                            a.prep.overwrite, "--review");
    if (!page) return std::unexpected(page.error());
    p.review = std::move(*page);
  }
  if (a.save_sample == "-" && a.prep.json)
    return fail(ErrorCategory::invalid_argument, "--save-sample - (stdout) and --json both want stdout");
  if (a.save_sample == "-")
    if (auto t = refuse_terminal_stdout("--save-sample"); !t) return std::unexpected(t.error());
  if (!a.save_sample.empty() && a.save_sample != "-") {
    if (names_a_folder(a.save_sample))
      return fail(ErrorCategory::invalid_argument,
                  fmt::format("--save-sample '{}' is a folder: give a file name", a.save_sample));
    auto c = check_output_file(a.save_sample, existing_policy(a.prep.overwrite, false),
                               "--save-sample");
    if (!c) return std::unexpected(c.error());
  }
  return p;
}

// A sample whose verdict refuses it: why, that nothing was sent, what to do instead, and --force.
std::string refused_sample(const std::string& why, std::string_view advice, bool dry_run) {
  return fmt::format("{}\nNothing was {}. {}, or add --force to {} anyway.", why,
                     dry_run ? "sent (dry run: a real run would stop here)" : "sent", advice,
                     dry_run ? "show the request" : "clone it");
}

// --save-sample: a copy of the sample to a file (atomically, replacing only with -y) or to stdout.
Result<void> save_copy(const CloneArgs& a, std::span<const std::byte> bytes) {
  if (a.save_sample == "-") return write_to_stdout(bytes);
  return write_file_atomically(a.save_sample, bytes, {.replace_existing = a.prep.overwrite});
}

// A sample that could not be made: said on the terminal, marked in the JSON result, and its
// exit code.
std::unexpected<int> sample_failed(Terminal& term, json& result, const Error& e) {
  term.error(e.message);
  mark_failed(result, exit_code_for(e.category), error_json(e));
  return std::unexpected(exit_code_for(e.category));
}

// The audio: prepared, held to --text and to the endpoint's rules, its warnings shown, saved
// when asked. On failure (reported), the exit code.
std::expected<ReadySample, int> prepare_sample(Terminal& term, const CloneArgs& a,
                                               const ClonePlan& p, json& result) {
  const InputSource src =
      a.input == "-" ? InputSource::standard_input() : InputSource::file(a.input);
  auto prepared = prepare(src, p.options);
  term.clear_progress();
  auto stop = [&](const Error& e) { return sample_failed(term, result, e); };
  if (!prepared) return stop(prepared.error());
  result["report"] = report_json(prepared->report);
  // The page comes before anything can stop the run: a refused sample is when it helps most.
  if (p.review) {
    ReviewOptions ro = review_options(a.prep, "clone --dry-run");
    ro.command_options = {"--name", a.name};
    ro.callbacks = term.callbacks("review");
    std::vector<ReviewEntry> entry(1);
    entry[0] = ReviewEntry{src, prepared->report, prepared->sample, std::nullopt};
    if (auto w = write_review(*p.review, entry, ro, false); !w) return stop(w.error());
    result["review"] = p.review->string();
  }
  const Selection& sel = *prepared->report.selection;
  // Text describes the recording; if speech was cut out, the service would answer 1109.
  if (p.request.text && (sel.speech_left_out_seconds > 0.3 || sel.forced_cuts > 0))
    return stop(Error{
        ErrorCategory::invalid_argument,
        fmt::format("--text describes the whole recording, but the sample keeps only "
                    "{:.1f}–{:.1f} s of it ({:.1f} s of speech left out), so the text would not "
                    "match the audio and the service would refuse it (code 1109). Choose the "
                    "part the text covers with --start/--end, give the text of the kept part "
                    "only, or leave --text out.",
                    sel.start_seconds, sel.end_seconds, sel.speech_left_out_seconds)});
  if (auto v = validate_clone_request(p.request, prepared->sample); !v) return stop(v.error());
  // A clone is billed: every warning prep gives, and the verdict, are shown before anything
  // is sent; a verdict that refuses the sample stops here (the library would refuse it too).
  if (!a.prep.json && term.verbosity() != Verbosity::quiet)
    fmt::print(stderr, "{}", terminal_safe(to_text(prepared->report, term.verbosity() == Verbosity::normal
                                                                          ? TimelineText::summary
                                                                          : TimelineText::stretches)));
  const SampleVerdict& verdict = *prepared->report.verdict;
  if (verdict.blocks_upload() && !a.force) {
    const std::string refused =
        refused_sample(refusal_message(verdict), "Fix the recording or choose another part of it "
                                                 "(--start/--end, --speaker)", a.dry_run);
    term.error(refused);
    mark_failed(result, kUnsuitable, bad_voice_json(verdict, refused));
    return std::unexpected(kUnsuitable);
  }
  if (!a.save_sample.empty()) {
    auto w = save_copy(a, prepared->sample.bytes);
    if (!w) return stop(w.error());
    if (a.save_sample != "-") prepared->report.output->path = a.save_sample;
    result["report"] = report_json(prepared->report);
    result["saved_sample"] = a.save_sample;
  }
  return ReadySample{std::move(*prepared), std::nullopt};
}

// --combine: the inputs' clean speech of one person in one sample (prepare_combined()), held to
// the endpoint's rules; an input someone else speaks in is refused by name, and an input whose
// own verdict refuses what it gave (music, another voice, noise, clipping) stops the clone as a
// single recording's would, unless --force. On failure (reported), the exit code.
std::expected<ReadySample, int> prepare_combined_sample(Terminal& term, const CloneArgs& a,
                                                        const ClonePlan& p, json& result) {
  std::vector<InputSource> sources;
  for (const std::string& in : a.inputs) sources.push_back(InputSource::file(in));
  CombineOptions co;
  co.prep = p.options;
  auto r = prepare_combined(sources, co);
  term.clear_progress();
  auto stop = [&](const Error& e) { return sample_failed(term, result, e); };
  if (!r) return stop(r.error());
  result["inputs"] = combined_inputs_json(*r, a.inputs, "");
  result["speech_seconds"] = std::round(r->speech_seconds * 1000) / 1000;
  if (auto v = validate_clone_request(p.request, r->sample); !v) return stop(v.error());
  if (!a.prep.json && term.verbosity() != Verbosity::quiet) {
    std::string text = fmt::format("one sample of one voice from {} recordings\n", r->inputs.size());
    text += to_text(*r);
    for (const auto& w : r->warnings) text += fmt::format("  warning: {}\n", w.message);
    fmt::print(stderr, "{}", terminal_safe(text));
  }
  std::string refused;
  for (std::size_t i = 0; i < r->inputs.size(); ++i) {
    const PrepReport& rep = r->inputs[i].report;
    const bool gave = std::any_of(r->pieces.begin(), r->pieces.end(), [&](const auto& pc) { return pc.input == i; });
    if (gave && rep.verdict && rep.verdict->blocks_upload())
      refused += fmt::format("{}'{}': {}", refused.empty() ? "" : "\n", r->inputs[i].name,
                             refusal_message(*rep.verdict));
  }
  if (!refused.empty() && !a.force) {
    const std::string message = refused_sample(refused, "Leave that recording out", a.dry_run);
    term.error(message);
    mark_failed(result, kUnsuitable, error_json(Error{ErrorCategory::bad_voice, message}));
    return std::unexpected(kUnsuitable);
  }
  if (!a.save_sample.empty()) {
    auto w = save_copy(a, r->sample.bytes);
    if (!w) return stop(w.error());
    result["saved_sample"] = a.save_sample;
  }
  return ReadySample{std::nullopt, std::move(*r)};
}

// A retrain (--voice-id) of a voice cloned here: the new sample must sound like the voiceprint
// kept then, or nothing is sent (unless --force): a retrain overwrites the voice. On failure
// (reported), the exit code.
std::expected<RetrainCheck, int> guard_retrain(Terminal& term, const CloneArgs& a, const ClonePlan& p,
                                               const ReadySample& prepared, json& result) {
  if (!a.voice_id) return RetrainCheck{};
  const VoiceKey key{p.base_url, a.space_id.value_or(""), *a.voice_id};
  auto check = check_retrain(key, prepared.voiceprint());
  if (!check) {
    term.error(check.error().message);
    mark_failed(result, exit_code_for(check.error().category), error_json(check.error()));
    return std::unexpected(exit_code_for(check.error().category));
  }
  if (!check->score) {
    if (term.verbosity() == Verbosity::verbose)
      term.note(fmt::format("no voiceprint of voice {} is kept here: the retrain is not checked against it",
                            *a.voice_id));
    return *check;
  }
  result["voiceprint_score"] = std::round(*check->score * 1000) / 1000;
  if (!check->passes && !a.force) {
    const Error e = retrain_refusal(key, *check->score, a.dry_run);
    term.error(e.message);
    mark_failed(result, exit_code_for(e.category), error_json(e));
    return std::unexpected(exit_code_for(e.category));
  }
  if (!check->passes)
    term.note(fmt::format("warning: the new sample does not sound like voice {} (score {:.2f}); "
                          "retraining with it (--force)",
                          *a.voice_id, detail::shown_below(*check->score, 2)));
  return *check;
}

// The request as structured fields (--json) or as it would go on the wire (text).
json request_json(const RequestPreview& r, bool token_set) {
  json fields = json::object();
  for (const auto& [k, v] : r.fields) fields[k] = v;
  return {{"method", r.method},
          {"url", r.url},
          {"authorization", token_set ? "Bearer (set, not shown)" : "missing"},
          {"fields", fields},
          {"file",
           {{"field", r.file_field},
            {"file_name", r.file_name},
            {"content_type", r.file_content_type},
            {"bytes", r.file_bytes},
            {"duration_seconds", r.file_seconds},
            {"sample_rate", r.file_sample_rate}}}};
}

int show_dry_run(Terminal& term, const CloneArgs& a, const ClonePlan& p,
                 const ReadySample& prepared, json result) {
  result["request"] = request_json(preview_clone_request(p.base_url, p.request, prepared.sample()),
                                   p.credentials.has_value());
  result["credential"] = p.credentials ? p.credentials->source : "none";
  if (!a.prep.json && term.verbosity() != Verbosity::quiet) {
    fmt::print("dry run: nothing sent. The request would be:\n{}",
               describe_clone_request(p.base_url, p.request, prepared.sample()));
    if (!p.credentials)
      fmt::print("(not signed in: a real run would stop before sending)\n");
    else
      fmt::print("(signing in with the {})\n", terminal_safe(p.credentials->source));
  }
  return finish(a, std::move(result), kOk);
}

// The upload: billed, so it is the last step. Prints the voice id (stdout) or what went wrong.
int upload(Terminal& term, const CloneArgs& a, const ClonePlan& p, const ReadySample& prepared,
           const RetrainCheck& guard, json result) {
  auto client = make_client(term, a.api, *p.credentials,
                            term.callbacks("clone", true, "upload done, service training…"));
  if (!client) {
    mark_failed(result, client.error());
    return finish(a, std::move(result), client.error());
  }
  // A combined sample's inputs were each held to their verdict (prepare_combined_sample).
  auto r = prepared.single ? client->clone(*prepared.single, p.request, {.force = a.force})
                           : client->clone(prepared.combined->sample, p.request);
  term.clear_progress();
  if (!r) {
    // The library's message already says whether the clone may have been billed and what to do.
    term.error(r.error().message);
    const int code = exit_code_for(r.error().category);
    mark_failed(result, code, api_error_json(r.error()));
    return finish(a, std::move(result), code);
  }
  result["voice_id"] = r->voice_id;
  // The voice's statistics (numbers only), so a later retrain can be checked against them.
  if (auto not_kept = keep_voiceprint({p.base_url, a.space_id.value_or(""), r->voice_id},
                                      prepared.voiceprint(), guard))
    term.note("warning: " + *not_kept);
  result["log_id"] = r->log_id;
  result["attempts"] = r->attempts;
  result["base_url"] = p.base_url;
  if (!a.prep.json) {
    // fputs, not fmt::print: a failed write must not throw past the check below.
    std::fputs((one_line(r->voice_id) + "\n").c_str(), a.save_sample == "-" ? stderr : stdout);
    term.note(
        fmt::format("cloned '{}' from {:.1f} s of speech: voice id {}{}\nhear it: voxclone speak "
                    "--voice-id {} --text \"Hello, this is my new voice.\" -o hello.mp3",
                    p.request.voice_name, prepared.speech_seconds(), r->voice_id,
                    r->log_id.empty() ? "" : " (log id " + r->log_id + ")", r->voice_id));
  }
  finish(a, std::move(result), kOk);
  // The voice is made and billed: if its id could not reach stdout, stderr must carry it.
  if (const int err = flush_stdout(); err != 0) {
    term.error(fmt::format("the voice was cloned, voice id {}{}, but writing to standard output "
                           "failed: {}. Keep this id (voxclone voices lists it too)",
                           one_line(r->voice_id),
                           r->log_id.empty() ? "" : " (log id " + one_line(r->log_id) + ")",
                           std::strerror(err)));
    return kOutputFailed;
  }
  return kOk;
}

int run_clone(Terminal& term, CloneArgs a) {
  a.input = a.inputs.empty() ? std::string() : a.inputs.front();
  if (a.prep.combine && a.inputs.size() > 1) {
    a.input.clear();
    for (const std::string& in : a.inputs) a.input += (a.input.empty() ? "" : " + ") + in;
  }
  // One naming rule with prep -o and speak -o: a name without an extension gets the format's.
  if (auto f = sample_format_for(a.prep.format, "", "--save-sample", SampleFormat::mp3); f)
    a.save_sample = with_format_extension(a.save_sample, "." + std::string(to_string(*f)));
  auto plan = plan_clone(a);
  if (!plan) {
    term.error(plan.error().message);
    const int code = exit_code_for(plan.error().category);
    if (a.prep.json) print_json(early_failure_json("clone", error_json(plan.error())));
    return code;
  }
  if (plan->credentials) {
    for (const auto& w : plan->credentials->warnings) term.note("warning: " + w);
    if (term.verbosity() == Verbosity::verbose)
      term.note(fmt::format("signing in with the {}", plan->credentials->source));
  }
  plan->options.callbacks = term.callbacks(a.input);
  json result = clone_result(a, "ok", kOk);
  auto prepared = a.prep.combine ? prepare_combined_sample(term, a, *plan, result)
                                 : prepare_sample(term, a, *plan, result);
  if (!prepared) return finish(a, std::move(result), prepared.error());
  auto guard = guard_retrain(term, a, *plan, *prepared, result);
  if (!guard) return finish(a, std::move(result), guard.error());
  if (a.dry_run) return show_dry_run(term, a, *plan, *prepared, std::move(result));
  return upload(term, a, *plan, *prepared, *guard, std::move(result));
}

}  // namespace

void add_clone_command(CLI::App& app, std::function<int()>& run) {
  auto c = std::make_shared<CloneArgs>();
  CLI::App* clone = app.add_subcommand("clone", "Prepare a recording and clone the voice in it");
  clone->add_option("input", c->inputs,
                    "The recording (any audio or video file), or - for stdin; several files with --combine")
      ->required();
  clone->add_option("--name", c->name, "Name of the new voice (at most 128 bytes)")->required();
  clone->add_option("--language", c->language, "zh, en, ja, es, id or pt")
      ->check(CLI::IsMember(voxclone::supported_languages()));
  clone->add_option("--text", c->text, "What the recording says (at most 1024 bytes)");
  clone->add_option("--text-file", c->text_file, "Read --text from a file");
  clone->add_option("--preview-text", c->preview_text, "Text for the preview the service makes");
  clone->add_option("--voice-id", c->voice_id,
                    "Retrain this existing voice (at most 10 trainings; checked before sending)");
  clone->add_option("--space-id", c->space_id, "Workspace that will own the voice");
  clone->add_option("--description", c->description, "A description of the voice");
  clone->add_option("--format", c->prep.format,
                    "Sample format sent: mp3, wav or pcm [default: from --save-sample, else mp3]");
  clone->add_option("--save-sample", c->save_sample,
                    "Also write exactly the bytes sent to this file (a name without an extension "
                    "gets the format's; - for stdout, not a terminal: the voice id then goes to "
                    "stderr)");
  add_overwrite_options(clone, c->prep.overwrite, nullptr);
  clone->add_flag("--combine", c->prep.combine,
                  "One sample of one person from all the inputs, sent in one upload: each one's "
                  "clean speech, loudness matched, joined in pauses; an input whose voice is "
                  "someone else's is refused by name (exit 5) and nothing is sent");
  add_review_option(clone, c->prep.review);
  clone->add_flag("--dry-run", c->dry_run,
                  "Prepare, show the warnings and the request; send nothing");
  clone->add_flag("--force", c->force,
                  "Send even when the verdict refuses the sample (music or other voices under the "
                  "kept speech, noise under 15 dB below it, clipping of 0.1 % or more of it)");
  add_selection_options(clone, c->prep);
  add_loudness_option(clone, c->prep);
  add_encoding_options(clone, c->prep);
  add_report_options(clone, c->prep);
  add_api_options(clone, c->api, 300);
  static constexpr int kCodes[] = {kOk,      kUsage,      kInputMissing,   kNotAudio,
                                   kUnsuitable, kOutputFailed, kSampleInvalid, kNetwork,
                                   kAuth,    kRejected,   kOutcomeUnknown, kBadResponse,
                                   kPaymentRequired, kInterrupted};
  clone->footer(exit_code_footer(kCodes));
  clone->footer(clone->get_footer() +
                "\nSigning in, first found wins: --token-file, --oauth-config, $COZE_API_TOKEN, "
                "$COZE_JWT_OAUTH_*, 'voxclone login'. -v shows which (never the secret).");
  clone->callback([c, &run] {
    run = [c] {
      Terminal t(verbosity_of(c->prep));
      return run_clone(t, *c);
    };
  });
}

}  // namespace voxclone::cli

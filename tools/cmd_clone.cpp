// `voxclone clone`: prepare a recording and clone the voice in it. Order matters: every check
// that can fail without the network (token, URL, fields, the audio itself, --text against what
// was cut) runs before a single byte is sent, and the billed upload comes last.
#include <memory>
#include <optional>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "api_args.hpp"
#include "commands.hpp"
#include "exit_codes.hpp"
#include "json_out.hpp"
#include "prep_args.hpp"
#include "terminal.hpp"
#include "voxclone/voxclone.hpp"

namespace voxclone::cli {
namespace {

struct CloneArgs {
  PrepArgs prep;
  ApiArgs api;
  std::string input;
  std::string name;
  std::optional<std::string> language, text, text_file, preview_text, voice_id, space_id,
      description;
  std::string save_sample;
  bool dry_run = false;
};

// What is settled before the audio is touched.
struct ClonePlan {
  std::optional<Credentials> credentials;  // missing only in a dry run
  std::string base_url;
  CloneRequest request;
  PrepOptions options;
};

// Everything that needs no audio and no network: the credential, the URL, the request's fields,
// the sample's format and the prep options.
Result<ClonePlan> plan_clone(const CloneArgs& a) {
  ClonePlan p;
  if (auto c = resolve_credentials(a.api); c)
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
  auto format = parse_sample_format(a.prep.format.empty() ? "mp3" : a.prep.format);
  if (!format)
    return fail(ErrorCategory::invalid_argument,
                fmt::format("--format '{}': use mp3, wav or pcm", a.prep.format));
  p.options = library_options(a.prep, *format);
  if (auto v = validate_options(p.options); !v) return std::unexpected(v.error());
  return p;
}

// The audio: prepared, held to --text and to the endpoint's rules, saved when asked. On failure
// (reported), the exit code.
std::expected<PrepResult, int> prepare_sample(Terminal& term, const CloneArgs& a,
                                              const ClonePlan& p) {
  const InputSource src =
      a.input == "-" ? InputSource::standard_input() : InputSource::file(a.input);
  auto prepared = prepare(src, p.options);
  term.clear_progress();
  if (!prepared) {
    term.error(prepared.error().message);
    if (a.prep.json) print_json({{"ok", false}, {"error", error_json(prepared.error())}});
    return std::unexpected(exit_code_for(prepared.error().category));
  }
  const Selection& sel = *prepared->report.selection;
  // Text describes the recording; if speech was cut out, the service would answer 1109.
  if (p.request.text && (sel.speech_left_out_seconds > 0.3 || sel.forced_cuts > 0)) {
    term.error(fmt::format(
        "--text describes the whole recording, but the sample keeps only {:.1f}–{:.1f} s of it "
        "({:.1f} s of speech left out), so the text would not match the audio and the service "
        "would refuse it (code 1109). Choose the part the text covers with --start/--end, give "
        "the text of the kept part only, or leave --text out.",
        sel.start_seconds, sel.end_seconds, sel.speech_left_out_seconds));
    return std::unexpected(kUsage);
  }
  if (auto v = validate_clone_request(p.request, prepared->sample); !v) {
    term.error(v.error().message);
    return std::unexpected(exit_code_for(v.error().category));
  }
  if (!a.save_sample.empty()) {
    if (auto w = write_file_atomically(a.save_sample, prepared->sample.bytes); !w) {
      term.error(w.error().message);
      return std::unexpected(kOutputFailed);
    }
    prepared->report.output->path = a.save_sample;
  }
  return std::move(*prepared);
}

int show_dry_run(Terminal& term, const CloneArgs& a, const ClonePlan& p,
                 const PrepResult& prepared) {
  const std::string described = describe_clone_request(p.base_url, p.request, prepared.sample);
  if (a.prep.json) {
    print_json({{"ok", true},
                {"dry_run", true},
                {"request", described},
                {"token", p.credentials ? "set (not shown)" : "missing"},
                {"credential", p.credentials ? p.credentials->source : "none"},
                {"report", report_json(prepared.report)}});
  } else if (term.verbosity() != Verbosity::quiet) {
    fmt::print("{}", to_text(prepared.report));
    fmt::print("dry run: nothing sent. The request would be:\n{}", described);
    if (!p.credentials)
      fmt::print("(not signed in: a real run would stop before sending)\n");
    else
      fmt::print("(signing in with the {})\n", p.credentials->source);
  }
  return kOk;
}

// The upload: billed, so it is the last step. Prints the voice id (stdout) or what went wrong.
int upload(Terminal& term, const CloneArgs& a, const ClonePlan& p, const PrepResult& prepared) {
  auto client = make_client(term, a.api, *p.credentials, term.callbacks("upload"));
  if (!client) return client.error();
  auto r = client->clone(prepared.sample, p.request);
  term.clear_progress();
  if (!r) {
    std::string msg = r.error().message;
    if (r.error().may_have_been_billed)
      msg += " Run 'voxclone voices' to see whether the voice exists before cloning again.";
    term.error(msg);
    if (a.prep.json)
      print_json({{"ok", false},
                  {"error", api_error_json(r.error())},
                  {"report", report_json(prepared.report)}});
    return exit_code_for(r.error().category);
  }
  if (a.prep.json) {
    print_json({{"ok", true},
                {"voice_id", r->voice_id},
                {"log_id", r->log_id},
                {"attempts", r->attempts},
                {"voice_name", p.request.voice_name},
                {"base_url", p.base_url},
                {"report", report_json(prepared.report)}});
  } else {
    fmt::print("{}\n", r->voice_id);
    term.note(
        fmt::format("cloned '{}' from {:.1f} s of speech: voice id {}{}\nhear it: voxclone speak "
                    "--voice-id {} --text \"Hello, this is my new voice.\" -o hello.mp3",
                    p.request.voice_name, prepared.report.selection->speech_seconds, r->voice_id,
                    r->log_id.empty() ? "" : " (log id " + r->log_id + ")", r->voice_id));
  }
  return kOk;
}

int run_clone(Terminal& term, const CloneArgs& a) {
  auto plan = plan_clone(a);
  if (!plan) {
    term.error(plan.error().message);
    return kUsage;
  }
  if (plan->credentials) {
    for (const auto& w : plan->credentials->warnings) term.note("warning: " + w);
    if (term.verbosity() == Verbosity::verbose)
      term.note(fmt::format("signing in with the {}", plan->credentials->source));
  }
  plan->options.callbacks = term.callbacks(a.input);
  auto prepared = prepare_sample(term, a, *plan);
  if (!prepared) return prepared.error();
  if (a.dry_run) return show_dry_run(term, a, *plan, *prepared);
  return upload(term, a, *plan, *prepared);
}

}  // namespace

void add_clone_command(CLI::App& app, std::function<int()>& run) {
  auto c = std::make_shared<CloneArgs>();
  CLI::App* clone = app.add_subcommand("clone", "Prepare a recording and clone the voice in it");
  clone->add_option("input", c->input, "The recording (any audio or video file), or - for stdin")
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
  clone->add_option("--format", c->prep.format, "Sample format sent: mp3, wav or pcm")
      ->capture_default_str()
      ->default_str("mp3");
  clone->add_option("--save-sample", c->save_sample,
                    "Also write exactly the bytes sent to this file");
  clone->add_flag("--dry-run", c->dry_run, "Prepare and show the request; send nothing");
  add_prep_options(clone, c->prep);
  add_api_options(clone, c->api, 300);
  clone->footer(
      "Exit codes: as prep, plus 8 service unreachable (nothing sent), 9 sign-in refused or "
      "missing a permission, 10 refused by the service (a --voice-id not in the account or "
      "with no trainings left: nothing sent), 11 outcome unknown (the clone may have been "
      "billed: run 'voxclone voices'), 12 malformed answer, 13 payment required.\n"
      "Signing in, first found wins: --token-file, --oauth-config, $COZE_API_TOKEN, "
      "$COZE_JWT_OAUTH_*, 'voxclone login'. -v shows which (never the secret).");
  clone->callback([c, &run] {
    run = [c] {
      Terminal t(verbosity_of(c->prep));
      return run_clone(t, *c);
    };
  });
}

}  // namespace voxclone::cli

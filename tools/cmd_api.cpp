// `voxclone clone`, `voxclone voices`, `voxclone speak`: the commands that talk to the service.
// Order in clone matters: every check that can fail without the network (token, URL, fields,
// the audio itself, --text against what was cut) runs before a single byte is sent.
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <memory>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "json_out.hpp"
#include "prep_args.hpp"
#include "terminal.hpp"
#include "voxclone/voxclone.hpp"

namespace voxclone::cli {
namespace {

using nlohmann::json;

struct ApiArgs {
  std::string base_url;
  std::string region;
  std::string token_file;
  double timeout_seconds = 300;
};

void add_api_options(CLI::App* cmd, ApiArgs& a, double default_timeout) {
  a.timeout_seconds = default_timeout;
  cmd->add_option("--base-url", a.base_url, "API base URL [default: $COZE_API_BASE, else https://api.coze.cn]");
  cmd->add_option("--region", a.region, "cn (api.coze.cn) or com (api.coze.com)")
      ->check(CLI::IsMember({"cn", "com"}));
  cmd->add_option("--token-file", a.token_file, "Read the API token from this file [default: $COZE_API_TOKEN]");
  cmd->add_option("--timeout", a.timeout_seconds, "Seconds the whole request may take")
      ->capture_default_str()
      ->check(CLI::Range(1.0, 3600.0));
}

Result<std::string> read_text_file(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return fail(ErrorCategory::invalid_argument, fmt::format("{} '{}': cannot read it", what, path));
  std::ostringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ' || s.back() == '\t')) s.pop_back();
  if (s.size() >= 3 && s.compare(0, 3, "\xEF\xBB\xBF") == 0) s.erase(0, 3);  // a UTF-8 BOM
  return s;
}

// --text or --text-file (at most one): the text, read from the file when that was given.
Result<std::optional<std::string>> resolve_text(const std::optional<std::string>& text,
                                                const std::optional<std::string>& text_file) {
  if (text && text_file)
    return fail(ErrorCategory::invalid_argument, "give --text or --text-file, not both");
  if (!text_file) return text;
  auto t = read_text_file(*text_file, "--text-file");
  if (!t) return std::unexpected(t.error());
  return std::optional<std::string>(*t);
}

Result<std::string> resolve_token(const ApiArgs& a) {
  if (!a.token_file.empty()) {
    auto t = read_text_file(a.token_file, "--token-file");
    if (!t) return t;
    if (t->empty())
      return fail(ErrorCategory::invalid_argument, fmt::format("--token-file '{}' is empty", a.token_file));
    return t;
  }
  if (const char* env = std::getenv("COZE_API_TOKEN"); env != nullptr && *env != '\0') return std::string(env);
  return fail(ErrorCategory::invalid_argument,
              "no API token: set COZE_API_TOKEN or pass --token-file FILE (a token with the "
              "createVoice permission)");
}

std::string resolve_base_url(const ApiArgs& a) {
  if (!a.base_url.empty()) return a.base_url;
  if (a.region == "com") return kInternationalBaseUrl;
  if (a.region == "cn") return kDefaultBaseUrl;
  if (const char* env = std::getenv("COZE_API_BASE"); env != nullptr && *env != '\0') return env;
  return kDefaultBaseUrl;
}

json api_error_json(const ApiError& e) {
  json j = {{"category", std::string(to_string(e.category))},
            {"message", e.message},
            {"exit_code", exit_code_for(e.category)},
            {"http_status", e.http_status},
            {"service_code", e.service_code ? json(*e.service_code) : json(nullptr)},
            {"service_message", e.service_message},
            {"log_id", e.log_id},
            {"transport_error", e.transport_error},
            {"attempts", e.attempts},
            {"may_have_been_billed", e.may_have_been_billed}};
  return j;
}

// Builds a client for the commands' shared options; reports and returns the exit code on failure.
std::optional<Client> make_client(Terminal& term, const ApiArgs& a, const std::string& token,
                                  Callbacks cb, int& exit_code) {
  ClientOptions co;
  co.base_url = resolve_base_url(a);
  co.token = token;
  co.timeout = std::chrono::milliseconds(static_cast<long long>(a.timeout_seconds * 1000));
  co.callbacks = std::move(cb);
  auto c = Client::create(std::move(co));
  if (!c) {
    term.error(c.error().message);
    exit_code = exit_code_for(c.error().category);
    return std::nullopt;
  }
  return std::move(*c);
}

// ------------------------------------------------------------------------------------- clone

struct CloneArgs {
  PrepArgs prep;
  ApiArgs api;
  std::string input;
  std::string name;
  std::optional<std::string> language, text, text_file, preview_text, voice_id, space_id, description;
  std::string save_sample;
  bool dry_run = false;
};

int run_clone(Terminal& term, const CloneArgs& a) {
  // 1. Everything that needs no audio and no network.
  std::optional<std::string> token;
  if (auto t = resolve_token(a.api); t) {
    token = *t;
  } else if (!a.dry_run) {
    term.error(t.error().message);
    return kUsage;
  }
  const std::string base_url = resolve_base_url(a.api);
  if (auto u = check_base_url(base_url); !u) {
    term.error(u.error().message);
    return kUsage;
  }
  auto text = resolve_text(a.text, a.text_file);
  if (!text) {
    term.error(text.error().message);
    return kUsage;
  }
  CloneRequest req;
  req.voice_name = a.name;
  req.language = a.language;
  req.text = *text;
  req.preview_text = a.preview_text;
  req.voice_id = a.voice_id;
  req.space_id = a.space_id;
  req.description = a.description;
  if (auto v = validate_clone_fields(req); !v) {
    term.error(v.error().message);
    return kUsage;
  }
  auto format = parse_sample_format(a.prep.format.empty() ? "mp3" : a.prep.format);
  if (!format) {
    term.error(fmt::format("--format '{}': use mp3, wav or pcm", a.prep.format));
    return kUsage;
  }
  PrepOptions opts = library_options(a.prep, *format);
  opts.callbacks = term.callbacks(a.input);
  if (auto v = validate_options(opts); !v) {
    term.error(v.error().message);
    return kUsage;
  }

  // 2. The audio.
  const InputSource src = a.input == "-" ? InputSource::standard_input() : InputSource::file(a.input);
  auto prepared = prepare(src, opts);
  term.clear_progress();
  if (!prepared) {
    term.error(prepared.error().message);
    if (a.prep.json) print_json({{"ok", false}, {"error", error_json(prepared.error())}});
    return exit_code_for(prepared.error().category);
  }
  const Selection& sel = *prepared->report.selection;
  // Text describes the recording; if speech was cut out, the service would answer 1109.
  if (req.text && (sel.speech_left_out_seconds > 0.3 || sel.forced_cuts > 0)) {
    term.error(fmt::format(
        "--text describes the whole recording, but the sample keeps only {:.1f}–{:.1f} s of it "
        "({:.1f} s of speech left out), so the text would not match the audio and the service "
        "would refuse it (code 1109). Choose the part the text covers with --start/--end, give "
        "the text of the kept part only, or leave --text out.",
        sel.start_seconds, sel.end_seconds, sel.speech_left_out_seconds));
    return kUsage;
  }
  if (auto v = validate_clone_request(req, prepared->sample); !v) {
    term.error(v.error().message);
    return exit_code_for(v.error().category);
  }
  if (!a.save_sample.empty()) {
    if (auto w = write_file_atomically(a.save_sample, prepared->sample.bytes); !w) {
      term.error(w.error().message);
      return kOutputFailed;
    }
    prepared->report.output->path = a.save_sample;
  }
  if (a.dry_run) {
    const std::string described = describe_clone_request(base_url, req, prepared->sample);
    if (a.prep.json) {
      print_json({{"ok", true}, {"dry_run", true}, {"request", described},
                  {"token", token ? "set (not shown)" : "missing"}, {"report", report_json(prepared->report)}});
    } else if (term.verbosity() != Verbosity::quiet) {
      fmt::print("{}", to_text(prepared->report));
      fmt::print("dry run: nothing sent. The request would be:\n{}", described);
      if (!token) fmt::print("(no API token is set: a real run would stop before sending)\n");
    }
    return kOk;
  }

  // 3. The upload: billed, so it is the last step.
  int code = kOk;
  Callbacks cb = term.callbacks("upload");
  auto client = make_client(term, a.api, *token, cb, code);
  if (!client) return code;
  auto r = client->clone(prepared->sample, req);
  term.clear_progress();
  if (!r) {
    std::string msg = r.error().message;
    if (r.error().may_have_been_billed)
      msg += " Run 'voxclone voices' to see whether the voice exists before cloning again.";
    term.error(msg);
    if (a.prep.json)
      print_json({{"ok", false}, {"error", api_error_json(r.error())}, {"report", report_json(prepared->report)}});
    return exit_code_for(r.error().category);
  }
  if (a.prep.json) {
    print_json({{"ok", true}, {"voice_id", r->voice_id}, {"log_id", r->log_id},
                {"attempts", r->attempts}, {"voice_name", req.voice_name},
                {"base_url", base_url}, {"report", report_json(prepared->report)}});
  } else {
    fmt::print("{}\n", r->voice_id);
    term.note(fmt::format("cloned '{}' from {:.1f} s of speech: voice id {}{}\nhear it: voxclone speak "
                          "--voice-id {} --text \"Hello, this is my new voice.\" -o hello.mp3",
                          req.voice_name, sel.speech_seconds, r->voice_id,
                          r->log_id.empty() ? "" : " (log id " + r->log_id + ")", r->voice_id));
  }
  return kOk;
}

// ------------------------------------------------------------------------------------ voices

struct VoicesArgs {
  ApiArgs api;
  bool all = false;
  bool json = false;
  bool quiet = false;
};

std::string date_of(std::int64_t unix_seconds) {
  if (unix_seconds <= 0) return "-";
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
  return buf;
}

int run_voices(Terminal& term, const VoicesArgs& a) {
  auto token = resolve_token(a.api);
  if (!token) {
    term.error(token.error().message);
    return kUsage;
  }
  int code = kOk;
  auto client = make_client(term, a.api, *token, term.callbacks("voices"), code);
  if (!client) return code;
  ListVoicesOptions lo;
  lo.include_system_voices = a.all;
  lo.voice_state = a.all ? "all" : "cloned";
  auto r = client->list_voices(lo);
  if (!r) {
    term.error(r.error().message);
    if (a.json) print_json({{"ok", false}, {"error", api_error_json(r.error())}});
    return exit_code_for(r.error().category);
  }
  if (a.json) {
    json list = json::array();
    for (const auto& v : *r)
      list.push_back({{"voice_id", v.voice_id}, {"name", v.name}, {"is_system_voice", v.is_system_voice},
                      {"language_code", v.language_code}, {"language_name", v.language_name},
                      {"preview_text", v.preview_text}, {"preview_audio", v.preview_audio},
                      {"available_training_times", v.available_training_times},
                      {"create_time", v.create_time}, {"update_time", v.update_time},
                      {"model_type", v.model_type}, {"state", v.state}});
    print_json({{"ok", true}, {"voices", list}});
    return kOk;
  }
  if (r->empty()) {
    if (!a.quiet) fmt::print("no {}voices\n", a.all ? "" : "cloned ");
    return kOk;
  }
  std::size_t id_w = 8, name_w = 4;
  for (const auto& v : *r) {
    id_w = std::max(id_w, v.voice_id.size());
    name_w = std::min<std::size_t>(32, std::max(name_w, v.name.size()));
  }
  fmt::print("{:<{}}  {:<{}}  {:<8}  {:<8}  {:>10}  {}\n", "VOICE ID", id_w, "NAME", name_w, "STATE",
             "LANGUAGE", "TRAININGS", "CREATED (UTC)");
  for (const auto& v : *r) {
    std::string name = v.name.size() > 32 ? v.name.substr(0, 31) + "~" : v.name;
    fmt::print("{:<{}}  {:<{}}  {:<8}  {:<8}  {:>10}  {}{}\n", v.voice_id, id_w, name, name_w,
               v.state.empty() ? "-" : v.state, v.language_code.empty() ? "-" : v.language_code,
               v.available_training_times, date_of(v.create_time), v.is_system_voice ? "  (system)" : "");
  }
  return kOk;
}

// ------------------------------------------------------------------------------------- speak

struct SpeakArgs {
  ApiArgs api;
  std::string voice_id;
  std::optional<std::string> text, text_file;
  std::string output;
  std::string format;
  std::optional<double> speed;
  std::optional<int> sample_rate;
  bool json = false;
  bool quiet = false;
};

int run_speak(Terminal& term, const SpeakArgs& a) {
  auto token = resolve_token(a.api);
  if (!token) {
    term.error(token.error().message);
    return kUsage;
  }
  auto text = resolve_text(a.text, a.text_file);
  if (text && !*text) text = fail(ErrorCategory::invalid_argument, "give the words to speak with --text or --text-file");
  if (!text) {
    term.error(text.error().message);
    return kUsage;
  }
  std::string format = a.format;
  if (format.empty()) {
    const std::string ext = std::filesystem::path(a.output).extension().string();
    format = ext == ".wav" ? "wav" : ext == ".pcm" || ext == ".raw" ? "pcm" : ext == ".ogg" || ext == ".opus" ? "ogg_opus" : "mp3";
  }
  SpeechRequest req{**text, a.voice_id, format, a.speed, a.sample_rate};
  if (auto v = validate_speech_request(req); !v) {
    term.error(v.error().message);
    return kUsage;
  }
  int code = kOk;
  auto client = make_client(term, a.api, *token, term.callbacks("speak"), code);
  if (!client) return code;
  auto r = client->speak(req);
  if (!r) {
    term.error(r.error().message);
    if (a.json) print_json({{"ok", false}, {"error", api_error_json(r.error())}});
    return exit_code_for(r.error().category);
  }
  if (auto w = write_file_atomically(a.output, r->bytes); !w) {
    term.error(w.error().message);
    return kOutputFailed;
  }
  if (a.json)
    print_json({{"ok", true}, {"output", a.output}, {"bytes", r->bytes.size()},
                {"content_type", r->content_type}, {"log_id", r->log_id}});
  else if (!a.quiet)
    fmt::print("wrote {} ({} bytes, {})\n", a.output, r->bytes.size(), r->content_type);
  return kOk;
}

}  // namespace

void add_api_commands(CLI::App& app, std::function<int()>& run) {
  auto c = std::make_shared<CloneArgs>();
  CLI::App* clone = app.add_subcommand("clone", "Prepare a recording and clone the voice in it");
  clone->add_option("input", c->input, "The recording (any audio or video file), or - for stdin")->required();
  clone->add_option("--name", c->name, "Name of the new voice (at most 128 bytes)")->required();
  clone->add_option("--language", c->language, "zh, en, ja, es, id or pt")
      ->check(CLI::IsMember(voxclone::supported_languages()));
  clone->add_option("--text", c->text, "What the recording says (at most 1024 bytes)");
  clone->add_option("--text-file", c->text_file, "Read --text from a file");
  clone->add_option("--preview-text", c->preview_text, "Text for the preview the service makes");
  clone->add_option("--voice-id", c->voice_id, "Retrain this existing voice instead of making one");
  clone->add_option("--space-id", c->space_id, "Workspace that will own the voice");
  clone->add_option("--description", c->description, "A description of the voice");
  clone->add_option("--format", c->prep.format, "Sample format sent: mp3, wav or pcm")
      ->capture_default_str()
      ->default_str("mp3");
  clone->add_option("--save-sample", c->save_sample, "Also write exactly the bytes sent to this file");
  clone->add_flag("--dry-run", c->dry_run, "Prepare and show the request; send nothing");
  add_prep_options(clone, c->prep);
  add_api_options(clone, c->api, 300);
  clone->footer("Exit codes: as prep, plus 8 service unreachable (nothing sent), 9 token refused or "
                "missing a permission, 10 refused by the service, 11 outcome unknown (the clone may "
                "have been billed: run 'voxclone voices'), 12 malformed answer.");
  clone->callback([c, &run] {
    run = [c] {
      Terminal t(verbosity_of(c->prep));
      return run_clone(t, *c);
    };
  });

  auto v = std::make_shared<VoicesArgs>();
  CLI::App* voices = app.add_subcommand("voices", "List your cloned voices");
  voices->add_flag("--all", v->all, "Include system voices and voices still training");
  voices->add_flag("--json", v->json, "Print JSON on stdout");
  voices->add_flag("-q,--quiet", v->quiet, "Print only errors");
  add_api_options(voices, v->api, 60);
  voices->callback([v, &run] {
    run = [v] {
      Terminal t(v->quiet ? Verbosity::quiet : Verbosity::normal);
      return run_voices(t, *v);
    };
  });

  auto s = std::make_shared<SpeakArgs>();
  CLI::App* speak = app.add_subcommand("speak", "Say something with a voice, into an audio file");
  speak->add_option("--voice-id", s->voice_id, "The voice")->required();
  speak->add_option("--text", s->text, "The words (at most 1024 bytes)");
  speak->add_option("--text-file", s->text_file, "Read the words from a file");
  speak->add_option("-o,--output", s->output, "Audio file to write")->required();
  speak->add_option("--format", s->format, "mp3, wav, pcm or ogg_opus [default: from -o, else mp3]");
  speak->add_option("--speed", s->speed, "0.5 to 2");
  speak->add_option("--sample-rate", s->sample_rate, "8000 16000 22050 24000 32000 44100 48000");
  speak->add_flag("--json", s->json, "Print JSON on stdout");
  speak->add_flag("-q,--quiet", s->quiet, "Print only errors");
  add_api_options(speak, s->api, 120);
  speak->callback([s, &run] {
    run = [s] {
      Terminal t(s->quiet ? Verbosity::quiet : Verbosity::normal);
      return run_speak(t, *s);
    };
  });
}

}  // namespace voxclone::cli

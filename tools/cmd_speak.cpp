// `voxclone speak`: say something with a voice, into an audio file.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "api_args.hpp"
#include "commands.hpp"
#include "exit_codes.hpp"
#include "json_out.hpp"
#include "outputs.hpp"
#include "prep_args.hpp"
#include "terminal.hpp"
#include "voxclone/voxclone.hpp"

namespace voxclone::cli {
namespace {

using nlohmann::json;

struct SpeakArgs {
  ApiArgs api;
  std::string voice_id;
  std::optional<std::string> text, text_file;
  std::string output;
  std::string format;
  std::optional<double> speed;
  std::optional<int> sample_rate;
  std::optional<int> loudness_rate;
  std::optional<std::string> emotion;
  std::optional<double> emotion_scale;
  bool json = false;
  bool quiet = false;
  int verbose = 0;
  bool debug = false;
  bool overwrite = false;
  bool no_overwrite = false;
};

// The speech format an extension names; nullopt for one the endpoint cannot write.
std::optional<std::string> speech_format_of(const std::string& ext) {
  if (ext == ".mp3") return "mp3";
  if (ext == ".wav") return "wav";
  if (ext == ".pcm" || ext == ".raw") return "pcm";
  if (ext == ".ogg" || ext == ".opus") return "ogg_opus";
  return std::nullopt;
}

// --format and -o's extension must agree (a .flac holding MP3 is a lie); neither: mp3. A name
// without an extension gets the format's (added by plan_speak).
Result<std::string> resolve_speech_format(const SpeakArgs& a) {
  const std::string ext =
      a.output == "-" ? std::string() : std::filesystem::path(a.output).extension().string();
  if (ext.empty()) return a.format.empty() ? std::string("mp3") : a.format;
  const auto named = speech_format_of(ext);
  if (!named)
    return fail(ErrorCategory::invalid_argument,
                fmt::format("-o '{}': the service speaks mp3, wav, pcm or ogg_opus; name the file "
                            ".mp3, .wav, .pcm/.raw or .ogg/.opus",
                            a.output));
  if (!a.format.empty() && a.format != *named)
    return fail(ErrorCategory::invalid_argument,
                fmt::format("-o '{}' names a {} file but --format {} was given: make them agree",
                            a.output, *named, a.format));
  return *named;
}

// The speak command's one JSON result.
int finish(const SpeakArgs& a, json result, int code) {
  if (a.json) print_json(envelope_json("speak", json::array({std::move(result)}), code));
  return code;
}

// Everything checked before the (billed) request: text, format, the output file (the
// credential comes after, from credentials_or_report).
Result<SpeechRequest> plan_speak(SpeakArgs& a, bool& skip) {
  auto text = resolve_text(a.text, a.text_file);
  if (text && !*text)
    text = fail(ErrorCategory::invalid_argument, "give the words to speak with --text or --text-file");
  if (!text) return std::unexpected(text.error());
  auto format = resolve_speech_format(a);
  if (!format) return std::unexpected(format.error());
  if (a.output == "-" && a.json)
    return fail(ErrorCategory::invalid_argument, "-o - (stdout) and --json both want stdout");
  SpeechRequest req{.input = **text,
                    .voice_id = a.voice_id,
                    .response_format = *format,
                    .speed = a.speed,
                    .sample_rate = a.sample_rate,
                    .loudness_rate = a.loudness_rate,
                    .emotion = a.emotion,
                    .emotion_scale = a.emotion_scale};
  if (auto v = validate_speech_request(req); !v) return std::unexpected(v.error());
  a.output = with_format_extension(a.output, speech_extension(req.response_format));
  if (a.output == "-")
    if (auto t = refuse_terminal_stdout("-o"); !t) return std::unexpected(t.error());
  skip = false;
  if (a.output != "-") {
    auto c = check_output_file(a.output, existing_policy(a.overwrite, a.no_overwrite), "-o");
    if (!c) return std::unexpected(c.error());
    skip = *c;
  }
  return req;
}

int run_speak(Terminal& term, SpeakArgs a) {
  bool skip = false;
  auto req = plan_speak(a, skip);
  if (!req) {
    term.error(req.error().message);
    if (a.json) print_json(early_failure_json("speak", error_json(req.error())));
    return exit_code_for(req.error().category);
  }
  json result = result_json(std::nullopt, "ok", kOk);
  result["output"] = a.output;
  if (skip) {
    term.note(fmt::format("skipped: '{}' exists (-n); nothing sent", a.output));
    result["status"] = "skipped";
    return finish(a, std::move(result), kOk);
  }
  auto cred = credentials_or_report(term, a.api, TokenUse::speak);
  if (!cred) {
    mark_failed(result, cred.error());
    return finish(a, std::move(result), cred.error());
  }
  auto client = make_client(term, a.api, *cred, term.callbacks("speak", true));
  if (!client) {
    mark_failed(result, client.error());
    return finish(a, std::move(result), client.error());
  }
  auto r = client->speak(*req);
  if (!r) {
    term.error(r.error().message);
    const int code = exit_code_for(r.error().category);
    mark_failed(result, code, api_error_json(r.error()));
    return finish(a, std::move(result), code);
  }
  auto w = a.output == "-" ? write_to_stdout(r->bytes) : write_file_atomically(a.output, r->bytes, {.replace_existing = a.overwrite});
  if (!w) {
    term.error(w.error().message);
    mark_failed(result, kOutputFailed, error_json(w.error()));
    return finish(a, std::move(result), kOutputFailed);
  }
  result["bytes"] = r->bytes.size();
  result["content_type"] = r->content_type;
  result["log_id"] = r->log_id;
  if (!a.json && a.output != "-")
    term.note(fmt::format("wrote {} ({} bytes, {})", a.output, r->bytes.size(), r->content_type));
  return finish(a, std::move(result), kOk);
}

}  // namespace

void add_speak_command(CLI::App& app, std::function<int()>& run) {
  auto s = std::make_shared<SpeakArgs>();
  CLI::App* speak = app.add_subcommand("speak", "Say something with a voice, into an audio file");
  speak->add_option("--voice-id", s->voice_id, "The voice")->required();
  speak->add_option("--text", s->text, "The words (at most 1024 bytes)");
  speak->add_option("--text-file", s->text_file, "Read the words from a file");
  speak->add_option("-o,--output", s->output,
                    "Audio file to write (.mp3, .wav, .pcm/.raw, .ogg/.opus; none: the format's is "
                    "added), or - for stdout")
      ->required();
  speak->add_option("--format", s->format,
                    "mp3, wav, pcm or ogg_opus [default: from -o's extension, else mp3]");
  speak->add_option("--speed", s->speed, "Speaking rate, a factor: 0.5 to 2")->type_name("FACTOR");
  speak->add_option("--sample-rate", s->sample_rate,
                    "Sample rate of the speech, in Hz: 8000 16000 22050 24000 32000 44100 48000")
      ->type_name("HZ");
  speak->add_option("--loudness-rate", s->loudness_rate,
                    "Loudness, in percent quieter or louder: -50 to 100")
      ->type_name("PERCENT");
  speak->add_option("--emotion", s->emotion,
                    "happy sad angry surprised fear hate excited coldness neutral (the voice "
                    "must support it: see voxclone voices --json)");
  speak->add_option("--emotion-scale", s->emotion_scale, "Strength of --emotion: 1 to 5");
  add_overwrite_options(speak, s->overwrite, &s->no_overwrite);
  add_report_options(speak, s->json, s->quiet, s->verbose, s->debug);
  add_api_options(speak, s->api, 120);
  static constexpr int kCodes[] = {kOk,      kUsage,          kOutputFailed, kNetwork,
                                   kAuth,    kRejected,       kOutcomeUnknown, kBadResponse,
                                   kPaymentRequired, kInterrupted};
  speak->footer(exit_code_footer(kCodes));
  speak->callback([s, &run] {
    run = [s] {
      Terminal t(verbosity_of(s->quiet, s->verbose, s->debug));
      return run_speak(t, *s);
    };
  });
}

}  // namespace voxclone::cli

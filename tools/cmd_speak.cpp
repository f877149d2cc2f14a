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
#include "terminal.hpp"
#include "voxclone/voxclone.hpp"

namespace voxclone::cli {
namespace {

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
  bool verbose = false;
};

// The extensions that name each format's file.
bool extension_fits(std::string_view format, const std::string& ext) {
  if (format == "pcm") return ext == ".pcm" || ext == ".raw";
  if (format == "ogg_opus") return ext == ".ogg" || ext == ".opus";
  return ext == speech_extension(format);
}

// --format, else the output's extension, else mp3.
std::string resolve_speech_format(const SpeakArgs& a) {
  if (!a.format.empty()) return a.format;
  const std::string ext = std::filesystem::path(a.output).extension().string();
  return ext == ".wav"                     ? "wav"
         : ext == ".pcm" || ext == ".raw"  ? "pcm"
         : ext == ".ogg" || ext == ".opus" ? "ogg_opus"
                                           : "mp3";
}

int run_speak(Terminal& term, SpeakArgs a) {
  auto text = resolve_text(a.text, a.text_file);
  if (text && !*text)
    text =
        fail(ErrorCategory::invalid_argument, "give the words to speak with --text or --text-file");
  if (!text) {
    term.error(text.error().message);
    return kUsage;
  }
  SpeechRequest req{.input = **text,
                    .voice_id = a.voice_id,
                    .response_format = resolve_speech_format(a),
                    .speed = a.speed,
                    .sample_rate = a.sample_rate,
                    .loudness_rate = a.loudness_rate,
                    .emotion = a.emotion,
                    .emotion_scale = a.emotion_scale};
  if (auto v = validate_speech_request(req); !v) {
    term.error(v.error().message);
    return kUsage;
  }
  // The file's name says what it holds: an extension that names another format is refused,
  // a name without one gets the format's.
  const std::string ext = std::filesystem::path(a.output).extension().string();
  if (ext.empty()) {
    a.output += std::string(speech_extension(req.response_format));
  } else if (!extension_fits(req.response_format, ext)) {
    term.error(fmt::format("-o '{}' names a {} file but --format is {}: use a {} name or "
                           "another --format",
                           a.output, ext, req.response_format,
                           speech_extension(req.response_format)));
    return kUsage;
  }
  auto cred = credentials_or_report(term, a.api);
  if (!cred) return cred.error();
  auto client = make_client(term, a.api, *cred, term.callbacks("speak"));
  if (!client) return client.error();
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
    print_json({{"ok", true},
                {"output", a.output},
                {"bytes", r->bytes.size()},
                {"content_type", r->content_type},
                {"log_id", r->log_id}});
  else if (!a.quiet)
    fmt::print("wrote {} ({} bytes, {})\n", a.output, r->bytes.size(), r->content_type);
  return kOk;
}

}  // namespace

void add_speak_command(CLI::App& app, std::function<int()>& run) {
  auto s = std::make_shared<SpeakArgs>();
  CLI::App* speak = app.add_subcommand("speak", "Say something with a voice, into an audio file");
  speak->add_option("--voice-id", s->voice_id, "The voice")->required();
  speak->add_option("--text", s->text, "The words (at most 1024 bytes)");
  speak->add_option("--text-file", s->text_file, "Read the words from a file");
  speak->add_option("-o,--output", s->output,
                    "Audio file to write; its extension must fit --format (none: added)")
      ->required();
  speak->add_option("--format", s->format,
                    "mp3, wav, pcm or ogg_opus [default: from -o, else mp3]");
  speak->add_option("--speed", s->speed, "0.5 to 2");
  speak->add_option("--sample-rate", s->sample_rate, "8000 16000 22050 24000 32000 44100 48000");
  speak->add_option("--loudness-rate", s->loudness_rate, "-50 to 100 (percent quieter or louder)");
  speak->add_option("--emotion", s->emotion,
                    "happy sad angry surprised fear hate excited coldness neutral (the voice "
                    "must support it: see voxclone voices --json)");
  speak->add_option("--emotion-scale", s->emotion_scale, "1 to 5, with --emotion");
  speak->add_flag("--json", s->json, "Print JSON on stdout");
  speak->add_flag("-q,--quiet", s->quiet, "Print only errors");
  speak->add_flag("-v,--verbose", s->verbose, "Say which credential is used (never the secret)");
  add_api_options(speak, s->api, 120);
  speak->callback([s, &run] {
    run = [s] {
      Terminal t(s->quiet     ? Verbosity::quiet
                 : s->verbose ? Verbosity::verbose
                              : Verbosity::normal);
      return run_speak(t, *s);
    };
  });
}

}  // namespace voxclone::cli

// `voxclone voices`: list the voices on the account (cloned ones unless --all), as a table or JSON.
#include <algorithm>
#include <cstdint>
#include <ctime>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "api_args.hpp"
#include "commands.hpp"
#include "exit_codes.hpp"
#include "json_out.hpp"
#include "prep_args.hpp"
#include "terminal.hpp"
#include "terminal_text.hpp"
#include "voice_guard.hpp"
#include "voxclone/voxclone.hpp"

namespace voxclone::cli {
namespace {

using nlohmann::json;

struct VoicesArgs {
  ApiArgs api;
  bool all = false;
  bool system = false;
  std::optional<std::string> model_type;
  std::optional<std::string> state;
  int page_size = 100;
  bool json = false;
  bool quiet = false;
  int verbose = 0;
  bool debug = false;
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

json voices_json(const std::vector<Voice>& voices, const std::set<std::string>& printed) {
  json list = json::array();
  for (const auto& v : voices)
    list.push_back({{"voice_id", v.voice_id},
                    {"voiceprint", printed.contains(v.voice_id)},
                    {"name", v.name},
                    {"is_system_voice", v.is_system_voice},
                    {"language_code", v.language_code},
                    {"language_name", v.language_name},
                    {"preview_text", v.preview_text},
                    {"preview_audio", v.preview_audio},
                    {"available_training_times", v.available_training_times},
                    {"create_time", v.create_time},
                    {"update_time", v.update_time},
                    {"model_type", v.model_type},
                    {"state", v.state},
                    {"support_emotions", v.support_emotions}});
  return list;
}

// Columns as wide as the longest id and name (names cut at 32 characters).
void print_voice_table(const std::vector<Voice>& voices, const std::set<std::string>& printed) {
  std::size_t id_w = 8, name_w = 4;
  // Every field came from the service: shown, never obeyed (a name could hold escapes).
  struct Row {
    std::string id, name, state, language;
  };
  std::vector<Row> rows;
  for (const auto& v : voices) {
    std::string name = one_line(v.name);
    if (name.size() > 32) name = name.substr(0, 31) + "~";
    rows.push_back({one_line(v.voice_id), std::move(name),
                    v.state.empty() ? "-" : one_line(v.state),
                    v.language_code.empty() ? "-" : one_line(v.language_code)});
    id_w = std::max(id_w, rows.back().id.size());
    name_w = std::max(name_w, rows.back().name.size());
  }
  fmt::print("{:<{}}  {:<{}}  {:<8}  {:<8}  {:>10}  {}\n", "VOICE ID", id_w, "NAME", name_w,
             "STATE", "LANGUAGE", "TRAININGS", "CREATED (UTC)");
  for (std::size_t i = 0; i < voices.size(); ++i) {
    const Voice& v = voices[i];
    const Row& row = rows[i];
    fmt::print("{:<{}}  {:<{}}  {:<8}  {:<8}  {:>10}  {}{}{}\n", row.id, id_w, row.name, name_w,
               row.state, row.language, v.available_training_times, date_of(v.create_time),
               v.is_system_voice ? "  (system)" : "",
               printed.contains(v.voice_id) ? "  (voiceprint)" : "");
  }
}

// The voices command's one JSON result.
json voices_result(int code) {
  json r = result_json(std::nullopt, code == kOk ? "ok" : "failed", code);
  return r;
}

int finish(const VoicesArgs& a, json result, int code) {
  if (a.json) print_json(envelope_json("voices", json::array({std::move(result)}), code));
  return code;
}

int run_voices(Terminal& term, const VoicesArgs& a) {
  ListVoicesOptions lo;
  lo.include_system_voices = a.all || a.system;
  lo.voice_state = a.state.value_or(a.all ? "all" : "cloned");
  lo.model_type = a.model_type;
  lo.page_size = a.page_size;
  if (auto v = validate_list_options(lo); !v) {
    term.error(v.error().message);
    if (a.json) print_json(early_failure_json("voices", error_json(v.error())));
    return kUsage;
  }
  auto cred = credentials_or_report(term, a.api, TokenUse::list_voices);
  if (!cred) return finish(a, voices_result(cred.error()), cred.error());
  auto client = make_client(term, a.api, *cred, term.callbacks("voices", true));
  if (!client) return finish(a, voices_result(client.error()), client.error());
  auto r = client->list_voices(lo);
  if (!r) {
    term.error(r.error().message);
    const int code = exit_code_for(r.error().category);
    json result = voices_result(code);
    result["error"] = api_error_json(r.error());
    return finish(a, std::move(result), code);
  }
  // The voices cloned here, whose voiceprint is kept (--like voice:ID; a retrain is checked).
  const std::set<std::string> printed = voices_with_voiceprint(resolve_base_url(a.api, &*cred));
  if (a.json) {
    json result = voices_result(kOk);
    result["voices"] = voices_json(*r, printed);
    return finish(a, std::move(result), kOk);
  }
  if (r->empty()) {
    if (!a.quiet) fmt::print("no {}voices\n", a.all ? "" : "cloned ");
    return kOk;
  }
  print_voice_table(*r, printed);
  return kOk;
}

}  // namespace

void add_voices_command(CLI::App& app, std::function<int()>& run) {
  auto v = std::make_shared<VoicesArgs>();
  CLI::App* voices = app.add_subcommand("voices", "List your cloned voices");
  voices->add_flag("--all", v->all, "Include system voices and voices still training");
  voices->add_flag("--system", v->system, "Include the service's system voices");
  voices->add_option("--model-type", v->model_type, "Only big or small voices")
      ->check(CLI::IsMember({"big", "small"}));
  voices->add_option("--state", v->state, "init (training), cloned or all [default: cloned]")
      ->check(CLI::IsMember({"init", "cloned", "all"}));
  voices->add_option("--page-size", v->page_size,
                     "Voices asked for per request: 1-100; every page is read")
      ->capture_default_str()
      ->type_name("N")
      ->check(in_range(1, 100));
  add_report_options(voices, v->json, v->quiet, v->verbose, v->debug);
  add_api_options(voices, v->api, 60);
  static constexpr int kCodes[] = {kOk,      kUsage,    kNetwork,     kAuth,
                                   kRejected, kOutcomeUnknown, kBadResponse, kPaymentRequired,
                                   kInterrupted};
  voices->footer(exit_code_footer(kCodes));
  voices->callback([v, &run] {
    run = [v] {
      Terminal t(verbosity_of(v->quiet, v->verbose, v->debug));
      return run_voices(t, *v);
    };
  });
}

}  // namespace voxclone::cli

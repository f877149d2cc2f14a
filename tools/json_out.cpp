#include "json_out.hpp"

#include <cstdio>

#include "exit_codes.hpp"

namespace voxclone::cli {

using nlohmann::json;

json error_json(const Error& e) {
  return {{"category", std::string(to_string(e.category))},
          {"message", e.message},
          {"exit_code", exit_code_for(e.category)}};
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

json report_json(const PrepReport& r) { return json::parse(to_json(r, -1)); }

json bad_voice_json(const SampleVerdict& verdict, const std::string& message) {
  json j = error_json(Error{ErrorCategory::bad_voice, message});
  json codes = json::array();
  for (const auto& why : verdict.reasons)
    if (why.blocks_upload) codes.push_back(why.code);
  j["warnings"] = std::move(codes);
  return j;
}

json result_json(std::optional<std::string> input, std::string_view status, int exit_code) {
  return {{"input", input ? json(*input) : json(nullptr)},
          {"status", std::string(status)},
          {"exit_code", exit_code}};
}

void mark_failed(json& result, int exit_code, json error) {
  result["status"] = "failed";
  result["exit_code"] = exit_code;
  if (!error.is_null()) result["error"] = std::move(error);
}

json envelope_json(std::string_view command, json results, int exit_code) {
  json counts = {{"total", results.size()}, {"ok", 0}, {"failed", 0}, {"skipped", 0},
                 {"interrupted", 0}, {"not_started", 0}};
  for (const auto& r : results) {
    const std::string s = r.value("status", "failed");
    counts[s] = counts.value(s, 0) + 1;
  }
  return {{"schema_version", kJsonSchemaVersion},
          {"command", std::string(command)},
          {"ok", exit_code == 0},
          {"exit_code", exit_code},
          {"results", std::move(results)},
          {"counts", std::move(counts)}};
}

json early_failure_json(std::string_view command, const json& error) {
  json j = envelope_json(command, json::array(), error.value("exit_code", 1));
  j["error"] = error;
  return j;
}

void print_json(const json& j) {
  std::fputs(j.dump(2, ' ', false, json::error_handler_t::replace).c_str(), stdout);
  std::fputc('\n', stdout);
}

}  // namespace voxclone::cli

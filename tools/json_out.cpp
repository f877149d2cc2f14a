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

void print_json(const json& j) {
  std::fputs(j.dump(2, ' ', false, json::error_handler_t::replace).c_str(), stdout);
  std::fputc('\n', stdout);
}

}  // namespace voxclone::cli

// Internal: reading the service's answers (separate from the transfer so they can be fuzzed).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace voxclone::detail {

/// The contract's envelope: {"code", "msg", "data", "detail": {"logid"}}. Never throws: a body
/// that is not a JSON object comes back with json_ok false.
struct ServiceAnswer {
  bool json_ok = false;
  std::optional<std::int64_t> code;
  std::string msg;
  std::string log_id;  ///< detail.logid, else the x-tt-logid header
  nlohmann::json data;
};

ServiceAnswer parse_service_answer(std::string_view body, std::string_view log_id_header);

/// Retry-After as seconds or an HTTP date; nullopt when neither.
std::optional<std::chrono::milliseconds> parse_retry_after(const std::string& value);

}  // namespace voxclone::detail

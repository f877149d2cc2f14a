// Internal: reading the service's answers: the JSON envelope, Retry-After, a clone's voice id,
// a page of voices, whether an answer is audio. Kept apart from the transfer so it can be
// fuzzed (tests/fuzz/fuzz_answer.cpp) and tested without a network.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "voxclone/upload.hpp"

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

/// A clone's `data.voice_id` (a string, or a number tolerated); nullopt when missing or empty.
std::optional<std::string> read_voice_id(const nlohmann::json& data);

/// One page of `GET /v1/audio/voices`: `data.voice_list` and `data.has_more`.
struct VoicePage {
  std::vector<Voice> voices;
  bool has_more = false;
};
/// nullopt when `data` holds no voice_list array; fields of the wrong type read as empty.
std::optional<VoicePage> read_voice_page(const nlohmann::json& data);

/// Whether a Content-Type names audio (the speech endpoint's success), case-insensitively.
bool is_audio_content_type(std::string_view content_type);

}  // namespace voxclone::detail

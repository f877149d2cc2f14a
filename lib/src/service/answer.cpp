// Reading the service's answers: the envelope every endpoint answers with, Retry-After, and the
// payloads of the calls that succeed (a voice id, a page of voices). Nothing here throws:
// whatever the bytes, a value comes back (tests/fuzz/fuzz_answer.cpp holds it to that).
#include "service/answer.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <ctime>

#include <curl/curl.h>

#include "core/ascii.hpp"

namespace voxclone::detail {

using nlohmann::json;

std::optional<std::chrono::milliseconds> parse_retry_after(const std::string& v) {
  if (v.empty()) return std::nullopt;
  if (std::all_of(v.begin(), v.end(), [](unsigned char c) { return std::isdigit(c); })) {
    if (v.size() > 9) return std::chrono::hours(24 * 365);
    return std::chrono::seconds(std::stoll(v));
  }
  const time_t when = curl_getdate(v.c_str(), nullptr);  // an HTTP date
  if (when < 0) return std::nullopt;
  // In whole seconds, capped: a date in the year 202026 (found by fuzzing) would overflow
  // std::chrono's nanosecond arithmetic.
  const time_t now = std::time(nullptr);
  if (when <= now) return std::chrono::milliseconds(0);
  constexpr time_t kYear = 365L * 24 * 3600;
  return std::chrono::seconds(std::min<time_t>(when - now, kYear));
}

ServiceAnswer parse_service_answer(std::string_view body, std::string_view log_id_header) {
  ServiceAnswer a;
  a.log_id = std::string(log_id_header);
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return a;
  a.json_ok = true;
  if (auto it = j.find("code"); it != j.end() && it->is_number_integer())
    a.code = it->get<std::int64_t>();
  if (auto it = j.find("msg"); it != j.end() && it->is_string()) a.msg = it->get<std::string>();
  if (auto d = j.find("detail"); d != j.end() && d->is_object())
    if (auto l = d->find("logid");
        l != d->end() && l->is_string() && !l->get<std::string>().empty())
      a.log_id = l->get<std::string>();
  if (auto it = j.find("data"); it != j.end()) a.data = *it;
  return a;
}

std::optional<std::string> read_voice_id(const json& data) {
  const json* id = data.is_object() && data.contains("voice_id") ? &data["voice_id"] : nullptr;
  if (id && id->is_string() && !id->get<std::string>().empty()) return id->get<std::string>();
  if (id && id->is_number_integer())  // tolerate a numeric id
    return std::to_string(id->get<std::int64_t>());
  return std::nullopt;
}

namespace {

Voice read_voice(const json& v) {
  auto str = [&](const char* k) {
    return v.contains(k) && v[k].is_string() ? v[k].get<std::string>() : std::string();
  };
  auto num = [&](const char* k) -> std::int64_t {
    if (!v.contains(k)) return 0;
    if (v[k].is_number_integer()) return v[k].get<std::int64_t>();
    if (v[k].is_string()) return std::strtoll(v[k].get<std::string>().c_str(), nullptr, 10);
    return 0;
  };
  Voice x;
  x.voice_id = str("voice_id");
  x.name = str("name");
  x.is_system_voice = v.contains("is_system_voice") && v["is_system_voice"].is_boolean() &&
                      v["is_system_voice"].get<bool>();
  x.language_code = str("language_code");
  x.language_name = str("language_name");
  x.preview_text = str("preview_text");
  x.preview_audio = str("preview_audio");
  x.available_training_times = static_cast<int>(num("available_training_times"));
  x.create_time = num("create_time");
  x.update_time = num("update_time");
  x.model_type = str("model_type");
  x.state = str("state");
  // A list of names; the SDKs also meet objects naming the emotion.
  if (auto e = v.find("support_emotions"); e != v.end() && e->is_array())
    for (const auto& item : *e) {
      if (item.is_string()) x.support_emotions.push_back(item.get<std::string>());
      else if (item.is_object() && item.contains("emotion") && item["emotion"].is_string())
        x.support_emotions.push_back(item["emotion"].get<std::string>());
    }
  return x;
}

}  // namespace

std::optional<VoicePage> read_voice_page(const json& d) {
  if (!d.is_object() || !d.contains("voice_list") || !d["voice_list"].is_array())
    return std::nullopt;
  VoicePage page;
  for (const auto& v : d["voice_list"]) page.voices.push_back(read_voice(v));
  page.has_more = d.contains("has_more") && d["has_more"].is_boolean() && d["has_more"].get<bool>();
  return page;
}

bool is_audio_content_type(std::string_view content_type) {
  const std::string ct = to_lower_ascii(std::string(content_type));
  return ct.starts_with("audio/") || ct.starts_with("application/octet-stream");
}

}  // namespace voxclone::detail

// Reading the sign-in answers. Whatever the bytes, a value comes back (fuzz_oauth holds it to
// that); fields of the wrong type read as missing.
#include "auth/oauth_answer.hpp"

#include <algorithm>
#include <limits>

#include <nlohmann/json.hpp>

namespace voxclone::detail {
namespace {

using nlohmann::json;

std::string str(const json& j, const char* key) {
  if (auto it = j.find(key); it != j.end() && it->is_string()) return it->get<std::string>();
  return {};
}

// An integer field, also when sent as a string of digits; nullopt when neither.
std::optional<std::int64_t> integer(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) return std::nullopt;
  if (it->is_number_integer()) {
    if (it->is_number_unsigned() &&
        it->get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      return std::numeric_limits<std::int64_t>::max();
    return it->get<std::int64_t>();
  }
  if (it->is_string()) {
    const auto& s = it->get_ref<const std::string&>();
    if (s.empty() || s.size() > 18 || !std::all_of(s.begin(), s.end(), [](char c) {
          return c >= '0' && c <= '9';
        }))
      return std::nullopt;
    return std::stoll(s);
  }
  return std::nullopt;
}

// The error fields an OAuth answer may carry, in the service's spelling or RFC 6749's.
void read_error(const json& j, std::string& error, std::string& message) {
  error = str(j, "error_code");
  if (error.empty()) error = str(j, "error");
  message = str(j, "error_message");
  if (message.empty()) message = str(j, "error_description");
}

}  // namespace

std::int64_t absolute_expiry(std::int64_t expires_in, std::int64_t now) {
  constexpr std::int64_t kSurelyATime = 1'000'000'000;  // 2001-09-09
  if (expires_in >= kSurelyATime) return expires_in;
  if (expires_in <= 0) return now;
  return now + expires_in;
}

TokenAnswer parse_token_answer(std::string_view body, std::string_view log_id_header,
                               std::int64_t now) {
  TokenAnswer a;
  a.log_id = std::string(log_id_header);
  const json j = json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return a;
  a.json_ok = true;
  read_error(j, a.error, a.error_message);
  if (auto it = j.find("code"); it != j.end() && it->is_number_integer())
    a.code = it->get<std::int64_t>();
  if (a.error_message.empty()) a.error_message = str(j, "msg");
  if (auto d = j.find("detail"); d != j.end() && d->is_object())
    if (auto l = str(*d, "logid"); !l.empty()) a.log_id = l;
  // Some answers wrap the token in the API envelope's `data`.
  const json* t = &j;
  if (auto d = j.find("data"); d != j.end() && d->is_object() && d->contains("access_token"))
    t = &*d;
  if (std::string access = str(*t, "access_token"); !access.empty() && a.error.empty()) {
    OAuthToken tok;
    tok.access_token = std::move(access);
    tok.refresh_token = str(*t, "refresh_token");
    tok.expires_at = absolute_expiry(integer(*t, "expires_in").value_or(0), now);
    a.token = std::move(tok);
  }
  return a;
}

DeviceCodeAnswer parse_device_code_answer(std::string_view body, std::int64_t now) {
  DeviceCodeAnswer a;
  const json j = json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return a;
  read_error(j, a.error, a.error_message);
  if (auto it = j.find("code"); it != j.end() && it->is_number_integer())
    a.service_code = it->get<std::int64_t>();
  if (a.error_message.empty()) a.error_message = str(j, "msg");
  const json* d = &j;
  if (auto it = j.find("data"); it != j.end() && it->is_object()) d = &*it;
  DeviceCode c;
  c.device_code = str(*d, "device_code");
  c.user_code = str(*d, "user_code");
  c.verification_uri = str(*d, "verification_uri");
  if (c.device_code.empty() || c.user_code.empty() || c.verification_uri.empty()) return a;
  c.verification_url = str(*d, "verification_url");
  if (c.verification_url.empty())
    c.verification_url = c.verification_uri +
                         (c.verification_uri.find('?') == std::string::npos ? "?" : "&") +
                         "user_code=" + c.user_code;
  // At least 1 s between polls (an answer of 0 would have us hammer the service), at most 60.
  c.interval = std::chrono::seconds(std::clamp<std::int64_t>(integer(*d, "interval").value_or(5), 1, 60));
  // Device codes live minutes; without an expiry, RFC 8628's usual 10 minutes.
  c.expires_at = absolute_expiry(integer(*d, "expires_in").value_or(600), now);
  a.code = std::move(c);
  return a;
}

std::string stored_login_json(const StoredLogin& l) {
  nlohmann::ordered_json j = {{"kind", "voxclone device login"},
                              {"client_id", l.client_id},
                              {"base_url", l.base_url},
                              {"access_token", l.token.access_token},
                              {"expires_at", l.token.expires_at},
                              {"refresh_token", l.token.refresh_token}};
  return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::optional<StoredLogin> parse_stored_login(std::string_view text) {
  const json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  StoredLogin l;
  l.client_id = str(j, "client_id");
  l.base_url = str(j, "base_url");
  l.token.access_token = str(j, "access_token");
  l.token.refresh_token = str(j, "refresh_token");
  l.token.expires_at = integer(j, "expires_at").value_or(0);
  if (l.client_id.empty() || l.base_url.empty() ||
      (l.token.access_token.empty() && l.token.refresh_token.empty()))
    return std::nullopt;
  return l;
}

}  // namespace voxclone::detail

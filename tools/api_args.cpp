#include "api_args.hpp"

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "exit_codes.hpp"
#include "prep_args.hpp"

namespace voxclone::cli {
namespace {

Result<std::string> read_text_file(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return fail(ErrorCategory::invalid_argument,
                fmt::format("{} '{}': cannot read it", what, path));
  std::ostringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  while (!s.empty() &&
         (s.back() == '\n' || s.back() == '\r' || s.back() == ' ' || s.back() == '\t'))
    s.pop_back();
  if (s.size() >= 3 && s.compare(0, 3, "\xEF\xBB\xBF") == 0) s.erase(0, 3);  // a UTF-8 BOM
  return s;
}

}  // namespace

void add_api_options(CLI::App* cmd, ApiArgs& a, double default_timeout) {
  a.timeout_seconds = default_timeout;
  cmd->add_option("--base-url", a.base_url,
                  "API base URL [default: $COZE_API_BASE, else https://api.coze.cn]");
  cmd->add_option("--region", a.region, "cn (api.coze.cn) or com (api.coze.com)")
      ->check(CLI::IsMember({"cn", "com"}));
  cmd->add_option("--token-file", a.token_file,
                  "Read the API token from this file [default: $COZE_API_TOKEN]");
  cmd->add_option("--timeout", a.timeout_seconds, "Seconds the whole request may take: 1–3600")
      ->type_name("SECONDS")
      ->capture_default_str()
      ->check(in_range(1, 3600));
}

Result<std::optional<std::string>> resolve_text(const std::optional<std::string>& text,
                                                const std::optional<std::string>& text_file) {
  if (text && text_file)
    return fail(ErrorCategory::invalid_argument, "give --text or --text-file, not both");
  if (!text_file) return text;
  auto t = read_text_file(*text_file, "--text-file");
  if (!t) return std::unexpected(t.error());
  return std::optional<std::string>(*t);
}

Result<std::string> resolve_token(const ApiArgs& a, TokenUse use) {
  if (!a.token_file.empty()) {
    auto t = read_text_file(a.token_file, "--token-file");
    if (!t) return t;
    if (t->empty())
      return fail(ErrorCategory::invalid_argument,
                  fmt::format("--token-file '{}' is empty", a.token_file));
    return t;
  }
  if (const char* env = std::getenv("COZE_API_TOKEN"); env != nullptr && *env != '\0')
    return std::string(env);
  const char* permission = use == TokenUse::clone         ? "createVoice"
                           : use == TokenUse::list_voices ? "listVoice"
                                                          : "createSpeech";
  return fail(ErrorCategory::invalid_argument,
              fmt::format("no API token: set COZE_API_TOKEN or pass --token-file FILE (a token "
                          "with the {} permission)",
                          permission));
}

std::string resolve_base_url(const ApiArgs& a) {
  if (!a.base_url.empty()) return a.base_url;
  if (a.region == "com") return kInternationalBaseUrl;
  if (a.region == "cn") return kDefaultBaseUrl;
  if (const char* env = std::getenv("COZE_API_BASE"); env != nullptr && *env != '\0') return env;
  return kDefaultBaseUrl;
}

std::expected<Client, int> make_client(Terminal& term, const ApiArgs& a, const std::string& token,
                                       Callbacks cb) {
  ClientOptions co;
  co.base_url = resolve_base_url(a);
  co.token = token;
  co.timeout = std::chrono::milliseconds(static_cast<long long>(a.timeout_seconds * 1000));
  co.callbacks = std::move(cb);
  auto c = Client::create(std::move(co));
  if (!c) {
    term.error(c.error().message);
    return std::unexpected(exit_code_for(c.error().category));
  }
  return std::move(*c);
}

}  // namespace voxclone::cli

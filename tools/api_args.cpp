#include "api_args.hpp"

#include <sys/prctl.h>
#include <sys/resource.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <system_error>
#include <cstdlib>
#include <fstream>

#include <fmt/format.h>

#include "exit_codes.hpp"
#include "prep_args.hpp"

namespace voxclone::cli {
namespace {

// A token, a key or a text is a few kB: more than this is the wrong file (or /dev/zero, which
// would otherwise be read until memory ran out). Read at most one byte past it, whatever the
// file system says the size is (a device or a FIFO says 0).
constexpr std::size_t kMaxSmallFileBytes = 1 << 20;

Result<std::string> read_text_file(const std::string& path, const char* what) {
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    // The OS's reason ("No such file or directory", "Permission denied"): ifstream keeps it in
    // errno only.
    const int err = errno;
    return fail(ErrorCategory::invalid_argument,
                fmt::format("{} '{}': cannot read it{}", what, path,
                            err ? ": " + std::error_code(err, std::generic_category()).message() : ""));
  }
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    return fail(ErrorCategory::invalid_argument,
                fmt::format("{} '{}': cannot read it: it is a folder", what, path));
  std::string s(kMaxSmallFileBytes + 1, '\0');
  in.read(s.data(), static_cast<std::streamsize>(s.size()));
  if (in.bad())
    return fail(ErrorCategory::invalid_argument,
                fmt::format("{} '{}': cannot read it", what, path));
  s.resize(static_cast<std::size_t>(in.gcount()));
  if (s.size() > kMaxSmallFileBytes)
    return fail(ErrorCategory::invalid_argument,
                fmt::format("{} '{}' is larger than {} bytes (1 MiB), more than any {} holds: "
                            "not read",
                            what, path, kMaxSmallFileBytes,
                            std::string_view(what) == "--text-file" ? "text" : "token or key"));
  while (!s.empty() &&
         (s.back() == '\n' || s.back() == '\r' || s.back() == ' ' || s.back() == '\t'))
    s.pop_back();
  if (s.size() >= 3 && s.compare(0, 3, "\xEF\xBB\xBF") == 0) s.erase(0, 3);  // a UTF-8 BOM
  return s;
}

std::optional<std::string> env(const char* name) {
  if (const char* v = std::getenv(name); v != nullptr && *v != '\0') return std::string(v);
  return std::nullopt;
}

void warn_if_shared(Credentials& c, const std::string& path, std::string_view what) {
  if (readable_by_others(path))
    c.warnings.push_back(fmt::format(
        "{} '{}' can be read by other users of this machine: chmod 600 '{}'", what, path, path));
}

// The service app of the COZE_JWT_OAUTH_* variables the SDKs' examples read.
Result<std::optional<JwtApp>> jwt_app_from_env(Credentials& c) {
  auto id = env("COZE_JWT_OAUTH_CLIENT_ID");
  if (!id) return std::optional<JwtApp>();
  JwtApp app;
  app.client_id = *id;
  app.public_key_id = env("COZE_JWT_OAUTH_PUBLIC_KEY_ID").value_or("");
  if (auto key = env("COZE_JWT_OAUTH_PRIVATE_KEY")) {
    app.private_key_pem = *key;
    // A key pasted into one line of an .env file keeps its line breaks as "\n".
    if (app.private_key_pem.find('\n') == std::string::npos)
      for (std::size_t p = 0; (p = app.private_key_pem.find("\\n", p)) != std::string::npos;)
        app.private_key_pem.replace(p, 2, "\n");
  } else if (auto file = env("COZE_JWT_OAUTH_PRIVATE_KEY_FILE_PATH")) {
    auto k = read_text_file(*file, "COZE_JWT_OAUTH_PRIVATE_KEY_FILE_PATH");
    if (!k) return std::unexpected(k.error());
    app.private_key_pem = *k + "\n";
    warn_if_shared(c, *file, "the private key");
  }
  if (app.public_key_id.empty() || app.private_key_pem.empty())
    return fail(ErrorCategory::invalid_argument,
                "COZE_JWT_OAUTH_CLIENT_ID is set, so a service app is meant: set "
                "COZE_JWT_OAUTH_PUBLIC_KEY_ID and COZE_JWT_OAUTH_PRIVATE_KEY (or "
                "COZE_JWT_OAUTH_PRIVATE_KEY_FILE_PATH) too");
  return std::optional<JwtApp>(std::move(app));
}

}  // namespace

void add_api_options(CLI::App* cmd, ApiArgs& a, double default_timeout) {
  a.timeout_seconds = default_timeout;
  cmd->add_option("--base-url", a.base_url,
                  "API base URL [default: $COZE_API_BASE, else https://api.coze.cn]");
  cmd->add_option("--region", a.region, "cn (api.coze.cn) or com (api.coze.com)")
      ->check(CLI::IsMember({"cn", "com"}));
  cmd->add_option("--token-file", a.token_file,
                  "Read a personal API token from this file [default: $COZE_API_TOKEN]");
  cmd->add_option("--oauth-config", a.oauth_config,
                  "Sign in as the service app (JWT) of this OAuth config file (the SDKs' JSON)");
  cmd->add_option("--session-name", a.session_name,
                  "With a service app: the JWT's session_name (isolates its sessions)");
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

void keep_secrets_out_of_core_dumps() {
  // A crash must not leave a token or a private key in a core file, and no other process of
  // this user may read our memory through ptrace: the process is made non-dumpable.
  const rlimit none{0, 0};
  ::setrlimit(RLIMIT_CORE, &none);
  ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

Result<Credentials> resolve_credentials(const ApiArgs& a, TokenUse use) {
  keep_secrets_out_of_core_dumps();
  Credentials c;
  if (!a.token_file.empty()) {
    auto t = read_text_file(a.token_file, "--token-file");
    if (!t) return std::unexpected(t.error());
    if (t->empty())
      return fail(ErrorCategory::invalid_argument,
                  fmt::format("--token-file '{}' is empty", a.token_file));
    c.token = *t;
    c.source = fmt::format("personal token from --token-file '{}'", a.token_file);
    warn_if_shared(c, a.token_file, "the token file");
    return c;
  }
  if (!a.oauth_config.empty()) {
    auto cfg = load_oauth_config(a.oauth_config);
    if (!cfg) return std::unexpected(cfg.error());
    auto app = jwt_app_from(*cfg);
    if (!app)
      return fail(app.error().category,
                  fmt::format("--oauth-config '{}': {}", a.oauth_config, app.error().message));
    c.jwt_app = std::move(*app);
    c.base_url = cfg->api_base;
    c.source = fmt::format("service app {} (public key {}) from --oauth-config '{}'",
                           c.jwt_app->client_id, c.jwt_app->public_key_id, a.oauth_config);
    warn_if_shared(c, a.oauth_config, "the OAuth config (it holds a private key)");
  } else if (auto t = env("COZE_API_TOKEN")) {
    c.token = *t;
    c.source = "personal token from COZE_API_TOKEN";
    return c;
  } else {
    auto app = jwt_app_from_env(c);
    if (!app) return std::unexpected(app.error());
    if (*app) {
      c.jwt_app = std::move(**app);
      c.source = fmt::format("service app {} (public key {}) from COZE_JWT_OAUTH_*",
                             c.jwt_app->client_id, c.jwt_app->public_key_id);
    }
  }
  if (c.jwt_app) {
    c.jwt_app->session_name = a.session_name;
    return c;
  }
  c.login_path = default_login_path();
  auto login = load_login(c.login_path);
  if (!login) return std::unexpected(login.error());
  if (*login) {
    c.login = std::move(**login);
    c.base_url = c.login->base_url;
    c.source = fmt::format("device login of app {} stored in '{}'", c.login->client_id,
                           c.login_path.string());
    warn_if_shared(c, c.login_path.string(), "the stored login");
    return c;
  }
  const char* permission = use == TokenUse::clone         ? "createVoice"
                           : use == TokenUse::list_voices ? "listVoice"
                                                          : "createSpeech";
  return fail(ErrorCategory::invalid_argument,
              fmt::format("not signed in: set COZE_API_TOKEN (a personal token with the {} "
                          "permission), pass --token-file FILE or --oauth-config FILE (a service "
                          "app), set the COZE_JWT_OAUTH_* variables, or run 'voxclone login'",
                          permission));
}

std::string resolve_base_url(const ApiArgs& a, const Credentials* c) {
  if (!a.base_url.empty()) return a.base_url;
  if (a.region == "com") return kInternationalBaseUrl;
  if (a.region == "cn") return kDefaultBaseUrl;
  if (auto e = env("COZE_API_BASE")) return *e;
  if (c != nullptr && !c->base_url.empty()) return c->base_url;
  return kDefaultBaseUrl;
}

std::expected<Credentials, int> credentials_or_report(Terminal& term, const ApiArgs& a, TokenUse use) {
  auto c = resolve_credentials(a, use);
  if (!c) {
    term.error(c.error().message);
    return std::unexpected(kUsage);
  }
  for (const auto& w : c->warnings) term.note("warning: " + w);
  if (term.verbosity() == Verbosity::verbose)
    term.note(fmt::format("signing in with the {} (order: --token-file, --oauth-config, "
                          "COZE_API_TOKEN, COZE_JWT_OAUTH_*, voxclone login)",
                          c->source));
  return std::move(*c);
}

std::expected<Client, int> make_client(Terminal& term, const ApiArgs& a, const Credentials& cr,
                                       Callbacks cb) {
  ClientOptions co;
  co.base_url = resolve_base_url(a, &cr);
  if (cr.login && co.base_url != cr.login->base_url) {
    term.error(fmt::format("the stored login is for {}, not {}: run 'voxclone login' for that "
                           "service, or drop --base-url/--region",
                           cr.login->base_url, co.base_url));
    return std::unexpected(kUsage);
  }
  co.token = cr.token;
  co.jwt_app = cr.jwt_app;
  co.login = cr.login;
  if (cr.login) {
    // A renewed login is written back so the next run starts from it.
    co.on_login_renewed = [&term, path = cr.login_path](const StoredLogin& l) {
      if (auto s = save_login(path, l); !s)
        term.note("warning: the renewed login could not be stored: " + s.error().message);
    };
  }
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

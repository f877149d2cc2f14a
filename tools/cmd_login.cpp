// `voxclone login` and `voxclone logout`: a person's sign-in with the device flow. login shows
// an address and a code, waits while the person approves in a browser (polling at the interval
// the service gives), and keeps the tokens in $XDG_CONFIG_HOME/voxclone/login.json (0600,
// written atomically); the service commands then use and renew them. logout removes the file.
#include <chrono>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "api_args.hpp"
#include "commands.hpp"
#include "exit_codes.hpp"
#include "prep_args.hpp"
#include "terminal.hpp"
#include "terminal_text.hpp"
#include "voxclone/voxclone.hpp"

namespace voxclone::cli {
namespace {

struct LoginArgs {
  ApiArgs api;  // only --base-url, --region, --timeout are offered
  std::string client_id;
  std::string oauth_config;
  std::string workspace_id;
  bool quiet = false;
  bool verbose = false;
};

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// --client-id, else a "device" --oauth-config, else $COZE_DEVICE_OAUTH_CLIENT_ID (the SDKs'
// example variable). The config may also name the service.
Result<DeviceApp> device_app_of(const LoginArgs& a, std::string& config_base) {
  DeviceApp app;
  app.workspace_id = a.workspace_id;
  if (!a.client_id.empty()) {
    app.client_id = a.client_id;
  } else if (!a.oauth_config.empty()) {
    auto cfg = load_oauth_config(a.oauth_config);
    if (!cfg) return std::unexpected(cfg.error());
    if (cfg->client_type != "device")
      return fail(ErrorCategory::invalid_argument,
                  fmt::format("--oauth-config '{}' is a \"{}\" app; 'voxclone login' needs a "
                              "\"device\" app (a service app needs no login: pass its config "
                              "to clone, voices or speak)",
                              a.oauth_config, cfg->client_type));
    app.client_id = cfg->client_id;
    config_base = cfg->api_base;
  } else if (const char* e = std::getenv("COZE_DEVICE_OAUTH_CLIENT_ID"); e && *e) {
    app.client_id = e;
  } else {
    return fail(ErrorCategory::invalid_argument,
                "which app? pass --client-id ID or --oauth-config FILE (a \"device\" app), or "
                "set COZE_DEVICE_OAUTH_CLIENT_ID");
  }
  return app;
}

int run_login(Terminal& term, const LoginArgs& a) {
  keep_secrets_out_of_core_dumps();
  std::string config_base;
  auto app = device_app_of(a, config_base);
  if (!app) {
    term.error(app.error().message);
    return kUsage;
  }
  Credentials none;
  none.base_url = config_base;
  ClientOptions co;
  co.base_url = resolve_base_url(a.api, &none);
  co.timeout = std::chrono::milliseconds(static_cast<long long>(a.api.timeout_seconds * 1000));
  // No progress line: the address and the code below are what the person reads while the
  // requests (short ones, and polls seconds apart) run.
  co.callbacks = term.callbacks("login");
  co.callbacks.progress = nullptr;
  auto code = request_device_code(co, *app);
  if (!code) {
    term.error(code.error().message);
    return exit_code_for(code.error().category);
  }
  // Shown even with -q: without it the person cannot sign in.
  term.print(stderr, fmt::format(
                         "To sign in, open {}\nand enter the code {} (it expires in {} min). "
                         "Waiting...\n",
                         one_line(code->verification_url), one_line(code->user_code),
                         std::max<std::int64_t>(1, (code->expires_at - unix_now() + 59) / 60)));
  DevicePollOptions poll;
  poll.on_poll = [&term](std::string_view said) {
    if (term.verbosity() == Verbosity::verbose)
      term.note(said == "slow_down" ? "the service asks to poll more slowly: waiting longer"
                                    : "still waiting for the sign-in to be approved");
  };
  auto token = wait_for_device_token(co, *app, *code, poll);
  if (!token) {
    term.error(token.error().message);
    return exit_code_for(token.error().category);
  }
  const auto path = default_login_path();
  StoredLogin login{.client_id = app->client_id, .base_url = co.base_url, .token = *token};
  if (auto s = save_login(path, login); !s) {
    term.error(s.error().message);
    return kOutputFailed;
  }
  term.note(fmt::format("signed in to {}; the login is kept in {} (only you can read it)",
                        co.base_url, path.string()));
  return kOk;
}

int run_logout(Terminal& term) {
  const auto path = default_login_path();
  auto r = remove_login(path);
  if (!r) {
    term.error(r.error().message);
    return kOutputFailed;
  }
  term.note(*r ? fmt::format("signed out: removed {}", path.string())
               : std::string("not signed in: nothing to remove"));
  return kOk;
}

}  // namespace

void add_login_commands(CLI::App& app, std::function<int()>& run) {
  auto l = std::make_shared<LoginArgs>();
  CLI::App* login =
      app.add_subcommand("login", "Sign in at a terminal (device code) and keep the login");
  login->add_option("--client-id", l->client_id, "The device app's client id");
  login->add_option("--oauth-config", l->oauth_config,
                    "The device app's OAuth config file (the SDKs' JSON, client_type \"device\")");
  login->add_option("--workspace-id", l->workspace_id, "Sign in to this workspace");
  login->add_option("--base-url", l->api.base_url,
                    "API base URL [default: $COZE_API_BASE, the config's, else https://api.coze.cn]");
  login->add_option("--region", l->api.region, "cn (api.coze.cn) or com (api.coze.com)")
      ->check(CLI::IsMember({"cn", "com"}));
  l->api.timeout_seconds = 30;
  login->add_option("--timeout", l->api.timeout_seconds, "Seconds each request may take: 1–3600")
      ->type_name("SECONDS")
      ->capture_default_str()
      ->check(in_range(1, 3600));
  login->add_flag("-q,--quiet", l->quiet, "Print only the address, the code and errors");
  login->add_flag("-v,--verbose", l->verbose, "Say what each poll answered");
  login->footer(
      "The login is kept in $XDG_CONFIG_HOME/voxclone/login.json (else ~/.config/voxclone/), "
      "mode 0600, and renewed with its refresh token when it expires. It is used by clone, "
      "voices and speak when no other credential is given.\n"
      "Exit codes: 0 signed in, 2 usage, 6 the login could not be stored, 8 service "
      "unreachable, 9 denied, expired or refused, 130 interrupted.");
  login->callback([l, &run] {
    run = [l] {
      Terminal t(l->quiet     ? Verbosity::quiet
                 : l->verbose ? Verbosity::verbose
                              : Verbosity::normal);
      return run_login(t, *l);
    };
  });

  auto quiet = std::make_shared<bool>(false);
  CLI::App* logout = app.add_subcommand("logout", "Forget the stored login");
  logout->add_flag("-q,--quiet", *quiet, "Print only errors");
  logout->callback([quiet, &run] {
    run = [quiet] {
      Terminal t(*quiet ? Verbosity::quiet : Verbosity::normal);
      return run_logout(t);
    };
  });
}

}  // namespace voxclone::cli

// The options the service commands (clone, voices, speak) share, and what they resolve to: the
// credential, the base URL, a client with the timeout; and the --text/--text-file pair.
//
// Which credential wins, first to last (README "Signing in"):
//   1. --token-file FILE        a personal token in a file
//   2. --oauth-config FILE      a service app (JWT) in the SDKs' JSON format
//   3. $COZE_API_TOKEN          a personal token
//   4. $COZE_JWT_OAUTH_CLIENT_ID, $COZE_JWT_OAUTH_PRIVATE_KEY (or ..._PRIVATE_KEY_FILE_PATH),
//      $COZE_JWT_OAUTH_PUBLIC_KEY_ID: a service app
//   5. the stored device login ('voxclone login')
#pragma once

#include <expected>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "terminal.hpp"
#include "voxclone/error.hpp"
#include "voxclone/log.hpp"
#include "voxclone/upload.hpp"

namespace voxclone::cli {

struct ApiArgs {
  std::string base_url;
  std::string region;
  std::string token_file;
  std::string oauth_config;
  std::string session_name;
  double timeout_seconds = 300;
};

/// --base-url, --region, --token-file, --oauth-config, --session-name and --timeout (each
/// command has its own default timeout).
void add_api_options(CLI::App* cmd, ApiArgs& a, double default_timeout);

/// What a credential is for: the message for a missing one names the permission it needs.
enum class TokenUse { clone, list_voices, speak };

/// The credential chosen, with where it came from; never printed with its secret.
struct Credentials {
  std::string source;  ///< "COZE_API_TOKEN", "--oauth-config app.json", ...
  std::string token;
  std::optional<JwtApp> jwt_app;
  std::optional<StoredLogin> login;
  std::filesystem::path login_path;  ///< where a renewed login is written back
  std::string base_url;  ///< the service the credential names (OAuth config, login); may be empty
  std::vector<std::string> warnings;  ///< files holding secrets that others can read
};

/// Makes the process non-dumpable (no core file, no ptrace by other processes of the user)
/// before any secret is read into memory.
void keep_secrets_out_of_core_dumps();

/// The first credential in the order above (the process made non-dumpable first); an invalid_argument error saying every way to
/// sign in when there is none.
Result<Credentials> resolve_credentials(const ApiArgs& a, TokenUse use);
/// --base-url, else --region, else $COZE_API_BASE, else the credential's own service, else
/// https://api.coze.cn.
std::string resolve_base_url(const ApiArgs& a, const Credentials* credentials = nullptr);
/// --text or --text-file (at most one): the text, read from the file when that was given.
Result<std::optional<std::string>> resolve_text(const std::optional<std::string>& text,
                                                const std::optional<std::string>& text_file);

/// Resolves the credential and reports it: warnings always, "signing in with ..." at -v. On
/// failure (reported), the exit code.
std::expected<Credentials, int> credentials_or_report(Terminal& term, const ApiArgs& a, TokenUse use);

/// A client for the shared options, or (reported on the terminal) the exit code to end with.
std::expected<Client, int> make_client(Terminal& term, const ApiArgs& a, const Credentials& c,
                                       Callbacks cb);

}  // namespace voxclone::cli

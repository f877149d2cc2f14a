// The options the service commands (clone, voices, speak) share, and what they resolve to: the
// token, the base URL, a client with the timeout; and the --text/--text-file pair.
#pragma once

#include <expected>
#include <optional>
#include <string>

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
  double timeout_seconds = 300;
};

/// --base-url, --region, --token-file and --timeout (each command has its own default timeout).
void add_api_options(CLI::App* cmd, ApiArgs& a, double default_timeout);

/// What a token is for: the message for a missing one names the permission it needs.
enum class TokenUse { clone, list_voices, speak };

/// --token-file, else $COZE_API_TOKEN.
Result<std::string> resolve_token(const ApiArgs& a, TokenUse use);
/// --base-url, else --region, else $COZE_API_BASE, else https://api.coze.cn.
std::string resolve_base_url(const ApiArgs& a);
/// --text or --text-file (at most one): the text, read from the file when that was given.
Result<std::optional<std::string>> resolve_text(const std::optional<std::string>& text,
                                                const std::optional<std::string>& text_file);

/// A client for the shared options, or (reported on the terminal) the exit code to end with.
std::expected<Client, int> make_client(Terminal& term, const ApiArgs& a, const std::string& token,
                                       Callbacks cb);

}  // namespace voxclone::cli

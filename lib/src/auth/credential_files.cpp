// The files that hold sign-in secrets: the SDKs' OAuth config (read) and the device login
// (read, written, removed). A login is written the way a secret must be: created 0600 in its
// own folder (0700), filled, flushed to disk, then renamed over the old file, so no other user
// can ever read it and a crash leaves the old file or the new one, never half.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <system_error>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "auth/jwt.hpp"
#include "auth/oauth_answer.hpp"
#include "core/unique_fd.hpp"
#include "write/atomic_file.hpp"
#include "voxclone/auth.hpp"

namespace voxclone {
namespace {

using nlohmann::json;

std::string errno_text(int e) { return std::error_code(e, std::generic_category()).message(); }

// At most 1 MiB, counted while reading (a device or a FIFO, /dev/zero, reports size 0).
Result<std::string> read_small_file(const std::filesystem::path& path, const char* what) {
  constexpr std::size_t kMaxBytes = 1u << 20;
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int err = errno;  // ifstream keeps the OS's reason in errno only
    return fail(ErrorCategory::invalid_argument,
                fmt::format("{} '{}': cannot read it{}", what, path.string(),
                            err ? ": " + errno_text(err) : ""));
  }
  std::string text(kMaxBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad())
    return fail(ErrorCategory::invalid_argument,
                fmt::format("{} '{}': cannot read it", what, path.string()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > kMaxBytes)
    return fail(ErrorCategory::invalid_argument,
                fmt::format("{} '{}' is larger than {} bytes (1 MiB): too large for one", what,
                            path.string(), kMaxBytes));
  return text;
}

}  // namespace

Result<OAuthConfig> parse_oauth_config(std::string_view text) {
  const json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return fail(ErrorCategory::invalid_argument, "the OAuth config is not a JSON object");
  auto field = [&](const char* k) {
    auto it = j.find(k);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  OAuthConfig c;
  c.client_type = field("client_type");
  c.client_id = field("client_id");
  c.private_key = field("private_key");
  c.public_key_id = field("public_key_id");
  c.api_base = field("coze_api_base");
  c.www_base = field("coze_www_base");
  if (c.client_type != "jwt" && c.client_type != "device")
    return fail(ErrorCategory::invalid_argument,
                fmt::format("the OAuth config's client_type is '{}': voxclone signs in with "
                            "\"jwt\" (a service app) or \"device\" (voxclone login)",
                            c.client_type));
  if (c.client_id.empty())
    return fail(ErrorCategory::invalid_argument, "the OAuth config has no client_id");
  if (c.client_type == "jwt" && (c.private_key.empty() || c.public_key_id.empty()))
    return fail(ErrorCategory::invalid_argument,
                "a \"jwt\" OAuth config needs private_key and public_key_id");
  return c;
}

Result<OAuthConfig> load_oauth_config(const std::filesystem::path& path) {
  auto text = read_small_file(path, "--oauth-config");
  if (!text) return std::unexpected(text.error());
  auto c = parse_oauth_config(*text);
  if (!c)
    return fail(c.error().category, fmt::format("--oauth-config '{}': {}", path.string(),
                                                c.error().message));
  return c;
}

Result<JwtApp> jwt_app_from(const OAuthConfig& c) {
  if (c.client_type != "jwt")
    return fail(ErrorCategory::invalid_argument,
                fmt::format("the OAuth config is a \"{}\" app, not a \"jwt\" service app",
                            c.client_type));
  JwtApp app;
  app.client_id = c.client_id;
  app.public_key_id = c.public_key_id;
  app.private_key_pem = c.private_key;
  if (auto k = detail::check_private_key(app.private_key_pem); !k) return std::unexpected(k.error());
  return app;
}

std::filesystem::path default_login_path() {
  if (const char* x = std::getenv("XDG_CONFIG_HOME"); x != nullptr && *x == '/')
    return std::filesystem::path(x) / "voxclone" / "login.json";
  const char* home = std::getenv("HOME");
  return std::filesystem::path(home != nullptr && *home != '\0' ? home : ".") / ".config" /
         "voxclone" / "login.json";
}

Result<std::optional<StoredLogin>> load_login(const std::filesystem::path& path) {
  // A login being written when its process was killed holds tokens: gone on the next run.
  detail::remove_stale_temporaries(
      path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path(),
      path.filename().string());
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::optional<StoredLogin>();
  auto text = read_small_file(path, "the stored login");
  if (!text) return std::unexpected(text.error());
  auto l = detail::parse_stored_login(*text);
  if (!l)
    return fail(ErrorCategory::invalid_argument,
                fmt::format("the stored login '{}' is not one voxclone wrote: run 'voxclone "
                            "logout' and 'voxclone login' again",
                            path.string()));
  return std::optional<StoredLogin>(std::move(*l));
}

Result<void> save_login(const std::filesystem::path& path, const StoredLogin& login) {
  const auto dir = path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec)
    return fail(ErrorCategory::output_failed,
                fmt::format("cannot make '{}': {}", dir.string(), ec.message()));
  // Our own folder (…/voxclone) only: never change the mode of a folder we did not make ours.
  if (dir.filename() == "voxclone") ::chmod(dir.c_str(), 0700);
  const std::string text = detail::stored_login_json(login);
  // 0600 from its first byte (an unnamed O_TMPFILE, else a locked temporary that a later run
  // removes if this one is killed), flushed to disk, then renamed over the old login.
  if (const int err = detail::write_atomically(
          path, std::as_bytes(std::span(text.data(), text.size())), {.replace = true, .mode = 0600});
      err != 0)
    return fail(ErrorCategory::output_failed,
                fmt::format("cannot write the login '{}': {}", path.string(), errno_text(err)));
  return {};
}

Result<bool> remove_login(const std::filesystem::path& path) {
  std::error_code ec;
  const bool removed = std::filesystem::remove(path, ec);
  if (ec)
    return fail(ErrorCategory::output_failed,
                fmt::format("cannot remove '{}': {}", path.string(), ec.message()));
  return removed;
}

bool readable_by_others(const std::filesystem::path& path) {
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0) return false;
  return (st.st_mode & (S_IRGRP | S_IROTH)) != 0;
}

}  // namespace voxclone

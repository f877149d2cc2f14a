// The voiceprints of cloned voices in the user's data folder: one small JSON file, rewritten
// whole and atomically (write/atomic_file.hpp, as a login is: 0600 from its first byte) each
// time a clone adds one. Voiceprints are numbers only, but they say whose voice a clone is, so
// they are kept as privately as a login.
//
// Two voxclones may finish a clone at once: each reads the store, adds its voice and writes the
// whole store back, so without a lock the second write drops the first one's voice. Every
// read-modify-write holds flock(2) on `voiceprints.json.lock` beside the store (a separate file:
// the store itself is replaced by rename, and a lock on a replaced inode excludes no one).
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>

#include <cerrno>
#include <system_error>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/unique_fd.hpp"
#include "voxclone/voiceprint.hpp"
#include "write/atomic_file.hpp"

namespace voxclone {
namespace {

using nlohmann::json;
constexpr std::string_view kStoreFormat = "voxclone-voiceprints";
constexpr std::uintmax_t kMaxStoreBytes = 16u << 20;  // ~20,000 voices: a larger file is not ours

bool same_key(const json& e, const VoiceKey& k) {
  return e.value("region", "") == k.region && e.value("workspace", "") == k.workspace &&
         e.value("voice_id", "") == k.voice_id;
}

// The store's entries; an empty array when there is no store yet.
Result<json> read_store(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return json::array();
  const auto size = std::filesystem::file_size(path, ec);
  if (ec || size > kMaxStoreBytes)
    return fail(ErrorCategory::input_unreadable,
                fmt::format("the voiceprint store '{}' cannot be read{}", path.string(),
                            ec ? ": " + ec.message() : std::string(": too large")));
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in.good() && !in.eof())
    return fail(ErrorCategory::input_unreadable, fmt::format("cannot read '{}'", path.string()));
  const json j = json::parse(text.str(), nullptr, false);
  if (j.is_discarded() || !j.is_object() || j.value("format", "") != kStoreFormat ||
      !j.contains("voices") || !j["voices"].is_array())
    return fail(ErrorCategory::invalid_argument,
                fmt::format("'{}' is not a voiceprint store voxclone wrote: move it away and clone "
                            "again to start a new one",
                            path.string()));
  return j["voices"];
}

std::filesystem::path lock_path_of(const std::filesystem::path& store) {
  return std::filesystem::path(store.string() + ".lock");
}

// The store's lock, held until the returned descriptor closes. Blocks while another writer
// holds it (a store write takes milliseconds).
Result<detail::UniqueFd> lock_store(const std::filesystem::path& store) {
  const auto path = lock_path_of(store);
  detail::UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
  int err = fd.get() < 0 ? errno : 0;
  while (err == 0 && ::flock(fd.get(), LOCK_EX) != 0)
    if (errno != EINTR) err = errno;
  if (err != 0)
    return fail(ErrorCategory::output_failed,
                fmt::format("cannot lock the voiceprint store '{}': {}", path.string(),
                            std::error_code(err, std::generic_category()).message()));
  return fd;
}

Result<void> make_store_folder(const std::filesystem::path& store) {
  const auto dir = store.parent_path().empty() ? std::filesystem::path(".") : store.parent_path();
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec)
    return fail(ErrorCategory::output_failed, fmt::format("cannot make '{}': {}", dir.string(), ec.message()));
  // Our own folder (…/voxclone) only: never change the mode of a folder we did not make ours.
  if (dir.filename() == "voxclone") ::chmod(dir.c_str(), 0700);
  return {};
}

}  // namespace

std::filesystem::path default_voiceprint_store() {
  if (const char* x = std::getenv("XDG_DATA_HOME"); x != nullptr && *x == '/')
    return std::filesystem::path(x) / "voxclone" / "voiceprints.json";
  const char* home = std::getenv("HOME");
  return std::filesystem::path(home != nullptr && *home != '\0' ? home : ".") / ".local" / "share" /
         "voxclone" / "voiceprints.json";
}

Result<std::optional<Voiceprint>> load_voiceprint(const std::filesystem::path& store, const VoiceKey& key) {
  auto voices = read_store(store);
  if (!voices) return std::unexpected(voices.error());
  for (const json& e : *voices) {
    if (!e.is_object() || !same_key(e, key) || !e.contains("voiceprint")) continue;
    auto v = voiceprint_from_json(e["voiceprint"].dump());
    if (!v)
      return fail(ErrorCategory::invalid_argument,
                  fmt::format("the voiceprint of voice {} in '{}': {}", key.voice_id, store.string(),
                              v.error().message));
    return std::optional<Voiceprint>(*v);
  }
  return std::optional<Voiceprint>();
}

Result<std::vector<VoiceKey>> stored_voices(const std::filesystem::path& store) {
  auto voices = read_store(store);
  if (!voices) return std::unexpected(voices.error());
  std::vector<VoiceKey> keys;
  for (const json& e : *voices)
    if (e.is_object())
      keys.push_back({e.value("region", ""), e.value("workspace", ""), e.value("voice_id", "")});
  return keys;
}

Result<void> update_voiceprint(const std::filesystem::path& store, const VoiceKey& key,
                               const std::function<Voiceprint(const std::optional<Voiceprint>&)>& make) {
  if (key.voice_id.empty()) return fail(ErrorCategory::invalid_argument, "a voiceprint is kept for a voice id");
  if (auto made = make_store_folder(store); !made) return made;
  auto lock = lock_store(store);
  if (!lock) return std::unexpected(lock.error());
  auto voices = read_store(store);
  if (!voices) return std::unexpected(voices.error());
  std::optional<Voiceprint> kept;
  json others = json::array();
  for (json& e : *voices) {
    if (e.is_object() && same_key(e, key)) {
      // A damaged or older entry for this voice is replaced, not pooled with.
      if (e.contains("voiceprint"))
        if (auto v = voiceprint_from_json(e["voiceprint"].dump())) kept = *v;
      continue;
    }
    others.push_back(std::move(e));
  }
  const Voiceprint voiceprint = make(kept);
  if (voiceprint.empty()) return fail(ErrorCategory::invalid_argument, "an empty voiceprint is not kept");
  others.push_back({{"region", key.region},
                    {"workspace", key.workspace},
                    {"voice_id", key.voice_id},
                    {"voiceprint", json::parse(to_json(voiceprint))}});
  const std::string text = json{{"format", kStoreFormat}, {"version", 1}, {"voices", others}}.dump(1) + "\n";
  if (const int err = detail::write_atomically(store, std::as_bytes(std::span(text.data(), text.size())),
                                               {.replace = true, .mode = 0600});
      err != 0)
    return fail(ErrorCategory::output_failed,
                fmt::format("cannot write the voiceprint store '{}': {}", store.string(),
                            std::error_code(err, std::generic_category()).message()));
  return {};
}

Result<void> save_voiceprint(const std::filesystem::path& store, const VoiceKey& key,
                             const Voiceprint& voiceprint) {
  if (key.voice_id.empty() || voiceprint.empty())
    return fail(ErrorCategory::invalid_argument, "a voiceprint is kept for a voice id, and not empty");
  return update_voiceprint(store, key, [&](const std::optional<Voiceprint>&) { return voiceprint; });
}

}  // namespace voxclone

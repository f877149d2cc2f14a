// See atomic_file.hpp. Linux calls only (O_TMPFILE, linkat through /proc/self/fd, renameat2
// with RENAME_NOREPLACE, flock): no library offers this, std::filesystem has no exclusive
// rename, so it is written here.
#include "write/atomic_file.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <string>

#include <fmt/format.h>

#include "core/unique_fd.hpp"

namespace voxclone::detail {
namespace {

constexpr std::string_view kTempPrefix = ".voxclone-";
constexpr std::string_view kTempSuffix = ".tmp";
// A temporary no one holds locked and older than this was left by a process that died. The
// age covers the moment between creating a temporary and locking it.
constexpr std::chrono::seconds kStaleAfter{60};

std::string random_temp_name() {
  unsigned char r[6] = {};
  if (::getrandom(r, sizeof r, 0) != static_cast<ssize_t>(sizeof r)) {
    const auto t = std::chrono::steady_clock::now().time_since_epoch().count();
    for (std::size_t i = 0; i < sizeof r; ++i) r[i] = static_cast<unsigned char>(t >> (8 * i));
  }
  return fmt::format("{}{:02x}{:02x}{:02x}{:02x}{:02x}{:02x}{}", kTempPrefix, r[0], r[1], r[2],
                     r[3], r[4], r[5], kTempSuffix);
}

std::filesystem::path folder_of(const std::filesystem::path& path) {
  return path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
}

// A name of ours in `dir` for the file open as `fd`, made without ever replacing anything.
int link_under_temp_name(int fd, const std::filesystem::path& dir, std::filesystem::path& temp) {
  const std::string proc = fmt::format("/proc/self/fd/{}", fd);
  for (int attempt = 0; attempt < 16; ++attempt) {
    temp = dir / random_temp_name();
    if (::linkat(AT_FDCWD, proc.c_str(), AT_FDCWD, temp.c_str(), AT_SYMLINK_FOLLOW) == 0) return 0;
    if (errno != EEXIST) return errno;
  }
  return EEXIST;
}

// The temporary gets the final name: replacing what is there, or refusing to (EEXIST).
// RENAME_NOREPLACE is atomic; where the file system lacks it (EINVAL), link(2) is the same
// exclusive step, and the temporary name is then dropped.
int give_final_name(const std::filesystem::path& temp, const std::filesystem::path& path,
                    bool replace) {
  if (replace) return ::rename(temp.c_str(), path.c_str()) == 0 ? 0 : errno;
  if (::renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, path.c_str(), RENAME_NOREPLACE) == 0) return 0;
  if (errno != EINVAL && errno != ENOSYS) return errno;
  if (::link(temp.c_str(), path.c_str()) != 0) return errno;
  ::unlink(temp.c_str());
  return 0;
}

// The write itself, into an unnamed file (O_TMPFILE): a kill -9 leaves nothing behind. EXDEV
// when the file system or /proc cannot give it a name: the caller falls back to a named one.
int write_unnamed(const std::filesystem::path& path, std::span<const std::byte> bytes,
                  const AtomicWrite& how) {
  const std::filesystem::path dir = folder_of(path);
  UniqueFd fd(::open(dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, how.mode));
  if (fd.get() < 0)
    return errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL ? EXDEV : errno;
  ::flock(fd.get(), LOCK_EX);  // the inode stays locked while a temporary name points to it
  if (const int e = write_all(fd.get(), bytes); e != 0) return e;
  if (::fsync(fd.get()) != 0) return errno;
  const std::string proc = fmt::format("/proc/self/fd/{}", fd.get());
  if (!how.replace) {
    // linkat never replaces: the one exclusive step.
    if (::linkat(AT_FDCWD, proc.c_str(), AT_FDCWD, path.c_str(), AT_SYMLINK_FOLLOW) == 0) return 0;
    return errno == ENOENT && !std::filesystem::exists("/proc/self/fd") ? EXDEV : errno;
  }
  // Replacing: a name of ours first (rename(2) needs one), then rename over the target.
  std::filesystem::path temp;
  if (const int e = link_under_temp_name(fd.get(), dir, temp); e != 0)
    return e == ENOENT && !std::filesystem::exists("/proc/self/fd") ? EXDEV : e;
  if (const int e = give_final_name(temp, path, true); e != 0) {
    ::unlink(temp.c_str());
    return e;
  }
  return 0;
}

// The same with a named temporary (no O_TMPFILE here), locked while it lives.
int write_named(const std::filesystem::path& path, std::span<const std::byte> bytes,
                const AtomicWrite& how) {
  const std::filesystem::path dir = folder_of(path);
  std::filesystem::path temp;
  UniqueFd fd;
  for (int attempt = 0; attempt < 16 && fd.get() < 0; ++attempt) {
    temp = dir / random_temp_name();
    fd = UniqueFd(::open(temp.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, how.mode));
    if (fd.get() < 0 && errno != EEXIST) return errno;
  }
  if (fd.get() < 0) return EEXIST;
  ::flock(fd.get(), LOCK_EX);
  int e = write_all(fd.get(), bytes);
  if (e == 0 && ::fsync(fd.get()) != 0) e = errno;
  if (e == 0) e = give_final_name(temp, path, how.replace);
  if (e != 0) ::unlink(temp.c_str());
  return e;
}

bool is_six_random_chars(std::string_view s) {
  if (s.size() != 6) return false;
  for (const char c : s)
    if (!std::isalnum(static_cast<unsigned char>(c))) return false;
  return true;
}

// Ours: `.voxclone-<12 hex>.tmp`, or an earlier version's `.NAME.tmp-XXXXXX` / `.NAME.XXXXXX`.
bool is_our_temporary(std::string_view name, std::string_view target_name) {
  if (name.starts_with(kTempPrefix) && name.ends_with(kTempSuffix) &&
      name.size() == kTempPrefix.size() + 12 + kTempSuffix.size())
    return true;
  if (target_name.empty()) return false;
  const std::string head = fmt::format(".{}.", target_name);
  if (!name.starts_with(head)) return false;
  std::string_view rest = name.substr(head.size());
  if (rest.starts_with("tmp-")) rest.remove_prefix(4);
  return is_six_random_chars(rest);
}

}  // namespace

int write_atomically(const std::filesystem::path& path, std::span<const std::byte> bytes,
                     AtomicWrite how) {
  remove_stale_temporaries(folder_of(path), path.filename().string());
  const int e = write_unnamed(path, bytes, how);
  return e == EXDEV ? write_named(path, bytes, how) : e;
}

std::size_t remove_stale_temporaries(const std::filesystem::path& dir,
                                     std::string_view target_name) {
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return 0;
  std::size_t removed = 0;
  const auto now = std::chrono::system_clock::now();
  while (const dirent* entry = ::readdir(d)) {
    const std::string_view name = entry->d_name;
    if (!is_our_temporary(name, target_name)) continue;
    UniqueFd fd(::openat(::dirfd(d), entry->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
    struct stat st {};
    if (fd.get() < 0 || ::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode) ||
        st.st_uid != ::geteuid())
      continue;
    const auto modified = std::chrono::system_clock::time_point(
        std::chrono::duration_cast<std::chrono::system_clock::duration>(
            std::chrono::seconds(st.st_mtim.tv_sec) + std::chrono::nanoseconds(st.st_mtim.tv_nsec)));
    if (now - modified < kStaleAfter) continue;
    // A process that still works on it holds it locked; a dead one's lock went with it.
    if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) continue;
    if (::unlinkat(::dirfd(d), entry->d_name, 0) == 0) ++removed;
  }
  ::closedir(d);
  return removed;
}

}  // namespace voxclone::detail

// Internal: the one way voxclone puts a finished file in place (a sample, a picture, a login).
// The file is written where no one can see it, flushed, and only then given its name, in one
// step that either replaces what is there or refuses to (never checked first and replaced
// after: a file made meanwhile, by someone else or a second voxclone, is never lost).
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <filesystem>
#include <span>
#include <string_view>

namespace voxclone::detail {

struct AtomicWrite {
  bool replace = true;  ///< false: an existing `path` is kept and the write fails with EEXIST
  mode_t mode = 0666;   ///< before the umask, as open(2) applies it (0600 for a secret)
};

/// Writes `bytes` to the regular file `path` atomically. 0, or the errno that stopped it
/// (EEXIST: `path` exists and `replace` is false). Nothing partial is left behind: the data is
/// written to an unnamed O_TMPFILE where the file system has them, else to a temporary
/// `.voxclone-XXXXXXXXXXXX.tmp` beside it (a short name: a 255-byte `path` still works), locked
/// while it lives so that a later run can tell a dead one from a working one.
int write_atomically(const std::filesystem::path& path, std::span<const std::byte> bytes,
                     AtomicWrite how);

/// Removes temporaries in `dir` that a killed voxclone left (kill -9, a crash, a power cut):
/// our `.voxclone-*.tmp`, and the names earlier versions used for `target_name`
/// (`.NAME.tmp-XXXXXX`, `.NAME.XXXXXX`). Only regular files of this user, older than a minute,
/// that no process holds locked. Best effort: returns how many were removed.
std::size_t remove_stale_temporaries(const std::filesystem::path& dir,
                                     std::string_view target_name);

}  // namespace voxclone::detail

// Internal: a nameless temporary file in TMPDIR for data too long to keep in memory (the
// analysis' per-frame records of a long input): O_TMPFILE where the file system has it (never a
// name, so a kill -9 leaves nothing behind), else mkstemp and an immediate unlink. Freed when
// closed, whatever happens.
#pragma once

#include <cstddef>
#include <span>
#include <string>

#include "core/unique_fd.hpp"

namespace voxclone::detail {

class ScratchFile {
 public:
  /// Opens one; 0, or the errno that stopped it. `what` names the contents (for its name when
  /// O_TMPFILE is missing, and nothing else).
  int open(const std::string& what);
  [[nodiscard]] bool is_open() const noexcept { return fd_.get() >= 0; }
  /// Appends all of `bytes`; 0 or an errno.
  int append(std::span<const std::byte> bytes);
  /// Reads `out.size()` bytes at `offset`; 0 or an errno (EIO for a file shorter than asked).
  int read_at(std::size_t offset, std::span<std::byte> out) const;

 private:
  UniqueFd fd_;
};

}  // namespace voxclone::detail

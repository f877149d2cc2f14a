// Internal: custom AVIOContexts. Over memory, for reading an encoded file an app holds in memory
// and for writing encoded output to a growable buffer that the muxer can seek in (so the MP3
// muxer can go back and fill in its Xing/LAME header). Over a file descriptor, for standard
// input spooled to an unlinked temporary file: MP4/M4A keep their index at the end and need to
// seek, which a pipe cannot.
#pragma once

#include <cstddef>
#include <functional>
#include <utility>
#include <span>
#include <vector>

#include "c_handles.hpp"
#include "voxclone/error.hpp"

namespace voxclone::detail {

struct MemoryCursor {
  std::span<const std::byte> data;
  std::size_t pos = 0;
};

struct MemorySink {
  std::vector<std::byte> data;
  std::size_t pos = 0;
};

/// An open descriptor that closes itself.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& o) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd();
  [[nodiscard]] int get() const noexcept { return fd_; }

 private:
  int fd_ = -1;
};

/// Standard input as a seekable descriptor: itself when it is a regular file, else a copy in an
/// unlinked temporary file (so nothing is left behind, whatever happens). `cancel` is polled.
Result<UniqueFd> seekable_stdin(const std::function<bool()>& cancel);

/// Reads (and seeks) a descriptor; the int `fd` refers to must outlive the returned context.
Result<IoContextPtr> open_fd_reader(const int& fd);

/// The cursor must outlive the returned context.
Result<IoContextPtr> open_memory_reader(std::span<const std::byte> bytes, MemoryCursor& cursor);
/// The sink must outlive the returned context.
Result<IoContextPtr> open_memory_writer(MemorySink& sink);

}  // namespace voxclone::detail

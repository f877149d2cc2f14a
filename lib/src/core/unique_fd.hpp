// Internal: a file descriptor that closes itself, and the one loop that writes a whole buffer to
// a descriptor (write(2) may write less than asked, or be interrupted by a signal).
#pragma once

#include <cstddef>
#include <span>
#include <utility>

namespace voxclone::detail {

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

/// Writes all of `bytes`, retrying short writes and EINTR. 0, or the errno that stopped it.
int write_all(int fd, std::span<const std::byte> bytes);

}  // namespace voxclone::detail

// Internal: standard input made seekable, so every container reads from a pipe as from a file.
// A regular file on stdin is read directly. A pipe is copied into an unlinked temporary file
// as the demuxer asks for more (never ahead of it), so reading stops when decoding stops (at
// --end) and never goes past a limit: a stream without an end cannot fill the disk.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "core/unique_fd.hpp"
#include "ffmpeg/avio.hpp"
#include "voxclone/error.hpp"

namespace voxclone::detail {

class StdinReader final : public ByteSource {
 public:
  /// `max_bytes`: how much of a pipe may be spooled; reading ends there (limit_reached()).
  static Result<std::unique_ptr<StdinReader>> open(std::uint64_t max_bytes,
                                                   std::function<bool()> cancel);
  int read(uint8_t* buf, int size) override;
  int64_t seek(int64_t offset, int whence) override;
  /// The pipe went on past max_bytes and was not read further.
  [[nodiscard]] bool limit_reached() const noexcept { return limit_reached_; }
  /// Bytes taken from standard input so far.
  [[nodiscard]] std::uint64_t bytes_read() const noexcept { return spooled_; }

 private:
  StdinReader() = default;
  // Copies standard input into the spool until it holds `target` bytes, the input ends or the
  // limit is reached. 0, or a negative AVERROR.
  int spool_until(std::uint64_t target);

  bool direct_ = false;  // a regular file: fd_ is a copy of stdin itself
  UniqueFd fd_;          // stdin's copy, or the spool
  std::uint64_t max_bytes_ = 0;
  std::uint64_t spooled_ = 0;  // bytes in the spool
  std::uint64_t pos_ = 0;      // the demuxer's position in the spool
  bool input_ended_ = false;
  bool limit_reached_ = false;
  std::function<bool()> cancel_;
};

}  // namespace voxclone::detail

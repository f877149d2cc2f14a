#include "decode/stdin_reader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <span>
#include <vector>

#include <fmt/format.h>

extern "C" {
#include <libavformat/avio.h>
#include <libavutil/error.h>
}

#include "ffmpeg/av_error.hpp"

namespace voxclone::detail {
namespace {

constexpr std::size_t kChunk = 1 << 16;

}  // namespace

Result<std::unique_ptr<StdinReader>> StdinReader::open(std::uint64_t max_bytes,
                                                       std::function<bool()> cancel) {
  std::unique_ptr<StdinReader> r(new StdinReader());
  r->max_bytes_ = max_bytes;
  r->cancel_ = std::move(cancel);
  struct stat st {};
  if (::fstat(STDIN_FILENO, &st) == 0 && S_ISREG(st.st_mode) &&
      ::lseek(STDIN_FILENO, 0, SEEK_CUR) >= 0) {
    r->direct_ = true;
    r->fd_ = UniqueFd(::dup(STDIN_FILENO));
    if (r->fd_.get() < 0)
      return fail(ErrorCategory::input_unreadable, fmt::format("<stdin>: {}", std::strerror(errno)));
    if (st.st_size == 0) return fail(ErrorCategory::input_unreadable, "<stdin> is empty (0 bytes)");
    return r;
  }
  std::error_code ec;
  std::string tmpl = (std::filesystem::temp_directory_path(ec) / "voxclone-stdin-XXXXXX").string();
  r->fd_ = UniqueFd(::mkstemp(tmpl.data()));
  if (r->fd_.get() < 0)
    return fail(ErrorCategory::input_unreadable,
                fmt::format("<stdin>: cannot make a temporary file to hold it: {}", std::strerror(errno)));
  ::unlink(tmpl.c_str());  // gone from the folder now; the space is freed when we close it
  // The first bytes now: an empty input is said as such, before any demuxer guesses.
  if (const int e = r->spool_until(1); e < 0 && e != AVERROR_EOF)
    return fail(ErrorCategory::input_unreadable, fmt::format("<stdin>: {}", av_error_text(e)));
  if (r->spooled_ == 0) return fail(ErrorCategory::input_unreadable, "<stdin> is empty (0 bytes)");
  return r;
}

int StdinReader::spool_until(std::uint64_t target) {
  std::vector<char> buf(kChunk);
  while (spooled_ < target && !input_ended_) {
    if (spooled_ >= max_bytes_) {
      limit_reached_ = true;
      return AVERROR_EOF;
    }
    const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, max_bytes_ - spooled_));
    const ssize_t n = ::read(STDIN_FILENO, buf.data(), want);
    if (n == 0) {
      input_ended_ = true;
      break;
    }
    if (n < 0) {
      if (errno == EINTR) continue;
      return AVERROR(errno);
    }
    const std::span<const char> got(buf.data(), static_cast<std::size_t>(n));
    if (::pwrite(fd_.get(), got.data(), got.size(), static_cast<off_t>(spooled_)) !=
        static_cast<ssize_t>(got.size()))
      return AVERROR(errno != 0 ? errno : EIO);  // a full TMPDIR: reading stops with its error
    spooled_ += got.size();
    if (cancel_ && (spooled_ & ((1u << 22) - 1)) < kChunk && cancel_()) return AVERROR_EXIT;
  }
  return 0;
}

int StdinReader::read(uint8_t* buf, int size) {
  if (direct_) {
    for (;;) {
      const ssize_t n = ::read(fd_.get(), buf, static_cast<std::size_t>(size));
      if (n > 0) return static_cast<int>(n);
      if (n == 0) return AVERROR_EOF;
      if (errno != EINTR) return AVERROR(errno);
    }
  }
  if (pos_ >= spooled_) {
    if (const int e = spool_until(pos_ + static_cast<std::uint64_t>(size)); e < 0) return e;
    if (pos_ >= spooled_) return AVERROR_EOF;
  }
  const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(size, spooled_ - pos_));
  const ssize_t got = ::pread(fd_.get(), buf, n, static_cast<off_t>(pos_));
  if (got < 0) return AVERROR(errno);
  if (got == 0) return AVERROR_EOF;
  pos_ += static_cast<std::uint64_t>(got);
  return static_cast<int>(got);
}

int64_t StdinReader::seek(int64_t offset, int whence) {
  if (direct_) {
    if (whence & AVSEEK_SIZE) {
      struct stat st {};
      return ::fstat(fd_.get(), &st) == 0 ? static_cast<int64_t>(st.st_size) : AVERROR(errno);
    }
    const off_t r = ::lseek(fd_.get(), static_cast<off_t>(offset), whence & ~AVSEEK_FORCE);
    return r < 0 ? AVERROR(errno) : r;
  }
  // The size of a pipe is known only once it has ended: until then, none (a demuxer then does
  // without, as it does for any stream).
  if (whence & AVSEEK_SIZE) return input_ended_ ? static_cast<int64_t>(spooled_) : AVERROR(ENOSYS);
  int64_t target = 0;
  switch (whence & ~AVSEEK_FORCE) {
    case SEEK_SET: target = offset; break;
    case SEEK_CUR: target = static_cast<int64_t>(pos_) + offset; break;
    case SEEK_END:
      // Unknown until the pipe has ended, as the size: FFmpeg asks for it to report progress
      // (avio_size falls back to SEEK_END), and reading a pipe to its end for that would read
      // a stream without an end up to the limit. A demuxer walks forward to what it needs.
      if (!input_ended_) return AVERROR(ENOSYS);
      target = static_cast<int64_t>(spooled_) + offset;
      break;
    default: return AVERROR(EINVAL);
  }
  if (target < 0) return AVERROR(EINVAL);
  if (static_cast<std::uint64_t>(target) > spooled_) {
    if (const int e = spool_until(static_cast<std::uint64_t>(target)); e < 0 && e != AVERROR_EOF)
      return e;
    if (static_cast<std::uint64_t>(target) > spooled_) return AVERROR(EINVAL);
  }
  pos_ = static_cast<std::uint64_t>(target);
  return target;
}

}  // namespace voxclone::detail

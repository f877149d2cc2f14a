#include "ffmpeg/avio.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

namespace voxclone::detail {
namespace {

constexpr int kIoBufferSize = 64 * 1024;

int read_packet(void* opaque, uint8_t* buf, int size) {
  auto& c = *static_cast<MemoryCursor*>(opaque);
  const std::size_t left = c.data.size() - c.pos;
  if (left == 0) return AVERROR_EOF;
  const std::size_t n = std::min(left, static_cast<std::size_t>(size));
  std::memcpy(buf, c.data.data() + c.pos, n);
  c.pos += n;
  return static_cast<int>(n);
}

// The AVIO seek contract for a buffer of `size` bytes at position `pos`: AVSEEK_SIZE asks for
// the size, else the new position (reading may not seek past the end; writing may, and grows).
int64_t seek_in_buffer(std::size_t& pos, std::size_t size, int64_t offset, int whence, bool may_grow) {
  const auto end = static_cast<int64_t>(size);
  if (whence & AVSEEK_SIZE) return end;
  int64_t target = 0;
  switch (whence & ~AVSEEK_FORCE) {
    case SEEK_SET: target = offset; break;
    case SEEK_CUR: target = static_cast<int64_t>(pos) + offset; break;
    case SEEK_END: target = end + offset; break;
    default: return AVERROR(EINVAL);
  }
  if (target < 0 || (!may_grow && target > end)) return AVERROR(EINVAL);
  pos = static_cast<std::size_t>(target);
  return target;
}

int64_t seek_reader(void* opaque, int64_t offset, int whence) {
  auto& c = *static_cast<MemoryCursor*>(opaque);
  return seek_in_buffer(c.pos, c.data.size(), offset, whence, false);
}

// FFmpeg 5.x declares the buffer non-const (6.1+ made it const); it is only read.
int write_packet(void* opaque, uint8_t* buf, int size) {
  auto& s = *static_cast<MemorySink*>(opaque);
  const auto n = static_cast<std::size_t>(size);
  if (s.pos + n > s.data.size()) s.data.resize(s.pos + n);
  std::memcpy(s.data.data() + s.pos, buf, n);
  s.pos += n;
  return size;
}

int64_t seek_writer(void* opaque, int64_t offset, int whence) {
  auto& s = *static_cast<MemorySink*>(opaque);
  return seek_in_buffer(s.pos, s.data.size(), offset, whence, true);
}

int read_fd(void* opaque, uint8_t* buf, int size) {
  const int fd = *static_cast<int*>(opaque);
  for (;;) {
    const ssize_t n = ::read(fd, buf, static_cast<std::size_t>(size));
    if (n > 0) return static_cast<int>(n);
    if (n == 0) return AVERROR_EOF;
    if (errno != EINTR) return AVERROR(errno);
  }
}

int64_t seek_fd(void* opaque, int64_t offset, int whence) {
  const int fd = *static_cast<int*>(opaque);
  if (whence & AVSEEK_SIZE) {
    const off_t here = ::lseek(fd, 0, SEEK_CUR);
    const off_t end = ::lseek(fd, 0, SEEK_END);
    ::lseek(fd, here, SEEK_SET);
    return end < 0 ? AVERROR(errno) : end;
  }
  const off_t r = ::lseek(fd, static_cast<off_t>(offset), whence & ~AVSEEK_FORCE);
  return r < 0 ? AVERROR(errno) : r;
}

using ReadFn = int (*)(void*, uint8_t*, int);
using WriteFn = int (*)(void*, uint8_t*, int);
using SeekFn = int64_t (*)(void*, int64_t, int);

Result<IoContextPtr> make_context(void* opaque, ReadFn read, WriteFn write, SeekFn seek) {
  auto* buffer = static_cast<unsigned char*>(av_malloc(kIoBufferSize));
  if (buffer == nullptr) return fail(ErrorCategory::internal, "out of memory for an I/O buffer");
  AVIOContext* io = avio_alloc_context(buffer, kIoBufferSize, write ? 1 : 0, opaque, read, write, seek);
  if (io == nullptr) {
    av_free(buffer);
    return fail(ErrorCategory::internal, "out of memory for an I/O context");
  }
  return IoContextPtr(io);
}

}  // namespace

Result<IoContextPtr> open_fd_reader(const int& fd) {
  return make_context(const_cast<int*>(&fd), read_fd, nullptr, seek_fd);
}

Result<IoContextPtr> open_source_reader(ByteSource& source) {
  return make_context(
      &source,
      [](void* o, uint8_t* buf, int size) { return static_cast<ByteSource*>(o)->read(buf, size); },
      nullptr,
      [](void* o, int64_t offset, int whence) {
        return static_cast<ByteSource*>(o)->seek(offset, whence);
      });
}

Result<IoContextPtr> open_memory_reader(std::span<const std::byte> bytes, MemoryCursor& cursor) {
  cursor = MemoryCursor{bytes, 0};
  return make_context(&cursor, read_packet, nullptr, seek_reader);
}

Result<IoContextPtr> open_memory_writer(MemorySink& sink) {
  sink = MemorySink{};
  return make_context(&sink, nullptr, write_packet, seek_writer);
}

}  // namespace voxclone::detail

#include "io_memory.hpp"

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

int64_t seek_reader(void* opaque, int64_t offset, int whence) {
  auto& c = *static_cast<MemoryCursor*>(opaque);
  const auto size = static_cast<int64_t>(c.data.size());
  if (whence & AVSEEK_SIZE) return size;
  int64_t target = 0;
  switch (whence & ~AVSEEK_FORCE) {
    case SEEK_SET: target = offset; break;
    case SEEK_CUR: target = static_cast<int64_t>(c.pos) + offset; break;
    case SEEK_END: target = size + offset; break;
    default: return AVERROR(EINVAL);
  }
  if (target < 0 || target > size) return AVERROR(EINVAL);
  c.pos = static_cast<std::size_t>(target);
  return target;
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
  const auto size = static_cast<int64_t>(s.data.size());
  if (whence & AVSEEK_SIZE) return size;
  int64_t target = 0;
  switch (whence & ~AVSEEK_FORCE) {
    case SEEK_SET: target = offset; break;
    case SEEK_CUR: target = static_cast<int64_t>(s.pos) + offset; break;
    case SEEK_END: target = size + offset; break;
    default: return AVERROR(EINVAL);
  }
  if (target < 0) return AVERROR(EINVAL);
  s.pos = static_cast<std::size_t>(target);
  return target;
}

Result<IoContextPtr> make_context(void* opaque, bool write) {
  auto* buffer = static_cast<unsigned char*>(av_malloc(kIoBufferSize));
  if (buffer == nullptr) return fail(ErrorCategory::internal, "out of memory for an I/O buffer");
  AVIOContext* io = avio_alloc_context(buffer, kIoBufferSize, write ? 1 : 0, opaque,
                                       write ? nullptr : read_packet,
                                       write ? write_packet : nullptr,
                                       write ? seek_writer : seek_reader);
  if (io == nullptr) {
    av_free(buffer);
    return fail(ErrorCategory::internal, "out of memory for an I/O context");
  }
  return IoContextPtr(io);
}

}  // namespace

Result<IoContextPtr> open_memory_reader(std::span<const std::byte> bytes, MemoryCursor& cursor) {
  cursor = MemoryCursor{bytes, 0};
  return make_context(&cursor, false);
}

Result<IoContextPtr> open_memory_writer(MemorySink& sink) {
  sink = MemorySink{};
  return make_context(&sink, true);
}

}  // namespace voxclone::detail

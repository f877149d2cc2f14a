// Internal: custom AVIOContexts. Over memory, for reading an encoded file an app holds in memory
// and for writing encoded output to a growable buffer that the muxer can seek in (so the MP3
// muxer can go back and fill in its Xing/LAME header). Over a file descriptor, for standard
// input made seekable (decode/stdin_reader.hpp): MP4/M4A keep their index at the end.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "ffmpeg/handles.hpp"
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

/// Reads (and seeks) a descriptor; the int `fd` refers to must outlive the returned context.
Result<IoContextPtr> open_fd_reader(const int& fd);

/// Anything that reads like a file for a demuxer (standard input, spooled as it is read).
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  /// Up to `size` bytes; AVERROR_EOF at the end, else a negative AVERROR.
  virtual int read(uint8_t* buf, int size) = 0;
  /// The AVIO seek contract (AVSEEK_SIZE: the size, or a negative AVERROR when unknown).
  virtual int64_t seek(int64_t offset, int whence) = 0;
};
/// The source must outlive the returned context.
Result<IoContextPtr> open_source_reader(ByteSource& source);

/// The cursor must outlive the returned context.
Result<IoContextPtr> open_memory_reader(std::span<const std::byte> bytes, MemoryCursor& cursor);
/// The sink must outlive the returned context.
Result<IoContextPtr> open_memory_writer(MemorySink& sink);

}  // namespace voxclone::detail

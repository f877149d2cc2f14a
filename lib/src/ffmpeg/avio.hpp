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

/// The cursor must outlive the returned context.
Result<IoContextPtr> open_memory_reader(std::span<const std::byte> bytes, MemoryCursor& cursor);
/// The sink must outlive the returned context.
Result<IoContextPtr> open_memory_writer(MemorySink& sink);

}  // namespace voxclone::detail

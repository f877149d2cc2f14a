// Internal: AVIOContexts over memory, for reading an encoded file an app holds in memory and
// for writing encoded output to a growable buffer that the muxer can seek in (so the MP3 muxer
// can go back and fill in its Xing/LAME header).
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "av_handles.hpp"
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

/// The cursor must outlive the returned context.
Result<IoContextPtr> open_memory_reader(std::span<const std::byte> bytes, MemoryCursor& cursor);
/// The sink must outlive the returned context.
Result<IoContextPtr> open_memory_writer(MemorySink& sink);

}  // namespace voxclone::detail

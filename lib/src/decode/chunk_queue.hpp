// Internal: converted audio on its way to the sink in the split decode, with the emptied vectors
// coming back for reuse.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

#include "core/bounded_queue.hpp"
#include "core/spare_vectors.hpp"
#include "decode/stream.hpp"

namespace voxclone::detail {

/// Converted audio on its way from the converter to the sink (speech levels and spool), which
/// runs on a thread of its own; emptied vectors come back for reuse.
class ChunkQueue : public BoundedQueue<std::vector<float>> {
 public:
  explicit ChunkQueue(std::size_t capacity) : BoundedQueue(capacity), spares_(capacity) {}

  /// An empty vector, with capacity if one came back.
  std::vector<float> spare() { return spares_.take(); }
  void give_back(std::vector<float>&& v) { spares_.give_back(std::move(v)); }

 private:
  SpareVectors<float> spares_;
};

/// The sink's thread: the sink (speech levels, spool) on a thread of its own, so the converter
/// only resamples; otherwise the converter alone would be the slowest stage.
inline Result<void> sink_chunks(ChunkQueue& chunks, const AudioSink& sink) {
  std::vector<float> chunk;
  while (chunks.pop(chunk)) {
    if (auto r = sink(chunk); !r) return r;
    chunks.give_back(std::move(chunk));
  }
  return {};
}

}  // namespace voxclone::detail

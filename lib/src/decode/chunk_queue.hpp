// Internal: converted audio on its way to the sink in the split decode, with the emptied vectors
// coming back for reuse.
#pragma once

#include <cstddef>
#include <mutex>
#include <utility>
#include <vector>

#include "core/bounded_queue.hpp"
#include "decode/stream.hpp"

namespace voxclone::detail {

/// Converted audio on its way from the converter to the sink (speech levels and spool), which
/// runs on a thread of its own; emptied vectors come back for reuse.
class ChunkQueue : public BoundedQueue<std::vector<float>> {
 public:
  explicit ChunkQueue(std::size_t capacity) : BoundedQueue(capacity), spare_limit_(capacity) {}

  /// An empty vector, with capacity if one came back.
  std::vector<float> spare() {
    std::lock_guard lock(spares_mutex_);
    if (spares_.empty()) return {};
    std::vector<float> v = std::move(spares_.back());
    spares_.pop_back();
    return v;
  }
  void give_back(std::vector<float>&& v) {
    v.clear();
    std::lock_guard lock(spares_mutex_);
    if (spares_.size() < spare_limit_) spares_.push_back(std::move(v));
  }

 private:
  const std::size_t spare_limit_;
  std::mutex spares_mutex_;
  std::vector<std::vector<float>> spares_;
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

// Internal: the decode stage as a stream. decode() collects everything into memory; the prep
// pipeline instead hands each converted chunk to a sink (speech levels + spool), so a long
// recording never sits in memory whole.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <span>

#include "c_handles.hpp"
#include "voxclone/decode.hpp"

namespace voxclone::detail {

/// Receives mono 24 kHz audio in chunks, in order; an error stops the decode.
using AudioSink = std::function<Result<void>(std::span<const float>)>;

/// Decodes like decode(), but the audio goes to `sink` (DecodedInput::audio stays empty). An
/// empty sink only counts: no conversion, no clipping scan; the duration is still exact.
/// `pipelined`: decode on this thread while a worker converts (two cores); else one thread.
/// `container`: the demuxer to use (FFmpeg's short name) when the caller knows it, which skips
/// probing the content; null probes.
Result<DecodedInput> decode_streaming(const InputSource& source, const Callbacks& callbacks,
                                      AudioSink sink, bool pipelined = true,
                                      const char* container = nullptr);

/// A bounded queue between two threads: decoded frames in the pipelined decode, converted
/// audio on its way to the sink in the split one.
template <class T>
class BoundedQueue {
 public:
  explicit BoundedQueue(std::size_t capacity) : capacity_(capacity) {}

  /// Blocks while full; false once aborted (the item is dropped).
  bool push(T item) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return items_.size() < capacity_ || aborted_; });
    if (aborted_) return false;
    items_.push_back(std::move(item));
    not_empty_.notify_one();
    return true;
  }
  /// Blocks while empty; false at the end (closed and drained) or once aborted.
  bool pop(T& out) {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [&] { return !items_.empty() || closed_ || aborted_; });
    if (aborted_ || items_.empty()) return false;
    out = std::move(items_.front());
    items_.pop_front();
    not_full_.notify_one();
    return true;
  }
  void close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    not_empty_.notify_all();
  }
  void abort() {
    std::lock_guard lock(mutex_);
    aborted_ = true;
    not_empty_.notify_all();
    not_full_.notify_all();
  }
  bool aborted() const {
    std::lock_guard lock(mutex_);
    return aborted_;
  }

 private:
  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::condition_variable not_full_, not_empty_;
  std::deque<T> items_;
  bool closed_ = false;
  bool aborted_ = false;
};

using FrameQueue = BoundedQueue<FramePtr>;

}  // namespace voxclone::detail

// Internal: the pieces of the split decode (decode.cpp), where one thread demuxes, several
// decode stretches of the stream at once, one converts the decoded stretches in order and one
// feeds the converted audio to the sink.
//
// A stretch ("segment") is a run of packets cut from the sequential demux, so every packet keeps
// the exact timestamp the single-stream path sees; no seeking is involved. Each segment carries a
// few packets from before it (pre-roll: the decoder's bit reservoir and overlap settle on them,
// their output is dropped) and a couple after it (post-roll: so a decoder that holds a frame back
// still hands over the segment's last one). A decoded frame belongs to the segment whose
// timestamp range holds it, so every frame is kept exactly once.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <limits>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "decode/clip_scan.hpp"
#include "decode/stream.hpp"
#include "ffmpeg/handles.hpp"
#include "voxclone/log.hpp"

namespace voxclone::detail {

struct Segment {
  std::vector<PacketPtr> packets;  // pre-roll, own, post-roll
  std::size_t pre = 0;             // packets[0, pre) are pre-roll
  std::size_t own = 0;             // packets[pre, pre + own) are the segment's own
  std::int64_t start_pts = std::numeric_limits<std::int64_t>::min();  // keep frames with
  std::int64_t end_pts = std::numeric_limits<std::int64_t>::max();    // start <= pts < end
  bool last = false;               // flush the decoder after the last packet

  // Filled by the decoding worker.
  std::vector<FramePtr> frames;
  ClipCount clip;
  std::int64_t samples = 0;
  int damaged = 0;
  bool decoded = false;
};

/// Segments in stream order, from the demuxer to the decoders and on to the converter. At most
/// `capacity` are on the board at once (demuxed, not yet taken by the converter), which bounds
/// memory.
class SegmentBoard {
 public:
  explicit SegmentBoard(std::size_t capacity) : capacity_(capacity) {}

  /// Demuxer: blocks while the board is full; false once aborted.
  bool push(std::unique_ptr<Segment> s) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return segments_.size() < capacity_ || aborted_; });
    if (aborted_) return false;
    segments_.push_back(std::move(s));
    changed_.notify_all();
    return true;
  }
  /// Decoder: the next segment nobody decodes yet; null at the end or once aborted. The board
  /// keeps ownership; hand it back with decoded().
  Segment* take() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return taken_ < segments_.size() || closed_ || aborted_; });
    if (aborted_ || taken_ >= segments_.size()) return nullptr;
    return segments_[taken_++].get();
  }
  void decoded(Segment* s) {
    std::lock_guard lock(mutex_);
    s->decoded = true;
    changed_.notify_all();
  }
  /// Converter: the oldest segment once decoded, in stream order; null at the end or once
  /// aborted.
  std::unique_ptr<Segment> next() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] {
      return (!segments_.empty() && segments_.front()->decoded) ||
             (closed_ && segments_.empty()) || aborted_;
    });
    if (aborted_ || segments_.empty()) return nullptr;
    auto s = std::move(segments_.front());
    segments_.pop_front();
    --taken_;
    changed_.notify_all();
    return s;
  }
  void close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    changed_.notify_all();
  }
  void abort() {
    std::lock_guard lock(mutex_);
    aborted_ = true;
    changed_.notify_all();
  }
  bool aborted() const {
    std::lock_guard lock(mutex_);
    return aborted_;
  }

 private:
  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::unique_ptr<Segment>> segments_;
  std::size_t taken_ = 0;  // segments_[0, taken_) are with a decoder or decoded
  bool closed_ = false;
  bool aborted_ = false;
};

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

/// Log lines raised on worker threads, held until the caller's thread passes them on: the
/// caller's callbacks are only ever called from the thread that called voxclone.
class LogRelay {
 public:
  void push(LogLevel level, std::string_view line) {
    std::lock_guard lock(mutex_);
    lines_.emplace_back(level, std::string(line));
  }
  void emit(const Callbacks& cb) {
    std::vector<std::pair<LogLevel, std::string>> lines;
    {
      std::lock_guard lock(mutex_);
      lines.swap(lines_);
    }
    if (cb.log)
      for (auto& [level, line] : lines) cb.log(level, line);
  }

 private:
  std::mutex mutex_;
  std::vector<std::pair<LogLevel, std::string>> lines_;
};

}  // namespace voxclone::detail

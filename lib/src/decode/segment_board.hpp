// Internal: the segments of the split decode (decode_split.cpp) and the board they wait on.
//
// A stretch ("segment") is a run of packets cut from the sequential demux, so every packet keeps
// the exact timestamp the single-stream path sees; no seeking is involved. Each segment carries a
// few packets from before it (pre-roll: the decoder's bit reservoir and overlap settle on them,
// their output is dropped); the two decoders it runs (MP3, FLAC) hold no frame back, so a
// segment ends with its own last packet. A decoded frame belongs to the segment whose
// timestamp range holds it, so every frame is kept exactly once.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <limits>
#include <memory>
#include <mutex>
#include <vector>

#include "decode/clip_scan.hpp"
#include "ffmpeg/handles.hpp"

namespace voxclone::detail {

struct Segment {
  std::vector<PacketPtr> packets;  // pre-roll, own
  std::size_t pre = 0;             // packets[0, pre) are pre-roll
  std::size_t own = 0;             // packets[pre, pre + own) are the segment's own
  std::int64_t start_pts = std::numeric_limits<std::int64_t>::min();  // keep frames with
  std::int64_t end_pts = std::numeric_limits<std::int64_t>::max();    // start <= pts < end
  bool last = false;  // flush the decoder after the last packet

  // Filled by the decoding worker: the segment's audio mixed to mono float (convert/downmix.hpp),
  // in runs of one sample rate (a stream may change rate part-way).
  struct Run {
    int sample_rate = 0;
    std::vector<float> samples;
  };
  std::vector<Run> runs;
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
      return (!segments_.empty() && segments_.front()->decoded) || (closed_ && segments_.empty()) ||
             aborted_;
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

}  // namespace voxclone::detail

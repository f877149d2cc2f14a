// Internal: the packets of the chosen audio stream, read in order from the demuxer. Reading is
// where the caller's thread spends its time, so between reads the reader does what that thread
// owes the caller: every 16 packets it passes on the workers' log lines, polls cancel and
// reports progress by the bytes read.
#pragma once

#include <cstdint>
#include <optional>

#include "decode/demuxer.hpp"
#include "decode/log_relay.hpp"
#include "ffmpeg/handles.hpp"

namespace voxclone::detail {

class PacketReader {
 public:
  /// `relay`: the workers' log lines to pass on while reading, if any.
  PacketReader(Demuxer& input, int stream_index, const Callbacks& callbacks,
               LogRelay* relay = nullptr)
      : input_(input), stream_index_(stream_index), callbacks_(callbacks), relay_(relay) {}

  /// The next packet of the stream, which stays the reader's (move its data out if it is to
  /// be kept) until the next call; null once reading has stopped (end() says why); an error
  /// when the caller cancelled.
  Result<AVPacket*> next();
  /// What stopped reading: AVERROR_EOF at the end of the input, else FFmpeg's read error.
  int end() const { return end_; }
  /// Reading ends (as at the end of the input) after the first packet that starts later than
  /// `seconds` into the stream: what follows is not wanted (prep's --end on a pipe), and a pipe
  /// is read no further. None: read to the end.
  void stop_after(std::optional<double> seconds);
  /// Reading ended at stop_after's time, not at the end of the input.
  bool stopped_early() const { return stopped_early_; }

 private:
  Result<void> poll();

  Demuxer& input_;
  const int stream_index_;
  const Callbacks& callbacks_;
  LogRelay* relay_;
  PacketPtr packet_;
  unsigned since_poll_ = 0;
  int end_ = 0;
  std::int64_t stop_pts_ = INT64_MAX;  // in the stream's time base
  bool stopped_early_ = false;
};

}  // namespace voxclone::detail

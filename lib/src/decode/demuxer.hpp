// Internal: the input opened with libavformat, with whatever it reads through: a file by name,
// or memory and standard input through our own AVIOContext. The format is found by probing the
// content unless the caller names the demuxer.
#pragma once

#include <cstdint>
#include <memory>

#include "core/unique_fd.hpp"
#include "decode/stdin_reader.hpp"
#include "ffmpeg/avio.hpp"
#include "ffmpeg/handles.hpp"
#include "voxclone/decode.hpp"

namespace voxclone::detail {

struct Demuxer {
  Demuxer() = default;
  // The AVIOContext reads through the cursor or the descriptor number below (its opaque points
  // at them), so a Demuxer never moves: open_demuxer hands it out on the heap.
  Demuxer(const Demuxer&) = delete;
  Demuxer& operator=(const Demuxer&) = delete;

  MemoryCursor memory_cursor;
  std::unique_ptr<StdinReader> stdin_reader;
  IoContextPtr io;  // declared after its sources and before format: destroyed between
  InputFormatPtr format;
  std::int64_t bytes = 0;     // the input's size as InputInfo::bytes reports it
  std::int64_t io_size = -1;  // bytes, when the input knows: for progress

  /// How much of the input has been read, in [0, 1]; negative when its size is unknown.
  double read_fraction() const;
};

/// Opens the input and reads its stream info. `container`: FFmpeg's short name of the demuxer
/// to use when the caller knows it (no probing), else null.
Result<std::unique_ptr<Demuxer>> open_demuxer(const InputSource& source, const Callbacks& callbacks,
                                              const char* container);

/// What the container says of itself: its names, its streams, its announced duration.
void describe_container(const AVFormatContext& format, InputInfo& info);

}  // namespace voxclone::detail

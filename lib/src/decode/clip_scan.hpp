// Internal: the clipping scan of decoded audio. Counts samples inside runs of >= 3 consecutive
// samples at (or within 0.1 dB of) full scale, per channel: the signature of clipping, which a
// lone full-scale sample is not. Also keeps the sample peak over all channels, and where in
// input time the runs are (frames are scanned in stream order: a frame's time is the frames'
// durations before it), so the kept window's share can be told from the rest.
#pragma once

#include <cstdint>
#include <vector>

#include "voxclone/decode.hpp"

extern "C" {
#include <libavutil/frame.h>
}

namespace voxclone::detail {

struct ClipCount {
  std::int64_t clipped = 0;
  std::int64_t unusable = 0;  ///< float samples (any channel): NaN, ±Inf or beyond ±1000
  float peak = 0.0f;
  double seconds = 0.0;                ///< input time scanned so far
  /// One entry per frame holding clipped runs, in time order. Per frame, not per stretch of
  /// time, so every way of decoding (the same frames, scanned apart or not) gives the same list.
  std::vector<ClippedStretch> where;

  /// The peak in dBFS, -200 for digital silence (as DecodeStats::input_peak_dbfs).
  double peak_dbfs() const;
  /// Adds the count of the stretch that follows this one (the split decode scans stretches
  /// apart): its times move on by this one's length.
  void add(const ClipCount& other);
};

/// Scans one decoded frame, any sample format an audio decoder produces, planar or packed;
/// the frame lasts nb_samples / sample_rate of input time. NaN, ±Inf and samples beyond ±1000
/// (float formats) are counted as damage; NaN and ±Inf are neither a peak nor a clipped run.
void scan_frame(const AVFrame& frame, ClipCount& count);

}  // namespace voxclone::detail

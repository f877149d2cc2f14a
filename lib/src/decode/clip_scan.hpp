// Internal: the clipping scan of decoded audio. Counts samples inside runs of >= 3 consecutive
// samples at (or within 0.1 dB of) full scale, per channel: the signature of clipping, which a
// lone full-scale sample is not. Also keeps the sample peak over all channels.
#pragma once

#include <cstdint>

extern "C" {
#include <libavutil/frame.h>
}

namespace voxclone::detail {

struct ClipCount {
  std::int64_t clipped = 0;
  float peak = 0.0f;

  /// The peak in dBFS, -200 for digital silence (as DecodeStats::input_peak_dbfs).
  double peak_dbfs() const;
  /// Adds another stretch's count (the split decode scans stretches apart).
  void add(const ClipCount& other);
};

/// Scans one decoded frame, any sample format an audio decoder produces, planar or packed.
void scan_frame(const AVFrame& frame, ClipCount& count);

}  // namespace voxclone::detail

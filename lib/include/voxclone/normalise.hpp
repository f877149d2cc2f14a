// voxclone/normalise.hpp — stage 5: EBU R128 loudness to a target under a true-peak ceiling.
//
//   auto n = voxclone::normalise(kept, {.target_lufs = -20, .ceiling_dbtp = -2});
//   // kept now measures -20 LUFS ±0.5 with true peak <= -2 dBTP
//
// Linear gain first; where that would break the ceiling, a look-ahead limiter holds the peaks.
#pragma once

#include "voxclone/analyse.hpp"
#include "voxclone/audio.hpp"
#include "voxclone/error.hpp"
#include "voxclone/log.hpp"

namespace voxclone {

struct NormaliseOptions {
  double target_lufs = -20.0;
  double ceiling_dbtp = -2.0;
  double lookahead_seconds = 0.005;
  double release_seconds = 0.080;
  /// Threads to measure with: 0 uses every core, 1 keeps the work on the calling thread.
  unsigned threads = 0;
};

struct NormaliseResult {
  Loudness before;
  Loudness after;
  double gain_db = 0.0;            ///< linear gain applied
  double limited_max_db = 0.0;     ///< deepest gain reduction of the limiter (0: not used)
  double limited_seconds = 0.0;    ///< how long the limiter was reducing gain by > 0.1 dB
};

/// Normalises `audio` in place. `callbacks.cancel` is polled between measurements.
Result<NormaliseResult> normalise(Audio& audio, const NormaliseOptions& options = {},
                                  const Callbacks& callbacks = {});

}  // namespace voxclone

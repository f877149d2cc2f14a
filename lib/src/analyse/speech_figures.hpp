// Internal: the figures of a speech analysis, without what grows with the input.
#pragma once

#include <cstdint>
#include <vector>

#include "voxclone/analyse.hpp"

namespace voxclone::detail {

/// A copy of `s`'s figures, without its per-frame arrays (0.9 MB an hour of input) and without
/// its segments and barriers (a long recording has tens of thousands): what the voice choice
/// starts from, and what the windowed content rows give block_features() beside their frames.
inline SpeechAnalysis figures_of(const SpeechAnalysis& s) {
  SpeechAnalysis out;
  out.frame_seconds = s.frame_seconds;
  out.speech_seconds = s.speech_seconds;
  out.noise_floor_dbfs = s.noise_floor_dbfs;
  out.speech_level_dbfs = s.speech_level_dbfs;
  out.snr_db = s.snr_db;
  out.silent = s.silent;
  // The fields as they are now: one more changes the size, and this reminds to copy it.
  struct Fields {
    double frame_seconds;
    std::vector<float> frame_db;
    std::vector<std::uint8_t> is_speech;
    std::vector<SpeechSegment> segments;
    double speech_seconds, noise_floor_dbfs, speech_level_dbfs, snr_db;
    bool silent;
    std::vector<SpeechSegment> barriers;
  };
  static_assert(sizeof(SpeechAnalysis) == sizeof(Fields), "SpeechAnalysis has a new field: copy it above");
  return out;
}

}  // namespace voxclone::detail

// Internal: mains hum under a recording, and the analysis' measurements without it.
//
// The detector (speech.cpp) stands its margin over the floor of its 100 Hz–4 kHz band. Under a
// hum of 50 or 60 Hz and its harmonics, that floor is the hum's lines, 10–15 dB over the room
// the words are recorded in, and the quiet frames of a word fall under the margin (session 14,
// noise14: isolated letters over hum lost two thirds of their speech). Where the quietest
// stretches hold such a line series and the lines carry most of their power, the levels and
// the voice meter's features (whose gaps and lines the content model reads against that floor)
// are measured again with a notch at every line: the floor is then the room's, as it is
// without hum. What fills the pauses (content_pauses.hpp) is still judged with the hum: it is
// the hum. Where no hum is found nothing changes (the same analysis, byte for byte); where it
// is, the second pass costs about as much as the analysis of the first (tune: +60-70 % CPU of a
// `prep` of a hum scene).
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "analyse/voice_meter.hpp"
#include "voxclone/analyse.hpp"
#include "voxclone/error.hpp"
#include "voxclone/log.hpp"

namespace voxclone::detail {

struct MainsHum {
  double mains_hz = 0.0;          ///< 50 or 60
  std::vector<double> lines_hz;   ///< each line found, at its measured frequency
  /// How far the quiet stretches' power in the detector's band falls without the lines, dB.
  double floor_drop_db = 0.0;
  double quiet_seconds = 0.0;     ///< how much of the quietest audio was looked at
};

/// Appends samples [start, start + count) of the recording to `out`.
using SampleReader =
    std::function<Result<void>(std::size_t start, std::size_t count, std::vector<float>& out)>;

/// A SampleReader over samples already in memory (`all` must outlive the reader).
SampleReader read_from_memory(std::span<const float> all);

/// Looks for a 50 or 60 Hz line series in the quietest stretches of the recording (chosen by the
/// detector's frame levels `frame_db`, one per `frame_seconds`; `samples` at `rate`, read by
/// `read`). Nullopt where none is found or its lines carry too little of those stretches' power
/// to lower the detector's floor by its smallest margin (6 dB).
Result<std::optional<MainsHum>> find_mains_hum(std::span<const float> frame_db, double frame_seconds,
                                               int rate, std::size_t samples, const SampleReader& read);

/// A notch at each of a hum's lines (RBJ cookbook biquads, ~6 Hz wide), run over the samples
/// in place, chunk after chunk.
class HumNotches {
 public:
  HumNotches(const MainsHum& hum, int rate);
  void filter(std::span<float> samples);

 private:
  struct Notch {
    double b0, b1, b2, a1, a2;
    double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
  };
  std::vector<Notch> notches_;
};

/// The speech levels and the voice meter's features of the whole recording measured again with
/// the hum's lines notched out (`spool_levels` as LevelMeter's): where hum is found, prepare()
/// analyses these instead of the first pass's. Polls `callbacks.cancel` between slices.
struct MeasuredWithoutHum {
  std::vector<float> frame_db;
  float peak = 0.0f;
  VoiceFeatures features;
};
Result<MeasuredWithoutHum> measure_without_hum(const MainsHum& hum, int rate, double frame_seconds,
                                               std::size_t samples, const SampleReader& read,
                                               bool spool_levels, const Callbacks& callbacks);

/// The voice meter's features alone of the whole recording, the hum's lines notched out, read in
/// slices (no copy of the recording): analyse_content() on audio in memory.
Result<VoiceFeatures> voice_features_without_hum(const MainsHum& hum, int rate, std::size_t samples,
                                                 const SampleReader& read, const Callbacks& callbacks);

/// find_mains_hum on `speech`'s levels and, where hum is found, `speech` classified again from the
/// levels without it (`duration_seconds` and `options` as classify_frames'): detect_speech() on
/// audio in memory. Returns the hum that was left out, if any.
Result<std::optional<MainsHum>> leave_out_mains_hum(SpeechAnalysis& speech, double duration_seconds,
                                                    const VadOptions& options, int rate,
                                                    std::size_t samples, const SampleReader& read);

}  // namespace voxclone::detail

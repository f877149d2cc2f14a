// Internal: normalise() with the input and the output apart, for a caller that keeps its input
// (prep normalises the same kept window again for each MP3 encoding): the window is read where
// it lies, never copied.
#pragma once

#include <functional>
#include <span>
#include <vector>

#include "voxclone/normalise.hpp"

namespace voxclone::detail {

/// What normalising measures of its input before any rendering, and depends on nothing else:
/// libebur128's integrated loudness (without its true-peak mode) and the 4x true-peak envelope
/// (true_peak.hpp). A caller that has it (a combined sample measures its whole as the inputs
/// come in) hands it over instead of having it measured again. An MP3's re-encodings measure
/// their window again: keeping its envelope through the encoding and the decoded check would
/// add 2–3 MB to the peak (30 s at 24 kHz) to save about 10 ms per re-encoding.
struct InputMeasure {
  Loudness before;              ///< measure_integrated's figures of the input
  std::vector<float> envelope;  ///< true_peak_envelope of the input, one value per sample
};

/// InputMeasure of `input`, the loudness and the envelope at once with more than one thread.
Result<InputMeasure> measure_input(std::span<const float> input, int rate, unsigned threads);

/// Work on a rendering that may be the last one (its encoding), done on the caller's thread
/// beside that rendering's final measurement: only reads the rendering.
using BesideMeasuring = std::function<void(const Audio& rendering)>;

/// Normalises `input` (at out.sample_rate) into out.samples, which it resizes; `input` must not
/// alias out.samples. With `measured` (of exactly this input), the input is not measured again.
/// With `beside` and more than one thread, `beside` is called with each rendering whose result
/// is measured, while it is measured (its true peak on the other threads, in parts the caller
/// takes up once `beside` returns): its last call saw exactly what `out` holds on success.
/// (A rendering is measured once a round; a round is redone only when its true peak broke the
/// ceiling, which the envelope nearly always foresees.) Not called with one thread.
Result<NormaliseResult> normalise_into(std::span<const float> input, Audio& out,
                                       const NormaliseOptions& options, const Callbacks& callbacks,
                                       const InputMeasure* measured = nullptr,
                                       const BesideMeasuring& beside = {});

}  // namespace voxclone::detail

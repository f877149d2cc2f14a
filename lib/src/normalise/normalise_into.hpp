// Internal: normalise() with the input and the output apart, for a caller that keeps its input
// (prep normalises the same kept window again for each MP3 encoding): the window is read where
// it lies, never copied.
#pragma once

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

/// Normalises `input` (at out.sample_rate) into out.samples, which it resizes; `input` must not
/// alias out.samples. With `measured` (of exactly this input), the input is not measured again.
Result<NormaliseResult> normalise_into(std::span<const float> input, Audio& out,
                                       const NormaliseOptions& options, const Callbacks& callbacks,
                                       const InputMeasure* measured = nullptr);

}  // namespace voxclone::detail

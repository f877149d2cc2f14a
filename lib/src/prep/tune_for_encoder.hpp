// Internal: normalise the kept window and encode it, re-tuning the normalisation for MP3 until
// the decoded sample, not just the PCM, meets the target and the ceiling.
#pragma once

#include "normalise/normalise_into.hpp"
#include "voxclone/audio.hpp"
#include "voxclone/encode.hpp"
#include "voxclone/error.hpp"
#include "voxclone/normalise.hpp"
#include "voxclone/prep.hpp"
#include "voxclone/source.hpp"

namespace voxclone::detail {

struct TunedSample {
  EncodedSample sample;
  NormaliseResult normalised;  ///< for MP3, `after` is measured on the decoded sample
};

/// Normalises a copy of `kept` to `options.normalise` and encodes it in `options.format`.
/// `threads` is the budget (never 0); errors name `source`. `measured`, when given, is
/// measure_input of `kept` (taken instead of measuring it again for each normalisation).
Result<TunedSample> normalise_and_encode(const Audio& kept, const PrepOptions& options,
                                         unsigned threads, const InputSource& source,
                                         const InputMeasure* measured = nullptr);

}  // namespace voxclone::detail

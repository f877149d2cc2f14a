// Internal: normalise the kept window and encode it, re-tuning the normalisation for MP3 until
// the decoded sample, not just the PCM, meets the target and the ceiling.
#pragma once

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
/// `threads` is the budget (never 0); errors name `source`.
Result<TunedSample> normalise_and_encode(const Audio& kept, const PrepOptions& options,
                                         unsigned threads, const InputSource& source);

}  // namespace voxclone::detail

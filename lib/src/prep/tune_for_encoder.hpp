// Internal: normalise the kept window and encode it, re-tuning the normalisation for MP3 until
// the decoded sample, not just the PCM, meets the target and the ceiling.
#pragma once

#include <optional>

#include "normalise/normalise_into.hpp"
#include "voxclone/audio.hpp"
#include "voxclone/encode.hpp"
#include "voxclone/error.hpp"
#include "voxclone/normalise.hpp"
#include "voxclone/prep.hpp"
#include "voxclone/source.hpp"
#include "voxclone/validate.hpp"

namespace voxclone::detail {

struct TunedSample {
  EncodedSample sample;
  NormaliseResult normalised;  ///< for MP3, `after` is measured on the decoded sample
  /// validate_sample(sample), when it was asked for and made beside the normalising (WAV and
  /// raw PCM with more than one thread); else the caller validates.
  std::optional<Result<SampleCheck>> check;
};

/// Normalises a copy of `kept` to `options.normalise` and encodes it in `options.format`.
/// `threads` is the budget (never 0); errors name `source`. `measured`, when given, is
/// measure_input of `kept` (taken instead of measuring it again for each normalisation).
/// With more than one thread, the rendering is encoded beside its last measurement (its true
/// peak), and with `check_beside` a WAV or raw PCM sample is validated there too
/// (TunedSample::check): the same bytes and figures, sooner.
Result<TunedSample> normalise_and_encode(const Audio& kept, const PrepOptions& options,
                                         unsigned threads, const InputSource& source,
                                         const InputMeasure* measured = nullptr, bool check_beside = false);

}  // namespace voxclone::detail

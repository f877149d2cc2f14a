// Internal: normalise() with the input and the output apart, for a caller that keeps its input
// (prep normalises the same kept window again for each MP3 encoding): the window is read where
// it lies, never copied.
#pragma once

#include <span>

#include "voxclone/normalise.hpp"

namespace voxclone::detail {

/// Normalises `input` (at out.sample_rate) into out.samples, which it resizes; `input` must not
/// alias out.samples.
Result<NormaliseResult> normalise_into(std::span<const float> input, Audio& out,
                                       const NormaliseOptions& options, const Callbacks& callbacks);

}  // namespace voxclone::detail

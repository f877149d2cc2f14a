// Internal: the example of --like as prepare() and check() see it: a voiceprint given
// (PrepOptions::like), or one still being measured on another thread (like_measuring), which
// they wait for only where the voice is chosen.
#pragma once

#include <optional>

#include "voxclone/error.hpp"
#include "voxclone/log.hpp"
#include "voxclone/prep.hpp"
#include "voxclone/voiceprint.hpp"

namespace voxclone::detail {

/// Whether the options carry an example, given or being measured.
bool has_example(const PrepOptions& options);

/// The example's voiceprint (nullopt: none), waiting for it when it is still being measured;
/// its error when it failed, unchanged; an empty one is refused as validate_options() refuses a
/// given one.
Result<std::optional<Voiceprint>> example_of(const PrepOptions& options);

/// The example's error when it is being measured and has already failed (never waits).
std::optional<Error> example_failed(const PrepOptions& options);

/// The options' callbacks, whose cancel also answers true once the example being measured has
/// failed: the input's decode and analysis, which poll it, stop instead of running on for
/// nothing. (The copy of the future in the callback is only read: shared_future's const members
/// may be called from several threads at once.)
Callbacks stopping_when_example_fails(const PrepOptions& options);

/// Runs `work(options)` beside an example being measured, and gives the example's error
/// precedence over the work's own (as when the example was measured before the input). Without
/// like_measuring, just `work(options)`.
template <class Work>
auto alongside_example(const PrepOptions& options, Work&& work) -> decltype(work(options)) {
  if (!options.like_measuring.valid()) return work(options);
  PrepOptions o = options;
  o.callbacks = stopping_when_example_fails(options);
  auto r = work(static_cast<const PrepOptions&>(o));
  if (!r)
    if (const Result<Voiceprint>& example = options.like_measuring.get(); !example)
      return std::unexpected(example.error());
  return r;
}

}  // namespace voxclone::detail

// --like FILE | voice:ID (prep, check, clone): the voice to keep, by example.
#pragma once

#include <optional>
#include <string>

#include "voxclone/prep.hpp"

namespace voxclone::cli {

/// When a file example is measured (on one thread, either way: voiceprint_of_async()): `first`,
/// before any input is read, into `o.like`; or `alongside`, on a thread of its own started now,
/// into `o.like_measuring`, while the input is decoded and analysed on the others (prepare() and
/// check() wait for it where the voice is chosen; like_failed() says whether it failed). The
/// result is the same either way.
enum class LikeTiming { first, alongside };

/// `alongside` for one input with more than one thread in its budget (-j), else `first`.
inline LikeTiming like_timing(bool one_input, unsigned thread_budget) {
  return one_input && thread_budget > 1 ? LikeTiming::alongside : LikeTiming::first;
}

/// Measures the example (a recording's main voice, or a cloned voice's stored voiceprint) once.
/// Nothing to do without --like. Fails with a message naming --like: a file that is missing or
/// holds too little speech, an id with no voiceprint here, or --like given with --speaker or
/// --speaker-at. With LikeTiming::alongside a file's own failure comes later, from
/// like_failed() (the same error).
Result<void> resolve_like(const std::string& like, PrepOptions& o, const Callbacks& cb = {},
                          LikeTiming timing = LikeTiming::first);

/// The error of an example measured alongside, in --like's words, waiting for it; nullopt when it was measured
/// (or there is none, or it was measured first).
std::optional<Error> like_failed(const PrepOptions& o);

}  // namespace voxclone::cli

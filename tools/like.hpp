// --like FILE | voice:ID (prep, check, clone): the voice to keep, by example.
#pragma once

#include <string>

#include "voxclone/prep.hpp"

namespace voxclone::cli {

/// Measures the example (a recording's main voice, or a cloned voice's stored voiceprint) once,
/// before any input is read, into `o.like`. Nothing to do without --like. Fails with a message
/// naming --like: a file that is missing or holds too little speech, an id with no voiceprint
/// here, or --like given with --speaker or --speaker-at.
Result<void> resolve_like(const std::string& like, PrepOptions& o, const Callbacks& cb = {});

}  // namespace voxclone::cli

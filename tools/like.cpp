#include "like.hpp"

#include <fmt/format.h>

namespace voxclone::cli {
namespace {

VoiceprintOptions example_options(const Callbacks& cb) {
  VoiceprintOptions vo;
  vo.callbacks = cb;
  vo.min_speech_seconds = 1.0;  // voiced frames: a voice note of a few seconds of talk
  return vo;
}

// The example's error (voiceprint_of()'s) in --like's words.
Error in_like_words(Error e) {
  e.message = "--like " + e.message;
  if (e.category == ErrorCategory::no_speech || e.category == ErrorCategory::too_little_speech)
    e.message += "; give an example with more of the person talking (5-15 s of clear speech is plenty)";
  return e;
}

}  // namespace

Result<void> resolve_like(const std::string& like, PrepOptions& o, const Callbacks& cb, LikeTiming timing) {
  if (like.empty()) return {};
  if (o.select.speaker > 0 || o.select.speaker_at_seconds)
    return fail(ErrorCategory::invalid_argument,
                fmt::format("--like and {} both choose a voice: give one of them",
                            o.select.speaker > 0 ? "--speaker" : "--speaker-at"));
  if (like.starts_with("voice:")) {
    const std::string id = like.substr(6);
    const auto store = default_voiceprint_store();
    auto keys = stored_voices(store);
    if (!keys) return std::unexpected(keys.error());
    for (const VoiceKey& k : *keys) {
      if (k.voice_id != id) continue;
      auto v = load_voiceprint(store, k);
      if (!v) return std::unexpected(v.error());
      if (*v) {
        o.like = **v;
        o.like_name = like;
        return {};
      }
    }
    return fail(ErrorCategory::invalid_argument,
                fmt::format("--like {}: no voiceprint of voice '{}' is kept here ('{}'); voxclone "
                            "keeps one after each clone it makes",
                            like, id, store.string()));
  }
  if (like == "-")
    return fail(ErrorCategory::invalid_argument, "--like -: the example must be a file (or voice:ID)");
  o.like_name = like;
  if (timing == LikeTiming::alongside) {
    // Its error is read in --like's words from like_failed(): the library's prepare() and
    // check() give it unchanged, and the CLI shows it only from there.
    o.like_measuring = voiceprint_of_async(InputSource::file(like), example_options(cb));
    return {};
  }
  // Before the input, on one thread too (waited for here): the example is a few seconds, and
  // two more decoding threads would save little of them at the cost of their hand-offs (and
  // -j 1 asks for one thread). The same numbers as voiceprint_of()'s.
  const Result<Voiceprint> v = voiceprint_of_async(InputSource::file(like), example_options(cb)).get();
  if (!v) return std::unexpected(in_like_words(v.error()));
  o.like = *v;
  return {};
}

std::optional<Error> like_failed(const PrepOptions& o) {
  if (!o.like_measuring.valid()) return std::nullopt;
  if (const Result<Voiceprint>& v = o.like_measuring.get(); !v) return in_like_words(v.error());
  return std::nullopt;
}

}  // namespace voxclone::cli

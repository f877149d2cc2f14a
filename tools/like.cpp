#include "like.hpp"

#include <future>
#include <system_error>

#include <fmt/format.h>

namespace voxclone::cli {
namespace {

// The example's voiceprint, its errors in --like's words.
Result<Voiceprint> measure_example(const std::string& like, const Callbacks& cb) {
  VoiceprintOptions vo;
  vo.callbacks = cb;
  vo.min_speech_seconds = 1.0;  // voiced frames: a voice note of a few seconds of talk
  auto v = voiceprint_of(InputSource::file(like), vo);
  if (!v) {
    Error e = v.error();
    e.message = "--like " + e.message;
    if (e.category == ErrorCategory::no_speech || e.category == ErrorCategory::too_little_speech)
      e.message += "; give an example with more of the person talking (5-15 s of clear speech is plenty)";
    return std::unexpected(e);
  }
  return v;
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
    try {
      o.like_measuring = std::async(std::launch::async, [like, cb] { return measure_example(like, cb); }).share();
      return {};
    } catch (const std::system_error&) {
      // No thread to be had: measured now, as without a core to spare.
    }
  }
  auto v = measure_example(like, cb);
  if (!v) return std::unexpected(v.error());
  o.like = *v;
  return {};
}

std::optional<Error> like_failed(const PrepOptions& o) {
  if (!o.like_measuring.valid()) return std::nullopt;
  if (const Result<Voiceprint>& v = o.like_measuring.get(); !v) return v.error();
  return std::nullopt;
}

}  // namespace voxclone::cli

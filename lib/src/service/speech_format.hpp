// Internal: the speech the service sent is in the format that was asked for (response_format),
// or the call fails: a .wav name must never hold MP3 bytes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "service/exchange.hpp"
#include "service/verdict.hpp"

namespace voxclone::detail {

/// "mp3", "wav" or "ogg_opus" when the answer's Content-Type or its first bytes say which;
/// nullopt when neither does (raw PCM has no signature, nor does an unknown container).
std::optional<std::string> speech_format_sent(std::string_view content_type, std::string_view body);

/// The verdict (bad_response, never resent) when the audio is recognisably in another format
/// than `asked`; nullopt when it agrees or cannot be told.
std::optional<Verdict> speech_in_another_format(std::string_view asked, const Exchange& ex);

}  // namespace voxclone::detail

// Internal: audio streams as messages name them, so the decode errors, the warnings and the
// "no speech in any stream" error describe a stream the same way.
//
//   describe_audio_stream(s)   // #2 ("Microphone", opus, 1 ch, eng)
#pragma once

#include <span>
#include <string>

#include "voxclone/decode.hpp"

namespace voxclone::detail {

/// `#2 ("Microphone", opus, 1 ch, eng)`: the index ffprobe gives it, then its title, codec,
/// channels and language as far as the file tags them.
std::string describe_audio_stream(const AudioStreamInfo& stream);

/// Every stream as above, after the `a:N` that picks it: `a:0 is #1 (aac, 2 ch), a:1 is #2 (...)`.
std::string describe_audio_streams(std::span<const AudioStreamInfo> streams);

}  // namespace voxclone::detail

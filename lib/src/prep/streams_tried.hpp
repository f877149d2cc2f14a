// Internal: the words for prep's second look at a file's audio streams. When the stream FFmpeg
// picks holds no usable speech, prep.cpp analyses the file's other audio streams and keeps the
// one with the most; these say what each stream held, in the warning when one was found and in
// the error when none was.
#pragma once

#include <span>
#include <string>

#include "voxclone/error.hpp"
#include "voxclone/log.hpp"
#include "voxclone/report.hpp"

namespace voxclone::detail {

/// One audio stream prep analysed, and what came of it.
struct StreamTried {
  AudioStreamInfo stream;
  bool is_default = false;             ///< the stream FFmpeg picks (tried first)
  bool usable = false;                 ///< it would make a sample
  double usable_speech_seconds = 0.0;  ///< when usable: the speech the window could use
  Error error;                         ///< when not usable: why
  std::string holds;                   ///< "78 s of music", from its content analysis
};

/// What a stream's report says it holds: "78 s of music", "4 s of speech, 70 s of music",
/// "15 s of silence or room tone", with the level when no speech stood out ("78 s of music,
/// level -17 dBFS"); empty when the analysis did not get that far.
std::string what_it_holds(const PrepReport& report);

/// Whether the error says the stream holds no usable speech (another stream may).
bool lacks_speech(const Error& error);

/// Adds the `stream_chosen_for_speech` warning, first in the report: which stream was used and
/// what each of the others held.
void warn_stream_chosen(PrepReport& report, const Callbacks& callbacks, const StreamTried& chosen,
                        std::span<const StreamTried> others);

/// No stream would do: every one and what it held. too_little_speech when one of them had some
/// speech, else no_speech.
Error no_stream_has_speech(std::span<const StreamTried> tried);

/// `error` (the chosen stream's) with the file's other audio streams, which were not tried
/// because of `why` ("standard input cannot be read twice"), each with the --stream that picks it.
Error with_other_streams(Error error, const InputInfo& input, std::string_view why);

}  // namespace voxclone::detail

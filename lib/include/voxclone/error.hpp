// voxclone/error.hpp — the one error type every stage returns.
//
//   voxclone::Result<voxclone::PrepResult> r = voxclone::prepare(src, opts);
//   if (!r) std::cerr << r.error().message << '\n';   // "decode 'talk.m4a': Invalid data ..."
//
// A category says what kind of failure it was (the CLI maps categories to exit codes in one
// place); the message says what was being done, to what, and what the underlying library said.
#pragma once

#include <expected>
#include <string>
#include <string_view>

namespace voxclone {

enum class ErrorCategory {
  invalid_argument,   ///< an option or request field breaks a rule (caught before any work)
  input_not_found,    ///< the input path does not exist
  input_unreadable,   ///< the input exists but cannot be read (permissions, a folder, an empty file)
  not_audio,          ///< FFmpeg cannot read the bytes as any audio or video container
  no_audio_stream,    ///< a readable container with no audio stream (a picture, a silent video)
  decode_failed,      ///< an audio stream that cannot be decoded (no decoder, nothing decodable)
  no_speech,          ///< the recording holds no speech (silence or room tone only)
  too_little_speech,  ///< speech found, but less than the minimum the endpoint needs
  output_failed,      ///< the output could not be written (permissions, disk full, ...)
  sample_invalid,     ///< the encoded sample breaks the clone endpoint's rules
  cancelled,          ///< the caller's cancel callback asked to stop
  internal,           ///< a library call failed where it should not (a bug or out of memory)
  // Talking to the service (upload.hpp):
  network,            ///< the service could not be reached; the request provably never arrived
  auth,               ///< the service refused the token (4100) or its permissions (4101)
  rejected,           ///< the service answered with an error: it did the work, or refused it
  outcome_unknown,    ///< the request may have reached the service, but no clear answer came back
                      ///< (timeout, dropped connection, 5xx, garbled answer): a clone may be billed
  bad_response,       ///< the answer was not what the contract says (not JSON, too large, ...)
  payment_required,   ///< the account cannot pay: overdue, out of credits or voice allowance
                      ///< (codes 4019, 4027, 4028); never retried
  // Before an upload (verdict.hpp):
  bad_voice,          ///< the sample's verdict refuses it (music or other voices under the
                      ///< speech, heavy noise, clipping): nothing was sent; forcing sends it
  // Choosing a voice by example (voiceprint.hpp):
  no_matching_voice,  ///< no voice of the input sounds like the example (PrepOptions::like), or
                      ///< an input of a combined sample is another person; or a retrain's sample
                      ///< does not sound like the voice's stored voiceprint; or, with no voice
                      ///< asked for, two voices talk about as much (which to clone is not told)
};

/// Stable lower-case name of a category ("too_little_speech"), used in JSON output.
std::string_view to_string(ErrorCategory category) noexcept;

struct Error {
  ErrorCategory category = ErrorCategory::internal;
  std::string message;
};

template <class T>
using Result = std::expected<T, Error>;

/// Shorthand for returning a failure: `return fail(ErrorCategory::not_audio, "...")`.
inline std::unexpected<Error> fail(ErrorCategory category, std::string message) {
  return std::unexpected<Error>(Error{category, std::move(message)});
}

}  // namespace voxclone

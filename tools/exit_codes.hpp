// The CLI's exit codes, chosen in one place. README.md documents the same table.
#pragma once

#include "voxclone/error.hpp"

namespace voxclone::cli {

enum ExitCode : int {
  kOk = 0,
  kInternal = 1,        // a bug or out of memory
  kUsage = 2,           // bad command line
  kInputMissing = 3,    // input not found, unreadable, empty, a folder with nothing in it
  kNotAudio = 4,        // not an audio/video file, no audio stream, undecodable
  kUnsuitable = 5,      // no speech, or less speech than --min-seconds
  kOutputFailed = 6,    // the output could not be written
  kSampleInvalid = 7,   // the encoded sample breaks the endpoint's rules
  kNetwork = 8,         // the service could not be reached; nothing arrived, nothing billed
  kAuth = 9,            // the token was refused or lacks a permission
  kRejected = 10,       // the service answered with an error (or kept rate-limiting)
  kOutcomeUnknown = 11, // no clear answer after the request may have arrived: may be billed
  kBadResponse = 12,    // the answer was not what the API's contract says
  kPaymentRequired = 13,  // the account cannot pay (4019/4027/4028): top up; retrying won't help
  kInterrupted = 130,   // SIGINT/SIGTERM: stopped, nothing partial left behind
};

int exit_code_for(ErrorCategory category) noexcept;

}  // namespace voxclone::cli

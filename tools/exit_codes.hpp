// The CLI's exit codes, chosen in one place. README.md documents the same table, and
// test_cli_exit_codes checks README, --help and real runs against it.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "voxclone/error.hpp"

namespace voxclone::cli {

enum ExitCode : int {
  kOk = 0,
  kInternal = 1,        // a bug or out of memory
  kUsage = 2,           // bad command line
  kInputMissing = 3,    // input not found, unreadable, empty, a folder with nothing in it
  kNotAudio = 4,        // not an audio/video file, no audio stream, undecodable
  kUnsuitable = 5,      // no speech, too little, or a verdict that refuses the sample
  kOutputFailed = 6,    // the output could not be written, or exists (no -y)
  kSampleInvalid = 7,   // the encoded sample breaks the endpoint's rules
  kNetwork = 8,         // the service could not be reached; nothing arrived, nothing billed
  kAuth = 9,            // the token was refused or lacks a permission
  kRejected = 10,       // the service answered with an error (or kept rate-limiting)
  // No clear answer after a request that may have been billed arrived: a timeout, a dropped
  // connection, a 5xx, and also an answer that is not JSON (an HTML page with HTTP 200) after a
  // clone upload. A clone may hide behind such an answer, and the one safe next step is the
  // same as for a timeout (list the voices before cloning again), so it is 11, not 12.
  kOutcomeUnknown = 11,
  kBadResponse = 12,    // an answer outside the contract to a request that bills nothing
  kPaymentRequired = 13,  // the account cannot pay (4019/4027/4028): top up; retrying won't help
  kInterrupted = 130,   // SIGINT/SIGTERM: stopped, nothing partial left behind
};

struct ExitCodeRow {
  int code;
  std::string_view meaning;  // short: one --help line
};

/// Every exit code with a short meaning, in order: --help's table.
std::span<const ExitCodeRow> exit_code_table() noexcept;
/// "Exit codes:\n  0  ok\n  2  ..." for the listed codes (all when empty), for --help footers.
std::string exit_code_footer(std::span<const int> codes = {});

int exit_code_for(ErrorCategory category) noexcept;

}  // namespace voxclone::cli

#include "exit_codes.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace voxclone::cli {
namespace {

constexpr ExitCodeRow kTable[] = {
    {kOk, "success (check: clone would send every input's sample)"},
    {kInternal, "internal error (a bug: please report it)"},
    {kUsage, "usage: a bad option, value or combination; nothing was read or sent"},
    {kInputMissing, "input missing, unreadable, empty, or a folder with no media files"},
    {kNotAudio, "not an audio or video file, no audio stream, nothing decodable (damaged)"},
    {kUnsuitable, "no speech, too little, or a verdict that refuses it (clone: without --force)"},
    {kOutputFailed, "output not written: folder missing, permissions, disk or stdout full, or exists (no -y)"},
    {kSampleInvalid, "the encoded sample breaks the clone endpoint's rules"},
    {kNetwork, "service unreachable or TLS failed: nothing arrived, nothing billed"},
    {kAuth, "token refused or lacking a permission"},
    {kRejected, "the service refused the request, or kept rate-limiting"},
    {kOutcomeUnknown, "outcome unknown (timeout, 5xx, a non-JSON answer to a clone): may be billed"},
    {kBadResponse, "an answer outside the API's contract, to a request that bills nothing"},
    {kPaymentRequired, "payment required (4019, 4027, 4028): top up, then run again"},
    {kInterrupted, "interrupted (Ctrl-C, SIGTERM); nothing partial left behind"},
};

}  // namespace

std::span<const ExitCodeRow> exit_code_table() noexcept { return kTable; }

std::string exit_code_footer(std::span<const int> codes) {
  std::string out = "Exit codes:\n";
  for (const auto& row : kTable)
    if (codes.empty() || std::find(codes.begin(), codes.end(), row.code) != codes.end())
      out += fmt::format("  {:>3}  {}\n", row.code, row.meaning);
  return out;
}

int exit_code_for(ErrorCategory category) noexcept {
  switch (category) {
    case ErrorCategory::invalid_argument: return kUsage;
    case ErrorCategory::input_not_found:
    case ErrorCategory::input_unreadable: return kInputMissing;
    case ErrorCategory::not_audio:
    case ErrorCategory::no_audio_stream:
    case ErrorCategory::decode_failed: return kNotAudio;
    case ErrorCategory::no_speech:
    case ErrorCategory::too_little_speech:
    case ErrorCategory::bad_voice:
    case ErrorCategory::no_matching_voice: return kUnsuitable;
    case ErrorCategory::output_failed: return kOutputFailed;
    case ErrorCategory::sample_invalid: return kSampleInvalid;
    case ErrorCategory::cancelled: return kInterrupted;
    case ErrorCategory::internal: return kInternal;
    case ErrorCategory::network: return kNetwork;
    case ErrorCategory::auth: return kAuth;
    case ErrorCategory::rejected: return kRejected;
    case ErrorCategory::outcome_unknown: return kOutcomeUnknown;
    case ErrorCategory::bad_response: return kBadResponse;
    case ErrorCategory::payment_required: return kPaymentRequired;
  }
  return kInternal;
}

}  // namespace voxclone::cli

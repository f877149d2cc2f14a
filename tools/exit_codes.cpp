#include "exit_codes.hpp"

namespace voxclone::cli {

int exit_code_for(ErrorCategory category) noexcept {
  switch (category) {
    case ErrorCategory::invalid_argument: return kUsage;
    case ErrorCategory::input_not_found:
    case ErrorCategory::input_unreadable: return kInputMissing;
    case ErrorCategory::not_audio:
    case ErrorCategory::no_audio_stream:
    case ErrorCategory::decode_failed: return kNotAudio;
    case ErrorCategory::no_speech:
    case ErrorCategory::too_little_speech: return kUnsuitable;
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

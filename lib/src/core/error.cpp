#include "voxclone/error.hpp"

namespace voxclone {

std::string_view to_string(ErrorCategory category) noexcept {
  switch (category) {
    case ErrorCategory::invalid_argument: return "invalid_argument";
    case ErrorCategory::input_not_found: return "input_not_found";
    case ErrorCategory::input_unreadable: return "input_unreadable";
    case ErrorCategory::not_audio: return "not_audio";
    case ErrorCategory::no_audio_stream: return "no_audio_stream";
    case ErrorCategory::decode_failed: return "decode_failed";
    case ErrorCategory::no_speech: return "no_speech";
    case ErrorCategory::too_little_speech: return "too_little_speech";
    case ErrorCategory::output_failed: return "output_failed";
    case ErrorCategory::sample_invalid: return "sample_invalid";
    case ErrorCategory::cancelled: return "cancelled";
    case ErrorCategory::internal: return "internal";
    case ErrorCategory::network: return "network";
    case ErrorCategory::auth: return "auth";
    case ErrorCategory::rejected: return "rejected";
    case ErrorCategory::outcome_unknown: return "outcome_unknown";
    case ErrorCategory::bad_response: return "bad_response";
    case ErrorCategory::payment_required: return "payment_required";
    case ErrorCategory::bad_voice: return "bad_voice";
    case ErrorCategory::no_matching_voice: return "no_matching_voice";
  }
  return "internal";
}

}  // namespace voxclone

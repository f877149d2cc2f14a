// Internal: the verdict on a failed exchange, as a value: the ApiError the caller sees and
// whether the money rule lets the request be sent again. Computed by a pure function of the
// exchange, the answer read from it and the endpoint called, so the retry loop
// (service/retry.hpp) reads decisions, not state left on an object.
//
// The money rule: a clone is billed. It is sent again only when it provably never reached the
// service (could not resolve or connect) or when the service itself said to (429, 503, code
// 4013, Retry-After honoured). After a timeout, a dropped connection, a garbled answer or any
// other 5xx the outcome is unknown: the verdict says the clone may have been billed.
#pragma once

#include <chrono>
#include <optional>

#include "service/answer.hpp"
#include "service/contract.hpp"
#include "service/exchange.hpp"
#include "voxclone/upload.hpp"

namespace voxclone::detail {

enum class RetryKind {
  no,             ///< never send it again
  yes,            ///< it provably never arrived, or the service asked for it again
  if_idempotent,  ///< the outcome is unknown: only a call that may safely run twice is resent
};

struct Verdict {
  ApiError error;
  RetryKind retry = RetryKind::no;
  std::optional<std::chrono::milliseconds> retry_after;  ///< the service's Retry-After, if any
};

/// The verdict on an exchange that did not succeed: a transport failure, or an answer that is
/// an error. `options` only fill in the messages (the timeout, the answer limit, the base URL);
/// `text_sent` (a clone with a text) chooses the 1109 hint.
Verdict classify(const Exchange& exchange, const ServiceAnswer& answer, const Endpoint& endpoint,
                 const ClientOptions& options,
                 bool text_sent = true);

// Answers that say success but lack what success carries. Never resent.

/// A clone answered code 0 without a voice id: it may have been made, and billed.
Verdict clone_without_voice_id(const Exchange& exchange, const ServiceAnswer& answer);
/// A list of voices answered code 0 without a voice_list.
Verdict voices_without_list(const Exchange& exchange, const ServiceAnswer& answer);
/// A speech request answered JSON code 0 instead of audio.
Verdict speech_without_audio(const ServiceAnswer& answer);

}  // namespace voxclone::detail

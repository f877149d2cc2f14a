// Internal: what one HTTP exchange with the service produced, as a value: what became of the
// request in transit, and the answer when one came. Transport and answer stay apart (as cpr's
// Response keeps `error` and `status_code`); no libcurl type, so the verdict on an exchange
// (service/verdict.hpp) can be computed and tested without a network.
#pragma once

#include <string>

namespace voxclone::detail {

/// What became of the request in transit, decided once from libcurl's result (service/http.cpp).
enum class Transport {
  delivered,         ///< an answer arrived in full (its status may still be an error)
  cancelled,         ///< the caller's cancel callback stopped the transfer
  never_arrived,     ///< could not resolve or connect (or timed out connecting): provably unsent
  timed_out,         ///< connected, but no full answer within the timeout
  failed,            ///< the transfer failed after connecting (dropped, reset, TLS, ...)
  answer_too_large,  ///< the answer outgrew the limit and was cut off
};

struct Exchange {
  Transport transport = Transport::delivered;
  std::string transport_error;  ///< libcurl's words (CURLOPT_ERRORBUFFER) when not delivered
  bool request_sent = false;    ///< the whole request body went out (matters when cancelled)
  long status = 0;              ///< HTTP status; 0 when no answer began
  std::string body;
  std::string content_type;
  std::string log_id;       ///< x-tt-logid header
  std::string retry_after;  ///< Retry-After header, raw
  std::size_t answer_limit = 0;  ///< the request's max_answer_bytes (for the too-large message)

  [[nodiscard]] bool answered(long http_status) const noexcept {
    return transport == Transport::delivered && status == http_status;
  }
};

}  // namespace voxclone::detail

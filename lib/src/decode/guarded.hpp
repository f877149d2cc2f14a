// Internal: the body of one of the decode's worker threads, run so that an exception does not
// escape the thread (std::terminate) but becomes an internal error naming the input.
#pragma once

#include <exception>
#include <string_view>

#include <fmt/format.h>

#include "voxclone/error.hpp"

namespace voxclone::detail {

template <class Body>
Result<void> guarded(std::string_view name, Body&& body) {
  try {
    return body();
  } catch (const std::exception& e) {
    return fail(ErrorCategory::internal, fmt::format("decode '{}': {}", name, e.what()));
  }
}

}  // namespace voxclone::detail

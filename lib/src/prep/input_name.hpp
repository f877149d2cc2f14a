// Internal: the input's name in a stage's error, so every line of a batch says which file.
#pragma once

#include <string>

#include <fmt/format.h>

#include "voxclone/error.hpp"
#include "voxclone/source.hpp"

namespace voxclone::detail {

/// "'talk.m4a': <message>", unless the stage's message names the input already.
inline Error with_input_name(const InputSource& source, Error e) {
  if (e.message.find(source.display_name()) == std::string::npos)
    e.message = fmt::format("'{}': {}", source.display_name(), e.message);
  return e;
}

}  // namespace voxclone::detail

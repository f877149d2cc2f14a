// Internal: standard input made seekable, so every container reads from a pipe as from a file.
#pragma once

#include <functional>

#include "core/unique_fd.hpp"
#include "voxclone/error.hpp"

namespace voxclone::detail {

/// Standard input as a seekable descriptor: itself when it is a regular file, else a copy in an
/// unlinked temporary file (so nothing is left behind, whatever happens). `cancel` is polled.
Result<UniqueFd> seekable_stdin(const std::function<bool()>& cancel);

}  // namespace voxclone::detail

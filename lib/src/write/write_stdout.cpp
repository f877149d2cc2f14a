// A sample to standard output (a pipe to another program, usually): the library's one write loop
// (detail::write_all: short writes and EINTR) on STDOUT_FILENO, its failure as an Error.
#include <unistd.h>

#include <cstring>

#include <fmt/format.h>

#include "voxclone/encode.hpp"
#include "core/unique_fd.hpp"

namespace voxclone {

Result<void> write_to_stdout(std::span<const std::byte> bytes) {
  if (const int err = detail::write_all(STDOUT_FILENO, bytes); err != 0)
    return fail(ErrorCategory::output_failed,
                fmt::format("write to stdout: {}", std::strerror(err)));
  return {};
}

}  // namespace voxclone

// Atomic output (write/atomic_file.hpp): readers see no file, the old file or the whole new one;
// without replace_existing, a file that appeared meanwhile is kept.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include <fmt/format.h>

#include "core/unique_fd.hpp"
#include "voxclone/encode.hpp"
#include "write/atomic_file.hpp"

namespace voxclone {

Result<void> write_file_atomically(const std::filesystem::path& path,
                                   std::span<const std::byte> bytes) {
  return write_file_atomically(path, bytes, WriteOptions{});
}

Result<void> write_file_atomically(const std::filesystem::path& path,
                                   std::span<const std::byte> bytes, const WriteOptions& options) {
  const std::string name = path.string();
  auto failed = [&](std::string_view why) {
    return fail(ErrorCategory::output_failed, fmt::format("write '{}': {}", name, why));
  };
  if (path.empty() || !path.has_filename()) return failed("not a file name");
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (std::filesystem::is_directory(status)) return failed("it is a folder");
  if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) {
    // A device, FIFO or socket (/dev/stdout, /dev/full, a pipe): a temp-and-rename would replace
    // the node itself, so write straight into it. No partial *file* can be left behind there.
    const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) return failed(std::strerror(errno));
    if (auto r = detail::write_all(fd, bytes); r != 0) {
      ::close(fd);
      return failed(std::strerror(r));
    }
    if (::close(fd) != 0) return failed(std::strerror(errno));
    return {};
  }
  const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : ".";
  if (!std::filesystem::is_directory(dir, ec))
    return failed(fmt::format("the folder '{}' does not exist", dir.string()));
  const int e = detail::write_atomically(path, bytes, {.replace = options.replace_existing});
  if (e == EEXIST && !options.replace_existing)
    return failed("it exists now (made while the sample was prepared): kept, not replaced");
  if (e != 0) return failed(std::strerror(e));
  return {};
}

}  // namespace voxclone

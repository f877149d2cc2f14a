// Atomic output: write a temporary file beside the target, fsync, rename over the target.
// rename(2) within one filesystem is atomic, so readers see the old file or the whole new one.
#include <fcntl.h>
#include <sys/types.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include <fmt/format.h>

#include "voxclone/encode.hpp"
#include "core/unique_fd.hpp"

namespace voxclone {
Result<void> write_file_atomically(const std::filesystem::path& path,
                                   std::span<const std::byte> bytes) {
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

  std::string tmpl = (dir / ("." + path.filename().string() + ".tmp-XXXXXX")).string();
  const int fd = ::mkstemp(tmpl.data());
  if (fd < 0) return failed(std::strerror(errno));
  auto abandon = [&](int err) {
    ::close(fd);
    ::unlink(tmpl.c_str());
    return failed(std::strerror(err));
  };
  if (auto r = detail::write_all(fd, bytes); r != 0) return abandon(r);
  // mkstemp creates 0600; a sample is an ordinary file.
  if (::fchmod(fd, 0644) != 0) return abandon(errno);
  if (::fsync(fd) != 0) return abandon(errno);
  // Don't retry close on EINTR: the descriptor is gone either way (see close(2)).
  if (::close(fd) != 0) {
    const int err = errno;
    ::unlink(tmpl.c_str());
    return failed(std::strerror(err));
  }
  if (::rename(tmpl.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmpl.c_str());
    return failed(std::strerror(err));
  }
  return {};
}

}  // namespace voxclone

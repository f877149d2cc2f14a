// Atomic output: write a temporary file beside the target, fsync, rename over the target.
// rename(2) within one filesystem is atomic, so readers see the old file or the whole new one.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include <fmt/format.h>

#include "voxclone/encode.hpp"

namespace voxclone {

Result<void> write_file_atomically(const std::filesystem::path& path,
                                   std::span<const std::byte> bytes) {
  const std::string name = path.string();
  auto failed = [&](std::string_view why) {
    return fail(ErrorCategory::output_failed, fmt::format("write '{}': {}", name, why));
  };
  if (path.empty() || !path.has_filename()) return failed("not a file name");
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return failed("it is a folder");
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
  const auto* p = reinterpret_cast<const char*>(bytes.data());
  std::size_t left = bytes.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return abandon(errno);
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
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

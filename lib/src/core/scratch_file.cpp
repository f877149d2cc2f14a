#include "core/scratch_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>

namespace voxclone::detail {

int ScratchFile::open(const std::string& what) {
  std::error_code ec;
  const std::filesystem::path dir = std::filesystem::temp_directory_path(ec);
  if (ec) return ec.value();
  UniqueFd fd(::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600));
  if (fd.get() < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
    // No O_TMPFILE on this file system: a named file, unlinked at once.
    std::string tmpl = (dir / ("voxclone-" + what + "-XXXXXX")).string();
    fd = UniqueFd(::mkostemp(tmpl.data(), O_CLOEXEC));
    if (fd.get() >= 0) ::unlink(tmpl.c_str());
  }
  if (fd.get() < 0) return errno;
  fd_ = std::move(fd);
  return 0;
}

int ScratchFile::append(std::span<const std::byte> bytes) { return write_all(fd_.get(), bytes); }

int ScratchFile::read_at(std::size_t offset, std::span<std::byte> out) const {
  while (!out.empty()) {
    const ssize_t n = ::pread(fd_.get(), out.data(), out.size(), static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno;
    if (n == 0) return EIO;
    out = out.subspan(static_cast<std::size_t>(n));
    offset += static_cast<std::size_t>(n);
  }
  return 0;
}

}  // namespace voxclone::detail

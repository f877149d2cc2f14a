#include "decode/stdin_reader.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <span>
#include <vector>

#include <fmt/format.h>

namespace voxclone::detail {

Result<UniqueFd> seekable_stdin(const std::function<bool()>& cancel) {
  if (::lseek(STDIN_FILENO, 0, SEEK_CUR) >= 0) {
    const int fd = ::dup(STDIN_FILENO);
    if (fd < 0) return fail(ErrorCategory::input_unreadable, fmt::format("<stdin>: {}", std::strerror(errno)));
    return UniqueFd(fd);
  }
  std::error_code ec;
  std::string tmpl = (std::filesystem::temp_directory_path(ec) / "voxclone-stdin-XXXXXX").string();
  UniqueFd tmp(::mkstemp(tmpl.data()));
  if (tmp.get() < 0)
    return fail(ErrorCategory::input_unreadable,
                fmt::format("<stdin>: cannot make a temporary file to hold it: {}", std::strerror(errno)));
  ::unlink(tmpl.c_str());  // gone from the folder now; the space is freed when we close it
  std::vector<char> buf(1 << 16);
  std::size_t total = 0;
  for (;;) {
    const ssize_t n = ::read(STDIN_FILENO, buf.data(), buf.size());
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(ErrorCategory::input_unreadable, fmt::format("<stdin>: {}", std::strerror(errno)));
    }
    if (const int err = write_all(tmp.get(), std::as_bytes(std::span(buf.data(), static_cast<std::size_t>(n))));
        err != 0)
      return fail(ErrorCategory::input_unreadable,
                  fmt::format("<stdin>: spooling to a temporary file: {}", std::strerror(err)));
    total += static_cast<std::size_t>(n);
    if (cancel && (total & ((1u << 22) - 1)) < buf.size() && cancel())
      return fail(ErrorCategory::cancelled, "cancelled while reading standard input");
  }
  if (total == 0) return fail(ErrorCategory::input_unreadable, "<stdin> is empty (0 bytes)");
  ::lseek(tmp.get(), 0, SEEK_SET);
  return tmp;
}

}  // namespace voxclone::detail

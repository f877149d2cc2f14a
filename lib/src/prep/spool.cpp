#include "prep/spool.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

namespace voxclone::detail {
namespace {

constexpr std::size_t kWriteBatch = 1 << 16;  // samples per write(2): 256 KiB

Error disk_error(int err) {
  return Error{ErrorCategory::output_failed,
               fmt::format("spooling the converted audio to a temporary file: {} (set TMPDIR to "
                           "a folder with room: about 350 MB per hour of input)",
                           std::strerror(err))};
}

}  // namespace

Spool::Spool(std::size_t memory_samples) : memory_samples_(memory_samples) {
  memory_.reserve(memory_samples_ + 8192);  // one allocation, no doubling past the limit
}

Result<void> Spool::append(std::span<const float> samples) {
  total_ += samples.size();
  if (!on_disk()) {
    memory_.insert(memory_.end(), samples.begin(), samples.end());
    if (memory_.size() > memory_samples_) return spill();
    return {};
  }
  pending_.insert(pending_.end(), samples.begin(), samples.end());
  if (pending_.size() >= kWriteBatch) return flush();
  return {};
}

Result<void> Spool::spill() {
  std::error_code ec;
  std::string tmpl = (std::filesystem::temp_directory_path(ec) / "voxclone-spool-XXXXXX").string();
  UniqueFd fd(::mkstemp(tmpl.data()));
  if (fd.get() < 0) return std::unexpected(disk_error(errno));
  ::unlink(tmpl.c_str());
  fd_ = std::move(fd);
  pending_ = std::move(memory_);
  memory_ = {};
  auto r = flush();
  pending_.shrink_to_fit();
  pending_.reserve(kWriteBatch + 8192);
  return r;
}

Result<void> Spool::flush() {
  if (const int err = write_all(fd_.get(), std::as_bytes(std::span(pending_))); err != 0)
    return std::unexpected(disk_error(err));
  pending_.clear();
  return {};
}

Result<void> Spool::read(std::size_t start, std::size_t count, std::vector<float>& out) {
  if (start > total_) start = total_;
  count = std::min(count, total_ - start);
  if (!on_disk()) {
    out.insert(out.end(), memory_.begin() + static_cast<std::ptrdiff_t>(start),
               memory_.begin() + static_cast<std::ptrdiff_t>(start + count));
    return {};
  }
  if (!pending_.empty())
    if (auto r = flush(); !r) return r;
  const std::size_t base = out.size();
  out.resize(base + count);
  auto* dst = reinterpret_cast<char*>(out.data() + base);
  std::size_t left = count * sizeof(float);
  auto offset = static_cast<off_t>(start * sizeof(float));
  while (left > 0) {
    const ssize_t n = ::pread(fd_.get(), dst, left, offset);
    if (n <= 0) {
      if (n < 0 && errno == EINTR) continue;
      return fail(ErrorCategory::internal,
                  fmt::format("reading the spooled audio back: {}", n < 0 ? std::strerror(errno) : "short file"));
    }
    dst += n;
    offset += n;
    left -= static_cast<std::size_t>(n);
  }
  return {};
}

}  // namespace voxclone::detail

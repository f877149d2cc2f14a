// Internal: an append-only array of small fixed-size records (the analysis' per-frame and
// per-block measurements) whose memory stays flat however long the input. The first
// `memory_records` stay in memory, which is all a recording of a few minutes ever needs; past
// that, the records go to a nameless temporary file (core/scratch_file.hpp) in pages of 64 KiB,
// as the converted audio itself goes to the spool, and a read fetches the page that holds the
// record. Two pages stay cached: the analysis reads forwards through short windows (a few
// seconds of frames), which now and then straddle two pages.
//
// A read returns the record by value (a later read may replace the page it came from). Writing
// and reading back cannot fail in a way the caller sees at that moment (they sit inside the
// meters' inner loops): the first error sticks, reads then give default records, and status()
// reports it; whoever consumes the records checks status() once they are done.
//
// Written here because neither the standard library nor our libraries have a container that
// pages to disk; std::deque only changes how memory grows.
#pragma once

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <limits>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/scratch_file.hpp"
#include "voxclone/error.hpp"

namespace voxclone::detail {

template <class T>
class RecordSpool {
  static_assert(std::is_trivially_copyable_v<T>, "records are written and read as bytes");

 public:
  static constexpr std::size_t kPageRecords = (64 * 1024) / sizeof(T);
  static constexpr std::size_t kNeverSpill = std::numeric_limits<std::size_t>::max();
  /// 256 KiB in memory, then pages on disk.
  static constexpr std::size_t kDefaultMemoryRecords = 4 * kPageRecords;

  /// `what` names the records in an error; `memory_records` (rounded up to whole pages) are
  /// kept in memory before the first page goes to disk (kNeverSpill: all of them).
  explicit RecordSpool(std::string what = "records",
                       std::size_t memory_records = kDefaultMemoryRecords)
      : what_(std::move(what)),
        memory_records_(memory_records == kNeverSpill
                            ? kNeverSpill
                            : std::max<std::size_t>(1, (memory_records + kPageRecords - 1) / kPageRecords) * kPageRecords) {}

  void push_back(const T& record) {
    buffer_.push_back(record);
    ++size_;
    if (buffer_.size() == (file_.is_open() ? kPageRecords : memory_records_)) spill();
  }

  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }
  /// Whether any page went to disk.
  [[nodiscard]] bool spilled() const noexcept { return written_ > 0; }

  /// Record `i` (< size()).
  [[nodiscard]] T operator[](std::size_t i) const {
    if (i >= written_) return buffer_[i - written_];
    const std::vector<T>& p = page(i / kPageRecords);
    return p.empty() ? T{} : p[i % kPageRecords];
  }

  /// All records as one exactly-sized vector (the spool is left empty): for the readers that
  /// need a plain array.
  [[nodiscard]] std::vector<T> take_all() {
    std::vector<T> all;
    if (written_ == 0) {
      all = std::move(buffer_);
    } else {
      all.reserve(size_);
      for (std::size_t p = 0; p * kPageRecords < written_; ++p) {
        const std::vector<T>& records = page(p);
        if (records.empty()) break;
        all.insert(all.end(), records.begin(), records.end());
      }
      all.resize(written_);
      all.insert(all.end(), buffer_.begin(), buffer_.end());
    }
    const int error = error_;  // a page that could not be read stays reported
    *this = RecordSpool(std::move(what_), memory_records_);
    error_ = error;
    return all;
  }

  /// The first error writing or reading the records, if any.
  [[nodiscard]] Result<void> status() const {
    if (error_ == 0) return {};
    return fail(error_ == ENOSPC || error_ == EDQUOT ? ErrorCategory::output_failed : ErrorCategory::internal,
                "keeping the analysis' " + what_ + " of a long input in a temporary file: " +
                    std::strerror(error_) + " (set TMPDIR to a folder with room)");
  }

 private:
  // Writes the buffer out as whole pages, opening the file the first time.
  void spill() {
    if (error_ == 0 && !file_.is_open()) error_ = file_.open(what_);
    if (error_ == 0) error_ = file_.append(std::as_bytes(std::span(buffer_)));
    written_ += buffer_.size();
    buffer_.clear();
    if (buffer_.capacity() > kPageRecords) {
      buffer_.shrink_to_fit();
      buffer_.reserve(kPageRecords);
    }
  }

  // Page `p` of the file, from the cache or read into its older slot; empty after an error.
  const std::vector<T>& page(std::size_t p) const {
    for (std::size_t s = 0; s < cache_.size(); ++s)
      if (cache_[s].page == p) {
        recent_ = s;
        return cache_[s].records;
      }
    recent_ = 1 - recent_;
    Cached& c = cache_[recent_];
    c.page = p;
    c.records.resize(kPageRecords);
    const int err = error_ != 0 ? error_
                                : file_.read_at(p * kPageRecords * sizeof(T),
                                                std::as_writable_bytes(std::span(c.records)));
    if (err != 0) {
      error_ = err;
      c.records.clear();
    }
    return c.records;
  }

  struct Cached {
    std::size_t page = std::numeric_limits<std::size_t>::max();
    std::vector<T> records;
  };

  std::string what_;
  std::size_t memory_records_;
  std::vector<T> buffer_;    // the records not on disk: all of them until the first spill
  std::size_t written_ = 0;  // records on disk, whole pages
  std::size_t size_ = 0;
  ScratchFile file_;
  mutable std::array<Cached, 2> cache_;
  mutable std::size_t recent_ = 0;
  mutable int error_ = 0;
};

}  // namespace voxclone::detail

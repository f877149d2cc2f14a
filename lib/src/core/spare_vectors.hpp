// Internal: emptied vectors handed back between threads for reuse, so that a steady stream of
// like-sized buffers costs no allocation after the first few. Besides the allocator's own work,
// that matters because the CLI fixes glibc's mmap threshold (tools/main.cpp): each fresh
// buffer past it would be a mapping of its own, its pages faulted in one by one and unmapped
// again when freed.
#pragma once

#include <cstddef>
#include <mutex>
#include <utility>
#include <vector>

namespace voxclone::detail {

template <class T>
class SpareVectors {
 public:
  /// At most `limit` spares are kept; more are freed.
  explicit SpareVectors(std::size_t limit) : limit_(limit) {}

  /// An empty vector, with the capacity of one handed back if there is one.
  std::vector<T> take() {
    std::lock_guard lock(mutex_);
    if (spares_.empty()) return {};
    std::vector<T> v = std::move(spares_.back());
    spares_.pop_back();
    return v;
  }
  void give_back(std::vector<T>&& v) {
    v.clear();
    std::lock_guard lock(mutex_);
    if (spares_.size() < limit_) spares_.push_back(std::move(v));
  }

 private:
  const std::size_t limit_;
  std::mutex mutex_;
  std::vector<std::vector<T>> spares_;
};

}  // namespace voxclone::detail

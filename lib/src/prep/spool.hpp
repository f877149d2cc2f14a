// Internal: where the converted (mono 24 kHz float) audio waits between the analysis pass and
// assembling the kept window. In memory while short; past `memory_samples` it moves to an
// unlinked temporary file (gone from the folder at once, freed when closed, whatever happens),
// so memory stays flat however long the recording. Reading back is exact: no second decode,
// no seek into a VBR MP3 landing on an estimated timestamp.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "core/unique_fd.hpp"
#include "voxclone/error.hpp"

namespace voxclone::detail {

class Spool {
 public:
  explicit Spool(std::size_t memory_samples = 24000 * 10);

  Result<void> append(std::span<const float> samples);
  /// Appends samples [start, start + count) to `out`.
  Result<void> read(std::size_t start, std::size_t count, std::vector<float>& out);
  [[nodiscard]] std::size_t size() const noexcept { return total_; }
  [[nodiscard]] bool on_disk() const noexcept { return fd_.get() >= 0; }

 private:
  Result<void> spill();
  Result<void> flush();

  std::size_t memory_samples_;
  std::vector<float> memory_;   // everything, while in memory
  std::vector<float> pending_;  // not yet written, once on disk
  UniqueFd fd_;
  std::size_t total_ = 0;
};

}  // namespace voxclone::detail

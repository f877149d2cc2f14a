// Internal: the streaming half of speech detection. Band-limited (100 Hz–4 kHz) level of each
// 20 ms frame of mono audio, fed in pieces of any size; the analysis pass feeds it while the
// recording decodes, so only one float per frame is kept, however long the input (and with
// `spool_levels`, past the first minutes in a temporary file until finish(): the levels then
// fill one vector of exactly their size, where a growing vector would hold up to twice that).
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <vector>

#include "core/record_spool.hpp"
#include "voxclone/error.hpp"

namespace voxclone::detail {

struct Biquad;

class LevelMeter {
 public:
  LevelMeter(int sample_rate, double frame_seconds, bool spool_levels = false);
  ~LevelMeter();
  LevelMeter(LevelMeter&&) noexcept;
  LevelMeter& operator=(LevelMeter&&) noexcept;

  void push(std::span<const float> samples);
  /// Closes the last (partial) frame and hands over the levels, dBFS.
  std::vector<float> finish();
  /// Whether the spooled levels were written and read back (check it after finish()).
  [[nodiscard]] Result<void> status() const { return levels_.status(); }
  [[nodiscard]] float peak() const noexcept { return peak_; }

 private:
  void close_frame();

  int rate_;
  std::size_t hop_;
  std::unique_ptr<Biquad> hp_, lp_;
  RecordSpool<float> levels_;
  double energy_ = 0;
  std::size_t in_frame_ = 0;
  float peak_ = 0.0f;
};

}  // namespace voxclone::detail

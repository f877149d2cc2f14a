// Internal: whether the notes held in a recording's pauses sit on the musical scale (issue 19,
// item 4; session 20: a crowd under a voice is not music).
//
// A bed and a crowd of people both fill the pauses between one person's words with moving,
// voiced sound, and the per-block model takes the crowd for music in half of the real crowd
// scenes. What music has and a babble has not: its notes hold their pitch, and the pitches lie on
// the twelve-tone equal-tempered scale (whatever the track's tuning reference: the scale's grid
// only needs to be the same for all of them). A babble's partials glide with many voices'
// intonation, and the few that hold for a tenth of a second fall anywhere between two semitones.
// So, in every pause frame (PauseMeter's: 12-45 dB under the loud frames within 2 s, in a run of
// pause frames), the spectral peaks of 200-3000 Hz that stand 10 dB over the median of the 15
// bins around them and within 30 dB of the frame's strongest; a peak is held when the pause frame
// three frames (120 ms) before had a peak within kHeldSemitones of it; of the held peaks, the
// resultant length of their pitch's fraction of a semitone on the unit circle: 1 when all of them
// lie on one twelve-tone grid, about 1/sqrt(n) for n pitches that fall anywhere.
//
// Nothing of the spectra is kept past the frame (the peaks of the last four pause frames).
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <span>

namespace voxclone::detail {

/// The held peaks of a recording's pauses, summed up (PauseSpectra::held_tones, tone_grid).
struct PauseTones {
  std::uint32_t held = 0;  ///< peaks held from 120 ms before
  float grid = 0.0f;       ///< their resultant length on the semitone circle, 0-1
};

/// Fed the power spectrum of each pause frame in order; `follows_pause` says the frame before it
/// was a pause frame too (else the run starts again).
class PauseToneMeter {
 public:
  static constexpr int kMaxPeaks = 12;
  /// `power`: bin k at k * hz_per_bin.
  void add(std::span<const float> power, double hz_per_bin, bool follows_pause);
  [[nodiscard]] PauseTones finish() const;

 private:
  struct Peaks {
    std::array<float, kMaxPeaks> semitones{};
    int n = 0;
  };
  Peaks find_peaks(std::span<const float> power, double hz_per_bin) const;

  std::deque<Peaks> recent_;  // the last pause frames of the current run, up to 4
  std::uint32_t held_ = 0;
  double sum_cos_ = 0.0, sum_sin_ = 0.0;
};

}  // namespace voxclone::detail

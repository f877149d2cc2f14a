// Internal: the steady floor under a recording, per frequency bin, and the spectrum with it
// taken away (spectral subtraction), for the voice meter's pitch, voicing and timbre.
//
//   SpectralFloor floor(257);
//   for each 40 ms frame: floor.add(power);  floor.subtract(power, clean);
//
// The floor is tracked by minimum statistics (R. Martin, "Noise power spectral density estimation
// based on optimal smoothing and minimum statistics", IEEE Trans. Speech Audio Proc. 9(5), 2001),
// in its simplest form: each bin's power, smoothed over a few frames, and its minimum over the
// last ~2 s (kept as the minima of sub-windows, so the window slides without a copy of the
// frames). Speech never holds one bin for 2 s, so the minimum is what stays under it: mains hum
// and its harmonics, a fan, hiss, a steady room tone. Written here because no packaged library
// tracks a noise floor in a stream of spectra we already have (FFmpeg's afftdn denoises audio,
// with its own transforms, and session 8 found it no help in front of the analysis).
#pragma once

#include <cstddef>
#include <span>
#include <vector>

namespace voxclone::detail {

class SpectralFloor {
 public:
  explicit SpectralFloor(std::size_t bins);

  /// Adds one frame's power spectrum (`bins` values).
  void add(std::span<const float> power);
  /// `power` less the floor (times an over-subtraction factor, never under a small share of the
  /// power itself) into `clean`; both `bins` long.
  void subtract(std::span<const float> power, std::span<float> clean) const;
  /// The floor per bin, as power.
  [[nodiscard]] std::span<const float> floor() const noexcept { return floor_; }

 private:
  std::vector<float> smooth_;     // each bin's smoothed power
  std::vector<float> current_;    // minimum within the sub-window being filled
  std::vector<float> past_;       // minima of the completed sub-windows, sub-window by sub-window
  std::vector<float> floor_;      // minimum over current_ and past_
  std::size_t bins_;
  std::size_t frames_ = 0;        // frames added
  std::size_t in_current_ = 0;    // frames in the sub-window being filled
  std::size_t next_past_ = 0;     // the slot of past_ the sub-window being filled replaces
  std::size_t past_filled_ = 0;   // completed sub-windows kept (up to their number)
};

}  // namespace voxclone::detail

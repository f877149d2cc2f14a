// Internal: the streaming half of content and speaker analysis. Fed the converted (mono 24 kHz)
// audio in pieces of any size during the one decoding pass, it measures every 40 ms frame of an
// 8 kHz copy (speech and most music cues live below 4 kHz, and a third of the samples keeps the
// pass cheap) and keeps only compact results:
//  - per frame (8 bytes): level, pitch and how periodic the frame is (voicing), spectral flux,
//    and how many spectral lines have held still for 200 ms or more (notes, not syllables);
//  - per block of 10 frames (0.4 s): count, sum and sum of squares of the MFCCs and log pitch of
//    the voiced frames: the sufficient statistics of a diagonal Gaussian, which is all the
//    speaker clustering (analyse/speakers.cpp) needs, and blocks merge by adding them;
//  - per block, for voiceprints only (format 2; the speaker clustering never reads them): sum
//    and sum of squares of the voiced frames' finer cepstrum (c1..c19 of 24 mel bands,
//    100-3800 Hz, of the power spectrum) and the sum of squares of its change (c[t+1] -
//    c[t-1]) / 2.
// Two hours of input make about 7 MB of them, ten hours 37 MB: past the first minutes they go to
// a temporary file (core/record_spool.hpp), so memory stays flat whatever the input's length.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "analyse/content_pauses.hpp"
#include "core/record_spool.hpp"
#include "voxclone/error.hpp"

namespace voxclone::detail {

inline constexpr int kVoiceRate = 8000;           // Hz: the analysis copy's rate
inline constexpr int kVoiceHop = 320;             // samples at 8 kHz: 40 ms
inline constexpr int kVoiceWindow = 512;          // samples at 8 kHz: 64 ms, one FFT
inline constexpr double kVoiceFrameSeconds = 0.04;
inline constexpr int kFramesPerBlock = 10;
inline constexpr double kBlockSeconds = kVoiceFrameSeconds * kFramesPerBlock;  // 0.4 s
inline constexpr int kTimbreDims = 13;  // MFCC c1..c12 and log2 pitch
inline constexpr int kFineCepstra = 19;  // the voiceprint's c1..c19 (kVoiceprintCepstra)
inline constexpr int kFineBands = 24;    // of 24 mel bands
inline constexpr double kFineLowestHz = 100.0;
inline constexpr double kFineHighestHz = 3800.0;

/// One 40 ms frame, packed (two hours are 180,000 of them).
struct VoiceFrame {
  std::int16_t level_cdb = -12000;  ///< level of the 8 kHz frame, hundredths of a dB (dBFS)
  std::uint16_t pitch_dhz = 0;      ///< pitch in tenths of a Hz, 0 when not voiced
  std::uint8_t voicing = 0;         ///< peak of the normalised autocorrelation, 0–255
  std::uint8_t steady_lines = 0;    ///< spectral peaks unmoved for >= 200 ms
  std::uint16_t flux = 0;           ///< spectral flux, 0–65535 for 0–1

  [[nodiscard]] double level_db() const noexcept { return level_cdb / 100.0; }
  [[nodiscard]] double pitch_hz() const noexcept { return pitch_dhz / 10.0; }
  [[nodiscard]] double voicing_fraction() const noexcept { return voicing / 255.0; }
  [[nodiscard]] double flux_fraction() const noexcept { return flux / 65535.0; }
};

/// Sufficient statistics of the voiced frames of a stretch (a block, a segment, a speaker).
struct TimbreStats {
  float count = 0;
  std::array<float, kTimbreDims> sum{};
  std::array<float, kTimbreDims> sum_sq{};

  void add(const TimbreStats& o) noexcept {
    count += o.count;
    for (int d = 0; d < kTimbreDims; ++d) {
      sum[d] += o.sum[d];
      sum_sq[d] += o.sum_sq[d];
    }
  }
};

/// The voiced frames' finer cepstrum over a block, for voiceprints (the frames counted are
/// TimbreStats::count's).
struct CepstrumStats {
  std::array<float, kFineCepstra> sum{};
  std::array<float, kFineCepstra> sum_sq{};
  std::array<float, kFineCepstra> delta_sq{};  ///< sum of squares of (c[t+1] - c[t-1]) / 2
};

/// Indexed like arrays (`frames[k]`, `blocks.size()`); a read returns a copy.
struct VoiceFeatures {
  RecordSpool<VoiceFrame> frames{"frames"};    ///< one per 40 ms
  RecordSpool<TimbreStats> blocks{"blocks"};   ///< one per 0.4 s
  /// One per block, as `blocks` (empty when the features were made without them: a voiceprint
  /// then has no format-2 numbers).
  RecordSpool<CepstrumStats> cepstra{"cepstra"};
  PauseSpectra pauses;                         ///< what fills the pauses (content_pauses.hpp)

  /// Whether every record was written and read back (a full TMPDIR is the usual failure).
  [[nodiscard]] Result<void> status() const {
    if (auto r = frames.status(); !r) return r;
    if (auto r = cepstra.status(); !r) return r;
    return blocks.status();
  }
};

class VoiceMeter {
 public:
  /// `input_rate`: the rate of the audio pushed (the converted audio: 24 kHz).
  static Result<VoiceMeter> create(int input_rate);
  VoiceMeter(VoiceMeter&&) noexcept;
  VoiceMeter& operator=(VoiceMeter&&) noexcept;
  ~VoiceMeter();

  Result<void> push(std::span<const float> samples);
  /// Flushes the resampler, closes the last frame and block, and hands the features over.
  Result<VoiceFeatures> finish();

 private:
  struct State;
  explicit VoiceMeter(std::unique_ptr<State> s);
  std::unique_ptr<State> s_;
};

}  // namespace voxclone::detail

// Internal: MFCCs from a magnitude spectrum, exactly as libaubio's aubio_mfcc_do computes them
// (the same mel filterbank, aubio_filterbank_set_mel_coeffs; its log10; its DCT), but with the
// filterbank applied over each filter's nonzero bins only.
//
// Why not aubio_mfcc_do itself: its filterbank is a dense matrix product (26 filters x 257
// bins, about 92 % zeros), which was the analysis' largest single cost (~4 % of a whole prep)
// in a pass that must stay faster than FFmpeg's own decode. Skipping the zeros adds the same
// products in the same order, so the coefficients are bit-for-bit aubio's
// (tests/test_internals.cpp holds them to that).
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include <aubio/aubio.h>

#include "analyse/aubio_handles.hpp"

namespace voxclone::detail {

/// One filter of a filterbank as its nonzero bins: the first, and the weights from there.
struct FilterSpan {
  std::size_t first = 0;
  std::vector<smpl_t> weights;
};

class MelCepstrum {
 public:
  /// Null if libaubio cannot make its parts (out of memory).
  static std::unique_ptr<MelCepstrum> create(int window, int filters, int coeffs, int rate);

  /// The first `coeffs` MFCCs of `magnitude` (window / 2 + 1 bins) into out (coeffs long).
  void compute(const cvec_t& magnitude, fvec_t& out);

 private:
  MelCepstrum() = default;

  std::vector<FilterSpan> spans_;
  FvecPtr energies_, cepstrum_;
  AubioDctPtr dct_;
};

/// The voiceprint's finer cepstrum (format 2; tests/realvoice/README.md, session 18's "m19pd"):
/// the power spectrum (not the magnitudes) through HTK-mel triangles of height 1 between
/// `lowest_hz` and `highest_hz` (aubio_filterbank_set_mel_coeffs_htk, not normalised), the
/// log10 of each band's energy plus 1e-10 (a floor under digital silence, whose frames border
/// speech in trimmed notes), then aubio's DCT. These are the cepstra session 18 measured in
/// numpy (tests/train/voiceprint_experiments.py), up to the DCT's scale, which the voiceprint
/// model's standardisation takes out. MelCepstrum's are aubio_mfcc_do's own, over magnitudes
/// with the 0 Hz-Nyquist bands, and must stay so for the speaker analysis.
class PowerCepstrum {
 public:
  /// Null if libaubio cannot make its parts (out of memory) or `coeffs` > `filters`.
  static std::unique_ptr<PowerCepstrum> create(int window, int filters, int coeffs, int rate, double lowest_hz,
                                               double highest_hz);

  /// c0..c(coeffs-1) of `power` (window / 2 + 1 bins) into out (coeffs long).
  void compute(const float* power, float* out);

 private:
  PowerCepstrum() = default;

  std::vector<FilterSpan> spans_;
  int coeffs_ = 0;
  FvecPtr energies_, cepstrum_;
  AubioDctPtr dct_;
};

}  // namespace voxclone::detail

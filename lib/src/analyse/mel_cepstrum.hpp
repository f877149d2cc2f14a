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

class MelCepstrum {
 public:
  /// Null if libaubio cannot make its parts (out of memory).
  static std::unique_ptr<MelCepstrum> create(int window, int filters, int coeffs, int rate);

  /// The first `coeffs` MFCCs of `magnitude` (window / 2 + 1 bins) into out (coeffs long).
  void compute(const cvec_t& magnitude, fvec_t& out);

 private:
  struct Span {
    std::size_t first = 0;  // first nonzero bin
    std::vector<smpl_t> weights;
  };
  MelCepstrum() = default;

  std::vector<Span> spans_;
  FvecPtr energies_, cepstrum_;
  AubioDctPtr dct_;
};

}  // namespace voxclone::detail

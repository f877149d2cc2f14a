// Internal: one named deleter and unique_ptr alias per libaubio object the analysis uses, so no
// stage writes a destructor or a move by hand (as ffmpeg/handles.hpp does for FFmpeg's).
#pragma once

#include <memory>

#include <aubio/aubio.h>

namespace voxclone::detail {

struct AubioFvecFree {
  void operator()(fvec_t* p) const noexcept { del_fvec(p); }
};
using FvecPtr = std::unique_ptr<fvec_t, AubioFvecFree>;

struct AubioCvecFree {
  void operator()(cvec_t* p) const noexcept { del_cvec(p); }
};
using CvecPtr = std::unique_ptr<cvec_t, AubioCvecFree>;

struct AubioFftFree {
  void operator()(aubio_fft_t* p) const noexcept { del_aubio_fft(p); }
};
using AubioFftPtr = std::unique_ptr<aubio_fft_t, AubioFftFree>;

struct AubioMfccFree {
  void operator()(aubio_mfcc_t* p) const noexcept { del_aubio_mfcc(p); }
};
using AubioMfccPtr = std::unique_ptr<aubio_mfcc_t, AubioMfccFree>;

struct AubioDctFree {
  void operator()(aubio_dct_t* p) const noexcept { del_aubio_dct(p); }
};
using AubioDctPtr = std::unique_ptr<aubio_dct_t, AubioDctFree>;

}  // namespace voxclone::detail

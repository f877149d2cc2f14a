#include "analyse/mel_cepstrum.hpp"

#include <algorithm>
#include <cmath>

namespace voxclone::detail {

namespace {

struct AubioFilterbankFree {
  void operator()(aubio_filterbank_t* p) const noexcept { del_aubio_filterbank(p); }
};

}  // namespace

namespace {

// The filterbank's filters over their nonzero bins (most of each row is zeros).
std::vector<FilterSpan> nonzero_spans(aubio_filterbank_t& bank) {
  const fmat_t* c = aubio_filterbank_get_coeffs(&bank);
  std::vector<FilterSpan> spans(c->height);
  for (uint_t f = 0; f < c->height; ++f) {
    const smpl_t* row = c->data[f];
    uint_t a = 0, b = c->length;
    while (a < b && row[a] == 0) ++a;
    while (b > a && row[b - 1] == 0) --b;
    spans[f].first = a;
    spans[f].weights.assign(row + a, row + b);
  }
  return spans;
}

}  // namespace

std::unique_ptr<MelCepstrum> MelCepstrum::create(int window, int filters, int coeffs, int rate) {
  std::unique_ptr<MelCepstrum> m(new MelCepstrum);
  std::unique_ptr<aubio_filterbank_t, AubioFilterbankFree> bank(
      new_aubio_filterbank(static_cast<uint_t>(filters), static_cast<uint_t>(window)));
  // new_aubio_mfcc's own choice for any count but 40: mel bands from 0 Hz to Nyquist.
  if (!bank || aubio_filterbank_set_mel_coeffs(bank.get(), static_cast<smpl_t>(rate), 0,
                                               static_cast<smpl_t>(rate) / 2) != 0)
    return nullptr;
  m->spans_ = nonzero_spans(*bank);
  m->energies_.reset(new_fvec(static_cast<uint_t>(filters)));
  m->cepstrum_.reset(new_fvec(static_cast<uint_t>(filters)));
  m->dct_.reset(new_aubio_dct(static_cast<uint_t>(filters)));
  if (!m->energies_ || !m->cepstrum_ || !m->dct_ || coeffs > filters) return nullptr;
  return m;
}

void MelCepstrum::compute(const cvec_t& magnitude, fvec_t& out) {
  const smpl_t* norm = magnitude.norm;
  for (std::size_t f = 0; f < spans_.size(); ++f) {
    const FilterSpan& s = spans_[f];
    smpl_t e = 0;  // bins in ascending order, as fmat_vecmul adds them
    for (std::size_t k = 0; k < s.weights.size(); ++k) e += norm[s.first + k] * s.weights[k];
    energies_->data[f] = e;
  }
  fvec_log10(energies_.get());
  aubio_dct_do(dct_.get(), energies_.get(), cepstrum_.get());
  std::copy_n(cepstrum_->data, out.length, out.data);
}

std::unique_ptr<PowerCepstrum> PowerCepstrum::create(int window, int filters, int coeffs, int rate,
                                                     double lowest_hz, double highest_hz) {
  std::unique_ptr<PowerCepstrum> m(new PowerCepstrum);
  std::unique_ptr<aubio_filterbank_t, AubioFilterbankFree> bank(
      new_aubio_filterbank(static_cast<uint_t>(filters), static_cast<uint_t>(window)));
  // Triangles of height 1 (set before the coefficients, which it shapes).
  if (!bank || aubio_filterbank_set_norm(bank.get(), 0) != 0 ||
      aubio_filterbank_set_mel_coeffs_htk(bank.get(), static_cast<smpl_t>(rate), static_cast<smpl_t>(lowest_hz),
                                          static_cast<smpl_t>(highest_hz)) != 0)
    return nullptr;
  m->spans_ = nonzero_spans(*bank);
  m->coeffs_ = coeffs;
  m->energies_.reset(new_fvec(static_cast<uint_t>(filters)));
  m->cepstrum_.reset(new_fvec(static_cast<uint_t>(filters)));
  m->dct_.reset(new_aubio_dct(static_cast<uint_t>(filters)));
  if (!m->energies_ || !m->cepstrum_ || !m->dct_ || coeffs > filters) return nullptr;
  return m;
}

void PowerCepstrum::compute(const float* power, float* out) {
  for (std::size_t f = 0; f < spans_.size(); ++f) {
    const FilterSpan& s = spans_[f];
    double e = 0;
    for (std::size_t k = 0; k < s.weights.size(); ++k) e += double{power[s.first + k]} * s.weights[k];
    energies_->data[f] = static_cast<smpl_t>(std::log10(e + 1e-10));
  }
  aubio_dct_do(dct_.get(), energies_.get(), cepstrum_.get());
  std::copy_n(cepstrum_->data, coeffs_, out);
}

}  // namespace voxclone::detail

// The per-frame measurements behind content and speaker analysis (see voice_meter.hpp).
//
// Libraries do the heavy parts: libswresample makes the 8 kHz copy, libaubio (FFTW underneath)
// computes the spectrum, the mel filterbank and the MFCCs' DCT (mel_cepstrum.hpp applies aubio's
// filterbank without its zeros). Written here, and why:
//  - pitch: the normalised autocorrelation of the same windowed frame, taken as the inverse FFT
//    of the power spectrum we already have (with Boersma's correction for the window's own
//    autocorrelation). aubio's pitch detectors would window and transform every frame again,
//    which costs more than everything else here together, and the pass has to stay faster than
//    FFmpeg's own decode of the input;
//  - spectral flux and "steady lines" (peaks that hold their frequency for 200 ms): a few lines
//    each over the magnitudes already computed; no packaged library tracks peaks this way.
#include "analyse/voice_meter.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>

extern "C" {
#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>
#include <libswresample/swresample.h>
}

#include "analyse/aubio_handles.hpp"
#include "analyse/mel_cepstrum.hpp"
#include "ffmpeg/av_error.hpp"
#include "ffmpeg/handles.hpp"

namespace voxclone::detail {
namespace {

constexpr int kWindowUsed = 380;  // 47.5 ms of signal, zero-padded to 512
constexpr int kBins = kVoiceWindow / 2 + 1;         // 257
constexpr int kMinLag = kVoiceRate / 420;           // 19: highest pitch 420 Hz
constexpr int kMaxLag = kVoiceRate / 62;            // 129: lowest pitch 62 Hz
constexpr int kLead = (kWindowUsed - kVoiceHop) / 2;  // 32: frame f is centred on (f + 0.5) hops
constexpr int kMfccFilters = 26;
constexpr int kMfccCoeffs = 13;
constexpr int kLineLowBin = 6;     // 94 Hz
constexpr int kLineHighBin = 220;  // 3.4 kHz
constexpr int kLineNeighbourhood = 8;
constexpr double kLineProminenceDb = 8.0;
constexpr int kSteadyFrames = 5;   // 5 x 40 ms
constexpr double kVoicedThreshold = 0.55;
constexpr double kVoicedMinLevelDb = -55.0;
constexpr int kDecimationTaps = 8;
const double kLineProminence = std::pow(10.0, kLineProminenceDb / 20.0);

static_assert(kMaxLag < kVoiceWindow - kWindowUsed, "the autocorrelation must not wrap around");
static_assert(kLineLowBin >= 2 && kLineHighBin + kLineNeighbourhood < kBins,
              "the peak search reads two bins below and a neighbourhood above");

}  // namespace

struct VoiceMeter::State {
  SwrPtr swr;
  AubioFftPtr fft;
  std::unique_ptr<MelCepstrum> mfcc;
  FvecPtr frame, spectrum_complex, mfcc_out, acf, power;
  CvecPtr magnitude;
  std::vector<float> window, window_acf;
  std::vector<float> pending;  // 8 kHz samples not yet consumed (window start at index 0)
  std::vector<float> converted;
  std::vector<float> previous_magnitude;
  std::vector<std::uint8_t> line_age, line_age_next;
  TimbreStats block;
  int frames_in_block = 0;
  // The voiceprint's finer cepstrum (CepstrumStats). A voiced frame's change, (c[t+1] -
  // c[t-1]) / 2, is known one frame later, so a closed block's record waits for the next frame
  // (`closing`) before it is written. Only voiced frames and their neighbours need a cepstrum:
  // the previous frame's power spectrum is kept, so that its cepstrum can be computed when the
  // frame after it turns out voiced (in a silence or music, none is computed).
  std::unique_ptr<PowerCepstrum> fine;
  std::array<float, kFineCepstra + 1> fine_now{}, fine_previous{}, fine_before{};  // c0..c19
  std::vector<float> previous_power;
  bool previous_has_fine = false;
  bool previous_voiced = false;
  std::size_t frames_seen = 0;
  CepstrumStats fine_block, fine_closing;
  bool closing = false;
  PauseMeter pauses;
  VoiceFeatures out;

  Result<void> convert(const float* in, int n);
  void analyse_frame(const float* x);
  void add_fine_cepstrum(bool voiced);
  void close_block();
  void write_closing_block();
};

VoiceMeter::VoiceMeter(std::unique_ptr<State> s) : s_(std::move(s)) {}
VoiceMeter::VoiceMeter(VoiceMeter&&) noexcept = default;
VoiceMeter& VoiceMeter::operator=(VoiceMeter&&) noexcept = default;
VoiceMeter::~VoiceMeter() = default;

Result<VoiceMeter> VoiceMeter::create(int input_rate) {
  auto s = std::make_unique<State>();
  AVChannelLayout mono = AV_CHANNEL_LAYOUT_MONO;
  SwrContext* raw = nullptr;
  int rc = swr_alloc_set_opts2(&raw, &mono, kMonoFloat, kVoiceRate, &mono, kMonoFloat, input_rate, 0, nullptr);
  s->swr.reset(raw);
  // A short anti-alias filter: the copy is only measured, never heard, and the default (32 taps
  // at the output rate, ~100 at the input's) made this resampler cost more than everything else
  // the analysis does. Aliasing from above 4 kHz stays > 40 dB down where it matters.
  if (rc >= 0) rc = av_opt_set_int(s->swr.get(), "filter_size", kDecimationTaps, 0);
  if (rc >= 0) rc = swr_init(s->swr.get());
  if (rc < 0)
    return fail(ErrorCategory::internal,
                fmt::format("analyse: cannot make the 8 kHz analysis copy: {}", av_error_text(rc)));
  s->fft.reset(new_aubio_fft(kVoiceWindow));
  s->mfcc = MelCepstrum::create(kVoiceWindow, kMfccFilters, kMfccCoeffs, kVoiceRate);
  s->fine = PowerCepstrum::create(kVoiceWindow, kFineBands, kFineCepstra + 1, kVoiceRate, kFineLowestHz, kFineHighestHz);
  s->frame.reset(new_fvec(kVoiceWindow));
  s->spectrum_complex.reset(new_fvec(kVoiceWindow));
  s->mfcc_out.reset(new_fvec(kMfccCoeffs));
  s->acf.reset(new_fvec(kVoiceWindow));
  s->magnitude.reset(new_cvec(kVoiceWindow));
  s->power.reset(new_fvec(kVoiceWindow));  // real power, imaginary 0: its inverse FFT is the autocorrelation
  if (!s->fft || !s->mfcc || !s->fine || !s->frame || !s->spectrum_complex || !s->mfcc_out || !s->acf ||
      !s->magnitude || !s->power)
    return fail(ErrorCategory::internal, "analyse: out of memory (aubio)");
  s->window.resize(kWindowUsed);
  for (int i = 0; i < kWindowUsed; ++i)
    s->window[i] = static_cast<float>(0.5 - 0.5 * std::cos(2 * M_PI * (i + 0.5) / kWindowUsed));
  // The window's own autocorrelation, normalised: dividing by it undoes the taper's pull
  // towards short lags (Boersma 1993).
  s->window_acf.assign(kMaxLag + 2, 0.0f);
  for (int lag = 0; lag < kMaxLag + 2; ++lag) {
    double acc = 0;
    for (int i = 0; i + lag < kWindowUsed; ++i) acc += double{s->window[i]} * s->window[i + lag];
    s->window_acf[lag] = static_cast<float>(acc);
  }
  for (int lag = kMaxLag + 1; lag >= 0; --lag) s->window_acf[lag] /= s->window_acf[0];
  s->pending.assign(kLead, 0.0f);
  s->previous_magnitude.assign(kBins, 0.0f);
  s->previous_power.assign(kBins, 0.0f);
  s->line_age.assign(kBins, 0);
  s->line_age_next.assign(kBins, 0);
  return VoiceMeter(std::move(s));
}

Result<void> VoiceMeter::State::convert(const float* in, int n) {
  const int room = swr_get_out_samples(swr.get(), n);
  if (room < 0) return fail(ErrorCategory::internal, "analyse: resampler error");
  converted.resize(static_cast<std::size_t>(room));
  auto* dst = reinterpret_cast<std::uint8_t*>(converted.data());
  const auto* src = reinterpret_cast<const std::uint8_t*>(in);
  const int got = swr_convert(swr.get(), &dst, room, in ? &src : nullptr, n);
  if (got < 0)
    return fail(ErrorCategory::internal, fmt::format("analyse: {}", av_error_text(got)));
  pending.insert(pending.end(), converted.begin(), converted.begin() + got);
  std::size_t start = 0;
  while (pending.size() - start >= static_cast<std::size_t>(kWindowUsed)) {
    analyse_frame(pending.data() + start);
    start += kVoiceHop;
  }
  pending.erase(pending.begin(), pending.begin() + static_cast<std::ptrdiff_t>(start));
  return {};
}

void VoiceMeter::State::analyse_frame(const float* x) {
  VoiceFrame f;
  // Level of the frame's own 40 ms (the middle of the window).
  // (Four partial sums, here and below: one running sum is a chain of dependent additions that
  // keeps the core waiting; the order changes the last bits of a double, never the result.)
  double e4[4] = {0, 0, 0, 0};
  static_assert(kVoiceHop % 4 == 0);
  for (int i = kLead; i < kLead + kVoiceHop; i += 4)
    for (int j = 0; j < 4; ++j) e4[j] += double{x[i + j]} * x[i + j];
  const double energy = (e4[0] + e4[1]) + (e4[2] + e4[3]);
  // The convert stage silences samples that are no audio (NaN, ±Inf, huge), so the level is
  // finite; the guard keeps a NaN from ever reaching an integer cast (undefined behaviour) if a
  // caller feeds this meter directly.
  const double level_db = std::isfinite(energy) ? 10.0 * std::log10(energy / kVoiceHop + 1e-12)
                          : std::isnan(energy)  ? -120.0
                                                : 0.0;
  f.level_cdb = static_cast<std::int16_t>(std::clamp(level_db, -120.0, 0.0) * 100.0);

  float* w = frame->data;
  for (int i = 0; i < kWindowUsed; ++i) w[i] = x[i] * window[i];
  std::fill(w + kWindowUsed, w + kVoiceWindow, 0.0f);
  aubio_fft_do_complex(fft.get(), frame.get(), spectrum_complex.get());
  aubio_fft_get_norm(spectrum_complex.get(), magnitude.get());
  const float* m = magnitude->norm;
  // aubio's complex layout: the real parts of bins 0..N/2, then the imaginary parts (all 0 for
  // a power spectrum, so their order does not matter).
  for (int k = 0; k < kBins; ++k) power->data[k] = m[k] * m[k];
  pauses.add(level_db, {power->data, static_cast<std::size_t>(kBins)}, kVoiceRate);

  // Pitch and voicing from the autocorrelation.
  aubio_fft_rdo_complex(fft.get(), power.get(), acf.get());
  const float* r = acf->data;
  double best = 0;
  int best_lag = 0;
  if (r[0] > 0 && std::isfinite(r[0])) {
    auto rn = [&](int lag) { return r[lag] / r[0] / window_acf[lag]; };
    for (int lag = kMinLag; lag <= kMaxLag; ++lag) {
      const double v = rn(lag);
      if (v > best && v >= rn(lag - 1) && v >= rn(lag + 1)) {
        best = v;
        best_lag = lag;
      }
    }
    // An octave too low is the usual error of autocorrelation: prefer a half or a third of the
    // lag when it is nearly as strong.
    for (int div = 3; div >= 2 && best_lag > 0; --div) {
      const int lag = (best_lag + div / 2) / div;
      if (lag < kMinLag) continue;
      int local = lag;
      for (int l = std::max(kMinLag, lag - 1); l <= std::min(kMaxLag, lag + 1); ++l)
        if (rn(l) > rn(local)) local = l;
      if (rn(local) >= 0.9 * best) {
        best_lag = local;
        best = rn(local);
        break;
      }
    }
    if (best_lag > 0) {
      // Parabolic interpolation of the peak for a sub-sample lag.
      const double a = rn(best_lag - 1), b = rn(best_lag), c = rn(best_lag + 1);
      const double den = a - 2 * b + c;
      const double shift = den < 0 ? std::clamp(0.5 * (a - c) / den, -0.5, 0.5) : 0.0;
      const double pitch = kVoiceRate / (best_lag + (std::isfinite(shift) ? shift : 0.0));
      best = std::min(best, 1.0);
      f.voicing = static_cast<std::uint8_t>(std::lround(std::max(0.0, best) * 255));
      if (best >= kVoicedThreshold && level_db > kVoicedMinLevelDb)
        f.pitch_dhz = static_cast<std::uint16_t>(std::lround(pitch * 10));
    }
  }

  // Spectral flux: the share of this frame's magnitude that is new since the last frame.
  double rise4[4] = {0, 0, 0, 0}, total4[4] = {0, 0, 0, 0};
  int bin = 1;
  for (; bin + 4 <= kLineHighBin; bin += 4)
    for (int j = 0; j < 4; ++j) {
      rise4[j] += std::max(0.0f, m[bin + j] - previous_magnitude[bin + j]);
      total4[j] += m[bin + j];
    }
  for (; bin < kLineHighBin; ++bin) {
    rise4[0] += std::max(0.0f, m[bin] - previous_magnitude[bin]);
    total4[0] += m[bin];
  }
  const double rise = (rise4[0] + rise4[1]) + (rise4[2] + rise4[3]);
  const double total = (total4[0] + total4[1]) + (total4[2] + total4[3]);
  std::copy(m, m + kBins, previous_magnitude.begin());
  const double flux = total > 0 && std::isfinite(total) && std::isfinite(rise) ? rise / total : 0.0;
  f.flux = static_cast<std::uint16_t>(std::lround(std::clamp(flux, 0.0, 1.0) * 65535));

  // Steady lines: prominent spectral peaks, aged frame to frame while they stay within a bin.
  int steady = 0;
  std::fill(line_age_next.begin(), line_age_next.end(), 0);
  if (level_db > -70.0) {
    // Running sums of the magnitudes, so each peak's neighbourhood is one subtraction.
    std::array<double, kBins + 1> sums;
    sums[0] = 0;
    for (int j = 0; j < kBins; ++j) sums[j + 1] = sums[j] + m[j];
    for (int k = kLineLowBin; k <= kLineHighBin; ++k) {
      if (!(m[k] > m[k - 1] && m[k] >= m[k + 1] && m[k] > m[k - 2] && m[k] >= m[k + 2])) continue;
      const int lo = std::max(0, k - kLineNeighbourhood), hi = k + kLineNeighbourhood;
      const double around = (sums[hi + 1] - sums[lo]) / (hi - lo + 1);
      if (m[k] < kLineProminence * around) continue;
      const int age = 1 + std::max({line_age[k - 1], line_age[k], line_age[k + 1]});
      line_age_next[k] = static_cast<std::uint8_t>(std::min(age, 255));
      if (age >= kSteadyFrames) ++steady;
    }
  }
  line_age.swap(line_age_next);
  f.steady_lines = static_cast<std::uint8_t>(std::min(steady, 255));

  if (f.pitch_dhz > 0) {
    mfcc->compute(*magnitude, *mfcc_out);
    std::array<float, kTimbreDims> v{};
    for (int d = 0; d < kMfccCoeffs - 1; ++d) v[d] = mfcc_out->data[d + 1];
    v[kTimbreDims - 1] = static_cast<float>(std::log2(f.pitch_hz()));
    block.count += 1;
    for (int d = 0; d < kTimbreDims; ++d) {
      block.sum[d] += v[d];
      block.sum_sq[d] += v[d] * v[d];
    }
  }
  add_fine_cepstrum(f.pitch_dhz > 0);
  out.frames.push_back(f);
  if (++frames_in_block == kFramesPerBlock) close_block();
}

// The finer cepstrum of this frame (fine_now) into the block's sums; the change of the frame
// before, now that its next frame is known, into that frame's block. The first frame's change
// counts as 0, and so does the last's (finish()), as numpy's gradient ends do in session 18's
// measurement.
void VoiceMeter::State::add_fine_cepstrum(bool voiced) {
  // This frame's cepstrum when it is voiced or follows a voiced frame; the previous frame's,
  // from its kept spectrum, when this one is voiced and it was not computed then.
  const bool has_fine = voiced || previous_voiced;
  if (has_fine) fine->compute(power->data, fine_now.data());
  if (voiced && !previous_has_fine && frames_seen >= 1) fine->compute(previous_power.data(), fine_previous.data());
  if (previous_voiced && frames_seen >= 2) {
    CepstrumStats& to = closing ? fine_closing : fine_block;
    for (int d = 0; d < kFineCepstra; ++d) {
      const float change = 0.5f * (fine_now[d + 1] - fine_before[d + 1]);
      to.delta_sq[d] += change * change;
    }
  }
  write_closing_block();
  if (voiced)
    for (int d = 0; d < kFineCepstra; ++d) {
      fine_block.sum[d] += fine_now[d + 1];
      fine_block.sum_sq[d] += fine_now[d + 1] * fine_now[d + 1];
    }
  fine_before = fine_previous;
  fine_previous = fine_now;
  std::copy_n(power->data, kBins, previous_power.begin());
  previous_has_fine = has_fine;
  previous_voiced = voiced;
  ++frames_seen;
}

void VoiceMeter::State::close_block() {
  out.blocks.push_back(block);
  block = {};
  fine_closing = fine_block;
  fine_block = {};
  closing = true;
  frames_in_block = 0;
}

void VoiceMeter::State::write_closing_block() {
  if (!closing) return;
  out.cepstra.push_back(fine_closing);
  closing = false;
}

Result<void> VoiceMeter::push(std::span<const float> samples) {
  constexpr std::size_t kPiece = 1 << 14;
  for (std::size_t i = 0; i < samples.size(); i += kPiece) {
    const auto n = static_cast<int>(std::min(kPiece, samples.size() - i));
    if (auto r = s_->convert(samples.data() + i, n); !r) return r;
  }
  return s_->out.status();
}

Result<VoiceFeatures> VoiceMeter::finish() {
  if (auto r = s_->convert(nullptr, 0); !r) return std::unexpected(r.error());
  // The last partial frame, padded with silence, so every 40 ms of input has a frame.
  const std::size_t tail = s_->pending.size();
  if (tail > static_cast<std::size_t>(kLead)) {
    s_->pending.resize(kWindowUsed + kVoiceHop, 0.0f);
    s_->analyse_frame(s_->pending.data());
    if (tail > static_cast<std::size_t>(kLead + kVoiceHop)) s_->analyse_frame(s_->pending.data() + kVoiceHop);
  }
  if (s_->frames_in_block > 0) s_->close_block();
  s_->write_closing_block();
  s_->out.pauses = s_->pauses.finish();
  if (auto r = s_->out.status(); !r) return std::unexpected(r.error());
  return std::move(s_->out);
}

}  // namespace voxclone::detail

// Mains hum under a recording (see mains_hum.hpp).
//
// libaubio (FFTW underneath) computes the spectra. Written here, and why: looking for a line
// series at the two mains frequencies in the median spectrum of the quietest stretches is a
// few loops over those spectra; no packaged library tells mains hum from other tones (aubio's
// pitch trackers follow one fundamental of a changing sound, not a fixed series under a
// recording), and the notches are RBJ cookbook biquads like the level meter's own filters.
#include "analyse/mains_hum.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <numeric>
#include <utility>

#include "analyse/aubio_handles.hpp"
#include "analyse/level_meter.hpp"

namespace voxclone::detail {
namespace {

constexpr double kWindowSeconds = 0.3;     // rounded up to a power of two: 8192 at 24 kHz, 2.9 Hz bins
constexpr std::size_t kMaxStretches = 16;  // the quietest windows looked at (~5.5 s at 24 kHz)
constexpr std::size_t kMinStretches = 4;
constexpr double kTopHz = 4000.0;          // the detector's band ends here
constexpr double kLineProminenceDb = 10.0; // a line stands this far over its neighbourhood's median
constexpr double kNearHz = 8.0;            // the neighbourhood: 8-20 Hz either side of the line
constexpr double kFarHz = 20.0;
// A mains series starts at the mains: three of its first six multiples stand out at least (the
// synthetic and the real hum of the tune scenes: the fundamental and the odd harmonics; a
// sustained note of music whose partials fall near a multiple of 50 Hz does not: tune-pool music
// had 200 Hz with 1.3, 3.05 and 3.6 kHz lines).
constexpr int kLowHarmonics = 6;
constexpr std::size_t kMinLowLines = 3;
// Left out only where that changes the detector's floor as much as its smallest margin (6 dB,
// speech.cpp step 4): the lines hold three quarters of the quiet stretches' power at least.
constexpr double kMinFloorDropDb = 6.0;
constexpr std::size_t kMaxNotches = 24;    // the strongest lines, at most
constexpr double kNotchWidthHz = 6.0;      // as noise14's numpy copy: +-3 Hz of each line
constexpr std::size_t kSlice = 1 << 20;    // samples read at a time on the second pass

// The level meter's band: two 2nd-order Butterworth filters, 100 Hz high-pass and 4 kHz
// low-pass (|H|^2 of each is 1 / (1 + (f/fc)^(+-4))), so a line counts as the meter hears it.
double band_weight(double hz) {
  if (hz <= 0) return 0.0;
  const double hp = 1.0 / (1.0 + std::pow(100.0 / hz, 4.0));
  const double lp = 1.0 / (1.0 + std::pow(hz / kTopHz, 4.0));
  return hp * lp;
}

// The starts (in frames) of the quietest windows of `frames_per_window` frames on a grid of
// their own length (so none overlaps), by their mean power: a bounded heap of the quietest, so
// nothing grows with the recording (an hour's per-frame index was 3 MB).
std::vector<std::size_t> quietest_windows(std::span<const float> frame_db, std::size_t frames_per_window) {
  std::vector<std::pair<double, std::size_t>> heap;  // (power, start), the loudest on top
  for (std::size_t s = 0; s + frames_per_window <= frame_db.size(); s += frames_per_window) {
    double power = 0;
    for (std::size_t f = s; f < s + frames_per_window; ++f) power += std::pow(10.0, frame_db[f] / 10.0);
    if (heap.size() == kMaxStretches) {
      if (!(std::make_pair(power, s) < heap.front())) continue;
      std::pop_heap(heap.begin(), heap.end());
      heap.pop_back();
    }
    heap.emplace_back(power, s);
    std::push_heap(heap.begin(), heap.end());
  }
  std::vector<std::size_t> starts;
  for (const auto& w : heap) starts.push_back(w.second);
  std::sort(starts.begin(), starts.end());
  return starts;
}

double median_of(std::vector<double> v) {
  if (v.empty()) return 0.0;
  const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  return *mid;
}

struct Series {
  std::size_t low_lines = 0;  // of the first kLowHarmonics multiples
  std::vector<double> lines_hz;
  std::vector<double> power;  // each line's power over its neighbourhood, as the meter hears it
};

// The lines of the series at `mains_hz` that stand out of `spectrum` (power per bin of `bin_hz`).
Series lines_of(const std::vector<double>& spectrum, double bin_hz, double mains_hz) {
  Series out;
  const auto bins = static_cast<long>(spectrum.size());
  const long near = static_cast<long>(std::ceil(kNearHz / bin_hz));
  const long far = static_cast<long>(std::floor(kFarHz / bin_hz));
  for (int k = 1; k * mains_hz <= kTopHz; ++k) {
    const double hz = k * mains_hz;
    const long centre = std::lround(hz / bin_hz);
    // The mains frequency drifts by up to ~0.2 %; a harmonic drifts k times as far.
    const long reach = std::max(1L, static_cast<long>(std::ceil((1.5 + 0.002 * hz) / bin_hz)));
    if (centre - far < 1 || centre + far >= bins - 1) continue;
    long peak = centre - reach;
    for (long b = centre - reach; b <= centre + reach; ++b)
      if (spectrum[static_cast<std::size_t>(b)] > spectrum[static_cast<std::size_t>(peak)]) peak = b;
    std::vector<double> around;
    for (long d = near; d <= far; ++d) {
      around.push_back(spectrum[static_cast<std::size_t>(centre - d)]);
      around.push_back(spectrum[static_cast<std::size_t>(centre + d)]);
    }
    const double floor = median_of(std::move(around));
    const double top = spectrum[static_cast<std::size_t>(peak)];
    if (!(top > floor * std::pow(10.0, kLineProminenceDb / 10.0)) || top <= 0.0) continue;
    // The line's frequency: a parabola through the log power of the peak bin and its neighbours.
    const double l = std::log(spectrum[static_cast<std::size_t>(peak - 1)] + 1e-30);
    const double c = std::log(top + 1e-30);
    const double r = std::log(spectrum[static_cast<std::size_t>(peak + 1)] + 1e-30);
    const double den = l - 2 * c + r;
    const double shift = den < 0 ? std::clamp(0.5 * (l - r) / den, -0.5, 0.5) : 0.0;
    const double line_hz = (static_cast<double>(peak) + shift) * bin_hz;
    double power = 0;  // a Hann window spreads a line over +-2 bins
    for (long b = peak - 2; b <= peak + 2; ++b) power += spectrum[static_cast<std::size_t>(b)] - floor;
    if (k <= kLowHarmonics) ++out.low_lines;
    out.lines_hz.push_back(line_hz);
    out.power.push_back(std::max(0.0, power) * band_weight(line_hz));
  }
  return out;
}

}  // namespace

Result<std::optional<MainsHum>> find_mains_hum(std::span<const float> frame_db, double frame_seconds,
                                               int rate, std::size_t samples, const SampleReader& read) {
  const auto hop = static_cast<std::size_t>(std::lround(frame_seconds * rate));
  if (hop == 0 || rate <= 0) return std::optional<MainsHum>{};
  const std::size_t window = std::bit_ceil(static_cast<std::size_t>(kWindowSeconds * rate));
  const std::size_t frames_per_window = (window + hop - 1) / hop;
  std::vector<std::size_t> starts = quietest_windows(frame_db, frames_per_window);
  std::erase_if(starts, [&](std::size_t s) { return s * hop + window > samples; });
  if (starts.size() < kMinStretches) return std::optional<MainsHum>{};

  AubioFftPtr fft(new_aubio_fft(static_cast<uint_t>(window)));
  FvecPtr in(new_fvec(static_cast<uint_t>(window)));
  CvecPtr spectrum(new_cvec(static_cast<uint_t>(window)));
  if (!fft || !in || !spectrum) return fail(ErrorCategory::internal, "analyse: out of memory (aubio)");
  const std::size_t bins = window / 2 + 1;
  std::vector<std::vector<double>> power(bins);  // per bin, one value per stretch
  std::vector<float> audio;
  for (std::size_t s : starts) {
    audio.clear();
    if (auto r = read(s * hop, window, audio); !r) return std::unexpected(r.error());
    if (audio.size() < window) continue;
    for (std::size_t i = 0; i < window; ++i)
      in->data[i] = static_cast<smpl_t>(audio[i] * (0.5 - 0.5 * std::cos(2 * M_PI * (static_cast<double>(i) + 0.5) /
                                                                          static_cast<double>(window))));
    aubio_fft_do(fft.get(), in.get(), spectrum.get());
    for (std::size_t b = 0; b < bins; ++b) power[b].push_back(double{spectrum->norm[b]} * spectrum->norm[b]);
  }
  // The median over the stretches: a word or a knock in one of them does not make a line.
  std::vector<double> median(bins);
  for (std::size_t b = 0; b < bins; ++b) median[b] = median_of(std::move(power[b]));
  const double bin_hz = static_cast<double>(rate) / static_cast<double>(window);
  double band = 0;
  for (std::size_t b = 1; b < bins; ++b) band += median[b] * band_weight(static_cast<double>(b) * bin_hz);
  if (!(band > 0)) return std::optional<MainsHum>{};

  const Series fifty = lines_of(median, bin_hz, 50.0);
  const Series sixty = lines_of(median, bin_hz, 60.0);
  auto total = [](const Series& x) { return std::reduce(x.power.begin(), x.power.end()); };
  // The series that carries more power (in exact digital silence a strong line's window
  // leakage stands out everywhere, so counting lines would not tell 50 from 60 Hz).
  const bool is_fifty = total(fifty) >= total(sixty);
  const Series& series = is_fifty ? fifty : sixty;
  if (series.low_lines < kMinLowLines) return std::optional<MainsHum>{};
  MainsHum hum;
  hum.mains_hz = is_fifty ? 50.0 : 60.0;
  hum.quiet_seconds = static_cast<double>(starts.size() * window) / rate;
  const double rest = std::max(0.0, 1.0 - total(series) / band);
  hum.floor_drop_db = -10.0 * std::log10(std::max(rest, 1e-12));
  if (hum.floor_drop_db < kMinFloorDropDb) return std::optional<MainsHum>{};
  // The strongest lines (a buzz can hold dozens; the weakest change no level).
  std::vector<std::size_t> order(series.lines_hz.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return series.power[a] > series.power[b]; });
  if (order.size() > kMaxNotches) order.resize(kMaxNotches);
  std::sort(order.begin(), order.end());
  for (std::size_t i : order) hum.lines_hz.push_back(series.lines_hz[i]);
  return std::optional<MainsHum>{std::move(hum)};
}

HumNotches::HumNotches(const MainsHum& hum, int rate) {
  for (double hz : hum.lines_hz) {
    if (!(hz > 0 && hz < 0.45 * rate)) continue;
    const double w0 = 2.0 * M_PI * hz / rate;
    const double alpha = std::sin(w0) / (2.0 * (hz / kNotchWidthHz));  // Q = f / bandwidth
    const double c = std::cos(w0);
    const double a0 = 1.0 + alpha;
    notches_.push_back({1.0 / a0, -2.0 * c / a0, 1.0 / a0, -2.0 * c / a0, (1.0 - alpha) / a0});
  }
}

void HumNotches::filter(std::span<float> samples) {
  for (Notch& q : notches_) {
    double x1 = q.x1, x2 = q.x2, y1 = q.y1, y2 = q.y2;
    for (float& s : samples) {
      const double x = s;
      const double y = q.b0 * x + q.b1 * x1 + q.b2 * x2 - q.a1 * y1 - q.a2 * y2;
      x2 = x1;
      x1 = x;
      y2 = y1;
      y1 = y;
      s = static_cast<float>(y);
    }
    q.x1 = x1;
    q.x2 = x2;
    q.y1 = y1;
    q.y2 = y2;
  }
}

namespace {

// The recording read slice after slice with the hum's lines notched out, each slice handed to
// `take`; `callbacks.cancel` is polled between slices. The one loop of every second pass.
template <class Take>
Result<void> each_slice_without_hum(const MainsHum& hum, int rate, std::size_t samples, const SampleReader& read,
                                    const Callbacks& callbacks, Take take) {
  HumNotches notches(hum, rate);
  std::vector<float> slice;
  for (std::size_t i = 0; i < samples; i += kSlice) {
    if (callbacks.cancel && callbacks.cancel()) return fail(ErrorCategory::cancelled, "cancelled while analysing");
    slice.clear();
    if (auto r = read(i, std::min(kSlice, samples - i), slice); !r) return std::unexpected(r.error());
    notches.filter(slice);
    if (auto r = take(std::span<const float>(slice)); !r) return std::unexpected(r.error());
  }
  return {};
}

}  // namespace

Result<MeasuredWithoutHum> measure_without_hum(const MainsHum& hum, int rate, double frame_seconds,
                                               std::size_t samples, const SampleReader& read,
                                               bool spool_levels, const Callbacks& callbacks) {
  LevelMeter meter(rate, frame_seconds, spool_levels);
  auto voice = VoiceMeter::create(rate);
  if (!voice) return std::unexpected(voice.error());
  auto done = each_slice_without_hum(hum, rate, samples, read, callbacks,
                                     [&](std::span<const float> slice) -> Result<void> {
                                       meter.push(slice);
                                       return voice->push(slice);
                                     });
  if (!done) return std::unexpected(done.error());
  MeasuredWithoutHum out;
  out.peak = meter.peak();
  out.frame_db = meter.finish();
  if (auto r = meter.status(); !r) return std::unexpected(r.error());
  auto features = voice->finish();
  if (!features) return std::unexpected(features.error());
  out.features = std::move(*features);
  return out;
}

Result<VoiceFeatures> voice_features_without_hum(const MainsHum& hum, int rate, std::size_t samples,
                                                 const SampleReader& read, const Callbacks& callbacks) {
  auto voice = VoiceMeter::create(rate);
  if (!voice) return std::unexpected(voice.error());
  auto done = each_slice_without_hum(hum, rate, samples, read, callbacks,
                                     [&](std::span<const float> slice) { return voice->push(slice); });
  if (!done) return std::unexpected(done.error());
  return voice->finish();
}

Result<std::optional<MainsHum>> leave_out_mains_hum(SpeechAnalysis& speech, double duration_seconds,
                                                    const VadOptions& options, int rate,
                                                    std::size_t samples, const SampleReader& read) {
  if (speech.silent) return std::optional<MainsHum>{};
  auto hum = find_mains_hum(speech.frame_db, options.frame_seconds, rate, samples, read);
  if (!hum || !*hum) return hum;
  LevelMeter meter(rate, options.frame_seconds);
  auto done = each_slice_without_hum(**hum, rate, samples, read, Callbacks{},
                                     [&](std::span<const float> slice) -> Result<void> {
                                       meter.push(slice);
                                       return {};
                                     });
  if (!done) return std::unexpected(done.error());
  const float peak = meter.peak();
  speech = classify_frames(meter.finish(), peak, duration_seconds, options);
  return hum;
}

SampleReader read_from_memory(std::span<const float> all) {
  return [all](std::size_t start, std::size_t count, std::vector<float>& into) -> Result<void> {
    const std::size_t from = std::min(start, all.size());
    const auto piece = all.subspan(from, std::min(count, all.size() - from));
    into.insert(into.end(), piece.begin(), piece.end());
    return {};
  };
}

}  // namespace voxclone::detail

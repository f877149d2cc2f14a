// Normalise, encode, and for MP3 the one loop that re-tunes the normalisation for the encoder.
//
// Why MP3 needs it: the encoder is lossy. Its filterbank and quantisation move the peaks, and
// the loudness a little, so the PCM meeting the target and the ceiling does not mean the sample
// does. The bytes are decoded and measured
// as a listener's player will decode them; while they miss, the window is normalised again with
// the ceiling lowered by the over and the target moved by the miss, and encoded again. WAV and
// raw PCM carry the normalised samples as they are (16-bit), so they are encoded once.
#include "prep/tune_for_encoder.hpp"

#include <cmath>
#include <optional>

#include "core/log.hpp"
#include "analyse/loudness_meter.hpp"
#include "decode/stream.hpp"
#include "normalise/normalise_into.hpp"
#include "prep/input_name.hpp"

namespace voxclone::detail {
namespace {

constexpr int kMaxEncodings = 4;
constexpr double kCeilingMargin = 0.1;    // dB the decoded true peak must stay under the ceiling
constexpr double kTargetTolerance = 0.3;  // LU the decoded loudness may miss the target by

// Loudness and true peak of an encoded MP3 as it decodes (never held whole).
Result<Loudness> loudness_as_decoded(const EncodedSample& sample, bool pipelined,
                                     const InputSource& source) {
  auto meter = LoudnessMeter::create(kSampleRate);
  if (!meter) return std::unexpected(meter.error());
  auto back = decode_streaming(
      InputSource::memory(sample.bytes, "encoded mp3"), {},
      [&](std::span<const float> s) { return meter->push(s); }, pipelined, "mp3");
  if (!back) return std::unexpected(with_input_name(source, back.error()));
  return meter->result();
}

// Moves `aim` by what the decoded sample missed: the ceiling down by the over, the target by
// the loudness missed. False when the sample is within both, and there is nothing to move.
bool retune(NormaliseOptions& aim, const Loudness& decoded, const NormaliseOptions& wanted) {
  const double over = decoded.true_peak_dbtp - (wanted.ceiling_dbtp - kCeilingMargin);
  const double off = wanted.target_lufs - decoded.integrated_lufs;
  if (over <= 0 && std::fabs(off) <= kTargetTolerance) return false;
  if (over > 0) aim.ceiling_dbtp -= over + 0.05;
  if (std::fabs(off) > kTargetTolerance) aim.target_lufs += off;
  return true;
}

}  // namespace

Result<TunedSample> normalise_and_encode(const Audio& kept, const PrepOptions& options,
                                         unsigned threads, const InputSource& source,
                                         const InputMeasure* measured, bool check_beside) {
  const Callbacks& cb = options.callbacks;
  NormaliseOptions aim = options.normalise;
  if (aim.threads == 0) aim.threads = threads;
  StageClock clock(cb);
  TunedSample out;
  for (int encoding = 1;; ++encoding) {
    if (cancelled(cb)) return fail(ErrorCategory::cancelled, "cancelled while normalising");
    // The kept window is read where it lies: a copy of it would be one more window-sized
    // buffer (2.9 MB for 30 s) on top of the envelope and the rendering.
    Audio work{.samples = {}, .sample_rate = kept.sample_rate};
    progress(cb, Stage::normalise, 0.0);
    // With a thread to spare, the rendering that may be the last is encoded (and checked) while
    // its true peak is measured: on one thread after it, the encoding and check of a combined
    // sample's 22 s were ~4.5 ms with the other core idle. A rendering the round redoes is
    // encoded again; the last one's encoding is the one kept.
    std::optional<Result<EncodedSample>> early;
    std::optional<Result<SampleCheck>> early_check;
    BesideMeasuring encode_beside;
    if (threads > 1)
      encode_beside = [&](const Audio& rendering) {
        early = encode(rendering, options.format, options.encode);
        early_check.reset();
        if (check_beside && options.format != SampleFormat::mp3 && *early) early_check = validate_sample(**early);
      };
    auto norm = normalise_into(kept.samples, work, aim, cb, measured, encode_beside);
    if (!norm) return std::unexpected(with_input_name(source, norm.error()));
    out.normalised = *norm;
    // Encoded beside the measuring, the encoding's time is inside this lap (the two share the
    // wall clock), and the "encode" lap after it only takes the result: the names say so.
    clock.lap(early ? "normalise (and encode, beside it)" : "normalise");
    progress(cb, Stage::encode, 0.0);
    auto enc = early ? std::move(*early) : encode(work, options.format, options.encode);
    if (!enc) return std::unexpected(with_input_name(source, enc.error()));
    out.sample = std::move(*enc);
    out.check = std::move(early_check);
    clock.lap(early ? "encode (done beside the normalising)" : "encode");
    if (options.format != SampleFormat::mp3) return out;

    auto decoded = loudness_as_decoded(out.sample, threads > 1, source);
    if (!decoded) return std::unexpected(decoded.error());
    out.normalised.after = *decoded;
    if (encoding >= kMaxEncodings || !retune(aim, *decoded, options.normalise)) return out;
    logf(cb, LogLevel::debug, "mp3 measured {:.2f} LUFS {:.2f} dBTP; encoding again",
         decoded->integrated_lufs, decoded->true_peak_dbtp);
  }
}

}  // namespace voxclone::detail

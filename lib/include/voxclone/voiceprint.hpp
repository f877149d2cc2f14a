// voxclone/voiceprint.hpp — a voice as numbers: who speaks, compared across recordings.
//
//   auto me = voxclone::voiceprint_of(voxclone::InputSource::file("me.m4a"));     // its main voice
//   auto guest = voxclone::voiceprint_of(voxclone::InputSource::file("show.mp3"), {.speaker = 2});
//   double s = voxclone::similarity(*me, *guest);       // 0–1
//   bool same = s >= voxclone::kSamePersonScore;
//   std::string kept = voxclone::to_json(*me);          // numbers only, never audio
//   auto back = voxclone::voiceprint_from_json(kept);
//
// A voiceprint holds the statistics of a speaker's voiced 40 ms frames (MFCC c1..c12 and log2
// pitch: their mean and spread over the whole voice, and their spread inside 2 s pieces), the
// same features the speaker analysis uses, and (format 2) finer ones the speaker analysis does
// not use: MFCC c1..c19 of 24 mel bands (100-3800 Hz), their mean and spread, the spread of
// their frame-to-frame change, and a histogram of log2 pitch. similarity() projects them into
// spaces learned on real people in several rooms and on phone lines
// (tests/train/train_voiceprint.py, the train split of tests/realvoice) and scores the angle
// between two voices there, calibrated so that kSamePersonScore is the point chosen on the tune
// split (equal error rate). A format-1 voiceprint (stored by an older voxclone) has no finer
// numbers: it is still read and compared, by the 39 numbers' comparison alone.
#pragma once

#include <array>
#include <filesystem>
#include <functional>
#include <future>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "voxclone/error.hpp"
#include "voxclone/log.hpp"
#include "voxclone/source.hpp"

namespace voxclone {

/// MFCC c1..c12 and log2 pitch.
inline constexpr int kVoiceprintDims = 13;
/// Format 2: MFCC c1..c19 of the voiceprint's own 24 mel bands (100-3800 Hz).
inline constexpr int kVoiceprintCepstra = 19;
/// Format 2: voiced frames counted per 1/24 octave of pitch, from kPitchHistogramLowestHz
/// (a pitch outside the bins counts in the nearest end bin).
inline constexpr int kPitchHistogramBins = 68;
inline constexpr double kPitchHistogramLowestHz = 60.0;
inline constexpr double kPitchHistogramBinsPerOctave = 24.0;
/// similarity() at or above this: one person (the tune split's equal-error point).
inline constexpr double kSamePersonScore = 0.5;
/// The least score of the voice --like keeps (PrepOptions::like_min_score). Above the pairwise
/// point: a recording offers its 2–5 voices to one example, so at kSamePersonScore the example
/// of someone absent finds a voice in about half of the recordings (each of its voices is
/// another chance). Under 0.8 the voice must also stand clear of the recording's next closest
/// voice. On the same calibrated scale as kSamePersonScore, so that it holds when the
/// comparison is refitted; chosen on the tune split (tests/realvoice/README.md, session 15).
inline constexpr double kLikeMatchScore = 0.6;

/// How much of a recording voiceprint_of() reads by default (VoiceprintOptions::read_seconds):
/// chosen on the tune split (tests/realvoice/README.md, session 16) as the shortest start of
/// long recordings whose main voice scores as the whole recording's does.
inline constexpr double kVoiceprintReadSeconds = 60.0;

struct Voiceprint {
  static constexpr int kFormatVersion = 2;
  /// The numbers as one flat array (vector()/from_vector()): voiced_frames, pieces,
  /// speech_seconds, then mean, spread and piece_spread (format 1 ends here), then
  /// cepstrum_mean, cepstrum_spread, delta_spread and pitch_histogram.
  static constexpr int kVectorSize1 = 3 + 3 * kVoiceprintDims;
  static constexpr int kVectorSize = kVectorSize1 + 3 * kVoiceprintCepstra + kPitchHistogramBins;

  double speech_seconds = 0.0;  ///< speech the statistics were measured on
  double voiced_frames = 0.0;   ///< 40 ms voiced frames pooled
  double pieces = 0.0;          ///< 2 s pieces in piece_spread
  std::array<double, kVoiceprintDims> mean{};          ///< over every voiced frame
  std::array<double, kVoiceprintDims> spread{};        ///< standard deviation over them
  std::array<double, kVoiceprintDims> piece_spread{};  ///< mean standard deviation inside 2 s pieces
  // Format 2 (all zero in a format-1 voiceprint: has_cepstra() false).
  std::array<double, kVoiceprintCepstra> cepstrum_mean{};    ///< c1..c19 over every voiced frame
  std::array<double, kVoiceprintCepstra> cepstrum_spread{};  ///< their standard deviation
  /// Root mean square of their change over the voiced frames, (c[t+1] - c[t-1]) / 2.
  std::array<double, kVoiceprintCepstra> delta_spread{};
  /// Voiced frames per pitch bin (kPitchHistogramBins): a histogram, so that two voiceprints
  /// pool exactly and their pitch percentiles can be read from it.
  std::array<double, kPitchHistogramBins> pitch_histogram{};

  [[nodiscard]] bool empty() const noexcept { return voiced_frames <= 0 || pieces <= 0; }
  /// Whether the format-2 numbers were measured (a format-1 voiceprint has none).
  [[nodiscard]] bool has_cepstra() const noexcept;
  /// The log2 pitch under which `fraction` (0-1) of the voiced frames lie, read from
  /// pitch_histogram (linear inside a bin); 0 without the histogram.
  [[nodiscard]] double pitch_percentile(double fraction) const noexcept;
  [[nodiscard]] std::array<double, kVectorSize> vector() const noexcept;
  /// kVectorSize numbers, or kVectorSize1 (a format-1 voiceprint). Fails (invalid_argument) on
  /// another length, a non-finite number, negative counts or spreads.
  static Result<Voiceprint> from_vector(std::span<const double> numbers);
};

struct VoiceprintOptions {
  /// Whose voice: 0 = whoever talks most; N = the Nth by talk time (as prep's --speaker).
  int speaker = 0;
  /// Less voiced speech than this is refused (too_little_speech): a few seconds suffice.
  double min_speech_seconds = 2.0;
  /// Only the recording's first this many seconds (at least 1) are read and analysed (0: all
  /// of it): an example that is itself a long recording costs what its first minute costs, and
  /// its main voice is whoever talks most in it. When they hold too little of the voice (or fewer
  /// voices than `speaker`), the whole recording is read after all. Standard input, which
  /// cannot be read twice, is always read whole. kVoiceprintReadSeconds says how it was chosen.
  double read_seconds = kVoiceprintReadSeconds;
  Callbacks callbacks;
};

/// Decodes the recording (its first `read_seconds`), finds its speakers as prepare() does and
/// measures one voice.
Result<Voiceprint> voiceprint_of(const InputSource& source, const VoiceprintOptions& options = {});

/// voiceprint_of() started on a thread of its own (std::async), which does all of its work (its
/// decode is not pipelined: the caller's work has the other cores): the caller works meanwhile
/// and reads the result from the future (PrepOptions::like_measuring takes it). The same numbers
/// and errors as voiceprint_of(). `options.callbacks` are called on that thread. The last copy
/// of the future waits for the thread when destroyed.
std::shared_future<Result<Voiceprint>> voiceprint_of_async(InputSource source, VoiceprintOptions options = {});

/// How alike two voices sound, 0–1 (kSamePersonScore and up: one person). 0 when either is
/// empty.
double similarity(const Voiceprint& a, const Voiceprint& b);

/// One person's voiceprints pooled, as if measured on both recordings at once. When only one of
/// them has the format-2 numbers (a voice stored by an older voxclone, retrained now), the
/// pooled voiceprint keeps that one's, measured on its recording alone.
Voiceprint pooled(const Voiceprint& a, const Voiceprint& b);

/// {"format":"voxclone-voiceprint","version":2,...}: numbers only (version 1, without the
/// format-2 numbers, for a voiceprint that has none).
std::string to_json(const Voiceprint& voiceprint);
/// Reads to_json()'s text, of version 1 or 2; a later version or a damaged file fails with
/// invalid_argument.
Result<Voiceprint> voiceprint_from_json(std::string_view text);

// The voiceprints of cloned voices, kept on this computer (numbers only, never audio), so a
// retrain can be checked against the voice before anything is uploaded, and a voice can be
// chosen by its id (`--like voice:ID`).

/// Which voice a voiceprint belongs to: the service (its base URL: the region), the workspace
/// (space_id; empty: the account's default) and the voice id.
struct VoiceKey {
  std::string region;
  std::string workspace;
  std::string voice_id;
};

/// $XDG_DATA_HOME/voxclone/voiceprints.json, else ~/.local/share/voxclone/voiceprints.json.
std::filesystem::path default_voiceprint_store();

/// The voiceprint kept for `key`, or nullopt. A store that is not voxclone's fails
/// (invalid_argument); a missing store holds nothing.
Result<std::optional<Voiceprint>> load_voiceprint(const std::filesystem::path& store, const VoiceKey& key);
/// Every key the store holds a voiceprint for.
Result<std::vector<VoiceKey>> stored_voices(const std::filesystem::path& store);
/// Keeps `voiceprint` for `key` (replacing an older one): the whole store rewritten atomically,
/// created 0600 in a 0700 folder, under an exclusive lock (flock on `STORE.lock` beside it), so
/// two voxclones saving at once both keep their voice.
Result<void> save_voiceprint(const std::filesystem::path& store, const VoiceKey& key,
                             const Voiceprint& voiceprint);
/// As save_voiceprint(), with the voiceprint to keep made by `make` from the one kept for `key`
/// now (nullopt: none, or one this voxclone cannot read), all under the one lock: a retrain's
/// voiceprint pooled with the voice's earlier one loses no concurrent change.
Result<void> update_voiceprint(const std::filesystem::path& store, const VoiceKey& key,
                               const std::function<Voiceprint(const std::optional<Voiceprint>&)>& make);

}  // namespace voxclone

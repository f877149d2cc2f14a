// voxclone/report.hpp — what prep and check found and did, for people and for scripts.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "voxclone/analyse.hpp"
#include "voxclone/decode.hpp"
#include "voxclone/encode.hpp"
#include "voxclone/normalise.hpp"
#include "voxclone/select.hpp"
#include "voxclone/verdict.hpp"
#include "voxclone/voiceprint.hpp"

namespace voxclone {

/// Something a user should act on. `code` is stable ("telephone_band"), `message` is prose.
struct Warning {
  std::string code;
  std::string message;
};

/// Every code a Warning may carry, each once, from the library's one table of warnings (for a
/// UI that words or filters them itself). A later version may add codes; none is ever renamed.
std::span<const std::string_view> warning_codes() noexcept;

struct OutputInfo {
  SampleFormat format = SampleFormat::wav;
  int sample_rate = 0;
  int channels = 0;
  double duration_seconds = 0.0;
  std::size_t bytes = 0;
  std::string path;  ///< empty when the sample stayed in memory
};

/// The whole input's waveform at a coarse step, for pictures: the lowest and highest sample of
/// each step (mono, 24 kHz). The step doubles as the input grows, so it never holds more than
/// 8192 steps (64 kB) however long the recording.
struct Waveform {
  double step_seconds = 0.0;
  std::vector<float> min;
  std::vector<float> max;
};

/// The kept pieces measured on their own: their speech and their own pauses (the speech
/// detector's 20 ms frames inside Selection::pieces), never the rest of the input. The verdict
/// (verdict.hpp) and the warnings about the kept audio read these; PrepReport::snr_db and
/// clipped_fraction stay the whole input's.
struct KeptFigures {
  double speech_level_dbfs = -200.0;  ///< power mean of the kept speech frames
  /// Power mean of the kept pauses' frames; the median level of the kept frames away from the
  /// words instead when that stands over 5 dB higher (a bed the detector called speech, resting
  /// only where it found pauses).
  double noise_floor_dbfs = -200.0;
  double snr_db = 0.0;                ///< speech level over noise floor
  double pause_seconds = 0.0;         ///< pauses inside the kept pieces
  /// True when the noise was measured in those pauses; false when they held under 0.2 s, and
  /// the quietest tenth of the kept frames stood in for them.
  bool noise_from_pauses = true;
  /// Of the kept pauses (the voice analysis' 40 ms frames), the share holding voiced sound:
  /// other people talking in the background. 0 when under 0.4 s of pauses were kept.
  double voiced_pause_fraction = 0.0;
  /// Of the same pauses, the share that is a word's own fading tail: a reverberant room's echo.
  /// Over 0.4 the pauses' level is the room's echo rather than noise (`high_noise_floor` says
  /// so). 0 when under 0.4 s of pauses were kept.
  double echo_pause_fraction = 0.0;
  double music_under_speech_seconds = 0.0;  ///< kept speech the content analysis hears music under
  /// True when the kept pauses stand within 30 dB of the kept speech (`snr_db`) and what fills the
  /// recording's pauses is a music bed (they change like music, or hold many notes on the musical
  /// scale): a bed under all of the kept speech that the content analysis took for clean speech.
  bool music_in_pauses = false;
  double clipped_fraction = 0.0;            ///< of the kept pieces' input samples
};

/// How the input's voices compare with the example (PrepOptions::like).
struct VoiceMatch {
  std::string example;          ///< how the example is named (PrepOptions::like_name)
  int speaker = 0;              ///< the rank kept: the voice most like the example
  double score = 0.0;           ///< its similarity, 0–1
  double next_score = 0.0;      ///< the next closest voice's (0 with one voice)
  std::vector<double> scores;   ///< every voice's, by rank (index 0: rank 1)
};

/// "kept speaker 2: sounds like me.m4a, score 0.91; next closest 0.42".
std::string match_to_text(const VoiceMatch& match);

struct PrepReport {
  std::string input_name;
  InputInfo input;
  DecodeStats decode;
  double speech_seconds = 0.0;      ///< speech found in the whole input
  double noise_floor_dbfs = -200.0;
  double snr_db = 0.0;              ///< the whole input's: speech level over noise floor
  double clipped_fraction = 0.0;    ///< of input samples (the kept window's: kept)
  std::optional<ContentAnalysis> content;  ///< what each stretch holds and who speaks when
  int kept_speaker = 0;             ///< the speaker rank the sample comes from (0: not told apart)
  std::optional<VoiceMatch> match;  ///< with PrepOptions::like: how each voice compared
  /// The kept voice's statistics (numbers only): compare it with another recording's, or keep it
  /// to check a retrain against (similarity(), voiceprint.hpp). Not in to_json().
  std::optional<Voiceprint> voiceprint;
  std::optional<Selection> selection;
  std::optional<KeptFigures> kept;          ///< with the selection: the kept pieces' own figures
  std::optional<Loudness> window_loudness;  ///< the kept window before normalising
  std::optional<NormaliseResult> normalised;
  std::optional<OutputInfo> output;
  std::vector<Warning> warnings;
  /// The verdict on the kept audio (assess(*this)), once the analysis chose a window.
  std::optional<SampleVerdict> verdict;
  Waveform waveform;  ///< not in to_json(): the picture (plot.hpp) draws it
};

std::string to_json(const PrepReport& report, int indent = 2);
/// How much of the timeline a text report shows.
enum class TimelineText {
  stretches,  ///< a line per stretch (the first 24): what `check` and `-v` show
  summary,    ///< one line counting the stretches of each kind: what a plain `prep` shows
};

/// The content analysis as aligned lines: what the recording holds, its speakers (marking the
/// kept one) and the timeline (the first 24 stretches, or one line counting them).
std::string content_to_text(const ContentAnalysis& content, int kept_speaker = 0,
                            TimelineText timeline = TimelineText::stretches);

/// A few aligned lines for a terminal, ending with the verdict.
std::string to_text(const PrepReport& report, TimelineText timeline = TimelineText::stretches);
/// The verdict in a few words: "usable", "usable, with warnings: large_gain", "clone would
/// refuse it: music_under_speech (blocks), large_gain".
std::string verdict_to_text(const SampleVerdict& verdict);

}  // namespace voxclone

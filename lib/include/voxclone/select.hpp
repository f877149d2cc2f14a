// voxclone/select.hpp — stage 4: the window of speech to keep, cut only inside pauses.
//
//   auto sel = voxclone::select_window(analysis, audio.duration_seconds(), {.max_seconds = 30});
//   voxclone::Audio kept = voxclone::assemble(audio, *sel);
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "voxclone/analyse.hpp"
#include "voxclone/audio.hpp"
#include "voxclone/error.hpp"

namespace voxclone {

struct SelectOptions {
  double min_seconds = 10.0;            ///< least speech a sample may hold
  double max_seconds = 30.0;            ///< longest sample, pauses and edges included
  double edge_seconds = 0.3;            ///< silence kept before the first and after the last word
  double long_pause_seconds = 1.0;      ///< pauses longer than this are shortened ...
  double shortened_pause_seconds = 0.5; ///< ... to this
  bool keep_pauses = false;             ///< keep every pause at its full length
  std::optional<double> start_seconds;  ///< force the region: nothing before this is kept
  std::optional<double> end_seconds;    ///< force the region: nothing after this is kept
  /// Whose voice to keep: 0 = whoever talks most (inside --start/--end when given); N = the Nth
  /// by talk time in the whole recording.
  int speaker = 0;
  /// Whose voice to keep: whoever speaks at this moment of the input (wins over `speaker`).
  std::optional<double> speaker_at_seconds;
  /// Accept speech with a music bed under it when there is too little without (with a warning).
  bool allow_music = false;
  /// Speech far less clear than the recording's clearest is left out only when this much clearer
  /// speech remains (unset: min_seconds). prepare_combined() sets it to the whole sample's
  /// min_seconds while each input needs only 1 s of its own: a voice note is not cut down to its
  /// clearest syllables unless it alone would fill the sample with clear speech.
  std::optional<double> min_clear_seconds;
};

/// A stretch of input time copied into the sample.
struct Piece {
  double start_seconds = 0.0;
  double end_seconds = 0.0;
};

struct Selection {
  double start_seconds = 0.0;      ///< input time where the kept window begins
  double end_seconds = 0.0;        ///< input time where it ends
  std::vector<Piece> pieces;       ///< what is copied, in order (pauses shortened between them)
  double speech_seconds = 0.0;     ///< speech inside the window
  double output_seconds = 0.0;     ///< length of the assembled sample
  int pauses_shortened = 0;
  double pause_seconds_removed = 0.0;
  double speech_left_out_seconds = 0.0;  ///< speech of the input not in the sample
  int barriers_cut_out = 0;        ///< stretches of music, other voices or noise cut out between pieces
  double barrier_seconds_removed = 0.0;
  int forced_cuts = 0;             ///< cuts made inside speech at its quietest point (no pause)
};

/// The speech a window may use: the chosen speaker's clean speech (options.speaker,
/// speaker_at_seconds, allow_music) as segments, and everything else that is not silence
/// (music, other voices, noise) as barriers select_window cuts out. Fails with no_speech (music
/// or noise only), too_little_speech (saying what stands in the way) or invalid_argument (no
/// such speaker).
Result<SpeechAnalysis> keep_one_voice(const SpeechAnalysis& speech, const ContentAnalysis& content,
                                      double input_seconds, const SelectOptions& options = {});

/// Chooses the window holding the most speech that fits max_seconds, from the densest region.
/// Fails with too_little_speech / no_speech when the recording cannot make a sample.
Result<Selection> select_window(const SpeechAnalysis& analysis, double input_seconds,
                                const SelectOptions& options = {});

/// Copies the selection's pieces out of `audio`, with 5 ms fades at every splice and edge.
Audio assemble(const Audio& audio, const Selection& selection);

/// A time as people type it and ffmpeg reads durations: seconds ("90", "90.5"), mm:ss ("1:30",
/// "1:30.25") or hh:mm:ss.ms ("0:01:30.250"); minutes and seconds after the first field below
/// 60. nullopt for anything else (negative, empty, "1:75", "abc").
std::optional<double> parse_time(std::string_view text);

}  // namespace voxclone

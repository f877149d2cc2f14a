// Internal: what check() does, keeping the window it would keep. prepare_combined() needs each
// input's window before it is normalised: the pieces of every input are matched in loudness by
// a gain, joined, and only the whole is limited and encoded (once, with MP3's re-tuning).
#pragma once

#include <optional>

#include "voxclone/audio.hpp"
#include "voxclone/error.hpp"
#include "voxclone/prep.hpp"
#include "voxclone/source.hpp"
#include "voxclone/voiceprint.hpp"

namespace voxclone::detail {

struct CheckedWindow {
  PrepReport report;  ///< as check() returns it: window loudness measured, verdict on what is kept
  Audio kept;         ///< the kept pieces as they are in the input, not normalised
};

/// check() with the kept window: errors name the input; options are not validated here.
/// `true_peak` off: the window's loudness without its true peak (left at -200, "not measured"),
/// for a caller that only needs the gain to the target; the 4x oversampling is most of the cost.
/// `main_voice`: set when the input gives no window for lack of speech, or a window with no
/// voice told apart: its main voice as voiceprint_of() measures it (1 s of voiced speech
/// needed), from the same decode and analysis (errors do not name the input).
/// `partial_report`: the report as far as the check got, when it fails (on success the report is
/// the returned one's, and nothing is copied).
Result<CheckedWindow> check_keeping_window(const InputSource& source, const PrepOptions& options,
                                           bool true_peak = true,
                                           std::optional<Result<Voiceprint>>* main_voice = nullptr,
                                           PrepReport* partial_report = nullptr);

/// What normalising had to do that a user should know (large gain, heavy limiting, a target the
/// peaks did not allow), from report.normalised, as warnings in the report.
void warn_about_normalising(PrepReport& report, const PrepOptions& options);

/// The threads a stage may use: options.threads, or every core.
unsigned threads_for(const PrepOptions& options);

}  // namespace voxclone::detail

// Internal: what the sample left out of the input, and why: each stretch of input time outside
// the kept pieces, named by what the content analysis heard there (another voice, music, other
// sound) or by where it lies (a pause shortened between two kept pieces, the kept voice's
// speech past the window). The picture (plot_svg.cpp) draws each reason differently and the
// review page (review/) lists and plays them: one vocabulary for both.
#pragma once

#include <string_view>
#include <vector>

#include "voxclone/report.hpp"

namespace voxclone::detail {

enum class LeftOutReason {
  pause_shortened,    ///< silence between two kept pieces (a long pause made shorter)
  other_voice,        ///< speech of a voice that is not the kept one (`speaker`)
  music,              ///< music without speech
  speech_over_music,  ///< speech with music under it
  other_sound,        ///< noise, applause, a babble of voices
  outside_window,     ///< the kept voice's speech the sample had no room for
};

/// "pause_shortened", "other_voice", ...: the review page's and the SVG's class names.
std::string_view to_string(LeftOutReason reason) noexcept;
/// In a few words for people: "pause shortened", "voice 2", "music", ...
std::string reason_words(LeftOutReason reason, int speaker);

struct LeftOut {
  double start_seconds = 0.0;
  double end_seconds = 0.0;
  LeftOutReason reason = LeftOutReason::pause_shortened;
  int speaker = 0;         ///< for other_voice: the voice's rank
  bool in_window = false;  ///< between the kept window's first and last piece
};

/// Every left-out stretch of `report`, in time order; silence outside the kept window is not
/// one (nothing was taken from it). Empty without a selection.
std::vector<LeftOut> left_out(const PrepReport& report);

/// The reason that names a gap between two kept pieces: the most telling one inside it (a
/// voice, music or other sound before a pause). `pause_shortened` when only silence was cut.
LeftOutReason gap_reason(const std::vector<LeftOut>& all, double gap_start, double gap_end,
                         int* speaker = nullptr);

}  // namespace voxclone::detail

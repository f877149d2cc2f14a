// Internal: the pauses inside a run of speech, at the speech detector's 20 ms resolution.
//
// The content analysis judges 0.4 s blocks, and a change of voice or an entry of music falls
// anywhere inside one; the energy detector bridges gaps shorter than 0.25 s, so one of its
// segments holds several phrases. Whenever speech has to be cut short (a barrier beside it, a
// segment longer than the window), the cut moves to one of these pauses, never to a block edge.
#pragma once

#include <optional>
#include <vector>

#include "voxclone/analyse.hpp"

namespace voxclone::detail {

/// A stretch of input time where the level lies well under the speech on both sides.
struct Pause {
  double start_seconds = 0.0;
  double end_seconds = 0.0;
  double depth_db = 0.0;  ///< how far its quietest frame lies under the quieter side's speech
  [[nodiscard]] double centre() const noexcept { return 0.5 * (start_seconds + end_seconds); }
  [[nodiscard]] double length() const noexcept { return end_seconds - start_seconds; }
};

/// Shortest pause a cut may use, and how far under the speech either side it must lie. A stop
/// consonant's closure is ~50–90 ms and often less than 20 dB deep; a breath between words is
/// longer and deeper. Tuned on the real-voice tune split: 80 ms / 15 dB put 86 % of the edges in
/// pauses, 120 ms / 25 dB 93 % (tests/realvoice/README.md).
inline constexpr double kMinCutPauseSeconds = 0.12;
inline constexpr double kPauseDepthDb = 25.0;

/// The pauses whose frames lie inside [from, to), in order.
std::vector<Pause> pauses_between(const SpeechAnalysis& speech, double from, double to);

/// The last pause inside [from, to) (nearest `to`), or none.
std::optional<Pause> last_pause(const SpeechAnalysis& speech, double from, double to);
/// The first pause inside [from, to) (nearest `from`), or none.
std::optional<Pause> first_pause(const SpeechAnalysis& speech, double from, double to);

}  // namespace voxclone::detail

// Internal: every warning prep and check raise, in one table: the stable code (the report's
// JSON, the README and scripts name it) and its wording. Every warning goes through warn(),
// which checks the wording against its arguments at compile time.
//
//   detail::warn<detail::WarningId::clipping>(report, callbacks, percent_clipped);
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "voxclone/log.hpp"
#include "voxclone/report.hpp"

namespace voxclone::detail {

/// One per wording, in the table's order. "truncated" has two wordings: the container announced
/// a duration, or reading stopped on an error.
enum class WarningId {
  truncated,
  truncated_read_error,
  damaged_packets,
  unusable_samples,
  several_audio_streams,
  stream_chosen_for_speech,
  telephone_band,
  clipping,
  cut_inside_speech,
  high_noise_floor,
  room_echo_floor,
  music_left_out,
  other_speakers_left_out,
  other_sound_left_out,
  music_under_speech,
  music_in_kept_pauses,
  background_voices,
  large_gain,
  heavy_limiting,
  loudness_missed,
  duration_advice,
};

struct WarningText {
  WarningId id;
  std::string_view code;     ///< stable: tests and the README rely on it
  std::string_view wording;  ///< a fmt template
};

inline constexpr std::array kWarnings{
    // What decoding found (the input itself).
    WarningText{WarningId::truncated, "truncated",
                "the file seems cut short or damaged: {:.1f} s of the {:.1f} s it announces "
                "decoded{}; the sample uses what decoded"},
    WarningText{WarningId::truncated_read_error, "truncated",
                "reading stopped on an error after {:.1f} s ({}); the sample uses what decoded"},
    WarningText{WarningId::damaged_packets, "damaged_packets",
                "{} could not be decoded and {} skipped"},
    WarningText{WarningId::unusable_samples, "unusable_samples",
                "{} not audio (NaN, infinite, or over 60 dB above full scale): the file is "
                "damaged; they were taken as silence and measured as such"},
    WarningText{WarningId::several_audio_streams, "several_audio_streams",
                "the file has {} audio streams; used stream #{} ({}, {} ch); --stream picks another "
                "(an index, or a:N for the N-th audio stream)"},
    WarningText{WarningId::stream_chosen_for_speech, "stream_chosen_for_speech",
                "used audio stream {}, with {:.0f} s of speech: {}; --stream picks another"},
    WarningText{WarningId::telephone_band, "telephone_band",
                "telephone-band input ({} Hz {}): the cloned voice will sound muffled; use a "
                "wideband recording if you have one"},
    WarningText{WarningId::clipping, "clipping",
                "{:.2f} % of the kept audio is clipped (flattened peaks): the clone will copy "
                "the distortion; record with lower input gain"},
    // What analysis and selection found; clipping, noise and what lies under the speech are
    // measured on the kept pieces (PrepReport::kept).
    WarningText{WarningId::cut_inside_speech, "cut_inside_speech",
                "{} had to fall inside speech with no pause nearby (at its quietest point)"},
    WarningText{WarningId::high_noise_floor, "high_noise_floor",
                "the background noise is only {:.0f} dB below the kept speech: the clone may copy "
                "the noise; record in a quieter room or closer to the microphone"},
    // The same code where the pauses are a reverberant room's echo, not noise: the advice differs.
    WarningText{WarningId::room_echo_floor, "high_noise_floor",
                "the room's echo fills the pauses, only {:.0f} dB below the kept speech: the clone "
                "may copy the room; record closer to the microphone, or in a smaller room with soft "
                "furnishings"},
    // What the content analysis left out, and what lies under the kept speech.
    WarningText{WarningId::music_left_out, "music_left_out", "{:.0f} s of music{} left out"},
    WarningText{WarningId::other_speakers_left_out, "other_speakers_left_out",
                "{} voices speak in the recording: kept speaker {} ({:.0f} s), left out {:.0f} s "
                "of the others (--speaker N or --speaker-at SECONDS picks another)"},
    WarningText{WarningId::other_sound_left_out, "other_sound_left_out",
                "{:.0f} s of other sound (noise, applause or babble) left out"},
    WarningText{WarningId::music_under_speech, "music_under_speech",
                "{:.0f} s of the kept speech has music under it (--allow-music): the clone may "
                "copy the music"},
    WarningText{WarningId::music_in_kept_pauses, "music_under_speech",
                "the kept speech's pauses hold music only {:.0f} dB under the voice (a bed under "
                "all of the speech, taken for clean speech): the clone may copy the music; use a "
                "recording without music"},
    WarningText{WarningId::background_voices, "background_voices",
                "other voices are audible under the kept speech ({:.0f} % of its pauses hold "
                "voiced sound): the clone may copy them; use a recording without people talking "
                "in the background"},
    // Loudness: check predicts the gain, prepare applies it.
    WarningText{WarningId::large_gain, "large_gain",
                "the recording is very quiet ({:.1f} LUFS): it needs {:.0f} dB of gain, which "
                "raises its noise as much"},
    WarningText{WarningId::heavy_limiting, "heavy_limiting",
                "peaks were limited by up to {:.1f} dB to stay under {:.1f} dBTP"},
    WarningText{WarningId::loudness_missed, "loudness_missed",
                "reached {:.1f} LUFS, not {:.1f}: the peaks allow no more"},
    // The validator's own advice (validate_sample's SampleCheck::warnings), as it worded it.
    WarningText{WarningId::duration_advice, "duration_advice", "{}"},
};

consteval bool rows_follow_the_enum() {
  for (std::size_t i = 0; i < kWarnings.size(); ++i)
    if (static_cast<std::size_t>(kWarnings[i].id) != i) return false;
  return true;
}
static_assert(rows_follow_the_enum(), "kWarnings must list one row per WarningId, in its order");

/// Adds the warning to the report and logs it (LogLevel::warning).
void add_warning(PrepReport& report, const Callbacks& callbacks, std::string_view code,
                 std::string message);

template <WarningId id, class... Args>
void warn(PrepReport& report, const Callbacks& callbacks, Args&&... args) {
  constexpr WarningText row = kWarnings[static_cast<std::size_t>(id)];
  constexpr std::string_view wording = row.wording;
  add_warning(report, callbacks, row.code, fmt::format(wording, std::forward<Args>(args)...));
}

}  // namespace voxclone::detail

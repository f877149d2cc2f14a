// voxclone/analyse.hpp — stage 3: where the speech is, how loud and how noisy the recording is.
//
//   voxclone::SpeechAnalysis sa = voxclone::detect_speech(audio);
//   for (auto seg : sa.segments) ... seg.start_seconds, seg.end_seconds
//   auto loud = voxclone::measure_loudness(audio.samples);   // EBU R128 via libebur128
//
// What each stretch of a recording holds (speech, music, speech over music, other sound,
// silence) and who speaks when come from prepare()/check() (PrepReport::content): that analysis
// runs inside the one streaming decode pass.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "voxclone/audio.hpp"
#include "voxclone/error.hpp"
#include "voxclone/log.hpp"

namespace voxclone {

struct SpeechSegment {
  double start_seconds = 0.0;
  double end_seconds = 0.0;
  /// How good a stretch of voice it is, 0–1 (signal over noise and lively intonation), when the
  /// content analysis rated it; the window prefers better speech, then more of it.
  double quality = 1.0;
  /// The speech's level over the noise around it (the quietest frames within 3 s), dB, when the
  /// content analysis measured it; a music bed or a noisy passage lowers it.
  double local_snr_db = 200.0;
  [[nodiscard]] double length() const noexcept { return end_seconds - start_seconds; }
};

struct VadOptions {
  double frame_seconds = 0.020;       ///< analysis frame (and hop)
  double min_threshold_db = 6.0;      ///< speech must stand at least this far above the noise floor
  double max_threshold_db = 16.0;     ///< ... and need never stand further above it than this
  double bridge_gap_seconds = 0.25;   ///< gaps shorter than this inside speech are not pauses
  double min_speech_seconds = 0.08;   ///< shorter bursts (clicks, knocks) are not speech
  double min_dynamic_db = 12.0;       ///< a recording whose loud frames stand less than this above
                                      ///< its quiet frames holds no speech (steady room tone)
};

struct SpeechAnalysis {
  double frame_seconds = 0.020;
  std::vector<float> frame_db;          ///< band-limited (100 Hz–4 kHz) frame level, dBFS
  std::vector<std::uint8_t> is_speech;  ///< per frame, after bridging short gaps
  std::vector<SpeechSegment> segments;  ///< runs of speech frames
  double speech_seconds = 0.0;
  double noise_floor_dbfs = -200.0;     ///< typical level of the pauses
  double speech_level_dbfs = -200.0;    ///< typical level of the speech
  double snr_db = 0.0;                  ///< speech level minus noise floor
  bool silent = false;                  ///< digital silence or near it (peak below -90 dBFS)
  /// Stretches a kept window must not reach into (music, other voices, noise); empty from
  /// detect_speech(), filled when the content analysis chose whose clean speech to keep.
  std::vector<SpeechSegment> barriers;
};

/// What a stretch of the recording holds.
enum class ContentKind : std::uint8_t {
  silence,            ///< pause or room tone
  speech,             ///< speech with no music under it
  music,              ///< music (instruments, songs) without speech
  speech_over_music,  ///< speech with music under it
  other,              ///< sound that is neither: noise, applause, a babble of voices
};
std::string_view to_string(ContentKind kind) noexcept;

/// One readable stretch of the timeline.
struct Stretch {
  double start_seconds = 0.0;
  double end_seconds = 0.0;
  ContentKind kind = ContentKind::silence;
  int speaker = 0;  ///< 1 = who talks most, 2 = next...; 0 = none or not known
};

struct Speaker {
  int rank = 0;                 ///< 1 = talks most
  double talk_seconds = 0.0;    ///< speech attributed to this voice (music under it included)
  double first_seconds = 0.0;   ///< where the voice is first heard
  double pitch_hz = 0.0;        ///< median pitch of the voice
  /// talk_seconds and the speech the analysis first gave this voice and then left out as
  /// possibly someone else's (its pieces far from the rest); 0 when not measured (taken as
  /// talk_seconds)
  double untrimmed_seconds = 0.0;
  /// the rank of the other half when the analysis split one voice in two by its turns (two
  /// people of one sex, or on a phone line, heard as one voice; which of them is the person to
  /// clone cannot be told), 0 otherwise
  int other_half = 0;
  /// the talk of speech too short for the analysis to judge (no voice) that this voice explains
  /// best of all the voices, for a near tie (the recording's person who talks most); for a lone
  /// voice, all of the recording's such talk (as much as 0.35 of its own: two people on one line
  /// may be heard as one, and the recording is refused unless a voice is asked for); 0 when not
  /// measured
  double unjudged_seconds = 0.0;
};

struct ContentAnalysis {
  double block_seconds = 0.4;              ///< the analysis step
  std::vector<ContentKind> blocks;         ///< per step
  std::vector<int> block_speakers;         ///< per step: speaker rank, 0 for none
  /// per step, 0 for none, else a mark for the selection: 1 where the voice's own pieces fall in a
  /// second group some way from the rest (a person's other word clump, or someone the voice took
  /// in), or a turn of voice 1 that sounds more like another voice than like voice 1's own turns:
  /// the sample leaves it out when the voice has enough speech without it; 2 speech with no voice
  /// that a lone voice takes when short of a sample; 3 the voice's laughs; 4 the blocks of a voice
  /// listed from speech told to no voice (analyse/content.hpp names each value)
  std::vector<std::uint8_t> block_doubtful;
  std::vector<float> block_quality;        ///< per step, 0–1: SNR and pitch variation of the speech
  std::vector<float> block_snr_db;         ///< per step: speech level over the local noise floor, dB
  std::vector<Stretch> timeline;           ///< the steps merged into readable stretches
  std::vector<Speaker> speakers;           ///< ordered by talk time
  double speech_seconds = 0.0;             ///< clean speech, all speakers
  double speech_over_music_seconds = 0.0;
  double music_seconds = 0.0;
  double other_seconds = 0.0;
};

/// Energy-based speech detector whose threshold follows the recording's own noise floor
/// (a local minimum of frame levels over ±8 s), so a whisper-quiet recording still has speech
/// and room tone is never speech.
SpeechAnalysis detect_speech(const Audio& audio, const VadOptions& options = {});
/// The same, polling `callbacks.cancel` (a long recording takes a while) and reporting progress.
Result<SpeechAnalysis> detect_speech(const Audio& audio, const VadOptions& options,
                                     const Callbacks& callbacks);

/// The second half of detect_speech, for levels measured elsewhere (the streaming pass):
/// `frame_db` are band-limited frame levels, `peak` the largest sample magnitude.
SpeechAnalysis classify_frames(std::vector<float> frame_db, float peak, double duration_seconds,
                               const VadOptions& options = {});

/// What each stretch of `audio` holds and who speaks when (`speech`: detect_speech(audio)).
/// prepare() and check() run the same analysis while they decode; this is it for audio already
/// in memory. Polls `callbacks.cancel`.
Result<ContentAnalysis> analyse_content(const Audio& audio, const SpeechAnalysis& speech,
                                        const Callbacks& callbacks = {});

struct Loudness {
  double integrated_lufs = -70.0;  ///< EBU R128 integrated loudness (gated)
  double true_peak_dbtp = -200.0;  ///< 4x oversampled peak
  double sample_peak_dbfs = -200.0;
};

/// EBU R128 integrated loudness and true peak of mono audio (libebur128).
Result<Loudness> measure_loudness(std::span<const float> samples, int sample_rate = kSampleRate);

}  // namespace voxclone

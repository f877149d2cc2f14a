// The kept pieces' own figures. Each measure walks the frames of one analysis whose middle
// falls inside a piece: SNR from the speech detector's 20 ms levels (speech frames against the
// pauses between them), background voices from the voice analysis' 40 ms frames in those
// pauses, music from the content analysis' 0.4 s blocks, clipping from the decoder's runs.
#include "prep/kept_figures.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace voxclone::detail {
namespace {

// Calls `each(k)` for every frame k (of `frame_seconds`, `frames` of them) whose middle lies
// inside a piece.
template <class Each>
void for_kept_frames(const Selection& sel, double frame_seconds, std::size_t frames, Each&& each) {
  for (const Piece& p : sel.pieces) {
    const auto first =
        static_cast<std::size_t>(std::max(0.0, std::ceil(p.start_seconds / frame_seconds - 0.5)));
    for (std::size_t k = first; k < frames; ++k) {
      if ((static_cast<double>(k) + 0.5) * frame_seconds >= p.end_seconds) break;
      each(k);
    }
  }
}

// Mean power of levels in dB, as a level.
struct PowerMean {
  double sum = 0;
  std::size_t n = 0;
  void add(double db) {
    sum += std::pow(10.0, db / 10.0);
    ++n;
  }
  [[nodiscard]] double db() const {
    return n ? 10.0 * std::log10(sum / static_cast<double>(n) + 1e-30) : -200.0;
  }
};

// Fewer pause frames than this (0.2 s) say too little about the noise.
constexpr std::size_t kFewestPauseFrames = 10;
// Fewer 40 ms pause frames than this (0.4 s) say too little about voices in the background.
constexpr double kFewestVoicePauseFrames = 10;

void measure_levels(KeptFigures& k, const Selection& sel, const SpeechAnalysis& speech) {
  PowerMean voice, pauses;
  std::vector<float> all;
  for_kept_frames(sel, speech.frame_seconds,
                  std::min(speech.frame_db.size(), speech.is_speech.size()), [&](std::size_t f) {
                    const double db = speech.frame_db[f];
                    (speech.is_speech[f] ? voice : pauses).add(db);
                    all.push_back(speech.frame_db[f]);
                  });
  k.pause_seconds = static_cast<double>(pauses.n) * speech.frame_seconds;
  k.speech_level_dbfs = voice.db();
  k.noise_floor_dbfs = pauses.db();
  k.noise_from_pauses = pauses.n >= kFewestPauseFrames;
  if (!k.noise_from_pauses && !all.empty()) {
    // Talk with hardly a pause: the quietest tenth of the kept frames stands in for the noise
    // (as the speech detector's own global floor does).
    std::sort(all.begin(), all.end());
    PowerMean quiet;
    for (std::size_t i = 0; i < std::max<std::size_t>(1, all.size() / 10); ++i) quiet.add(all[i]);
    k.noise_floor_dbfs = quiet.db();
  }
  k.snr_db = voice.n ? k.speech_level_dbfs - k.noise_floor_dbfs : 0.0;
}

// Other voices in the background fill the pauses with voiced sound (a pitch, and no steady
// spectral lines, which would be music), where a quiet room has none.
void measure_voiced_pauses(KeptFigures& k, const Selection& sel, const SpeechAnalysis& speech,
                           const VoiceFeatures& f) {
  double pause_frames = 0, voiced = 0;
  for_kept_frames(sel, kVoiceFrameSeconds, f.frames.size(), [&](std::size_t v) {
    const auto level_frame = static_cast<std::size_t>((static_cast<double>(v) + 0.5) *
                                                      kVoiceFrameSeconds / speech.frame_seconds);
    if (level_frame >= speech.is_speech.size() || speech.is_speech[level_frame]) return;
    pause_frames += 1;
    voiced += f.frames[v].pitch_dhz > 0 && f.frames[v].steady_lines < 2;
  });
  k.voiced_pause_fraction = pause_frames >= kFewestVoicePauseFrames ? voiced / pause_frames : 0.0;
}

void measure_music(KeptFigures& k, const Selection& sel, const ContentAnalysis& c) {
  for_kept_frames(sel, c.block_seconds, c.blocks.size(), [&](std::size_t b) {
    if (c.blocks[b] == ContentKind::speech_over_music)
      k.music_under_speech_seconds += c.block_seconds;
  });
}

void measure_clipping(KeptFigures& k, const Selection& sel, const DecodedInput& d) {
  double kept_seconds = 0;
  std::int64_t clipped = 0;
  for (const Piece& p : sel.pieces) {
    kept_seconds += p.end_seconds - p.start_seconds;
    for (const ClippedStretch& c : d.stats.clipping)
      if (c.start_seconds >= p.start_seconds && c.start_seconds < p.end_seconds)
        clipped += c.samples;
  }
  // The input's samples (all channels) per second of its time.
  const double rate = d.info.duration_seconds > 0
                          ? static_cast<double>(d.stats.input_samples) *
                                std::max(1, d.info.channels) / d.info.duration_seconds
                          : 0.0;
  k.clipped_fraction = kept_seconds * rate > 0
                           ? std::min(1.0, static_cast<double>(clipped) / (kept_seconds * rate))
                           : 0.0;
}

}  // namespace

KeptFigures measure_kept(const Selection& selection, const SpeechAnalysis& speech,
                         const ContentAnalysis& content, const VoiceFeatures& voice,
                         const DecodedInput& decoded) {
  KeptFigures k;
  measure_levels(k, selection, speech);
  measure_voiced_pauses(k, selection, speech, voice);
  measure_music(k, selection, content);
  measure_clipping(k, selection, decoded);
  return k;
}

}  // namespace voxclone::detail

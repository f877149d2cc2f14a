// Internal: what fills a recording's pauses, judged once for the whole recording from the
// spectra of its pause frames (issue 19, item 4).
//
// The per-block content model sees 2 s at a time and cannot tell a music bed from a room's tail,
// mains hum or steady noise: all of them fill the pauses between words with something tonal or
// broadband. Over a whole recording they differ in how the pauses' spectrum moves: a bed changes
// with its notes and chords (its spectral shape between words differs from a tenth of a second
// to the next, and often rises), hum and steady noise keep one shape, and a room's tail is the
// last word's spectrum decaying (its level keeps falling). So, on 40 ms frames that lie 12-45 dB
// under the loud frames within 2 s and follow at least 0.2 s of such frames (away from a word's
// onset), the meter compares each 120 ms of pause with the 120 ms before it: the change of the
// spectral shape (12 bands, 100-3800 Hz, mean level removed; its median) and the change of
// level (its upper quartile: a bed's notes and chords rise now and then, a tail only falls).
// A pause's last tenth of a second often rises too, bed or not: the next word's breath and
// onset, which a room's tail spreads before the word. So the level change is also kept for the
// stretches that more pause follows (160 ms): a room whose pauses fall there in 3 steps of 4 is
// a tail, however its pauses rise just before the words (issue 19: the test split's rooms).
// VoiceMeter feeds it every frame's power spectrum; nothing of the spectra is kept past 2 s.
// The pause frames' spectra also go to PauseToneMeter (content_pause_tones.hpp).
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <span>
#include <vector>

#include "analyse/content_pause_tones.hpp"

namespace voxclone::detail {

/// The recording's pauses, summed up (VoiceFeatures::pauses).
struct PauseSpectra {
  std::uint32_t pairs = 0;   ///< 120 ms pause stretches compared with the one before
  float shape_change_db = 0;  ///< median change of the spectral shape, dB per band
  float level_rise_db = 0;    ///< upper quartile of the change of level, dB (a room's tail falls)
  std::uint32_t settled_pairs = 0;  ///< of the pairs, those followed by 160 ms more of the pause
  float settled_rise_db = 0;        ///< upper quartile of their change of level, dB
  std::uint32_t held_tones = 0;     ///< spectral peaks of the pauses held for 120 ms (content_pause_tones.hpp)
  float tone_grid = 0;              ///< how closely they sit on one semitone grid, 0-1
  /// heard with mains hum in them (mains_hum.hpp: the features were measured again without it,
  /// the pauses kept from the first pass): their held tones are the hum's lines, not notes
  bool under_mains_hum = false;
};

/// What the pauses say about a bed (content.cpp uses it to overrule the per-block model).
enum class PauseSound {
  unknown,   ///< too few long pauses to tell (8-24 pairs whose level falls are steady: a room's tail)
  steady,    ///< they keep one shape or fade: noise, hum, a room's tail; no bed under the speech
  changing,  ///< their spectrum moves like music
};

/// The verdict on `p` (thresholds chosen on the real-voice tune split).
PauseSound judge_pauses(const PauseSpectra& p);

/// Whether, away from the words, the pauses' level falls in 3 steps of 4 (with enough of them to
/// tell): a room's tail, never a bed (part of judge_pauses; content_music_guard.hpp reads it too).
bool pauses_fade_between_words(const PauseSpectra& p);

/// Streams the frames in; `finish` gives the summary.
class PauseMeter {
 public:
  static constexpr int kBands = 12;
  /// One 40 ms frame: its level (dBFS) and power spectrum (bin k at k * rate / (2 * (bins - 1))).
  void add(double level_db, std::span<const float> power, int rate);
  PauseSpectra finish();

 private:
  // The spectrum's first bins, for the held tones (content_pause_tones.hpp: up to 3 kHz and 7
  // bins beyond at the voice meter's 15.6 Hz a bin), kept in a ring for the frames from the next
  // one to judge to the newest (kReach + 1 of them).
  static constexpr int kToneBins = 208;
  struct Frame {
    float level_db;
    std::array<float, kBands> bands;  // power per band
  };
  void judge_next();  // the oldest frame not yet judged, now that the 2 s after it are known
  // Compares the 120 ms that end `ago` frames before the newest pause frame with the 120 ms
  // before them; counts the change of shape (if `shape`) and of level in the given histograms.
  void compare(std::size_t ago, std::vector<std::uint32_t>* shape, std::vector<std::uint32_t>& level,
               std::uint32_t& pairs);

  std::deque<Frame> window_;        // frames from 2 s before the next one to judge onwards
  std::size_t centre_ = 0;          // index in window_ of the next frame to judge
  std::vector<float> sorted_levels_;  // the levels of window_, in order
  std::deque<std::array<float, kBands>> recent_;  // the last 10 judged frames' bands, while in a pause
  int run_ = 0;                     // judged frames in a row that lie in a pause
  std::array<int, kBands + 1> band_first_{};  // first bin of each band (and the end)
  int bins_ = 0;
  double hz_per_bin_ = 0;
  PauseToneMeter tones_;
  std::vector<float> spectra_;  // the ring: kToneBins per frame
  std::uint64_t added_ = 0;     // frames added so far
  std::vector<std::uint32_t> shape_hist_, level_hist_, settled_level_hist_;
  std::uint32_t pairs_ = 0, settled_pairs_ = 0;
};

}  // namespace voxclone::detail

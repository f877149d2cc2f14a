// The recording-level music guard (see content_music_guard.hpp). Written here: it reads figures
// the content analysis already has (no library judges whether speech pauses).
#include "analyse/content_music_guard.hpp"

#include <algorithm>

#include "analyse/content.hpp"

namespace voxclone::detail {
namespace {

// Tune split (tests/realvoice/README.md, session 14): the median dip of the blocks the model
// called speech was 6.3-12.2 dB on the 26 of the 72 tune-pool game-music tracks where it heard
// any (among them the eight it made a sample of). On 93 tune scenes (/tmp/rv6/tune, 30 bed and
// intro scenes over tune-pool music, 16 more hum, noise, reverb and bedall scenes): every scene
// with clean speech 16.1 dB or more but one long hall (15.6 dB, its pauses fade: left alone);
// speech over a bed under all of it (bedall) 13.5-26.4 dB (13.5: refused before as well); hum, a
// bed under part of the speech and noise 12-25 dB down 22 dB or more. The synthetic fixtures:
// one voice over a crowd 12.5 dB down (testdata/voice/babble) 15.2 dB, the chiptune 12.9 dB. So
// halfway between the music (12.2) and the crowd (15.2); 16 dB (chosen first) took the crowd's
// speech for music.
constexpr double kSpeechDipDb = 13.7;
// Fewer speech blocks than this (2 s) say nothing either way.
constexpr std::size_t kMinBlocks = 5;

}  // namespace

MusicGuard judge_speech_dips(const std::vector<ContentKind>& blocks, const std::vector<float>& block_snr_db,
                             const PauseSpectra& pauses) {
  MusicGuard g;
  g.room_tail = pauses_fade_between_words(pauses);
  std::vector<float> dips;
  const std::size_t n = std::min(blocks.size(), block_snr_db.size());
  for (std::size_t b = 0; b < n; ++b)
    if (holds_speech(blocks[b]) && block_snr_db[b] > 0.0f) dips.push_back(block_snr_db[b]);
  g.blocks = dips.size();
  if (dips.empty()) return g;
  auto mid = dips.begin() + static_cast<std::ptrdiff_t>(dips.size() / 2);
  std::nth_element(dips.begin(), mid, dips.end());
  g.median_dip_db = *mid;
  g.music = g.blocks >= kMinBlocks && g.median_dip_db < kSpeechDipDb && !g.room_tail;
  return g;
}

void speech_is_music(std::vector<ContentKind>& blocks) {
  for (ContentKind& k : blocks)
    if (holds_speech(k)) k = ContentKind::music;
}

}  // namespace voxclone::detail

#include "analyse/content_rows.hpp"

#include <algorithm>
#include <cmath>

#include "analyse/speech_figures.hpp"

namespace voxclone::detail {

RowWindow row_window(const SpeechAnalysis& speech, const VoiceFeatures& features, std::size_t first,
                     std::size_t end) {
  RowWindow w{{},
              {RecordSpool<VoiceFrame>("frames", RecordSpool<VoiceFrame>::kNeverSpill),
               RecordSpool<TimbreStats>("blocks", RecordSpool<TimbreStats>::kNeverSpill),
               RecordSpool<CepstrumStats>("cepstra", RecordSpool<CepstrumStats>::kNeverSpill), {}},
              first, std::min(end, features.blocks.size()), 0};
  const std::size_t blocks = features.blocks.size();
  if (w.first >= w.end) return w;
  // The window with its context; at the recording's own edges, none is cut off.
  const std::size_t from = first > kFeatureReachBlocks ? first - kFeatureReachBlocks : 0;
  const std::size_t to = std::min(blocks, w.end + kFeatureReachBlocks);
  w.from = from;
  const auto level_per_block = static_cast<std::size_t>(std::lround(kBlockSeconds / speech.frame_seconds));

  // What block_features() reads of the speech analysis: its figures and the window's frames.
  SpeechAnalysis& part = w.speech;
  part = figures_of(speech);
  part.noise_floor_dbfs = content_floor_db(speech);  // of the whole recording, not the window's frames
  const std::size_t la = std::min(speech.frame_db.size(), from * level_per_block);
  const std::size_t lb = std::min(speech.frame_db.size(), to * level_per_block);
  part.frame_db.assign(speech.frame_db.begin() + static_cast<std::ptrdiff_t>(la),
                       speech.frame_db.begin() + static_cast<std::ptrdiff_t>(lb));
  const std::size_t sa = std::min(speech.is_speech.size(), la), sb = std::min(speech.is_speech.size(), lb);
  part.is_speech.assign(speech.is_speech.begin() + static_cast<std::ptrdiff_t>(sa),
                        speech.is_speech.begin() + static_cast<std::ptrdiff_t>(sb));

  // And of the voice features: the window's 40 ms frames and its number of blocks.
  const std::size_t fa = std::min(features.frames.size(), from * kFramesPerBlock);
  const std::size_t fb = std::min(features.frames.size(), to * kFramesPerBlock);
  for (std::size_t k = fa; k < fb; ++k) w.features.frames.push_back(features.frames[k]);
  for (std::size_t b = from; b < to; ++b) w.features.blocks.push_back(TimbreStats{});  // only counted
  return w;
}

std::vector<ContentFeatureRow> rows_of(RowWindow w) {
  if (w.first >= w.end) return {};
  auto rows = block_features(w.speech, w.features);
  rows.erase(rows.begin() + static_cast<std::ptrdiff_t>(w.end - w.from), rows.end());
  rows.erase(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(w.first - w.from));
  return rows;
}

std::vector<ContentFeatureRow> block_features_between(const SpeechAnalysis& speech,
                                                      const VoiceFeatures& features,
                                                      std::size_t first, std::size_t end) {
  return rows_of(row_window(speech, features, first, end));
}

}  // namespace voxclone::detail

// Internal: the content features (content_features.hpp) of a stretch of blocks, computed over a
// copy of only the frames their context reaches. block_features() reads at most
// kFeatureReachBlocks blocks either side of a block (its gap context), so each row is exactly the
// one it computes over the whole recording; the content analysis takes the rows a window at a
// time, and the rows of a long input (72 bytes a block) never all exist at once.
#pragma once

#include <cstddef>
#include <vector>

#include "analyse/content_features.hpp"

namespace voxclone::detail {

/// How far block_features() looks either side of a block, in blocks (content_features.cpp's
/// kGapContextBlocks, 5, and a block to spare). Widening its context means widening this.
inline constexpr std::size_t kFeatureReachBlocks = 6;
/// Blocks whose rows are computed at once: 2048 blocks, 13.7 minutes, 150 KB of rows.
inline constexpr std::size_t kRowsAtOnce = 2048;

/// What block_features() reads for the rows of blocks [first, end): a copy of the window's
/// frames and figures. Copying reads the spooled features (one thread at a time); the rows are
/// then computed from the copy alone, on any thread.
struct RowWindow {
  SpeechAnalysis speech;
  VoiceFeatures features;
  std::size_t first = 0, end = 0;  // the blocks whose rows are wanted
  std::size_t from = 0;            // the window's first block (its context included)
};
RowWindow row_window(const SpeechAnalysis& speech, const VoiceFeatures& features, std::size_t first,
                     std::size_t end);
/// The rows of a window's blocks [first, end).
std::vector<ContentFeatureRow> rows_of(RowWindow window);

/// Rows of blocks [first, end) of `features.blocks`.
std::vector<ContentFeatureRow> block_features_between(const SpeechAnalysis& speech,
                                                      const VoiceFeatures& features,
                                                      std::size_t first, std::size_t end);

}  // namespace voxclone::detail

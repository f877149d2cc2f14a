// Internal: the window's edges and the kept pieces, read from wherever the converted audio is
// (memory or spool).
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "voxclone/select.hpp"

namespace voxclone::detail {

/// Appends samples [start, start + count) to the vector.
using SampleReader = std::function<Result<void>(std::size_t start, std::size_t count, std::vector<float>& out)>;

/// The converted audio select_window may read around the edges it places.
struct EdgeAudio {
  int sample_rate = 0;
  std::size_t total_samples = 0;
  SampleReader read;  ///< empty: the edges are placed by the detector's levels alone
};

/// select_window, its edges placed by the whole band's level around them too, read from `audio`
/// (select.cpp, EdgeLevels); prep reads the spooled input.
Result<Selection> select_window(const SpeechAnalysis& analysis, double input_seconds, const SelectOptions& options,
                                const EdgeAudio& audio);

Result<Audio> assemble_from(std::size_t total_samples, int sample_rate, const Selection& selection,
                            const SampleReader& read);

}  // namespace voxclone::detail

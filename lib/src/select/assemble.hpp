// Internal: assembling the kept pieces from wherever the converted audio is (memory or spool).
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "voxclone/select.hpp"

namespace voxclone::detail {

/// Appends samples [start, start + count) to the vector.
using SampleReader = std::function<Result<void>(std::size_t start, std::size_t count, std::vector<float>& out)>;

Result<Audio> assemble_from(std::size_t total_samples, int sample_rate, const Selection& selection,
                            const SampleReader& read);

}  // namespace voxclone::detail

// The end of a run over several inputs (prep and check): every input accounted for, one
// closing line or the --json envelope, and the exit code.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "terminal.hpp"

namespace voxclone::cli {

/// `entries[i]` is input i's result (null: never started); `codes[i]` its exit code. Returns
/// the run's exit code: 130 when interrupted, else the first failure's, else 0.
int summarise_batch(Terminal& term, std::string_view command, std::string_view done_word,
                    const std::vector<std::string>& inputs, std::vector<nlohmann::json>& entries,
                    std::vector<int>& codes, bool batch, bool as_json,
                    std::size_t skipped_not_media, std::size_t skipped_subfolders = 0);

}  // namespace voxclone::cli

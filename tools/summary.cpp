#include "summary.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "exit_codes.hpp"
#include "json_out.hpp"
#include "core/words.hpp"  // the library's counted nouns

namespace voxclone::cli {

using nlohmann::json;

// Shared with check: the results in input order (never-started inputs included, so the counts
// account for every input), the exit code (the first failure's; 130 when interrupted), and for
// a batch a closing line. Failures were printed where they happened; here they are counted.
int summarise_batch(Terminal& term, std::string_view command, std::string_view done_word,
                    const std::vector<std::string>& inputs, std::vector<json>& entries,
                    std::vector<int>& codes, bool batch, bool as_json, std::size_t skipped_not_media,
                    std::size_t skipped_subfolders) {
  json results = json::array();
  int first_failure = kOk;
  std::size_t ok = 0, failed = 0, skipped = 0, not_started = 0, stopped = 0;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (entries[i].is_null()) {
      entries[i] = result_json(inputs[i], "not_started", kInterrupted);
      ++not_started;
    } else {
      const std::string status = entries[i]["status"];
      if (status == "ok") ++ok;
      else if (status == "skipped") ++skipped;
      else if (status == "interrupted") ++stopped;
      else ++failed;
      if (codes[i] != kOk && first_failure == kOk) first_failure = codes[i];
    }
    results.push_back(std::move(entries[i]));
  }
  // 130 only when the interrupt cut something short: an input never started or stopped by it.
  // A signal that comes while the last output is being written lets that write finish; the
  // output is complete and reported "ok", so the exit code must say the same.
  const bool cut_short =
      not_started > 0 || std::find(codes.begin(), codes.end(), int{kInterrupted}) != codes.end();
  const int code = interrupted() && cut_short ? kInterrupted : first_failure;
  // A single input stopped before it began has no failure of its own to say so.
  if (!batch && not_started > 0)
    term.error(fmt::format("'{}': cancelled before it was read; nothing written", inputs.front()));
  if (as_json) {
    json env = envelope_json(command, std::move(results), code);
    env["skipped_not_media"] = skipped_not_media;
    env["skipped_subfolders"] = skipped_subfolders;
    print_json(env);
  } else if (batch && term.verbosity() != Verbosity::quiet) {
    std::string line = fmt::format("{} of {} inputs {}", ok, inputs.size(), done_word);
    if (failed) line += fmt::format(", {} failed", failed);
    if (skipped) line += fmt::format(", {} skipped (output exists, -n)", skipped);
    if (stopped) line += fmt::format(", {} interrupted", stopped);
    if (not_started) line += fmt::format(", {} not started", not_started);
    if (skipped_not_media)
      line += fmt::format("; {} in the folders skipped as not audio or video",
                          detail::count_of(static_cast<long long>(skipped_not_media), "file"));
    if (skipped_subfolders)
      line += fmt::format("; {} skipped (-r reads subfolders too)",
                          detail::count_of(static_cast<long long>(skipped_subfolders), "subfolder"));
    term.note(line);
  }
  return code;
}

}  // namespace voxclone::cli

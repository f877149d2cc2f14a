// voxclone/review.hpp — listen before you pay: one HTML page with every voice and cut playable.
//
//   auto src = voxclone::InputSource::file("talk.m4a");
//   auto r = voxclone::prepare(src, opts);
//   auto page = voxclone::review_page({.source = &src, .report = &r->report, .sample =
//   &r->sample}); if (page) voxclone::write_file_atomically("talk-review.html",
//   std::as_bytes(std::span(*page)));
//
// The page is one self-contained file (no network, no external script, style or font): the
// verdict and every warning (blocking ones first), the whole input's timeline (content kinds,
// voices in their colours, the kept pieces, each left-out stretch with its reason), every voice
// with its clearest seconds playable and the command that keeps it instead, the kept sample
// playable with its loudness before and after against the target and the true-peak ceiling.
// Clicking the timeline plays the input from there. The audio is MP3 (the library's own
// encoder) in data: URIs. The input is read a second time for them: standard input, which
// cannot be, is refused with an error saying so.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "voxclone/encode.hpp"
#include "voxclone/error.hpp"
#include "voxclone/log.hpp"
#include "voxclone/report.hpp"
#include "voxclone/source.hpp"

namespace voxclone {

/// One input of a page. `report` is required; the rest may be null.
struct ReviewInput {
  /// The input the report describes, read again for the excerpts; null: a page without them.
  const InputSource* source = nullptr;
  /// prepare()'s or check()'s report, or the partial report of a check() that failed.
  const PrepReport* report = nullptr;
  /// The sample prepare() made, played as it is; null: the page assembles and normalises the
  /// kept pieces from the input itself (as prepare() would) to play them.
  const EncodedSample* sample = nullptr;
  /// Why the input cannot make a sample (check()'s error), shown as its verdict.
  const Error* error = nullptr;
};

struct ReviewOptions {
  double target_lufs = -20.0;  ///< the loudness the sample is (or would be) normalised to
  double ceiling_dbtp = -2.0;  ///< its true-peak ceiling
  /// The command the page's suggestions start with: "prep" gives
  /// `voxclone prep 'talk.m4a' --speaker 2`.
  std::string command = "prep";
  /// Options every suggested command repeats after the input, each shell-quoted by the page
  /// ({"--name", "my voice"} for clone).
  std::vector<std::string> command_options;
  /// Inputs up to this long are embedded whole (the timeline seeks anywhere in them).
  double whole_input_seconds = 300.0;
  /// At most this much input audio is embedded for a longer input: its voices' clearest
  /// seconds, the kept window's start, the longest left-out stretches, evenly spread scenes.
  double excerpt_budget_seconds = 300.0;
  /// Each voice's excerpt (its clearest seconds).
  double voice_excerpt_seconds = 6.0;
  /// The page's size to stay under: the sample and the timeline are counted first, and the
  /// input's excerpts (and whether it fits whole) shrink to what is left.
  std::size_t max_page_bytes = 3'000'000;
  Callbacks callbacks;  ///< cancel and log while the input is read again
};

/// The review page of one input.
Result<std::string> review_page(const ReviewInput& input, const ReviewOptions& options = {});

/// One page for several inputs: each with its verdict, its warnings and a player for its
/// sample, worst first (failed, refused, usable with warnings, usable), then by name.
Result<std::string> review_index(std::span<const ReviewInput> inputs,
                                 const ReviewOptions& options = {});

}  // namespace voxclone

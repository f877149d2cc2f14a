// voxclone/combine.hpp — one sample of one person from several recordings (voice notes).
//
//   std::vector<voxclone::InputSource> notes{voxclone::InputSource::file("a.m4a"),
//                                            voxclone::InputSource::file("b.ogg")};
//   auto r = voxclone::prepare_combined(notes);
//   if (!r) { std::cerr << r.error().message << '\n'; return; }  // "b.ogg sounds like a different person: 0.31"
//   for (auto& p : r->pieces) ... p.input, p.input_start_seconds, p.output_start_seconds
//
// Each input is checked as check() would (its main voice, or the voice like `prep.like`; its
// clean speech cut in pauses) and its kept speech brought to the target loudness by a gain; the
// inputs' voiceprints are compared, and one whose voice is someone else's is refused by name:
// never mixed in. The pieces are joined with short silent gaps, and the whole is normalised
// (limited once), encoded (an MP3 re-tuned as prepare() does) and checked. With
// prep.threads > 1 (0: every core) several inputs are checked at once; the result is the same.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "voxclone/prep.hpp"
#include "voxclone/voiceprint.hpp"

namespace voxclone {

struct CombineOptions {
  /// Format, loudness, the selection rules. select.min_seconds and select.max_seconds hold for
  /// the whole sample; like, when set, chooses the voice in every input.
  PrepOptions prep;
  double gap_seconds = 0.5;               ///< silence between two inputs' speech
  /// Least clean speech an input must bring to be used (1 s, the floor: the quality rules that
  /// count seconds, select.min_seconds among them, hold for the combination, not for each
  /// input; a voice note often gives only a few clean seconds).
  double min_seconds_each = 1.0;
  double min_score = kSamePersonScore;    ///< an input scoring less against the others is refused
};

struct CombinedInput {
  std::string name;
  /// Its voice against the example (prep.like), else against the inputs that hold one person:
  /// the two most alike and those that sound like every one of them so far (for a member, the
  /// score it joined with; for an input left out, the lower median of its scores against the
  /// members). 1 for an input that is the reference alone (no two inputs sound alike).
  double score = 0.0;
  /// The input checked alone (check()'s report): what it keeps and why. Its window loudness
  /// has no true peak (null in JSON): the whole is normalised, not each input.
  PrepReport report;
  /// False for an input whose voice could not be measured (too little voiced speech, though it
  /// had clean speech to keep): it is not compared, none of its speech is used (score 0).
  bool judged = true;
};

/// A stretch of the sample and where it came from.
struct CombinedPiece {
  std::size_t input = 0;  ///< index into CombineResult::inputs
  double input_start_seconds = 0.0, input_end_seconds = 0.0;
  double output_start_seconds = 0.0, output_end_seconds = 0.0;
};

struct CombineResult {
  EncodedSample sample;
  std::vector<CombinedInput> inputs;
  std::vector<CombinedPiece> pieces;  ///< in output order
  Voiceprint voiceprint;              ///< the inputs' voices pooled
  NormaliseResult normalised;         ///< the whole, after joining
  double speech_seconds = 0.0;        ///< speech in the sample
  std::vector<Warning> warnings;      ///< the inputs' own, each naming its input
};

/// Fails with invalid_argument (fewer than two inputs, bad options), the first input's own
/// error (named; so does an input with no speech at all, no_speech), no_matching_voice (an input is another person, named with its score) or
/// too_little_speech (the inputs together hold less than prep.select.min_seconds: the message
/// names each input with the seconds it gave of the speech heard in it, or why it gave none). An
/// input in which two voices talk about as much, or whose voice cannot be measured (with too
/// little clean speech to keep, or some kept), does not fail it: nothing of it is kept (a
/// combine_input_unused warning), the first judged by the closer of its two voices, the second
/// not judged (CombinedInput::judged). When the others fall short of prep.select.min_seconds, a
/// tied input's voice that sounds like them (min_score) is kept after all, its speech joined last
/// only if what its check kept scores min_score against them too.
Result<CombineResult> prepare_combined(std::span<const InputSource> inputs, const CombineOptions& options = {});

/// Aligned lines: every input with its score, then which seconds came from which file.
std::string to_text(const CombineResult& result);

}  // namespace voxclone

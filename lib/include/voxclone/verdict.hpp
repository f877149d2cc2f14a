// voxclone/verdict.hpp — would the sample make a good voice? One verdict for every door.
//
//   auto r = voxclone::prepare(voxclone::InputSource::file("talk.m4a"));
//   const voxclone::SampleVerdict& v = *r->report.verdict;     // the same as assess(r->report)
//   if (v.kind == voxclone::VerdictKind::refuse)
//     for (const auto& why : v.reasons) if (why.blocks_upload) std::cerr << why.message << '\n';
//   client.clone(*r, request);                    // refuses that verdict unless {.force = true}
//
// The verdict judges what is KEPT: the warnings of the report, weighed by one table
// (verdict_rules()), with the figures measured on the kept pieces (PrepReport::kept), never on
// the whole input. `voxclone check`, `prep` and `clone`, Client::clone(const PrepResult&, ...)
// and Python's Client.clone all read this one verdict.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace voxclone {

struct PrepReport;  // voxclone/report.hpp
struct KeptFigures;

/// The three outcomes, from best to worst.
enum class VerdictKind {
  usable,                ///< nothing to say about the kept audio
  usable_with_warnings,  ///< something to improve, nothing that stops an upload
  refuse,                ///< the clone would copy something that is not the voice: no upload
                         ///< unless forced (CloneSafety::force, `clone --force`, force=True)
};
/// "usable", "usable_with_warnings", "refuse": as JSON and Python spell it.
std::string_view to_string(VerdictKind kind) noexcept;

/// One warning of the report, as the verdict weighs it.
struct VerdictReason {
  std::string code;     ///< the warning's stable code (warning_codes())
  std::string message;  ///< the warning's words
  bool blocks_upload = false;
};

struct SampleVerdict {
  VerdictKind kind = VerdictKind::usable;
  /// The warnings about the kept audio, in the report's order. Notes about what was left out
  /// (music_left_out, ...) are not reasons: the sample is no worse for them.
  std::vector<VerdictReason> reasons;

  [[nodiscard]] bool blocks_upload() const noexcept { return kind == VerdictKind::refuse; }
  /// The codes of the blocking reasons, comma-separated ("music_under_speech, clipping").
  [[nodiscard]] std::string blocking_codes() const;
};

/// The kept speech's SNR under which the noise becomes part of the voice the service learns.
inline constexpr double kBlockingSnrDb = 15.0;
/// The share of the kept window's samples clipped from which the distortion does.
inline constexpr double kBlockingClippedFraction = 0.001;

/// How a warning weighs.
enum class VerdictWeight {
  note,    ///< says what was left out or how the input was read: not a reason
  warns,   ///< a reason that does not block
  blocks,  ///< a reason that blocks (past its threshold, when the rule has one)
};

/// One row of the table that decides: a warning code, its weight, and for a blocking code with
/// a threshold, the test of the kept figures (below it the code only warns).
struct VerdictRule {
  std::string_view code;
  VerdictWeight weight = VerdictWeight::warns;
  std::string_view blocks_when;  ///< in words, for a UI or a help text; empty: never blocks
  /// Null: a `blocks` code always blocks. Otherwise it blocks only when this says so.
  bool (*past_threshold)(const KeptFigures& kept) = nullptr;
};

/// Every warning code with its weight, in the order of warning_codes(): the one table.
std::span<const VerdictRule> verdict_rules() noexcept;

/// The verdict on a report of prepare() or check(): its warnings weighed by verdict_rules()
/// against its kept figures. prepare() and check() store it in PrepReport::verdict; call this on
/// a report you changed or built yourself.
SampleVerdict assess(const PrepReport& report);

/// The blocking reasons as lines: "the sample would make a poor voice (music_under_speech):\n
///   - music_under_speech: 12 s of the kept speech has music under it ...". Each door adds how
/// to do better and how to force, in its own words.
std::string refusal_message(const SampleVerdict& verdict);

}  // namespace voxclone

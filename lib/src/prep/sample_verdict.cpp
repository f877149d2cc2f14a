// The verdict on a prepared (or checked) sample: the one table that weighs every warning code,
// and the verdict it gives on a report. The CLI's three commands, Client::clone and Python read
// this, so a code blocks an upload in every door or in none.
#include "voxclone/verdict.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "prep/warnings.hpp"
#include "voxclone/report.hpp"

namespace voxclone {
namespace {

bool noise_blocks(const KeptFigures& k) {
  return k.snr_db < kBlockingSnrDb;
}
bool clipping_blocks(const KeptFigures& k) {
  return k.clipped_fraction >= kBlockingClippedFraction;
}

using enum VerdictWeight;

// In the order of warning_codes(). A note says what was left out or how the input was read:
// the kept audio is no worse for it. A code that blocks is one the clone would copy into the
// voice: music, other people, heavy noise, distortion.
constexpr std::array kRules{
    VerdictRule{"truncated", note, ""},
    VerdictRule{"damaged_packets", warns, ""},
    VerdictRule{"unusable_samples", warns, ""},
    VerdictRule{"several_audio_streams", note, ""},
    VerdictRule{"stream_chosen_for_speech", note, ""},
    VerdictRule{"telephone_band", warns, ""},
    VerdictRule{"clipping", blocks, "0.1 % or more of the kept audio clipped", clipping_blocks},
    VerdictRule{"cut_inside_speech", warns, ""},
    VerdictRule{"high_noise_floor", blocks, "noise (or a room's echo) less than 15 dB below the kept speech",
                noise_blocks},
    VerdictRule{"music_left_out", note, ""},
    VerdictRule{"other_speakers_left_out", note, ""},
    VerdictRule{"other_sound_left_out", note, ""},
    VerdictRule{"music_under_speech", blocks, "music under the kept speech"},
    VerdictRule{"background_voices", blocks, "other voices in the kept speech's pauses"},
    VerdictRule{"large_gain", warns, ""},
    VerdictRule{"heavy_limiting", warns, ""},
    VerdictRule{"loudness_missed", warns, ""},
    VerdictRule{"duration_advice", warns, ""},
};

// Every warning has a row, in the warning table's order: a new warning cannot be forgotten here.
consteval bool every_code_has_its_rule() {
  std::size_t r = 0;
  for (std::size_t i = 0; i < detail::kWarnings.size(); ++i) {
    const std::string_view code = detail::kWarnings[i].code;
    if (r < kRules.size() && kRules[r].code == code) {
      ++r;
      continue;
    }
    if (r == 0 || kRules[r - 1].code != code) return false;  // a second wording of the same code
  }
  return r == kRules.size();
}
static_assert(every_code_has_its_rule(),
              "kRules must weigh every warning code, in kWarnings' order");

const VerdictRule* rule_for(std::string_view code) {
  auto it = std::find_if(kRules.begin(), kRules.end(),
                         [&](const VerdictRule& r) { return r.code == code; });
  return it == kRules.end() ? nullptr : &*it;
}

// The figures a report's thresholds are held to: the kept pieces', or, for a report that has
// none (built by hand), the whole input's.
KeptFigures figures_of(const PrepReport& r) {
  if (r.kept) return *r.kept;
  KeptFigures k;
  k.snr_db = r.snr_db;
  k.noise_floor_dbfs = r.noise_floor_dbfs;
  k.clipped_fraction = r.clipped_fraction;
  return k;
}

}  // namespace

std::string_view to_string(VerdictKind kind) noexcept {
  switch (kind) {
    case VerdictKind::usable:
      return "usable";
    case VerdictKind::usable_with_warnings:
      return "usable_with_warnings";
    case VerdictKind::refuse:
      return "refuse";
  }
  return "refuse";
}

std::string SampleVerdict::blocking_codes() const {
  std::string out;
  for (const auto& r : reasons)
    if (r.blocks_upload) out += (out.empty() ? "" : ", ") + r.code;
  return out;
}

std::span<const VerdictRule> verdict_rules() noexcept {
  return kRules;
}

SampleVerdict assess(const PrepReport& report) {
  const KeptFigures kept = figures_of(report);
  SampleVerdict v;
  for (const Warning& w : report.warnings) {
    const VerdictRule* rule = rule_for(w.code);
    // A code this version does not know (a report from a newer one) warns.
    const VerdictWeight weight = rule ? rule->weight : warns;
    if (weight == note) continue;
    const bool blocks_now =
        weight == blocks && (rule->past_threshold == nullptr || rule->past_threshold(kept));
    v.reasons.push_back({w.code, w.message, blocks_now});
  }
  const bool any_block = std::any_of(v.reasons.begin(), v.reasons.end(),
                                     [](const VerdictReason& r) { return r.blocks_upload; });
  v.kind = any_block           ? VerdictKind::refuse
           : v.reasons.empty() ? VerdictKind::usable
                               : VerdictKind::usable_with_warnings;
  return v;
}

std::string refusal_message(const SampleVerdict& verdict) {
  std::string why;
  for (const auto& r : verdict.reasons)
    if (r.blocks_upload) why += fmt::format("\n  - {}: {}", r.code, r.message);
  return fmt::format("the sample would make a poor voice ({}):{}", verdict.blocking_codes(), why);
}

}  // namespace voxclone

// What the sample left out and why (prep/left_out.hpp): the input's time outside the kept
// pieces, cut along the content timeline's stretches and named by what each holds.
#include "prep/left_out.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace voxclone::detail {
namespace {

// Below this a stretch is a splice's rounding, not something a listener would look for.
constexpr double kShortest = 0.05;

// The input time outside the kept pieces, as [start, end) stretches.
std::vector<Piece> complement(const Selection& s, double duration) {
  std::vector<Piece> pieces = s.pieces;
  std::sort(pieces.begin(), pieces.end(),
            [](const Piece& a, const Piece& b) { return a.start_seconds < b.start_seconds; });
  std::vector<Piece> out;
  double at = 0.0;
  for (const Piece& p : pieces) {
    if (p.start_seconds > at + kShortest) out.push_back({at, p.start_seconds});
    at = std::max(at, p.end_seconds);
  }
  if (duration > at + kShortest) out.push_back({at, duration});
  return out;
}

double input_duration(const PrepReport& r) {
  double d = r.input.duration_seconds;
  if (r.content && !r.content->timeline.empty())
    d = std::max(d, r.content->timeline.back().end_seconds);
  if (r.selection) d = std::max(d, r.selection->end_seconds);
  return d;
}

// The reason for one stretch of content inside a left-out gap; false: nothing to list
// (silence outside the window).
bool reason_for(const Stretch& s, int kept_speaker, bool in_window, LeftOut& out) {
  switch (s.kind) {
    case ContentKind::music:
      out.reason = LeftOutReason::music;
      return true;
    case ContentKind::speech_over_music:
      out.reason = LeftOutReason::speech_over_music;
      return true;
    case ContentKind::other:
      out.reason = LeftOutReason::other_sound;
      return true;
    case ContentKind::speech:
      if (s.speaker > 0 && kept_speaker > 0 && s.speaker != kept_speaker) {
        out.reason = LeftOutReason::other_voice;
        out.speaker = s.speaker;
      } else {
        out.reason = in_window ? LeftOutReason::pause_shortened : LeftOutReason::outside_window;
      }
      return true;
    case ContentKind::silence:
      out.reason = LeftOutReason::pause_shortened;
      return in_window;
  }
  return false;
}

void append_merged(std::vector<LeftOut>& out, const LeftOut& l) {
  if (l.end_seconds - l.start_seconds < kShortest) return;
  if (!out.empty()) {
    LeftOut& last = out.back();
    if (last.reason == l.reason && last.speaker == l.speaker && last.in_window == l.in_window &&
        l.start_seconds - last.end_seconds < 1e-6) {
      last.end_seconds = l.end_seconds;
      return;
    }
  }
  out.push_back(l);
}

}  // namespace

std::string_view to_string(LeftOutReason reason) noexcept {
  switch (reason) {
    case LeftOutReason::pause_shortened:
      return "pause_shortened";
    case LeftOutReason::other_voice:
      return "other_voice";
    case LeftOutReason::music:
      return "music";
    case LeftOutReason::speech_over_music:
      return "speech_over_music";
    case LeftOutReason::other_sound:
      return "other_sound";
    case LeftOutReason::outside_window:
      return "outside_window";
  }
  return "pause_shortened";
}

std::string reason_words(LeftOutReason reason, int speaker) {
  switch (reason) {
    case LeftOutReason::pause_shortened:
      return "pause shortened";
    case LeftOutReason::other_voice:
      return fmt::format("voice {}", speaker);
    case LeftOutReason::music:
      return "music";
    case LeftOutReason::speech_over_music:
      return "speech over music";
    case LeftOutReason::other_sound:
      return "other sound";
    case LeftOutReason::outside_window:
      return "kept voice, past the window";
  }
  return "left out";
}

std::vector<LeftOut> left_out(const PrepReport& r) {
  std::vector<LeftOut> out;
  if (!r.selection || r.selection->pieces.empty()) return out;
  const Selection& sel = *r.selection;
  const double first = sel.pieces.front().start_seconds, last = sel.pieces.back().end_seconds;
  for (const Piece& gap : complement(sel, input_duration(r))) {
    const bool in_window = gap.start_seconds >= first - 1e-6 && gap.end_seconds <= last + 1e-6;
    if (!r.content || r.content->timeline.empty()) {
      // No content analysis: only the window's own gaps are known to be pauses.
      if (in_window)
        append_merged(
            out, {gap.start_seconds, gap.end_seconds, LeftOutReason::pause_shortened, 0, true});
      continue;
    }
    for (const Stretch& s : r.content->timeline) {
      const double a = std::max(s.start_seconds, gap.start_seconds);
      const double b = std::min(s.end_seconds, gap.end_seconds);
      if (b <= a) continue;
      LeftOut l{a, b, LeftOutReason::pause_shortened, 0, in_window};
      if (reason_for(s, r.kept_speaker, in_window, l)) append_merged(out, l);
    }
  }
  return out;
}

LeftOutReason gap_reason(const std::vector<LeftOut>& all, double gap_start, double gap_end,
                         int* speaker) {
  // Which reason tells a listener most: something that is not the voice before a mere pause.
  auto weight = [](LeftOutReason r) {
    switch (r) {
      case LeftOutReason::other_voice:
        return 5;
      case LeftOutReason::speech_over_music:
        return 4;
      case LeftOutReason::music:
        return 3;
      case LeftOutReason::other_sound:
        return 2;
      case LeftOutReason::outside_window:
        return 1;
      case LeftOutReason::pause_shortened:
        return 0;
    }
    return 0;
  };
  LeftOutReason best = LeftOutReason::pause_shortened;
  int who = 0;
  for (const LeftOut& l : all) {
    if (l.end_seconds <= gap_start || l.start_seconds >= gap_end) continue;
    if (weight(l.reason) > weight(best)) {
      best = l.reason;
      who = l.speaker;
    }
  }
  if (speaker) *speaker = who;
  return best;
}

}  // namespace voxclone::detail

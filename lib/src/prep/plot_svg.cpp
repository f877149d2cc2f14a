// The report as an SVG picture (voxclone/plot.hpp). Written by hand: SVG is a few lines of text
// per shape, and a drawing library (cairo) would add a dependency for no gain in a vector format.
#include "voxclone/plot.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "prep/left_out.hpp"
#include "prep/palette.hpp"
#include "voxclone/verdict.hpp"

namespace voxclone {
namespace {

using detail::kind_colour;
using detail::speaker_colour;

constexpr int kLeft = 84, kRight = 24;
constexpr int kTitleY = 26, kSubtitleY = 46;
constexpr int kWaveTop = 60, kWaveHeight = 150;
constexpr int kTimelineTop = 220, kTimelineHeight = 24;
constexpr int kKeptTop = 252, kKeptHeight = 16;
constexpr int kAxisY = 276;
constexpr int kLoudTop = 312;
constexpr int kLegendY = 392;
constexpr int kWarningsY = 420;   // the verdict and the warnings, a line each, below the legend
constexpr int kLineHeight = 16;
constexpr std::size_t kWarningsShown = 12;

constexpr const char* kSilence = detail::kSilenceColour;
constexpr const char* kMusic = detail::kMusicColour;
constexpr const char* kOverMusic = detail::kOverMusicColour;
constexpr const char* kOther = detail::kOtherColour;
constexpr const char* kPiece = detail::kKeptColour;
constexpr const char* kPause = "#b8bec7";

std::string escape(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default:
        if (c < 0x20) out += '?';  // control characters are not allowed in XML 1.0
        else out += static_cast<char>(c);
    }
  }
  return out;
}

std::string mmss(double seconds) {
  const auto t = static_cast<long>(std::lround(std::max(0.0, seconds)));
  if (t >= 3600) return fmt::format("{}:{:02}:{:02}", t / 3600, t / 60 % 60, t % 60);
  return fmt::format("{}:{:02}", t / 60, t % 60);
}

std::string mmss_tenths(double seconds) {
  const double t = std::max(0.0, seconds);
  const auto whole = static_cast<long>(t);
  return fmt::format("{}:{:02}.{}", whole / 60, whole % 60, static_cast<int>((t - static_cast<double>(whole)) * 10));
}

// A left-out stretch's colour: the voice's own for a voice, the content kind's for the rest.
const char* reason_colour(detail::LeftOutReason reason, int speaker) {
  switch (reason) {
    case detail::LeftOutReason::pause_shortened: return kPause;
    case detail::LeftOutReason::other_voice: return speaker_colour(speaker);
    case detail::LeftOutReason::music: return kMusic;
    case detail::LeftOutReason::speech_over_music: return kOverMusic;
    case detail::LeftOutReason::other_sound: return kOther;
    case detail::LeftOutReason::outside_window: return kPiece;
  }
  return kOther;
}

// A left-out gap in the kept row: a shortened pause is a thin grey bar at mid-height (nothing
// but silence went); a voice, music or other sound cut out is a full-height block of its
// colour under white hatching, so it reads as "taken out", never as kept.
std::string gap_shape(double x, double w, int top, int height, detail::LeftOutReason reason, int speaker) {
  if (reason == detail::LeftOutReason::pause_shortened)
    return fmt::format(R"(<rect x="{:.2f}" y="{}" width="{:.2f}" height="4" fill="{}"/>)", x, top + height / 2 - 2, w, kPause);
  return fmt::format(R"svg(<rect x="{0:.2f}" y="{1}" width="{2:.2f}" height="{3}" fill="{4}"/><rect x="{0:.2f}" y="{1}" width="{2:.2f}" height="{3}" fill="url(#cut-hatch)"/>)svg",
                     x, top - 3, w, height + 6, reason_colour(reason, speaker));
}

// Fits a warning line in the picture's width (SVG text does not wrap); the whole text is in
// the line's <title>.
std::string fit(const std::string& text, double width_px) {
  const auto chars = static_cast<std::size_t>(std::max(20.0, width_px / 6.6));
  if (text.size() <= chars) return text;
  std::size_t cut = chars - 1;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 character
  return text.substr(0, cut) + "…";
}

bool blocks(const PrepReport& r, const Warning& w) {
  if (!r.verdict) return false;
  return std::any_of(r.verdict->reasons.begin(), r.verdict->reasons.end(), [&](const VerdictReason& why) {
    return why.blocks_upload && why.code == w.code && why.message == w.message;
  });
}

// A tick step giving at most ~12 labels.
double tick_step(double duration) {
  for (double s : {1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 900.0, 1800.0, 3600.0, 7200.0})
    if (duration / s <= 12.0) return s;
  return 3600.0 * std::ceil(duration / 3600.0 / 12.0);
}

struct Scale {
  double duration;
  double width;
  [[nodiscard]] double x(double t) const {
    return kLeft + std::clamp(t, 0.0, duration) / duration * width;
  }
};

std::string lufs(const std::optional<Loudness>& l) {
  if (!l || l->integrated_lufs <= -69.9) return "–";
  return fmt::format("{:.1f} LUFS", l->integrated_lufs);
}

}  // namespace

std::string plot_svg(const PrepReport& r, const PlotOptions& options) {
  const int width = std::clamp(options.width, 400, 4000);
  const double plot_w = width - kLeft - kRight;
  const Waveform& w = r.waveform;
  double duration = std::max(r.input.duration_seconds,
                             w.step_seconds * static_cast<double>(w.min.size()));
  if (r.content && !r.content->timeline.empty())
    duration = std::max(duration, r.content->timeline.back().end_seconds);
  if (!(duration > 0)) duration = 1.0;
  const Scale sc{duration, plot_w};
  const std::size_t warning_lines = std::min(r.warnings.size(), kWarningsShown) + (r.warnings.size() > kWarningsShown);
  const int height = kWarningsY + kLineHeight * static_cast<int>(warning_lines + 1) + 6;

  std::string o;
  o += fmt::format(R"(<svg xmlns="http://www.w3.org/2000/svg" width="{0}" height="{1}" viewBox="0 0 {0} {1}" font-family="DejaVu Sans, Arial, sans-serif" font-size="12">)"
                   "\n", width, height);
  // White hatching over what was cut out (the cut's own colour shows through).
  o += R"svg(<defs><pattern id="cut-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="3" height="6" fill="#ffffff" fill-opacity="0.7"/></pattern></defs>)svg" "\n";
  o += fmt::format(R"(<rect class="background" x="0" y="0" width="{}" height="{}" fill="#ffffff"/>)" "\n", width, height);

  // Title line: the file and the main figures.
  std::string title = r.input_name.empty() ? "voxclone" : r.input_name;
  std::string figures = fmt::format("{} recording, {:.1f} s speech", mmss(duration), r.speech_seconds);
  if (r.selection) {
    const Selection& s = *r.selection;
    figures += fmt::format(" · kept {}–{} → {:.1f} s sample ({:.1f} s speech)", mmss_tenths(s.start_seconds),
                           mmss_tenths(s.end_seconds), s.output_seconds, s.speech_seconds);
  }
  if (r.content && r.content->speakers.size() > 1 && r.kept_speaker > 0)
    figures += fmt::format(" · voice {} of {}", r.kept_speaker, r.content->speakers.size());
  figures += r.kept ? fmt::format(" · SNR ~{:.0f} dB kept ({:.0f} dB whole)", r.kept->snr_db, r.snr_db)
                    : fmt::format(" · SNR ~{:.0f} dB", r.snr_db);
  figures += fmt::format(" · loudness {} → {}", lufs(r.window_loudness),
                         r.normalised ? lufs(r.normalised->after) : std::string("(check: not normalised)"));
  o += fmt::format(R"(<text class="title" x="{}" y="{}" font-size="16" font-weight="bold">{}</text>)" "\n",
                   kLeft, kTitleY, escape(title));
  o += fmt::format(R"(<text class="figures" x="{}" y="{}" fill="#333">{}</text>)" "\n", kLeft, kSubtitleY,
                   escape(figures));

  // The kept pieces shaded behind the waveform (only what was kept: the window's gaps stay
  // white), the window's outline around them, then the waveform: one vertical line per pixel.
  if (r.selection) {
    for (const Piece& p : r.selection->pieces)
      o += fmt::format(R"(<rect class="kept-shade" data-start="{:.3f}" data-end="{:.3f}" x="{:.2f}" y="{}" width="{:.2f}" height="{}" fill="{}" fill-opacity="0.14"/>)" "\n",
                       p.start_seconds, p.end_seconds, sc.x(p.start_seconds), kWaveTop,
                       std::max(0.5, sc.x(p.end_seconds) - sc.x(p.start_seconds)), kWaveHeight, kPiece);
    o += fmt::format(R"(<rect class="window" data-start="{:.3f}" data-end="{:.3f}" x="{:.1f}" y="{}" width="{:.1f}" height="{}" fill="none" stroke="{}" stroke-width="1" stroke-dasharray="4 3"/>)" "\n",
                     r.selection->start_seconds, r.selection->end_seconds, sc.x(r.selection->start_seconds),
                     kWaveTop, sc.x(r.selection->end_seconds) - sc.x(r.selection->start_seconds), kWaveHeight,
                     kPiece);
  }
  o += fmt::format(R"(<rect class="wave-frame" x="{}" y="{}" width="{:.0f}" height="{}" fill="none" stroke="#ccc"/>)" "\n",
                   kLeft, kWaveTop, plot_w, kWaveHeight);
  const double mid = kWaveTop + kWaveHeight / 2.0, half = kWaveHeight / 2.0 - 2;
  o += fmt::format(R"(<line x1="{}" y1="{:.1f}" x2="{:.0f}" y2="{:.1f}" stroke="#ddd"/>)" "\n", kLeft, mid,
                   kLeft + plot_w, mid);
  if (!w.min.empty() && w.step_seconds > 0) {
    std::string d;
    const auto pixels = static_cast<std::size_t>(plot_w);
    for (std::size_t px = 0; px < pixels; ++px) {
      const double t0 = duration * static_cast<double>(px) / plot_w;
      const double t1 = duration * static_cast<double>(px + 1) / plot_w;
      auto b0 = static_cast<std::size_t>(t0 / w.step_seconds);
      auto b1 = std::max(b0 + 1, static_cast<std::size_t>(std::ceil(t1 / w.step_seconds)));
      if (b0 >= w.min.size()) break;
      b1 = std::min(b1, w.min.size());
      float lo = w.min[b0], hi = w.max[b0];
      for (std::size_t b = b0 + 1; b < b1; ++b) {
        lo = std::min(lo, w.min[b]);
        hi = std::max(hi, w.max[b]);
      }
      const double y_hi = mid - std::clamp(static_cast<double>(hi), -1.0, 1.0) * half;
      const double y_lo = mid - std::clamp(static_cast<double>(lo), -1.0, 1.0) * half;
      d += fmt::format("M{:.1f} {:.1f}V{:.1f}", kLeft + static_cast<double>(px) + 0.5, y_hi,
                       std::max(y_lo, y_hi + 0.5));
    }
    o += fmt::format(R"(<path class="waveform" d="{}" stroke="#34495e" stroke-width="1" fill="none"/>)" "\n", d);
  }
  o += fmt::format(R"(<text x="{}" y="{}" text-anchor="end" fill="#555">waveform</text>)" "\n", kLeft - 6,
                   kWaveTop + 14);

  // The content timeline.
  o += fmt::format(R"(<text x="{}" y="{}" text-anchor="end" fill="#555">content</text>)" "\n", kLeft - 6,
                   kTimelineTop + 16);
  if (r.content) {
    for (const auto& s : r.content->timeline) {
      const double x0 = sc.x(s.start_seconds), x1 = sc.x(s.end_seconds);
      o += fmt::format(R"(<rect class="stretch" data-kind="{}" data-speaker="{}" data-start="{:.3f}" data-end="{:.3f}" x="{:.2f}" y="{}" width="{:.2f}" height="{}" fill="{}"><title>{} {}–{}{}</title></rect>)" "\n",
                       to_string(s.kind), s.speaker, s.start_seconds, s.end_seconds, x0, kTimelineTop,
                       std::max(0.0, x1 - x0), kTimelineHeight, kind_colour(s.kind, s.speaker), to_string(s.kind),
                       mmss_tenths(s.start_seconds), mmss_tenths(s.end_seconds),
                       s.speaker > 0 ? fmt::format(" (voice {})", s.speaker) : std::string());
    }
  }

  // The kept pieces, and between them what was shortened or cut out.
  o += fmt::format(R"(<text x="{}" y="{}" text-anchor="end" fill="#555">kept</text>)" "\n", kLeft - 6,
                   kKeptTop + 12);
  std::vector<detail::LeftOutReason> cut_reasons;  // drawn between pieces, for the legend
  if (r.selection) {
    const auto left = detail::left_out(r);
    const auto& pieces = r.selection->pieces;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
      const auto& p = pieces[i];
      const double x0 = sc.x(p.start_seconds), x1 = sc.x(p.end_seconds);
      o += fmt::format(R"(<rect class="piece" data-start="{:.3f}" data-end="{:.3f}" x="{:.2f}" y="{}" width="{:.2f}" height="{}" fill="{}"><title>kept {}–{}</title></rect>)" "\n",
                       p.start_seconds, p.end_seconds, x0, kKeptTop, std::max(0.5, x1 - x0), kKeptHeight, kPiece,
                       mmss_tenths(p.start_seconds), mmss_tenths(p.end_seconds));
      if (i + 1 < pieces.size() && pieces[i + 1].start_seconds > p.end_seconds) {
        const double g0 = p.end_seconds, g1 = pieces[i + 1].start_seconds;
        int speaker = 0;
        const auto reason = detail::gap_reason(left, g0, g1, &speaker);
        cut_reasons.push_back(reason);
        o += fmt::format(R"(<g class="gap" data-reason="{}" data-start="{:.3f}" data-end="{:.3f}"><title>left out {:.1f} s: {}</title>{}</g>)" "\n",
                         detail::to_string(reason), g0, g1, g1 - g0, detail::reason_words(reason, speaker),
                         gap_shape(sc.x(g0), std::max(1.0, sc.x(g1) - sc.x(g0)), kKeptTop, kKeptHeight, reason, speaker));
      }
    }
  }

  // The time axis, in mm:ss.
  const double step = tick_step(duration);
  o += fmt::format(R"(<line x1="{}" y1="{}" x2="{:.0f}" y2="{}" stroke="#333"/>)" "\n", kLeft, kAxisY,
                   kLeft + plot_w, kAxisY);
  for (double t = 0; t <= duration + 1e-9; t += step) {
    const double x = sc.x(t);
    o += fmt::format(R"(<line x1="{0:.1f}" y1="{1}" x2="{0:.1f}" y2="{2}" stroke="#333"/><text class="tick" x="{0:.1f}" y="{3}" text-anchor="middle">{4}</text>)" "\n",
                     x, kAxisY, kAxisY + 5, kAxisY + 18, mmss(t));
  }

  // Loudness before and after, on a -60..0 LUFS scale, with the true peaks.
  const double lw = std::min(plot_w, 600.0);
  auto lx = [&](double db) { return kLeft + (std::clamp(db, -60.0, 0.0) + 60.0) / 60.0 * lw; };
  auto bar = [&](int y, const char* label, const char* cls, const std::optional<Loudness>& l, const char* colour) {
    o += fmt::format(R"(<text x="{}" y="{}" text-anchor="end" fill="#555">{}</text>)" "\n", kLeft - 6, y + 11, label);
    o += fmt::format(R"(<rect x="{}" y="{}" width="{:.0f}" height="14" fill="#f3f3f3"/>)" "\n", kLeft, y, lw);
    if (!l || l->integrated_lufs <= -69.9) return;
    o += fmt::format(R"(<rect class="{}" data-lufs="{:.2f}" data-true-peak="{:.2f}" x="{}" y="{}" width="{:.1f}" height="14" fill="{}"/>)" "\n",
                     cls, l->integrated_lufs, l->true_peak_dbtp, kLeft, y, lx(l->integrated_lufs) - kLeft, colour);
    if (l->true_peak_dbtp > -199)
      o += fmt::format(R"(<line x1="{0:.1f}" y1="{1}" x2="{0:.1f}" y2="{2}" stroke="#000" stroke-width="2"/>)" "\n",
                       lx(l->true_peak_dbtp), y - 2, y + 16);
    o += fmt::format(R"(<text x="{:.1f}" y="{}">{:.1f} LUFS, true peak {:.1f} dBTP</text>)" "\n", kLeft + lw + 8,
                     y + 11, l->integrated_lufs, l->true_peak_dbtp);
  };
  bar(kLoudTop, "before", "loudness-before", r.window_loudness, "#95a5a6");
  bar(kLoudTop + 22, "after", "loudness-after", r.normalised ? std::optional<Loudness>(r.normalised->after) : std::nullopt,
      "#2980b9");
  // What normalising aims at: the target loudness (dashed) and the true-peak ceiling (red).
  o += fmt::format(R"(<line class="target" data-lufs="{0:g}" x1="{1:.1f}" y1="{2}" x2="{1:.1f}" y2="{3}" stroke="#222" stroke-dasharray="3 2"/><text x="{1:.1f}" y="{4}" text-anchor="middle" font-size="10">target {0:g} LUFS</text>)" "\n",
                   options.target_lufs, lx(options.target_lufs), kLoudTop - 4, kLoudTop + 38, kLoudTop - 7);
  o += fmt::format(R"(<line class="ceiling" data-dbtp="{0:g}" x1="{1:.1f}" y1="{2}" x2="{1:.1f}" y2="{3}" stroke="#b3261e" stroke-width="2"/><text x="{1:.1f}" y="{4}" text-anchor="start" font-size="10" fill="#b3261e">ceiling {0:g} dBTP</text>)" "\n",
                   options.ceiling_dbtp, lx(options.ceiling_dbtp), kLoudTop - 4, kLoudTop + 38, kLoudTop - 7);
  for (int db = -60; db <= 0; db += 10)
    o += fmt::format(R"(<text x="{:.1f}" y="{}" text-anchor="middle" font-size="10" fill="#777">{}</text>)" "\n",
                     lx(db), kLoudTop + 50, db);
  o += fmt::format(R"(<text x="{:.1f}" y="{}" font-size="10" fill="#777">LUFS (bar: integrated loudness of the kept window; black mark: true peak)</text>)" "\n",
                   kLeft + lw + 8, kLoudTop + 50);

  // Legend: the kinds, each voice heard, and the kept marks.
  double lxpos = kLeft;
  auto swatch = [&](const char* colour, const std::string& text) {
    o += fmt::format(R"(<rect x="{:.0f}" y="{}" width="12" height="12" fill="{}"/><text x="{:.0f}" y="{}">{}</text>)" "\n",
                     lxpos, kLegendY - 10, colour, lxpos + 16, kLegendY, escape(text));
    lxpos += 24 + 7.0 * static_cast<double>(text.size());
  };
  swatch(kSilence, "silence");
  const std::size_t voices = r.content ? std::max<std::size_t>(1, r.content->speakers.size()) : 1;
  for (std::size_t v = 1; v <= std::min<std::size_t>(voices, detail::kSpeakerColours.size()); ++v)
    swatch(speaker_colour(static_cast<int>(v)),
           voices == 1 ? std::string("speech")
                       : fmt::format("voice {}{}", v, static_cast<int>(v) == r.kept_speaker ? " (kept)" : ""));
  swatch(kOverMusic, "speech over music");
  swatch(kMusic, "music");
  swatch(kOther, "other sound");
  swatch(kPiece, "kept piece");
  auto cut_swatch = [&](detail::LeftOutReason reason, int speaker, const std::string& text) {
    o += gap_shape(lxpos, 12, kLegendY - 7, 6, reason, speaker);
    o += fmt::format(R"(<text x="{:.0f}" y="{}">{}</text>)" "\n", lxpos + 16, kLegendY, escape(text));
    lxpos += 24 + 7.0 * static_cast<double>(text.size());
  };
  // The cuts this picture draws, each once (a shortened pause always: the usual cut).
  auto drawn = [&](detail::LeftOutReason why) {
    return std::find(cut_reasons.begin(), cut_reasons.end(), why) != cut_reasons.end();
  };
  cut_swatch(detail::LeftOutReason::pause_shortened, 0, "pause shortened");
  if (drawn(detail::LeftOutReason::other_voice))
    cut_swatch(detail::LeftOutReason::other_voice, r.kept_speaker == 1 ? 2 : 1, "voice cut out");
  for (auto why : {detail::LeftOutReason::speech_over_music, detail::LeftOutReason::music,
                   detail::LeftOutReason::other_sound})
    if (drawn(why)) cut_swatch(why, 0, detail::reason_words(why, 0) + " cut out");

  // The verdict and every warning, blocking ones first, as the report words them.
  const std::string verdict = r.verdict ? "verdict: " + verdict_to_text(*r.verdict) : std::string("verdict: not analysed to the end");
  o += fmt::format(R"(<text class="verdict" x="{}" y="{}" font-weight="bold" fill="{}">{}</text>)" "\n", kLeft, kWarningsY,
                   r.verdict && r.verdict->blocks_upload() ? "#b3261e" : "#222", escape(fit(verdict, plot_w)));
  int line = 1;
  std::size_t shown = 0;
  for (bool blocking : {true, false})
    for (const Warning& warning : r.warnings) {
      if (blocks(r, warning) != blocking || shown == kWarningsShown) continue;
      ++shown;
      const std::string text = (blocking ? "blocks clone: " : "") + warning.code + ": " + warning.message;
      o += fmt::format(R"(<text class="warning" data-code="{}" data-blocks="{}" x="{}" y="{}" fill="{}"><title>{}</title>{}</text>)" "\n",
                       escape(warning.code), blocking ? "true" : "false", kLeft, kWarningsY + kLineHeight * line++,
                       blocking ? "#b3261e" : "#8a5a00", escape(warning.message), escape(fit(text, plot_w)));
    }
  if (r.warnings.size() > kWarningsShown)
    o += fmt::format(R"(<text x="{}" y="{}" fill="#555">... and {} more warnings (the report lists them all)</text>)" "\n",
                     kLeft, kWarningsY + kLineHeight * line, r.warnings.size() - kWarningsShown);
  o += "</svg>\n";
  return o;
}

}  // namespace voxclone

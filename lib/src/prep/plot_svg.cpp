// The report as an SVG picture (voxclone/plot.hpp). Written by hand: SVG is a few lines of text
// per shape, and a drawing library (cairo) would add a dependency for no gain in a vector format.
#include "voxclone/plot.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

#include <fmt/format.h>

namespace voxclone {
namespace {

constexpr int kLeft = 84, kRight = 24;
constexpr int kTitleY = 26, kSubtitleY = 46;
constexpr int kWaveTop = 60, kWaveHeight = 150;
constexpr int kTimelineTop = 220, kTimelineHeight = 24;
constexpr int kKeptTop = 252, kKeptHeight = 16;
constexpr int kAxisY = 276;
constexpr int kLoudTop = 312;
constexpr int kLegendY = 392;
constexpr int kHeight = 420;

constexpr std::array<const char*, 8> kSpeakerColours = {"#1f77b4", "#9467bd", "#e377c2", "#17becf",
                                                        "#8c564b", "#bcbd22", "#393b79", "#7f7f7f"};
constexpr const char* kSilence = "#e6e6e6";
constexpr const char* kMusic = "#f4a259";
constexpr const char* kOverMusic = "#c8553d";
constexpr const char* kOther = "#a0a0a0";
constexpr const char* kPiece = "#2e8b57";
constexpr const char* kGap = "#d62728";

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

const char* speaker_colour(int speaker) {
  return kSpeakerColours[static_cast<std::size_t>(std::max(1, speaker) - 1) % kSpeakerColours.size()];
}

const char* kind_colour(const Stretch& s) {
  switch (s.kind) {
    case ContentKind::silence: return kSilence;
    case ContentKind::speech: return speaker_colour(s.speaker);
    case ContentKind::music: return kMusic;
    case ContentKind::speech_over_music: return kOverMusic;
    case ContentKind::other: return kOther;
  }
  return kOther;
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

  std::string o;
  o += fmt::format(R"(<svg xmlns="http://www.w3.org/2000/svg" width="{0}" height="{1}" viewBox="0 0 {0} {1}" font-family="DejaVu Sans, Arial, sans-serif" font-size="12">)"
                   "\n", width, kHeight);
  o += fmt::format(R"(<rect class="background" x="0" y="0" width="{}" height="{}" fill="#ffffff"/>)" "\n", width, kHeight);

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
  figures += fmt::format(" · loudness {} → {}", lufs(r.window_loudness),
                         r.normalised ? lufs(r.normalised->after) : std::string("(check: not normalised)"));
  o += fmt::format(R"(<text class="title" x="{}" y="{}" font-size="16" font-weight="bold">{}</text>)" "\n",
                   kLeft, kTitleY, escape(title));
  o += fmt::format(R"(<text class="figures" x="{}" y="{}" fill="#333">{}</text>)" "\n", kLeft, kSubtitleY,
                   escape(figures));

  // The kept window behind the waveform, then the waveform: one vertical line per pixel.
  if (r.selection)
    o += fmt::format(R"(<rect class="window" data-start="{:.3f}" data-end="{:.3f}" x="{:.1f}" y="{}" width="{:.1f}" height="{}" fill="{}" fill-opacity="0.12" stroke="{}" stroke-width="1"/>)" "\n",
                     r.selection->start_seconds, r.selection->end_seconds, sc.x(r.selection->start_seconds),
                     kWaveTop, sc.x(r.selection->end_seconds) - sc.x(r.selection->start_seconds), kWaveHeight,
                     kPiece, kPiece);
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
                       std::max(0.0, x1 - x0), kTimelineHeight, kind_colour(s), to_string(s.kind),
                       mmss_tenths(s.start_seconds), mmss_tenths(s.end_seconds),
                       s.speaker > 0 ? fmt::format(" (voice {})", s.speaker) : std::string());
    }
  }

  // The kept pieces, and between them what was shortened or cut out.
  o += fmt::format(R"(<text x="{}" y="{}" text-anchor="end" fill="#555">kept</text>)" "\n", kLeft - 6,
                   kKeptTop + 12);
  if (r.selection) {
    const auto& pieces = r.selection->pieces;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
      const auto& p = pieces[i];
      const double x0 = sc.x(p.start_seconds), x1 = sc.x(p.end_seconds);
      o += fmt::format(R"(<rect class="piece" data-start="{:.3f}" data-end="{:.3f}" x="{:.2f}" y="{}" width="{:.2f}" height="{}" fill="{}"><title>kept {}–{}</title></rect>)" "\n",
                       p.start_seconds, p.end_seconds, x0, kKeptTop, std::max(0.5, x1 - x0), kKeptHeight, kPiece,
                       mmss_tenths(p.start_seconds), mmss_tenths(p.end_seconds));
      if (i + 1 < pieces.size() && pieces[i + 1].start_seconds > p.end_seconds) {
        const double g0 = p.end_seconds, g1 = pieces[i + 1].start_seconds;
        o += fmt::format(R"(<rect class="gap" data-start="{:.3f}" data-end="{:.3f}" x="{:.2f}" y="{}" width="{:.2f}" height="{}" fill="{}"><title>left out {:.1f} s (pause shortened or sound cut out)</title></rect>)" "\n",
                         g0, g1, sc.x(g0), kKeptTop - 3, std::max(1.0, sc.x(g1) - sc.x(g0)), kKeptHeight + 6, kGap,
                         g1 - g0);
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
  for (std::size_t v = 1; v <= std::min<std::size_t>(voices, kSpeakerColours.size()); ++v)
    swatch(speaker_colour(static_cast<int>(v)),
           voices == 1 ? std::string("speech")
                       : fmt::format("voice {}{}", v, static_cast<int>(v) == r.kept_speaker ? " (kept)" : ""));
  swatch(kOverMusic, "speech over music");
  swatch(kMusic, "music");
  swatch(kOther, "other sound");
  swatch(kPiece, "kept piece");
  swatch(kGap, "shortened / cut out");
  o += "</svg>\n";
  return o;
}

}  // namespace voxclone

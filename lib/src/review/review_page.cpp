// The review page (voxclone/review.hpp): one self-contained HTML file per input, or one for
// several. This file writes the sections in page order; the sound comes from excerpts.cpp, the
// style and script from page_assets.hpp. HTML is written by hand: a templating library would
// add a dependency for a page of a dozen fixed sections.
#include "voxclone/review.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "prep/left_out.hpp"
#include "prep/palette.hpp"
#include "review/excerpts.hpp"
#include "review/html.hpp"
#include "review/page_assets.hpp"
#include "voxclone/verdict.hpp"

namespace voxclone {
namespace {

using detail::Clip;
using detail::ClipRole;
using detail::clock_tenths;
using detail::clock_whole;
using detail::html_escape;
using detail::LeftOut;
using detail::SamplePreview;

constexpr std::size_t kLeftOutRows = 150;  // the table's rows at most (the timeline shows all)

// Everything the page plays.
struct PageAudio {
  std::vector<Clip> clips;
  std::optional<SamplePreview> sample;
};

double duration_of(const PrepReport& r) {
  double d = r.input.duration_seconds;
  if (r.content && !r.content->timeline.empty())
    d = std::max(d, r.content->timeline.back().end_seconds);
  if (d <= 0) d = r.waveform.step_seconds * static_cast<double>(r.waveform.min.size());
  return d > 0 ? d : 1.0;
}

std::string pct(double t, double duration) {
  return fmt::format("{:.4f}%", 100.0 * std::clamp(t / duration, 0.0, 1.0));
}

std::string command_for(const ReviewInput& in, const ReviewOptions& o, const std::string& extra) {
  std::string repeated;
  for (const std::string& option : o.command_options) repeated += " " + detail::shell_quote(option);
  return fmt::format("voxclone {} {}{}{}", o.command, detail::shell_quote(in.report->input_name),
                     repeated, extra);
}

std::string mp3_uri(const std::vector<std::byte>& mp3) {
  return detail::data_uri("audio/mpeg", mp3);
}

// "'talk.m4a': found 6.2 s ..." reads "found 6.2 s ..." under the file's own name.
std::string without_name(const std::string& message, const std::string& name) {
  const std::string prefix = "'" + name + "': ";
  return message.starts_with(prefix) ? message.substr(prefix.size()) : message;
}

// ---- the sound ----

// What the page weighs besides its excerpts: the style and script, the waveform, a tag per
// stretch, piece and left-out stretch on the timeline, a row per left-out stretch, a card per
// voice, and the sample's player. An estimate from above (each item's longest form).
std::size_t fixed_page_bytes(const ReviewInput& in, const std::vector<LeftOut>& left) {
  const PrepReport& r = *in.report;
  std::size_t n = 60'000 + 40'000;  // style, script, headings; the waveform's path
  if (r.content) n += 240 * r.content->timeline.size() + 1'200 * r.content->speakers.size();
  if (r.selection) n += 200 * r.selection->pieces.size();
  n += 260 * left.size() + 420 * std::min<std::size_t>(left.size(), kLeftOutRows);
  n += 400 * r.warnings.size();
  const double rebuilt = r.selection ? r.selection->output_seconds : 0.0;
  return n + detail::sample_page_bytes(in.sample, rebuilt);
}

Result<PageAudio> gather_audio(const ReviewInput& in, const ReviewOptions& o, bool excerpts) {
  PageAudio audio;
  const PrepReport& r = *in.report;
  const bool rebuild_sample = in.sample == nullptr && r.selection && !r.selection->pieces.empty();
  Audio kept;
  if (in.source != nullptr) {
    const auto left = detail::left_out(r);
    // The excerpts get what the page's size leaves them, at most the options' budget.
    const double room =
        static_cast<double>(o.max_page_bytes) - static_cast<double>(fixed_page_bytes(in, left));
    const double budget =
        std::clamp(room / detail::kExcerptPageBytesPerSecond, 0.0, o.excerpt_budget_seconds);
    if (excerpts) audio.clips = detail::plan_clips(r, left, o, budget);
    if (!audio.clips.empty() || rebuild_sample) {
      if (auto read = detail::read_clips(*in.source, r, audio.clips,
                                         rebuild_sample ? &kept : nullptr, o.callbacks);
          !read)
        return std::unexpected(read.error());
      if (auto e = detail::encode_clips(audio.clips); !e) return std::unexpected(e.error());
    }
  }
  if (in.sample != nullptr) {
    auto p = detail::sample_preview(*in.sample);
    if (!p) return std::unexpected(p.error());
    audio.sample = std::move(*p);
  } else if (!kept.samples.empty()) {
    auto p = detail::sample_preview(std::move(kept), o);
    if (!p) return std::unexpected(p.error());
    audio.sample = std::move(*p);
  }
  return audio;
}

// ---- the verdict and the warnings ----

enum class Weight { blocks, warns, note };

Weight weight_of(const PrepReport& r, const Warning& w) {
  if (r.verdict) {
    for (const auto& why : r.verdict->reasons)
      if (why.code == w.code && why.message == w.message)
        return why.blocks_upload ? Weight::blocks : Weight::warns;
    return Weight::note;
  }
  // No verdict (the analysis stopped): the table's weight.
  for (const auto& rule : verdict_rules())
    if (rule.code == w.code)
      return rule.weight == VerdictWeight::note     ? Weight::note
             : rule.weight == VerdictWeight::blocks ? Weight::blocks
                                                    : Weight::warns;
  return Weight::warns;
}

std::string warnings_html(const PrepReport& r) {
  if (r.warnings.empty()) return "<p class=\"muted\">No warnings.</p>\n";
  std::string o = "<ul class=\"warnings\" aria-label=\"Warnings, blocking ones first\">\n";
  for (Weight want : {Weight::blocks, Weight::warns, Weight::note})
    for (const Warning& w : r.warnings) {
      if (weight_of(r, w) != want) continue;
      const char* cls = want == Weight::blocks  ? "blocks"
                        : want == Weight::warns ? "warns"
                                                : "note";
      const char* badge = want == Weight::blocks  ? "blocks clone"
                          : want == Weight::warns ? "warning"
                                                  : "note";
      o += fmt::format(
          "<li class=\"{}\" data-code=\"{}\"><span class=\"badge\">{}</span><code>{}</code> "
          "{}</li>\n",
          cls, html_escape(w.code), badge, html_escape(w.code), html_escape(w.message));
    }
  return o + "</ul>\n";
}

std::string verdict_class(const ReviewInput& in) {
  if (in.error != nullptr || !in.report->verdict) return "failed";
  return std::string(to_string(in.report->verdict->kind));
}

std::string verdict_headline(const ReviewInput& in) {
  const PrepReport& r = *in.report;
  if (in.error != nullptr) return "Not usable: " + without_name(in.error->message, r.input_name);
  if (!r.verdict) return "Not analysed to the end";
  switch (r.verdict->kind) {
    case VerdictKind::usable:
      return "Usable: clone would send this sample";
    case VerdictKind::usable_with_warnings:
      return "Usable, with warnings: clone would send this sample";
    case VerdictKind::refuse:
      return fmt::format("Clone would refuse this sample ({}): it uploads only with --force",
                         r.verdict->blocking_codes());
  }
  return "";
}

std::string verdict_html(const ReviewInput& in) {
  return fmt::format(
      "<section class=\"verdict {}\" aria-labelledby=\"verdict-h\">\n<p class=\"headline\" "
      "id=\"verdict-h\">{}</p>\n{}</section>\n",
      verdict_class(in), html_escape(verdict_headline(in)), warnings_html(*in.report));
}

std::string facts_line(const PrepReport& r) {
  std::vector<std::string> f;
  f.push_back(fmt::format("{} long", clock_whole(duration_of(r))));
  if (!r.input.codec.empty())
    f.push_back(
        fmt::format("{} {} Hz, {} ch", r.input.codec, r.input.sample_rate, r.input.channels));
  f.push_back(fmt::format("{:.1f} s of speech", r.speech_seconds));
  if (r.content && !r.content->speakers.empty())
    f.push_back(fmt::format("{} voice{}", r.content->speakers.size(),
                            r.content->speakers.size() == 1 ? "" : "s"));
  f.push_back(
      fmt::format("SNR ~{:.0f} dB (whole input){}", r.snr_db,
                  r.kept ? fmt::format(", ~{:.0f} dB kept", r.kept->snr_db) : std::string()));
  std::string out;
  for (const auto& s : f) out += (out.empty() ? "" : " · ") + s;
  return out;
}

// ---- the timeline ----

std::string waveform_svg(const PrepReport& r, double duration) {
  const Waveform& w = r.waveform;
  if (w.min.empty() || w.step_seconds <= 0) return {};
  constexpr int kColumns = 1000;
  std::vector<float> lo(kColumns, 0.0f), hi(kColumns, 0.0f);
  for (int c = 0; c < kColumns; ++c) {
    const auto b0 = static_cast<std::size_t>(duration * c / kColumns / w.step_seconds);
    auto b1 = static_cast<std::size_t>(std::ceil(duration * (c + 1) / kColumns / w.step_seconds));
    if (b0 >= w.min.size()) break;
    b1 = std::clamp<std::size_t>(b1, b0 + 1, w.min.size());
    lo[c] = *std::min_element(w.min.begin() + static_cast<std::ptrdiff_t>(b0),
                              w.min.begin() + static_cast<std::ptrdiff_t>(b1));
    hi[c] = *std::max_element(w.max.begin() + static_cast<std::ptrdiff_t>(b0),
                              w.max.begin() + static_cast<std::ptrdiff_t>(b1));
  }
  // The envelope as one filled shape: the highs left to right, the lows back.
  std::string d = "M0 50";
  for (int c = 0; c < kColumns; ++c)
    d += fmt::format("L{} {:.1f}", c, 50 - 48 * std::clamp(hi[c], -1.0f, 1.0f));
  for (int c = kColumns - 1; c >= 0; --c)
    d += fmt::format("L{} {:.1f}", c, 50 - 48 * std::clamp(lo[c], -1.0f, 1.0f));
  return fmt::format(
      "<svg viewBox=\"0 0 {} 100\" preserveAspectRatio=\"none\" aria-hidden=\"true\" "
      "focusable=\"false\">"
      "<path d=\"{}Z\" fill=\"#34495e\" stroke=\"#34495e\" stroke-width=\"0.6\"/></svg>",
      kColumns, d);
}

std::string kind_words(const Stretch& s) {
  if (s.kind == ContentKind::speech && s.speaker > 0) return fmt::format("voice {}", s.speaker);
  switch (s.kind) {
    case ContentKind::silence:
      return "silence";
    case ContentKind::speech:
      return "speech";
    case ContentKind::music:
      return "music";
    case ContentKind::speech_over_music:
      return "speech over music";
    case ContentKind::other:
      return "other sound";
  }
  return "";
}

std::string ticks_html(double duration) {
  double step = 3600.0 * std::ceil(duration / 3600.0 / 10.0);
  for (double s :
       {1.0, 2.0, 5.0, 10.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 900.0, 1800.0, 3600.0})
    if (duration / s <= 10.0) {
      step = s;
      break;
    }
  std::string o = "<div class=\"axis\" aria-hidden=\"true\">";
  for (double t = 0; t <= duration + 1e-9; t += step)
    o += fmt::format("<span{} style=\"left:{}\">{}</span>",
                     t == 0                    ? " class=\"first\""
                     : duration - t < step / 3 ? " class=\"last\""
                                               : "",
                     pct(t, duration), clock_whole(t));
  return o + "</div>";
}

// The legend: each voice, and the kinds and reasons this input's timeline shows.
std::string legend_html(const PrepReport& r, const std::vector<LeftOut>& left) {
  std::string o = "<div class=\"legend\" aria-label=\"Legend\">";
  auto item = [&](const std::string& cls, const std::string& style, const std::string& text) {
    o += fmt::format("<span><span class=\"sw {}\"{}></span>{}</span>", cls,
                     style.empty() ? "" : " style=\"" + style + "\"", html_escape(text));
  };
  auto has_kind = [&](ContentKind k) {
    return r.content && std::any_of(r.content->timeline.begin(), r.content->timeline.end(),
                                    [&](const Stretch& s) { return s.kind == k; });
  };
  auto has_reason = [&](detail::LeftOutReason why) {
    return std::any_of(left.begin(), left.end(), [&](const LeftOut& l) { return l.reason == why; });
  };
  const std::size_t voices = r.content ? r.content->speakers.size() : 0;
  for (std::size_t v = 1; v <= voices && v <= detail::kSpeakerColours.size(); ++v)
    item("", fmt::format("background:{}", detail::speaker_colour(static_cast<int>(v))),
         fmt::format("voice {}{}", v, static_cast<int>(v) == r.kept_speaker ? " (kept)" : ""));
  for (ContentKind k : {ContentKind::speech_over_music, ContentKind::music, ContentKind::other,
                        ContentKind::silence})
    if (has_kind(k)) item(fmt::format("k-{}", to_string(k)), "", kind_words(Stretch{0, 0, k, 0}));
  item("kept-piece", "", "kept piece");
  using detail::LeftOutReason;
  for (LeftOutReason why : {LeftOutReason::pause_shortened, LeftOutReason::other_voice,
                            LeftOutReason::speech_over_music, LeftOutReason::music,
                            LeftOutReason::other_sound, LeftOutReason::outside_window}) {
    if (!has_reason(why)) continue;
    const std::string words = why == LeftOutReason::other_voice       ? "voice cut out"
                              : why == LeftOutReason::pause_shortened ? "pause shortened"
                              : why == LeftOutReason::outside_window
                                  ? "kept voice, no room left"
                                  : detail::reason_words(why, 0) + " cut out";
    item(fmt::format("r-{}", detail::to_string(why)),
         why == LeftOutReason::other_voice
             ? fmt::format("background-color:{}",
                           detail::speaker_colour(r.kept_speaker == 1 ? 2 : 1))
             : "",
         words);
  }
  return o + "</div>\n";
}

std::string clip_audio(const Clip& c, bool hidden, const std::string& label) {
  return fmt::format(
      "<audio controls preload=\"metadata\" data-role=\"{}\" data-start=\"{:.3f}\" "
      "data-end=\"{:.3f}\"{}{} "
      "aria-label=\"{}\" src=\"{}\"></audio>",
      c.role == ClipRole::voice         ? "voice"
      : c.role == ClipRole::whole_input ? "whole"
                                        : "excerpt",
      c.start_seconds, c.end_seconds,
      c.role == ClipRole::voice ? fmt::format(" data-speaker=\"{}\"", c.speaker) : std::string(),
      hidden ? " hidden" : "", html_escape(label), mp3_uri(c.mp3));
}

std::string timeline_html(const PrepReport& r, const std::vector<LeftOut>& left,
                          const PageAudio& audio) {
  const double duration = duration_of(r);
  std::string o =
      "<section aria-labelledby=\"timeline-h\">\n<h2 id=\"timeline-h\">The whole input</h2>\n";
  o += fmt::format(
      "<div id=\"timeline\" class=\"timeline\" role=\"slider\" tabindex=\"0\" "
      "data-duration=\"{:.3f}\" "
      "aria-label=\"Timeline of the whole input: click it, or move with the arrow keys and press "
      "Enter, "
      "to play the input from that moment\" aria-valuemin=\"0\" aria-valuemax=\"{:.1f}\" "
      "aria-valuenow=\"0\" aria-valuetext=\"0:00.0\">\n<div class=\"tl-grid\">\n",
      duration, duration);
  o += "<div class=\"tl-labels\" aria-hidden=\"true\"><div "
       "class=\"wave-l\">waveform</div><div>content</div>"
       "<div>kept</div><div>left out</div></div>\n<div class=\"tracks\">\n";
  o += "<div class=\"track wave\">" + waveform_svg(r, duration) + "</div>\n";
  o += "<div class=\"track content\">";
  if (r.content)
    for (const Stretch& s : r.content->timeline)
      o += fmt::format(
          "<div class=\"seg stretch k-{}\" data-kind=\"{}\" data-speaker=\"{}\" "
          "data-start=\"{:.3f}\" data-end=\"{:.3f}\" "
          "style=\"left:{};width:{}{}\" title=\"{} {}–{}\"></div>",
          to_string(s.kind), to_string(s.kind), s.speaker, s.start_seconds, s.end_seconds,
          pct(s.start_seconds, duration), pct(s.end_seconds - s.start_seconds, duration),
          s.kind == ContentKind::speech
              ? fmt::format(";background:{}", detail::speaker_colour(s.speaker))
              : "",
          kind_words(s), clock_tenths(s.start_seconds), clock_tenths(s.end_seconds));
  o += "</div>\n<div class=\"track kept\">";
  if (r.selection)
    for (const Piece& p : r.selection->pieces)
      o += fmt::format(
          "<div class=\"seg piece kept-piece\" data-start=\"{:.3f}\" data-end=\"{:.3f}\" "
          "style=\"left:{};width:{}\" "
          "title=\"kept {}–{}\"></div>",
          p.start_seconds, p.end_seconds, pct(p.start_seconds, duration),
          pct(p.end_seconds - p.start_seconds, duration), clock_tenths(p.start_seconds),
          clock_tenths(p.end_seconds));
  o += "</div>\n<div class=\"track left\">";
  for (const LeftOut& l : left)
    o += fmt::format(
        "<div class=\"seg left-out r-{}\" data-reason=\"{}\" data-start=\"{:.3f}\" "
        "data-end=\"{:.3f}\" "
        "style=\"left:{};width:{}{}\" title=\"left out {}–{}: {}\"></div>",
        to_string(l.reason), to_string(l.reason), l.start_seconds, l.end_seconds,
        pct(l.start_seconds, duration), pct(l.end_seconds - l.start_seconds, duration),
        l.reason == detail::LeftOutReason::other_voice
            ? fmt::format(";background-color:{}", detail::speaker_colour(l.speaker))
            : "",
        clock_tenths(l.start_seconds), clock_tenths(l.end_seconds),
        detail::reason_words(l.reason, l.speaker));
  o += "</div>\n" + ticks_html(duration) +
       "\n<div class=\"cursor\"></div>\n</div>\n</div>\n</div>\n";
  o += legend_html(r, left);
  // The timeline's player: the input, or its excerpts, one shown at a time.
  o += "<div class=\"player-line\">";
  bool first = true;
  std::size_t timeline_clips = 0;
  for (const Clip& c : audio.clips) {
    if (c.role == ClipRole::voice) continue;
    ++timeline_clips;
    const std::string label =
        c.role == ClipRole::whole_input
            ? fmt::format("The input, {}–{}", clock_tenths(c.start_seconds),
                          clock_tenths(c.end_seconds))
            : fmt::format("Excerpt of the input, {}–{}", clock_tenths(c.start_seconds),
                          clock_tenths(c.end_seconds));
    o += clip_audio(c, !first, label);
    first = false;
  }
  std::string note;
  if (timeline_clips == 0)
    note = "No input audio is embedded in this page.";
  else if (audio.clips.size() > 0 &&
           std::none_of(audio.clips.begin(), audio.clips.end(),
                        [](const Clip& c) { return c.role == ClipRole::whole_input; }))
    note = fmt::format(
        "Click the timeline to play the input from there. A {} input is too long to embed whole: "
        "{} excerpts are, and a click elsewhere plays the nearest one.",
        clock_whole(duration), timeline_clips);
  else
    note = "Click the timeline (or focus it and press Enter) to play the input from there.";
  o += fmt::format(
      "<p id=\"tl-status\" class=\"muted\" role=\"status\" "
      "aria-live=\"polite\">{}</p></div>\n</section>\n",
      html_escape(note));
  return o;
}

// ---- the sample and its loudness ----

std::string loudness_svg(const std::optional<Loudness>& before,
                         const std::optional<Loudness>& after, const ReviewOptions& opt) {
  constexpr double x0 = 64, x1 = 470;
  auto x = [&](double db) { return x0 + (std::clamp(db, -60.0, 0.0) + 60.0) / 60.0 * (x1 - x0); };
  std::string o = fmt::format(
      "<svg viewBox=\"0 0 480 98\" role=\"img\" aria-labelledby=\"loud-text\" font-size=\"11\" "
      "font-family=\"system-ui, DejaVu Sans, sans-serif\">");
  auto row = [&](double y, const char* label, const std::optional<Loudness>& l, const char* colour,
                 const char* cls) {
    o += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"#5b6575\">{}</text>",
                     x0 - 6, y + 11, label);
    o += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"14\" fill=\"#eceff3\"/>", x0, y,
                     x1 - x0);
    if (!l || l->integrated_lufs <= -69.9) return;
    o += fmt::format(
        "<rect class=\"{}\" data-lufs=\"{:.2f}\" data-true-peak=\"{:.2f}\" x=\"{}\" y=\"{}\" "
        "width=\"{:.1f}\" "
        "height=\"14\" fill=\"{}\"/>",
        cls, l->integrated_lufs, l->true_peak_dbtp, x0, y, x(l->integrated_lufs) - x0, colour);
    if (l->true_peak_dbtp > -199)
      o += fmt::format("<path class=\"true-peak\" d=\"M{0:.1f} {1}l-4 -5h8z\" fill=\"#111\"/>",
                       x(l->true_peak_dbtp), y + 2);
  };
  row(18, "before", before, "#95a5a6", "loudness-before");
  row(42, "after", after, "#2980b9", "loudness-after");
  const double tx = x(opt.target_lufs), cx = x(opt.ceiling_dbtp);
  o += fmt::format(
      "<line class=\"target\" x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"12\" y2=\"60\" stroke=\"#1d2430\" "
      "stroke-dasharray=\"3 2\"/>"
      "<text x=\"{0:.1f}\" y=\"9\" text-anchor=\"middle\">target {1:g} LUFS</text>",
      tx, opt.target_lufs);
  o += fmt::format(
      "<line class=\"ceiling\" x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"12\" y2=\"72\" "
      "stroke=\"#b3261e\" stroke-width=\"2\"/>"
      "<text x=\"{0:.1f}\" y=\"70\" text-anchor=\"end\" fill=\"#b3261e\">ceiling {1:g} dBTP</text>",
      cx, opt.ceiling_dbtp);
  for (int db = -60; db <= 0; db += 10)
    o += fmt::format(
        "<text x=\"{:.1f}\" y=\"83\" text-anchor=\"middle\" fill=\"#5b6575\">{}</text>", x(db), db);
  o += fmt::format(
      "<text x=\"{}\" y=\"95\" fill=\"#5b6575\">dB (bar: loudness, LUFS; triangle: true peak, "
      "dBTP)</text>",
      x0);
  return o + "</svg>";
}

std::string level_text(const std::optional<Loudness>& l) {
  if (!l || l->integrated_lufs <= -69.9) return "not measured";
  return fmt::format("{:.1f} LUFS, true peak {:.1f} dBTP", l->integrated_lufs, l->true_peak_dbtp);
}

std::string sample_html(const ReviewInput& in, const PageAudio& audio, const ReviewOptions& opt) {
  const PrepReport& r = *in.report;
  std::string o =
      "<section class=\"panel\" aria-labelledby=\"sample-h\">\n<h2 id=\"sample-h\">The "
      "sample</h2>\n";
  if (!r.selection) {
    o += "<p class=\"muted\">No sample: the analysis found no window to keep (see the verdict "
         "above).</p>\n";
    return o + "</section>\n";
  }
  const Selection& s = *r.selection;
  if (audio.sample) {
    const SamplePreview& p = *audio.sample;
    o += fmt::format(
        "<audio controls preload=\"metadata\" id=\"sample-player\" data-seconds=\"{:.3f}\" "
        "aria-label=\"The kept sample, {:.1f} s{}\" src=\"{}\"></audio>\n",
        p.preview_seconds, p.seconds, r.output ? ", as prep wrote it" : ", as prep would make it",
        mp3_uri(p.mp3));
    o += fmt::format("<p>{:.1f} s ({:.1f} s of speech) from {} pieces of {}–{}{}.</p>\n", p.seconds,
                     s.speech_seconds, s.pieces.size(), clock_tenths(s.start_seconds),
                     clock_tenths(s.end_seconds),
                     s.pauses_shortened > 0
                         ? fmt::format(", {} long pause(s) shortened", s.pauses_shortened)
                         : "");
    std::string how =
        p.exact_bytes ? "the sample's own MP3 bytes"
                      : fmt::format("re-encoded as MP3 to keep the page small{}",
                                    p.preview_seconds + 0.05 < p.seconds
                                        ? fmt::format(" (its first {:.0f} s)", p.preview_seconds)
                                        : "");
    if (r.output)
      how = fmt::format("{}; prep's {} is {} bytes", how, to_string(r.output->format),
                        r.output->bytes);
    else
      how += "; assembled and normalised from the input as prep would";
    o += fmt::format("<p class=\"muted\">Playing {}.</p>\n", html_escape(how));
  } else {
    o += "<p class=\"muted\">The sample is not embedded (the input could not be read again).</p>\n";
  }
  const std::optional<Loudness> after = r.normalised ? std::optional(r.normalised->after)
                                        : audio.sample && audio.sample->normalised
                                            ? std::optional(audio.sample->normalised->after)
                                            : std::nullopt;
  o += "<div class=\"loud\">" + loudness_svg(r.window_loudness, after, opt) + "</div>\n";
  o += fmt::format(
      "<p id=\"loud-text\">Loudness before: {}. After: {} (target {:g} LUFS, ceiling {:g} "
      "dBTP).</p>\n",
      level_text(r.window_loudness), level_text(after), opt.target_lufs, opt.ceiling_dbtp);
  o += fmt::format(
      "<p>This window again: <code>{}</code></p>\n",
      html_escape(command_for(
          in, opt, fmt::format(" --start {:.1f} --end {:.1f}", s.start_seconds, s.end_seconds))));
  return o + "</section>\n";
}

// ---- the voices ----

std::string voices_html(const ReviewInput& in, const PageAudio& audio, const ReviewOptions& opt) {
  const PrepReport& r = *in.report;
  std::string o =
      "<section class=\"panel\" aria-labelledby=\"voices-h\">\n<h2 id=\"voices-h\">Voices</h2>\n";
  if (!r.content || r.content->speakers.empty()) {
    o += "<p class=\"muted\">No voice was told apart.</p>\n";
    return o + "</section>\n";
  }
  o += "<ul class=\"voices\">\n";
  for (const Speaker& sp : r.content->speakers) {
    const bool kept = sp.rank == r.kept_speaker;
    o += fmt::format(
        "<li class=\"voice{}\" data-speaker=\"{}\">\n<div class=\"voice-head\"><span class=\"sw\" "
        "style=\"background:{}\"></span>"
        "<h3>Voice {}</h3>{}<span class=\"muted\">{:.0f} s of speech, first at {}, ~{:.0f} "
        "Hz</span></div>\n",
        kept ? " kept" : "", sp.rank, detail::speaker_colour(sp.rank), sp.rank,
        kept ? "<span class=\"tag\">kept in the sample</span>" : "", sp.talk_seconds,
        clock_tenths(sp.first_seconds), sp.pitch_hz);
    const auto clip = std::find_if(audio.clips.begin(), audio.clips.end(), [&](const Clip& c) {
      return c.role == ClipRole::voice && c.speaker == sp.rank;
    });
    o += "<div class=\"voice-body\">";
    if (clip != audio.clips.end()) {
      o += clip_audio(
          *clip, false,
          fmt::format("Voice {}: its clearest {:.1f} s, {}–{}", sp.rank,
                      clip->end_seconds - clip->start_seconds, clock_tenths(clip->start_seconds),
                      clock_tenths(clip->end_seconds)));
      const double mid = 0.5 * (clip->start_seconds + clip->end_seconds);
      o += fmt::format("<p>{}<code>{}</code> or <code>{}</code></p>",
                       kept ? "The sample keeps this voice; to ask for it by name: "
                            : "Keep this voice instead: ",
                       html_escape(command_for(in, opt, fmt::format(" --speaker {}", sp.rank))),
                       html_escape(command_for(in, opt, fmt::format(" --speaker-at {:.1f}", mid))));
    } else {
      o += fmt::format("<p class=\"muted\">No excerpt embedded.</p><p>{}<code>{}</code></p>",
                       kept ? "The sample keeps this voice; to ask for it by name: "
                            : "Keep this voice instead: ",
                       html_escape(command_for(in, opt, fmt::format(" --speaker {}", sp.rank))));
    }
    o += "</div>\n</li>\n";
  }
  return o + "</ul>\n</section>\n";
}

// ---- what was left out ----

std::string left_out_html(const std::vector<LeftOut>& left) {
  std::string o =
      "<section aria-labelledby=\"left-h\">\n<h2 id=\"left-h\">Left out of the sample</h2>\n";
  if (left.empty()) return o + "<p class=\"muted\">Nothing was left out.</p>\n</section>\n";
  o += "<table>\n<thead><tr><th scope=\"col\">from</th><th scope=\"col\">to</th><th "
       "scope=\"col\">length</th>"
       "<th scope=\"col\">why</th><th scope=\"col\"><span "
       "class=\"visually-hidden\">listen</span></th></tr></thead>\n<tbody>\n";
  std::size_t rows = 0;
  for (const LeftOut& l : left) {
    if (rows++ == kLeftOutRows) break;
    const std::string words = detail::reason_words(l.reason, l.speaker);
    o += fmt::format(
        "<tr data-reason=\"{}\"><td class=\"num\">{}</td><td class=\"num\">{}</td><td "
        "class=\"num\">{:.1f} s</td>"
        "<td><span class=\"sw r-{}\"{}></span>{}</td><td><button type=\"button\" "
        "data-play=\"{:.3f}\" data-until=\"{:.3f}\" "
        "aria-label=\"Play {}–{}, {}, left out\">Play</button></td></tr>\n",
        to_string(l.reason), clock_tenths(l.start_seconds), clock_tenths(l.end_seconds),
        l.end_seconds - l.start_seconds, to_string(l.reason),
        l.reason == detail::LeftOutReason::other_voice
            ? fmt::format(" style=\"background-color:{}\"", detail::speaker_colour(l.speaker))
            : "",
        html_escape(words), l.start_seconds, l.end_seconds, clock_tenths(l.start_seconds),
        clock_tenths(l.end_seconds), html_escape(words));
  }
  o += "</tbody>\n</table>\n";
  if (left.size() > kLeftOutRows)
    o += fmt::format(
        "<p class=\"muted\">... and {} more stretches (all of them are on the timeline).</p>\n",
        left.size() - kLeftOutRows);
  return o + "</section>\n";
}

// ---- the page around them ----

std::string page(const std::string& title, const std::string& body, bool script) {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      // Nothing may be fetched: the page is all there is.
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; media-src data:; "
      "img-src data:; "
      "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
      "<meta name=\"generator\" "
      "content=\"voxclone\">\n<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n<main>\n{}</"
      "main>\n{}</body>\n</html>\n",
      html_escape(title), detail::kReviewCss, body,
      script ? fmt::format("<script>{}</script>\n", detail::kReviewScript) : std::string());
}

}  // namespace

Result<std::string> review_page(const ReviewInput& in, const ReviewOptions& options) {
  if (in.report == nullptr) return fail(ErrorCategory::invalid_argument, "review_page: no report");
  const PrepReport& r = *in.report;
  auto audio = gather_audio(in, options, true);
  if (!audio) return std::unexpected(audio.error());
  const std::vector<LeftOut> left = detail::left_out(r);
  std::string body =
      fmt::format("<header>\n<h1>{}</h1>\n<p class=\"facts\">{}</p>\n</header>\n",
                  html_escape(r.input_name.empty() ? std::string("voxclone review") : r.input_name),
                  html_escape(facts_line(r)));
  body += verdict_html(in);
  body += timeline_html(r, left, *audio);
  body += "<div class=\"cols\">\n" + sample_html(in, *audio, options) +
          voices_html(in, *audio, options) + "</div>\n";
  body += left_out_html(left);
  body +=
      "<p class=\"muted\">Made by voxclone. Everything on this page is in this one file: it "
      "fetches nothing.</p>\n";
  return page(fmt::format("voxclone review: {}", r.input_name), body, true);
}

Result<std::string> review_index(std::span<const ReviewInput> inputs,
                                 const ReviewOptions& options) {
  auto rank = [](const ReviewInput& in) {
    if (in.error != nullptr || !in.report->verdict) return 0;
    switch (in.report->verdict->kind) {
      case VerdictKind::refuse:
        return 1;
      case VerdictKind::usable_with_warnings:
        return 2;
      case VerdictKind::usable:
        return 3;
    }
    return 0;
  };
  std::vector<const ReviewInput*> order;
  for (const ReviewInput& in : inputs) {
    if (in.report == nullptr)
      return fail(ErrorCategory::invalid_argument, "review_index: an input has no report");
    order.push_back(&in);
  }
  std::stable_sort(order.begin(), order.end(), [&](const ReviewInput* a, const ReviewInput* b) {
    return rank(*a) != rank(*b) ? rank(*a) < rank(*b)
                                : a->report->input_name < b->report->input_name;
  });
  int counts[4] = {};
  for (const ReviewInput* in : order) ++counts[rank(*in)];
  std::string body = fmt::format(
      "<header>\n<h1>voxclone review: {} recordings</h1>\n<p class=\"facts\">{} usable, {} usable "
      "with warnings, {} clone would refuse, {} not usable. Worst first.</p>\n</header>\n"
      "<ol class=\"inputs\">\n",
      order.size(), counts[3], counts[2], counts[1], counts[0]);
  for (const ReviewInput* in : order) {
    auto audio = gather_audio(*in, options, false);
    if (!audio) return std::unexpected(audio.error());
    const PrepReport& r = *in->report;
    body += fmt::format(
        "<li class=\"entry\" data-verdict=\"{}\">\n<div>\n<h2>{}</h2>\n<p "
        "class=\"facts\">{}</p>\n{}</div>\n<div>",
        verdict_class(*in), html_escape(r.input_name), html_escape(facts_line(r)),
        verdict_html(*in));
    if (audio->sample)
      body +=
          fmt::format("<p class=\"muted\">The kept sample, {:.1f} s:</p>", audio->sample->seconds) +
          fmt::format(
              "<audio controls preload=\"metadata\" data-seconds=\"{:.3f}\" aria-label=\"{}: the "
              "kept sample, {:.1f} s\" "
              "src=\"{}\"></audio>",
              audio->sample->preview_seconds, html_escape(r.input_name), audio->sample->seconds,
              mp3_uri(audio->sample->mp3));
    else
      body += "<p class=\"muted\">No sample.</p>";
    body += fmt::format(
        "<p>Every voice and cut: <code>{}</code></p></div>\n</li>\n",
        html_escape(fmt::format("voxclone review {}", detail::shell_quote(r.input_name))));
  }
  body +=
      "</ol>\n<p class=\"muted\">Made by voxclone. Everything on this page is in this one file: it "
      "fetches nothing.</p>\n";
  return page(fmt::format("voxclone review: {} recordings", order.size()), body, true);
}

}  // namespace voxclone

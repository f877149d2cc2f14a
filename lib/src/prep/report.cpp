#include "voxclone/report.hpp"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/words.hpp"

namespace voxclone {
namespace {

using nlohmann::json;

// Levels below the meters' floor are "none", not -200.
json level(double db) { return db <= -199.0 || !std::isfinite(db) ? json(nullptr) : json(std::round(db * 100) / 100); }
json num(double v) { return std::round(v * 1000) / 1000; }

json loudness_json(const Loudness& l) {
  return {{"integrated_lufs", level(l.integrated_lufs)},
          {"true_peak_dbtp", level(l.true_peak_dbtp)},
          {"sample_peak_dbfs", level(l.sample_peak_dbfs)}};
}

std::string fmt_level(double db, std::string_view unit) {
  if (db <= -199.0) return "-inf";
  return fmt::format("{:.1f} {}", db, unit);
}

// mm:ss.t, or h:mm:ss.t past an hour.
std::string clock(double seconds) {
  const double t = std::max(0.0, seconds);
  const auto whole = static_cast<long>(t);
  const int tenths = static_cast<int>((t - static_cast<double>(whole)) * 10);
  if (whole >= 3600) return fmt::format("{}:{:02}:{:02}.{}", whole / 3600, whole / 60 % 60, whole % 60, tenths);
  return fmt::format("{}:{:02}.{}", whole / 60, whole % 60, tenths);
}

json audio_streams_json(const std::vector<AudioStreamInfo>& streams) {
  json out = json::array();
  for (const auto& s : streams)
    out.push_back({{"index", s.index},
                   {"audio_number", s.audio_number},
                   {"codec", s.codec},
                   {"sample_rate", s.sample_rate},
                   {"channels", s.channels},
                   {"language", s.language.empty() ? json(nullptr) : json(s.language)},
                   {"title", s.title.empty() ? json(nullptr) : json(s.title)},
                   {"default", s.is_default}});
  return out;
}

}  // namespace

std::string to_json(const PrepReport& r, int indent) {
  json j;
  j["input"] = {{"name", r.input_name},
                {"container", r.input.container},
                {"container_long", r.input.container_long},
                {"codec", r.input.codec},
                {"sample_rate", r.input.sample_rate},
                {"channels", r.input.channels},
                {"channel_layout", r.input.channel_layout},
                {"duration_seconds", num(r.input.duration_seconds)},
                {"announced_seconds", num(r.input.announced_seconds)},
                {"audio_streams", r.input.audio_streams},
                {"stream_index", r.input.stream_index},
                {"stream_chosen", std::string(to_string(r.input.stream_chosen))},
                {"audio_stream_list", audio_streams_json(r.input.audio_stream_list)},
                {"has_video", r.input.has_video},
                {"bytes", r.input.bytes},
                {"truncated", r.decode.truncated},
                {"damaged_packets", r.decode.damaged_packets},
                {"unusable_samples", r.decode.unusable_samples},
                {"peak_dbfs", level(r.decode.input_peak_dbfs)}};
  j["analysis"] = {{"speech_seconds", num(r.speech_seconds)},
                   {"noise_floor_dbfs", level(r.noise_floor_dbfs)},
                   {"snr_db", num(r.snr_db)},
                   {"clipped_samples", r.decode.clipped_samples},
                   {"clipped_fraction", r.clipped_fraction}};
  if (r.content) {
    const ContentAnalysis& c = *r.content;
    json timeline = json::array();
    for (const auto& t : c.timeline)
      timeline.push_back({{"start_seconds", num(t.start_seconds)},
                          {"end_seconds", num(t.end_seconds)},
                          {"kind", std::string(to_string(t.kind))},
                          {"speaker", t.speaker > 0 ? json(t.speaker) : json(nullptr)}});
    json speakers = json::array();
    for (const auto& sp : c.speakers)
      speakers.push_back({{"speaker", sp.rank},
                          {"talk_seconds", num(sp.talk_seconds)},
                          {"first_seconds", num(sp.first_seconds)},
                          {"pitch_hz", std::round(sp.pitch_hz)},
                          // The voice heard as one with this one and split by its turns (step 12 of
                          // the speaker analysis: two people refused unless one is asked for).
                          {"other_half", sp.other_half > 0 ? json(sp.other_half) : json(nullptr)}});
    j["content"] = {{"speech_seconds", num(c.speech_seconds)},
                    {"speech_over_music_seconds", num(c.speech_over_music_seconds)},
                    {"music_seconds", num(c.music_seconds)},
                    {"other_seconds", num(c.other_seconds)},
                    {"speakers", std::move(speakers)},
                    {"kept_speaker", r.kept_speaker > 0 ? json(r.kept_speaker) : json(nullptr)},
                    {"timeline", std::move(timeline)}};  // moved: a copy is 0.8 MB an hour
  } else {
    j["content"] = nullptr;
  }
  if (r.match) {
    json scores = json::array();
    for (double s : r.match->scores) scores.push_back(num(s));
    j["match"] = {{"example", r.match->example}, {"speaker", r.match->speaker}, {"score", num(r.match->score)},
                  {"next_score", num(r.match->next_score)}, {"scores", scores}};
  }
  if (r.selection) {
    const Selection& s = *r.selection;
    json pieces = json::array();
    for (const auto& p : s.pieces) pieces.push_back({num(p.start_seconds), num(p.end_seconds)});
    j["window"] = {{"start_seconds", num(s.start_seconds)},
                   {"end_seconds", num(s.end_seconds)},
                   {"pieces", pieces},
                   {"speech_seconds", num(s.speech_seconds)},
                   {"speech_left_out_seconds", num(s.speech_left_out_seconds)},
                   {"pauses_shortened", s.pauses_shortened},
                   {"pause_seconds_removed", num(s.pause_seconds_removed)},
                   {"forced_cuts", s.forced_cuts},
                   {"output_seconds", num(s.output_seconds)}};
    if (r.kept) {
      // The kept pieces' own figures, beside the whole input's in "analysis".
      const KeptFigures& k = *r.kept;
      j["window"]["speech_level_dbfs"] = level(k.speech_level_dbfs);
      j["window"]["noise_floor_dbfs"] = level(k.noise_floor_dbfs);
      j["window"]["snr_db"] = num(k.snr_db);
      j["window"]["pause_seconds"] = num(k.pause_seconds);
      j["window"]["noise_from_pauses"] = k.noise_from_pauses;
      j["window"]["voiced_pause_fraction"] = num(k.voiced_pause_fraction);
      j["window"]["echo_pause_fraction"] = num(k.echo_pause_fraction);
      j["window"]["music_under_speech_seconds"] = num(k.music_under_speech_seconds);
      j["window"]["music_in_pauses"] = k.music_in_pauses;
      j["window"]["clipped_fraction"] = k.clipped_fraction;
    }
  } else {
    j["window"] = nullptr;
  }
  j["loudness"] = {{"before", r.window_loudness ? loudness_json(*r.window_loudness) : json(nullptr)}};
  if (r.normalised) {
    const NormaliseResult& n = *r.normalised;
    j["loudness"]["after"] = loudness_json(n.after);
    j["loudness"]["gain_db"] = num(n.gain_db);
    j["loudness"]["limiter"] = {{"max_reduction_db", num(n.limited_max_db)},
                                {"seconds", num(n.limited_seconds)}};
  }
  if (r.output) {
    j["output"] = {{"format", std::string(to_string(r.output->format))},
                   {"sample_rate", r.output->sample_rate},
                   {"channels", r.output->channels},
                   {"duration_seconds", num(r.output->duration_seconds)},
                   {"bytes", r.output->bytes},
                   {"path", r.output->path.empty() ? json(nullptr) : json(r.output->path)}};
  } else {
    j["output"] = nullptr;
  }
  json warnings = json::array();
  for (const auto& w : r.warnings) warnings.push_back({{"code", w.code}, {"message", w.message}});
  j["warnings"] = warnings;
  if (r.verdict) {
    json reasons = json::array();
    for (const auto& why : r.verdict->reasons)
      reasons.push_back(
          {{"code", why.code}, {"message", why.message}, {"blocks", why.blocks_upload}});
    j["verdict"] = {{"verdict", std::string(to_string(r.verdict->kind))}, {"reasons", reasons}};
  } else {
    j["verdict"] = nullptr;
  }
  // Replace invalid UTF-8 in file names rather than throw.
  return j.dump(indent, ' ', false, json::error_handler_t::replace);
}

std::string content_to_text(const ContentAnalysis& c, int kept_speaker, TimelineText timeline) {
  std::string out;
  auto line = [&](std::string_view key, const std::string& value) {
    out += fmt::format("  {:<10} {}\n", key, value);
  };
  const int r_kept = kept_speaker;
    std::string found = fmt::format("{:.0f} s speech", c.speech_seconds);
    if (c.speech_over_music_seconds >= 1.0) found += fmt::format(", {:.0f} s speech over music", c.speech_over_music_seconds);
    if (c.music_seconds >= 1.0) found += fmt::format(", {:.0f} s music", c.music_seconds);
    if (c.other_seconds >= 1.0) found += fmt::format(", {:.0f} s other sound", c.other_seconds);
    line("content", found);
    std::string who;
    constexpr std::size_t kVoicesShown = 8;  // the rest are in --json
    for (const auto& sp : c.speakers) {
      if (static_cast<std::size_t>(sp.rank) > kVoicesShown && sp.rank != r_kept) continue;
      who += fmt::format("{}{}: {:.0f} s from {}, ~{:.0f} Hz{}{}", who.empty() ? "" : "; ", sp.rank,
                         sp.talk_seconds, clock(sp.first_seconds), sp.pitch_hz,
                         sp.other_half > 0 ? fmt::format(" (heard as one voice with {})", sp.other_half) : "",
                         sp.rank == r_kept ? " (kept)" : "");
    }
    if (c.speakers.size() > kVoicesShown)
      who += fmt::format("; ... {} more voices (--json lists them all)", c.speakers.size() - kVoicesShown);
    if (!who.empty()) line(c.speakers.size() == 1 ? "speaker" : "speakers", who);
    if (timeline == TimelineText::summary) {
      // One line: how many stretches of each kind, in the order they first appear.
      std::vector<std::pair<ContentKind, int>> kinds;
      for (const Stretch& t : c.timeline) {
        auto it = std::find_if(kinds.begin(), kinds.end(), [&](const auto& k) { return k.first == t.kind; });
        if (it == kinds.end()) kinds.emplace_back(t.kind, 1);
        else ++it->second;
      }
      std::string counts;
      for (const auto& [kind, n] : kinds)
        counts += fmt::format("{}{} {}", counts.empty() ? "" : ", ", n, to_string(kind));
      if (!c.timeline.empty())
        line("timeline", fmt::format("{}: {} (-v or check lists them)",
                                     detail::count_of(static_cast<long long>(c.timeline.size()), "stretch", "stretches"),
                                     counts));
      return out;
    }
    // The timeline, a stretch a line; a long one is cut (--json has all of it).
    constexpr std::size_t kShown = 24;
    for (std::size_t i = 0; i < c.timeline.size() && i < kShown; ++i) {
      const Stretch& t = c.timeline[i];
      line(i == 0 ? "timeline" : "", fmt::format("{:>8}–{:<8} {}{}", clock(t.start_seconds),
                                                 clock(t.end_seconds), to_string(t.kind),
                                                 t.speaker > 0 ? fmt::format(" (speaker {})", t.speaker) : ""));
    }
    if (c.timeline.size() > kShown)
      line("", fmt::format("... {} more stretches (--json lists them all)", c.timeline.size() - kShown));
    return out;
}

namespace {

// "6239.4 s (1:43:59)": seconds, and the clock time beside them from a minute up.
std::string seconds_and_clock(double seconds) {
  if (seconds < 60.0) return fmt::format("{:.1f} s", seconds);
  const long s = std::lround(seconds);
  const std::string hms = s >= 3600 ? fmt::format("{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
                                    : fmt::format("{}:{:02}", s / 60, s % 60);
  return fmt::format("{:.1f} s ({})", seconds, hms);
}

}  // namespace

std::string to_text(const PrepReport& r, TimelineText timeline) {
  std::string out;
  auto line = [&](std::string_view key, const std::string& value) {
    out += fmt::format("  {:<10} {}\n", key, value);
  };
  out += r.input_name + "\n";
  // The demuxer's long name ("QuickTime / MOV"), not its list of aliases ("mov,mp4,m4a,...").
  const std::string& container =
      r.input.container_long.empty() ? r.input.container : r.input.container_long;
  line("input", fmt::format("{} / {}, {} Hz, {} ch{}, {}", container, r.input.codec,
                            r.input.sample_rate, r.input.channels,
                            r.input.channel_layout.empty() ? "" : " (" + r.input.channel_layout + ")",
                            seconds_and_clock(r.input.duration_seconds)));
  line("speech", fmt::format("{} found; noise floor {}; SNR ~{:.0f} dB", seconds_and_clock(r.speech_seconds),
                             fmt_level(r.noise_floor_dbfs, "dBFS"), r.snr_db));
  if (r.content) out += content_to_text(*r.content, r.kept_speaker, timeline);
  if (r.match) line("voice", match_to_text(*r.match));
  if (r.selection) {
    const Selection& s = *r.selection;
    line("window", fmt::format("{:.2f}–{:.2f} s kept: {:.1f} s of speech in {:.1f} s{}{}",
                               s.start_seconds, s.end_seconds, s.speech_seconds, s.output_seconds,
                               s.pauses_shortened ? fmt::format(" ({} shortened, {:.1f} s removed)",
                                                                detail::count_of(s.pauses_shortened,
                                                                                 "long pause"),
                                                                s.pause_seconds_removed)
                                                  : "",
                               r.kept ? fmt::format("; SNR ~{:.0f} dB", r.kept->snr_db) : ""));
  }
  if (r.window_loudness && r.normalised) {
    const NormaliseResult& n = *r.normalised;
    // The change the listener hears, measured before and after: the gain applied first can
    // differ from it (even in sign) once the limiter has taken the peaks down.
    const double change = n.after.integrated_lufs - r.window_loudness->integrated_lufs;
    line("loudness", fmt::format("{} -> {} ({:+.1f} LU), true peak {} -> {}{}",
                                 fmt_level(r.window_loudness->integrated_lufs, "LUFS"),
                                 fmt_level(n.after.integrated_lufs, "LUFS"), change,
                                 fmt_level(r.window_loudness->true_peak_dbtp, "dBTP"),
                                 fmt_level(n.after.true_peak_dbtp, "dBTP"),
                                 n.limited_max_db > 0.05
                                     ? fmt::format("; gain {:+.1f} dB, then limited by up to "
                                                   "{:.1f} dB over {:.2f} s",
                                                   n.gain_db, n.limited_max_db, n.limited_seconds)
                                     : ""));
  } else if (r.window_loudness) {
    line("loudness", fmt::format("{}, true peak {}", fmt_level(r.window_loudness->integrated_lufs, "LUFS"),
                                 fmt_level(r.window_loudness->true_peak_dbtp, "dBTP")));
  }
  if (r.decode.clipped_samples > 0)
    line("clipping", fmt::format("{} samples ({:.3f} %)", r.decode.clipped_samples, r.clipped_fraction * 100));
  if (r.output)
    line("output", fmt::format("{}{}, {} Hz, {} ch, {:.2f} s, {} bytes", to_string(r.output->format),
                               r.output->path.empty() ? "" : " '" + r.output->path + "'",
                               r.output->sample_rate, r.output->channels,
                               r.output->duration_seconds, r.output->bytes));
  for (const auto& w : r.warnings) line("warning", w.message);
  if (r.verdict) line("verdict", verdict_to_text(*r.verdict));
  return out;
}

std::string verdict_to_text(const SampleVerdict& v) {
  std::string codes;
  for (const auto& why : v.reasons)
    codes += fmt::format("{}{}{}", codes.empty() ? "" : ", ", why.code,
                         why.blocks_upload ? " (blocks)" : "");
  switch (v.kind) {
    case VerdictKind::usable: return "usable";
    case VerdictKind::usable_with_warnings: return "usable, with warnings: " + codes;
    case VerdictKind::refuse: return "clone would refuse it: " + codes;
  }
  return codes;
}

}  // namespace voxclone

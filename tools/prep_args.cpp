#include "prep_args.hpp"

#include <set>

#include <fmt/format.h>

#include "voxclone/plot.hpp"

namespace voxclone::cli {

void add_prep_options(CLI::App* cmd, PrepArgs& a) {
  cmd->add_option("--min-seconds", a.min_seconds, "Least speech a sample may hold")
      ->capture_default_str();
  cmd->add_option("--max-seconds", a.max_seconds, "Longest sample, pauses included")
      ->capture_default_str();
  cmd->add_option("--start", a.start, "Keep nothing before this time (seconds)");
  cmd->add_option("--end", a.end, "Keep nothing after this time (seconds)");
  cmd->add_flag("--keep-pauses", a.keep_pauses, "Keep pauses longer than 1 s at full length");
  cmd->add_option("--speaker", a.speaker,
                  "Whose voice to keep: N (1–99) = the Nth voice by talk time (1 = who talks most; "
                  "`check` lists them)");
  cmd->add_option("--speaker-at", a.speaker_at,
                  "Whose voice to keep: whoever speaks at this time of the input (seconds)");
  cmd->add_flag("--allow-music", a.allow_music,
                "Accept speech with music under it when there is too little without (warns)");
  cmd->add_option("--loudness", a.loudness, "Target integrated loudness, LUFS")->capture_default_str();
  cmd->add_option("--true-peak", a.true_peak, "True-peak ceiling, dBTP")->capture_default_str();
  cmd->add_option("--mp3-bitrate", a.mp3_bitrate_kbps, "MP3 bitrate, kb/s")->capture_default_str();
  cmd->add_flag("--json", a.json, "Print the report as JSON on stdout");
  cmd->add_flag("-q,--quiet", a.quiet, "Print only errors");
  cmd->add_flag("-v,--verbose", a.verbose, "Print what each stage does");
}

Verbosity verbosity_of(const PrepArgs& a) {
  return a.quiet ? Verbosity::quiet : a.verbose ? Verbosity::verbose : Verbosity::normal;
}

PrepOptions library_options(const PrepArgs& a, SampleFormat format) {
  PrepOptions o;
  o.format = format;
  o.select.min_seconds = a.min_seconds;
  o.select.max_seconds = a.max_seconds;
  o.select.start_seconds = a.start;
  o.select.end_seconds = a.end;
  o.select.keep_pauses = a.keep_pauses;
  o.select.speaker = a.speaker;
  o.select.speaker_at_seconds = a.speaker_at;
  o.select.allow_music = a.allow_music;
  o.normalise.target_lufs = a.loudness;
  o.normalise.ceiling_dbtp = a.true_peak;
  o.encode.mp3_bitrate = a.mp3_bitrate_kbps * 1000;
  return o;
}

void add_plot_option(CLI::App* cmd, PrepArgs& a) {
  cmd->add_option("--plot", a.plot,
                  "Draw what was kept as SVG: waveform, content timeline, kept window, loudness "
                  "(FILE.svg for one input; a folder, one NAME.svg per input, for several)");
}

Result<std::vector<std::filesystem::path>> plot_paths(const PrepArgs& a,
                                                      const std::vector<InputItem>& items,
                                                      bool batch) {
  std::vector<std::filesystem::path> out(items.size());
  if (a.plot.empty()) return out;
  const std::filesystem::path plot(a.plot);
  std::error_code ec;
  if (!batch && !std::filesystem::is_directory(plot, ec)) {
    if (plot.extension() != ".svg")
      return fail(ErrorCategory::invalid_argument,
                  fmt::format("--plot '{}': the picture is SVG; give a name ending in .svg", a.plot));
    out[0] = plot;
    return out;
  }
  std::filesystem::create_directories(plot, ec);
  if (ec)
    return fail(ErrorCategory::output_failed,
                fmt::format("--plot '{}': cannot make the folder: {}", a.plot, ec.message()));
  std::set<std::string> taken;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string base = items[i].path.empty() ? std::string("stdin") : items[i].path.filename().string();
    std::string name = std::filesystem::path(base).stem().string() + ".svg";
    if (!taken.insert(name).second) {  // talk.m4a and talk.wav: talk.svg, talk.wav.svg
      name = base + ".svg";
      for (int n = 2; !taken.insert(name).second; ++n) name = fmt::format("{}-{}.svg", base, n);
    }
    out[i] = plot / name;
  }
  return out;
}

Result<void> write_plot(const std::filesystem::path& path, const PrepReport& report) {
  const std::string svg = plot_svg(report);
  if (auto w = write_file_atomically(path, std::as_bytes(std::span(svg.data(), svg.size()))); !w)
    return fail(ErrorCategory::output_failed,
                fmt::format("--plot '{}': {}", path.string(), w.error().message));
  return {};
}

}  // namespace voxclone::cli

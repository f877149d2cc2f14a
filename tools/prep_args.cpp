#include "prep_args.hpp"

#include <algorithm>
#include <set>
#include <thread>
#include <cmath>

#include <fmt/format.h>

#include "voxclone/encode.hpp"
#include "voxclone/plot.hpp"

namespace voxclone::cli {
namespace {

// A CLI11 option that takes a time ("1:30") into an optional<double> of seconds, refused at
// parse time (before any input is read) when it is not one.
CLI::Option* add_time_option(CLI::App* cmd, const std::string& name, std::optional<double>& out,
                             const std::string& help) {
  return cmd
      ->add_option_function<std::string>(
          name,
          [&out, name](const std::string& text) {
            auto t = parse_time(text);
            if (!t)
              throw CLI::ValidationError(
                  name, fmt::format("'{}' is not a time: give seconds (90, 90.5), mm:ss (1:30) or "
                                    "hh:mm:ss.ms (0:01:30.250)",
                                    text));
            out = *t;
          },
          help)
      ->type_name("TIME");
}

}  // namespace

CLI::Validator in_range(double lo, double hi) {
  return CLI::Validator(
      [lo, hi](std::string& text) -> std::string {
        double v = 0;
        if (!CLI::detail::lexical_cast(text, v)) return fmt::format("'{}' is not a number", text);
        if (!(v >= lo && v <= hi)) return fmt::format("{} is outside {:g} to {:g}", text, lo, hi);
        return {};
      },
      fmt::format("{:g} to {:g}", lo, hi));
}

void add_selection_options(CLI::App* cmd, PrepArgs& a) {
  cmd->add_option("--min-seconds", a.min_seconds,
                  "Least speech a sample may hold, in seconds: 1–600")
      ->capture_default_str()
      ->type_name("SECONDS")
      ->check(in_range(1, 600));
  cmd->add_option("--max-seconds", a.max_seconds,
                  "Longest sample, pauses included, in seconds: 10–600 (the endpoint advises "
                  "10–30; WAV and PCM fit 10 MB up to ~200 s)")
      ->capture_default_str()
      ->type_name("SECONDS")
      ->check(in_range(10, 600));
  add_time_option(cmd, "--start", a.start,
                  "Keep nothing before this time of the input: seconds (90.5), mm:ss (1:30) or "
                  "hh:mm:ss.ms");
  add_time_option(cmd, "--end", a.end, "Keep nothing after this time (same forms as --start)");
  cmd->add_flag("--keep-pauses", a.keep_pauses, "Keep pauses longer than 1 s at full length");
  cmd->add_option("--speaker", a.speaker,
                  "Whose voice to keep: N = the Nth voice by talk time, 1–99 (1 = who talks "
                  "most; `check` lists them)")
      ->type_name("N")
      ->check(in_range(1, 99));
  add_time_option(cmd, "--speaker-at", a.speaker_at,
                  "Whose voice to keep: whoever speaks at this time of the input (as --start)");
  cmd->add_option("--like", a.like,
                  "Whose voice to keep: the one that sounds like this recording's main voice (a "
                  "few seconds of the wanted person; of a long recording its first minute), or like a voice "
                  "cloned here (voice:ID); "
                  "refused (exit 5) when no voice sounds like it")
      ->type_name("FILE|voice:ID");
  cmd->add_flag("--allow-music", a.allow_music,
                "Accept speech with music under it when there is too little without (warns)");
  cmd->add_option_function<std::string>(
         "--stream",
         [&a](const std::string& text) {
           auto s = parse_stream_specifier(text);
           if (!s) throw CLI::ValidationError(s.error().message);
           a.stream = *s;
         },
         "The audio stream to use: its index as ffprobe numbers all streams (2), or a:N for the "
         "N-th audio stream from 0 (a:1, or 0:a:1 as in ffmpeg -map) [default: the best one; "
         "when it holds no speech, the audio stream with the most]")
      ->type_name("STREAM");
}

void add_loudness_option(CLI::App* cmd, PrepArgs& a) {
  cmd->add_option("--loudness", a.loudness, "Target integrated loudness, in LUFS: -40 to -5")
      ->capture_default_str()
      ->type_name("LUFS")
      ->check(in_range(-40, -5));
}

void add_encoding_options(CLI::App* cmd, PrepArgs& a) {
  cmd->add_option("--true-peak", a.true_peak, "True-peak ceiling, in dBTP: -20 to 0")
      ->capture_default_str()
      ->type_name("DBTP")
      ->check(in_range(-20, 0));
  std::string rates;
  for (int k : mp3_bitrates_kbps()) rates += (rates.empty() ? "" : ", ") + std::to_string(k);
  cmd->add_option("--mp3-bitrate", a.mp3_bitrate_kbps,
                  "MP3 bitrate, in kb/s: " + rates + " (MPEG-2 at 24 kHz)")
      ->capture_default_str()
      ->type_name("KBPS")
      ->check(CLI::IsMember(std::vector<int>(mp3_bitrates_kbps().begin(), mp3_bitrates_kbps().end())));
}

void add_jobs_option(CLI::App* cmd, PrepArgs& a) {
  cmd->add_option("-j,--jobs", a.jobs,
                  "Threads, 1–64 [default: every core]. Several inputs are worked on N at once, "
                  "one thread each; a single input gets all N")
      ->type_name("N")
      ->check(in_range(1, 64));
}

unsigned thread_budget(const PrepArgs& a) {
  return a.jobs > 0 ? static_cast<unsigned>(a.jobs) : std::max(1u, std::thread::hardware_concurrency());
}

void add_overwrite_options(CLI::App* cmd, bool& overwrite, bool* no_overwrite) {
  auto* y = cmd->add_flag("-y,--overwrite", overwrite, "Replace output files that exist");
  if (no_overwrite) {
    auto* n = cmd->add_flag("-n,--no-overwrite", *no_overwrite,
                            "Never replace a file: skip an input whose output exists");
    y->excludes(n);
  }
}

void add_report_options(CLI::App* cmd, bool& json, bool& quiet, int& verbose, bool& debug) {
  cmd->add_flag("--json", json,
                "Print one JSON object on stdout (docs/voxclone.schema.json describes it)");
  auto* q = cmd->add_flag("-q,--quiet", quiet, "Print only errors");
  auto* v = cmd->add_flag("-v,--verbose", verbose,
                          "Print what each stage does; -vv also FFmpeg's own lines (as --debug)");
  auto* d = cmd->add_flag("--debug", debug, "Print everything, FFmpeg's internal lines too");
  q->excludes(v);
  q->excludes(d);
}

void add_report_options(CLI::App* cmd, PrepArgs& a) {
  add_report_options(cmd, a.json, a.quiet, a.verbose, a.debug);
}

Verbosity verbosity_of(bool quiet, int verbose, bool debug) {
  if (quiet) return Verbosity::quiet;
  if (debug || verbose >= 2) return Verbosity::debug;
  return verbose == 1 ? Verbosity::verbose : Verbosity::normal;
}

Verbosity verbosity_of(const PrepArgs& a) { return verbosity_of(a.quiet, a.verbose, a.debug); }

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
  o.stream_index = a.stream.index;
  o.audio_stream = a.stream.audio_number;
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
  // -r keeps the input's folder layout below the plot folder, as the samples do (a/x.flac and
  // b/x.flac: a/x.svg and b/x.svg); names are unique within each folder.
  std::set<std::string> taken;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::filesystem::path folder = (plot / items[i].relative_dir).lexically_normal();
    const std::string base = items[i].path.empty() ? std::string("stdin") : items[i].path.filename().string();
    auto take = [&](const std::string& n) { return taken.insert((folder / n).string()).second; };
    std::string name = std::filesystem::path(base).stem().string() + ".svg";
    if (!take(name)) {  // talk.m4a and talk.wav: talk.svg, talk.wav.svg
      name = base + ".svg";
      for (int n = 2; !take(name); ++n) name = fmt::format("{}-{}.svg", base, n);
    }
    out[i] = folder / name;
  }
  return out;
}

Result<void> write_plot(const std::filesystem::path& path, const PrepReport& report, double target_lufs,
                        double ceiling_dbtp) {
  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);  // -r's subfolders
  PlotOptions o;
  o.target_lufs = target_lufs;
  o.ceiling_dbtp = ceiling_dbtp;
  const std::string svg = plot_svg(report, o);
  if (auto w = write_file_atomically(path, std::as_bytes(std::span(svg.data(), svg.size()))); !w)
    return fail(ErrorCategory::output_failed,
                fmt::format("--plot '{}': {}", path.string(), w.error().message));
  return {};
}

}  // namespace voxclone::cli

#include "prep_args.hpp"

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

}  // namespace voxclone::cli

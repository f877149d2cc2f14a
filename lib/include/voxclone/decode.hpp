// voxclone/decode.hpp — stages 1 and 2: decode any container FFmpeg reads and convert it, in one
// streaming pass, to mono float at 24 kHz.
//
//   auto decoded = voxclone::decode(voxclone::InputSource::file("talk.m4a"));
//   if (decoded) use(decoded->audio, decoded->info);
//
// The format is found from the content, not the file name. The best audio stream is chosen
// (av_find_best_stream); video, cover pictures and other streams are ignored. prepare() and
// check() take another by a StreamSpecifier (PrepOptions::stream_index, audio_stream).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "voxclone/audio.hpp"
#include "voxclone/error.hpp"
#include "voxclone/log.hpp"
#include "voxclone/source.hpp"

namespace voxclone {

/// An audio stream named the way ffmpeg names it: by index, as ffprobe numbers all of a file's
/// streams ("2"), or as the N-th audio stream, from 0 ("a:1", or "0:a:1" as `ffmpeg -map 0:a:1`
/// writes it). Neither given: the best audio stream (av_find_best_stream).
struct StreamSpecifier {
  int index = -1;         ///< FFmpeg's stream index; -1: not given
  int audio_number = -1;  ///< the N-th audio stream, from 0; -1: not given
  [[nodiscard]] bool given() const noexcept { return index >= 0 || audio_number >= 0; }
};

/// Reads a --stream value: "2", "a:1" or "0:a:1" (numbers 0–999). Anything else fails with
/// invalid_argument, worded for the command line: "--stream x:1: use an index (2), a:N or 0:a:N".
Result<StreamSpecifier> parse_stream_specifier(std::string_view text);

/// How the stream that was decoded came to be chosen.
enum class StreamChoice {
  best,        ///< none was asked for: FFmpeg's best (usually the default) audio stream
  given,       ///< the caller named it (a StreamSpecifier)
  for_speech,  ///< the best one held no usable speech; this one, among the others, held the most
};

/// "best", "given", "auto_speech" (the report's `input.stream_chosen`).
std::string_view to_string(StreamChoice choice) noexcept;

/// One audio stream of the input, as the container describes it (before decoding).
struct AudioStreamInfo {
  int index = -1;           ///< FFmpeg's stream index (ffprobe's numbering)
  int audio_number = 0;     ///< its place among the audio streams, from 0 (`a:N`)
  std::string codec;        ///< e.g. "opus"
  int sample_rate = 0;      ///< Hz, as the container announces it
  int channels = 0;
  std::string language;     ///< the stream's "language" tag ("eng"); empty when none
  std::string title;        ///< its "title" tag ("Microphone"); empty when none
  bool is_default = false;  ///< its "default" disposition flag
};

/// What the input is, as the container and decoder describe it.
struct InputInfo {
  std::string container;          ///< FFmpeg demuxer, e.g. "mov,mp4,m4a,3gp,3g2,mj2"
  std::string container_long;     ///< e.g. "QuickTime / MOV"
  std::string codec;              ///< e.g. "aac"
  int sample_rate = 0;            ///< Hz, of the chosen stream
  int channels = 0;
  std::string channel_layout;     ///< e.g. "stereo", "5.1"
  double duration_seconds = 0.0;  ///< what was decoded (the container's claim is below)
  double announced_seconds = 0.0; ///< the container's own duration, 0 when unknown
  int stream_index = -1;          ///< the audio stream chosen
  StreamChoice stream_chosen = StreamChoice::best;  ///< how it was chosen
  int audio_streams = 0;          ///< how many audio streams the file has
  std::vector<AudioStreamInfo> audio_stream_list;  ///< all of them, in the file's order
  bool has_video = false;         ///< a real video stream (not a cover picture) was ignored
  std::int64_t bytes = 0;         ///< input size, when known
};

/// The clipped samples of one decoded frame (a few tens of milliseconds), all channels;
/// `start_seconds`: input time of its first clipped run.
struct ClippedStretch {
  double start_seconds = 0.0;
  std::int64_t samples = 0;
};

/// What the decode pass noticed on the way.
struct DecodeStats {
  std::int64_t input_samples = 0;    ///< per channel, at the input rate
  std::int64_t clipped_samples = 0;  ///< samples inside runs of >= 3 at full scale
  std::vector<ClippedStretch> clipping;  ///< where those samples are, in time order
  double input_peak_dbfs = -200.0;   ///< sample peak over all channels
  int damaged_packets = 0;           ///< packets the decoder rejected and skipped
  /// Float samples (counted per channel) that were NaN, ±Inf or beyond ±1000 (60 dB over full
  /// scale): damage, taken as silence before any meter saw them.
  std::int64_t unusable_samples = 0;
  bool truncated = false;            ///< the file ended early or a read failed mid-way
  std::string read_error;            ///< FFmpeg's words when reading stopped on an error
};

struct DecodedInput {
  InputInfo info;
  DecodeStats stats;
  Audio audio;  ///< mono float, 24 kHz
};

/// Decodes the whole input to mono 24 kHz float. Damaged or truncated files decode as far as
/// they can (see DecodeStats); a file that yields no audio at all is an error.
Result<DecodedInput> decode(const InputSource& source, const Callbacks& callbacks = {});

/// What the container says before anything is decoded: its names, how many audio streams, the
/// duration it announces (`announced_seconds`, 0 when it does not say) and its size. Reads the
/// header and stream info only, so a batch can weigh its inputs before it starts. Standard
/// input cannot be probed without being consumed: invalid_argument.
Result<InputInfo> probe(const InputSource& source, const Callbacks& callbacks = {});

}  // namespace voxclone

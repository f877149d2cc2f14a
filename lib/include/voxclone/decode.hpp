// voxclone/decode.hpp — stages 1 and 2: decode any container FFmpeg reads and convert it, in one
// streaming pass, to mono float at 24 kHz.
//
//   auto decoded = voxclone::decode(voxclone::InputSource::file("talk.m4a"));
//   if (decoded) use(decoded->audio, decoded->info);
//
// The format is found from the content, not the file name. The best audio stream is chosen
// (av_find_best_stream); video, cover pictures and other streams are ignored.
#pragma once

#include <cstdint>
#include <string>

#include "voxclone/audio.hpp"
#include "voxclone/error.hpp"
#include "voxclone/log.hpp"
#include "voxclone/source.hpp"

namespace voxclone {

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
  int audio_streams = 0;          ///< how many audio streams the file has
  bool has_video = false;         ///< a real video stream (not a cover picture) was ignored
  std::int64_t bytes = 0;         ///< input size, when known
};

/// What the decode pass noticed on the way.
struct DecodeStats {
  std::int64_t input_samples = 0;    ///< per channel, at the input rate
  std::int64_t clipped_samples = 0;  ///< samples inside runs of >= 3 at full scale
  double input_peak_dbfs = -200.0;   ///< sample peak over all channels
  int damaged_packets = 0;           ///< packets the decoder rejected and skipped
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

}  // namespace voxclone

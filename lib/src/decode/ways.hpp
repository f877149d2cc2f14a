// Internal: the ways to decode an opened input, each in a file of its own, all giving the same
// samples (tests/test_decode_ways.cpp holds them to that):
//  - count_samples (no sink): decode only to count; no conversion, no clipping scan;
//  - decode_serial (one thread): each frame scanned and converted as soon as it is decoded;
//  - decode_pipelined (three threads): this thread demuxes and decodes, exactly what
//    `ffmpeg -f null` does, and scans and mixes each frame to mono; one more resamples and
//    another feeds the sink;
//  - decode_split (raw MP3 and FLAC, several threads): stretches of the stream decoded on
//    several threads at once, converted and fed to the sink on two more.
// In every way the caller's cancel and progress callbacks, and its log callback, are only ever
// called from the calling thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "decode/audio_stream.hpp"
#include "decode/clip_scan.hpp"
#include "decode/demuxer.hpp"
#include "decode/stream.hpp"
#include "ffmpeg/handles.hpp"

namespace voxclone::detail {

/// What every way is given.
struct DecodeJob {
  Demuxer& input;
  const AudioStream& audio;
  const Callbacks& callbacks;
  const AudioSink& sink;
  std::string_view name;  // the input as messages name it
  std::optional<double> read_until_seconds = std::nullopt;  // PacketReader::stop_after
};

/// What every way reports; decode.cpp turns it into DecodeStats and the duration.
struct DecodeTally {
  std::int64_t input_samples = 0;  // per channel, at the input rate
  int damaged_packets = 0;         // packets (or frames) the decoder rejected and skipped
  ClipCount clip;                  // nothing scanned by count_samples
  std::size_t produced = 0;        // mono 24 kHz samples handed to the sink (or due, counting)
  int read_end = AVERROR_EOF;      // what stopped reading (PacketReader::end())
  bool stopped_early = false;      // reading ended at read_until_seconds
};

Result<DecodeTally> count_samples(const DecodeJob& job, AVCodecContext& decoder);
Result<DecodeTally> decode_serial(const DecodeJob& job, AVCodecContext& decoder);
Result<DecodeTally> decode_pipelined(const DecodeJob& job, AVCodecContext& decoder);

/// Whether the input is one decode_split can cut into stretches without a seam.
bool splittable(const DecodeJob& job);
/// Opens a decoder per decoding thread itself.
Result<DecodeTally> decode_split(const DecodeJob& job);

}  // namespace voxclone::detail

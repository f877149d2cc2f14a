// Internal: the audio stream chosen from the container, and the decoders opened for it.
#pragma once

#include <string_view>
#include <vector>

#include "ffmpeg/handles.hpp"
#include "voxclone/decode.hpp"

namespace voxclone::detail {

struct AudioStream {
  AVStream* stream = nullptr;
  const AVCodec* codec = nullptr;
};

/// Every audio stream of the file, in its order, with the tags messages name them by.
std::vector<AudioStreamInfo> list_audio_streams(const AVFormatContext& format);

/// The audio stream `wanted` (by FFmpeg's index, as ffprobe numbers them, or as the N-th audio
/// stream), or when none is given the best one (av_find_best_stream), and its decoder; every
/// other stream is discarded from now on, so the demuxer hands over only this one's packets.
/// A `wanted` that names no audio stream of a file that has some is invalid_argument, its
/// message listing them.
Result<AudioStream> choose_audio_stream(AVFormatContext& format, std::string_view name,
                                        StreamSpecifier wanted = {});

/// A decoder for the stream, opened (one per decoding thread).
Result<CodecContextPtr> open_decoder(const AudioStream& audio, std::string_view name);

/// What the stream and its opened decoder say: the codec, its rate and channels, the stream's
/// index and its own announced duration.
void describe_stream(const AudioStream& audio, const AVCodecContext& decoder, InputInfo& info);

}  // namespace voxclone::detail

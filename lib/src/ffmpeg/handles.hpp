// Internal: one named deleter and unique_ptr alias per FFmpeg handle, so no stage writes a
// destructor or a move by hand. (libcurl's are in service/curl_handles.hpp, libebur128's in
// analyse/loudness_meter.hpp: each file includes only the library it uses.)
#pragma once

#include <memory>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/audio_fifo.h>
#include <libavutil/frame.h>
#include <libswresample/swresample.h>
}

namespace voxclone::detail {

struct InputFormatCloser {
  void operator()(AVFormatContext* p) const noexcept { avformat_close_input(&p); }
};
using InputFormatPtr = std::unique_ptr<AVFormatContext, InputFormatCloser>;

// An output context, or an input one not yet opened, is freed with avformat_free_context.
struct OutputFormatFreer {
  void operator()(AVFormatContext* p) const noexcept { avformat_free_context(p); }
};
using OutputFormatPtr = std::unique_ptr<AVFormatContext, OutputFormatFreer>;

struct CodecContextFreer {
  void operator()(AVCodecContext* p) const noexcept { avcodec_free_context(&p); }
};
using CodecContextPtr = std::unique_ptr<AVCodecContext, CodecContextFreer>;

struct SwrFreer {
  void operator()(SwrContext* p) const noexcept { swr_free(&p); }
};
using SwrPtr = std::unique_ptr<SwrContext, SwrFreer>;

/// How libswresample is told of one channel of float: planar. One channel is the same bytes
/// planar or packed (AV_SAMPLE_FMT_FLT), but packed is not libswresample's own working format
/// (planar float) and it copies every sample in or out through a buffer of its own: about 3 %
/// of a long prep's instructions (bench/README.md, session 23).
inline constexpr AVSampleFormat kMonoFloat = AV_SAMPLE_FMT_FLTP;

struct FrameFreer {
  void operator()(AVFrame* p) const noexcept { av_frame_free(&p); }
};
using FramePtr = std::unique_ptr<AVFrame, FrameFreer>;

struct PacketFreer {
  void operator()(AVPacket* p) const noexcept { av_packet_free(&p); }
};
using PacketPtr = std::unique_ptr<AVPacket, PacketFreer>;

struct AudioFifoFreer {
  void operator()(AVAudioFifo* p) const noexcept { av_audio_fifo_free(p); }
};
using AudioFifoPtr = std::unique_ptr<AVAudioFifo, AudioFifoFreer>;

// A custom AVIOContext owns its buffer, which FFmpeg may have reallocated: free that one.
struct IoContextFreer {
  void operator()(AVIOContext* p) const noexcept {
    if (p != nullptr) av_freep(&p->buffer);
    avio_context_free(&p);
  }
};
using IoContextPtr = std::unique_ptr<AVIOContext, IoContextFreer>;

}  // namespace voxclone::detail

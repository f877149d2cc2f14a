// Internal: one named deleter and unique_ptr alias per C handle, so no stage writes a
// destructor or a move by hand.
#pragma once

#include <memory>

#include <curl/curl.h>

extern "C" {
#include <ebur128.h>
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

struct Ebur128Destroyer {
  void operator()(ebur128_state* p) const noexcept { ebur128_destroy(&p); }
};
using Ebur128Ptr = std::unique_ptr<ebur128_state, Ebur128Destroyer>;

struct CurlCleanup {
  void operator()(CURL* p) const noexcept { curl_easy_cleanup(p); }
};
using CurlPtr = std::unique_ptr<CURL, CurlCleanup>;

struct CurlMimeFree {
  void operator()(curl_mime* p) const noexcept { curl_mime_free(p); }
};
using CurlMimePtr = std::unique_ptr<curl_mime, CurlMimeFree>;

struct CurlSlistFree {
  void operator()(curl_slist* p) const noexcept { curl_slist_free_all(p); }
};
using CurlSlistPtr = std::unique_ptr<curl_slist, CurlSlistFree>;

struct CurlUrlCleanup {
  void operator()(CURLU* p) const noexcept { curl_url_cleanup(p); }
};
using CurlUrlPtr = std::unique_ptr<CURLU, CurlUrlCleanup>;

}  // namespace voxclone::detail

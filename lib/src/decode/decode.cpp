// Stage 1: decode. Opens the input with libavformat (format found by probing the content),
// picks the best audio stream, decodes it with libavcodec and hands every frame to the convert
// stage (resampler.cpp). Loop structure as FFmpeg's doc/examples/decode_audio.c: send/receive
// with EAGAIN/EOF as normal flow, and a null packet at the end to flush the decoder.
#include "voxclone/decode.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <system_error>
#include <thread>

#include <fmt/format.h>

extern "C" {
#include <libavutil/channel_layout.h>
}

#include "ffmpeg/handles.hpp"
#include "ffmpeg/av_error.hpp"
#include "ffmpeg/avio.hpp"
#include "core/log.hpp"
#include "ffmpeg/log_bridge.hpp"
#include "convert/resampler.hpp"
#include "decode/clip_scan.hpp"
#include "decode/chunk_queue.hpp"
#include "decode/log_relay.hpp"
#include "decode/segment_board.hpp"
#include "decode/stdin_reader.hpp"
#include "decode/stream.hpp"
#include "core/bounded_queue.hpp"
#include "voxclone/convert.hpp"

namespace voxclone {
namespace {

using FrameQueue = detail::BoundedQueue<detail::FramePtr>;

using detail::av_error_text;
using detail::ClipCount;
using detail::scan_frame;

Result<std::int64_t> check_file(const std::filesystem::path& path, const std::string& name) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) {
    if (ec && ec != std::errc::no_such_file_or_directory)
      return fail(ErrorCategory::input_unreadable, fmt::format("'{}': {}", name, ec.message()));
    return fail(ErrorCategory::input_not_found, fmt::format("'{}': no such file", name));
  }
  if (std::filesystem::is_directory(status))
    return fail(ErrorCategory::input_unreadable, fmt::format("'{}' is a folder, not a file", name));
  std::int64_t size = -1;
  if (std::filesystem::is_regular_file(status)) {
    size = static_cast<std::int64_t>(std::filesystem::file_size(path, ec));
    if (!ec && size == 0)
      return fail(ErrorCategory::input_unreadable, fmt::format("'{}' is empty (0 bytes)", name));
  }
  if (FILE* f = std::fopen(path.c_str(), "rb"); f != nullptr) {
    std::fclose(f);
  } else {
    return fail(ErrorCategory::input_unreadable,
                fmt::format("'{}': cannot open: {}", name, std::strerror(errno)));
  }
  return size;
}

std::string describe_streams(const AVFormatContext& fmt) {
  std::string out;
  for (unsigned i = 0; i < fmt.nb_streams; ++i) {
    const AVStream& st = *fmt.streams[i];
    const char* type = av_get_media_type_string(st.codecpar->codec_type);
    std::string what = (st.disposition & AV_DISPOSITION_ATTACHED_PIC) ? "picture"
                                                                      : (type ? type : "data");
    if (!out.empty()) out += ", ";
    out += fmt::format("{} ({})", what, avcodec_get_name(st.codecpar->codec_id));
  }
  return out.empty() ? "no streams" : out;
}

class Decoder {
 public:
  Decoder(const InputSource& src, const Callbacks& cb, detail::AudioSink sink, bool pipelined,
          const char* container)
      : src_(src), cb_(cb), container_(container), sink_(std::move(sink)), pipelined_(pipelined) {}

  Result<DecodedInput> run() {
    if (auto r = open(); !r) return std::unexpected(r.error());
    if (auto r = choose_stream(); !r) return std::unexpected(r.error());
    if (auto r = open_decoder(); !r) return std::unexpected(r.error());
    if (auto r = decode_all(); !r) return std::unexpected(r.error());
    return finish();
  }

 private:
  const std::string& name() const { return src_.display_name(); }

  Result<void> open() {
    std::string url;
    // Owned (avformat_free_context) until avformat_open_input takes it over.
    detail::OutputFormatPtr ctx(avformat_alloc_context());
    if (!ctx) return fail(ErrorCategory::internal, "decode: out of memory");
    // Memory and standard input are read through our own AVIOContext.
    auto attach = [&](Result<detail::IoContextPtr> io) -> Result<void> {
      if (!io) return std::unexpected(io.error());
      io_ = std::move(*io);
      ctx->pb = io_.get();
      ctx->flags |= AVFMT_FLAG_CUSTOM_IO;
      return {};
    };
    switch (src_.kind()) {
      case InputSource::Kind::file: {
        auto size = check_file(src_.path(), name());
        if (!size) return std::unexpected(size.error());
        out_.info.bytes = std::max<std::int64_t>(*size, 0);
        url = "file:" + src_.path().string();  // "file:" so a name like "a:b.wav" is not a protocol
        break;
      }
      case InputSource::Kind::memory: {
        if (src_.bytes().empty())
          return fail(ErrorCategory::input_unreadable, fmt::format("'{}' is empty (0 bytes)", name()));
        if (auto r = attach(detail::open_memory_reader(src_.bytes(), memory_cursor_)); !r) return r;
        out_.info.bytes = static_cast<std::int64_t>(src_.bytes().size());
        break;
      }
      case InputSource::Kind::pcm:
        return fail(ErrorCategory::internal, "decode: raw PCM has no container");
      case InputSource::Kind::standard_input: {
        auto fd = detail::seekable_stdin(cb_.cancel);
        if (!fd) return std::unexpected(fd.error());
        stdin_fd_ = std::move(*fd);
        stdin_fd_number_ = stdin_fd_.get();
        if (auto r = attach(detail::open_fd_reader(stdin_fd_number_)); !r) return r;
        break;
      }
    }
    const AVInputFormat* forced = nullptr;
    if (container_ != nullptr) {
      forced = av_find_input_format(container_);
      // Content we wrote ourselves: no need to look deep for what it holds. (PCM in WAV is
      // otherwise probed up to 5 MB in case it hides another codec.)
      ctx->probesize = 1 << 15;
    }
    AVFormatContext* raw = ctx.release();
    // On failure avformat_open_input frees the context itself.
    const int rc = avformat_open_input(&raw, url.empty() ? "" : url.c_str(), forced, nullptr);
    if (rc < 0) {
      if (rc == AVERROR_EOF)
        return fail(ErrorCategory::decode_failed,
                    fmt::format("'{}' holds no audio data: it ends before its first packet", name()));
      if (rc == AVERROR_INVALIDDATA)
        return fail(ErrorCategory::not_audio,
                    fmt::format("'{}' is not an audio or video file FFmpeg can read ({})", name(),
                                av_error_text(rc)));
      if (rc == AVERROR(EIO) || rc == AVERROR(ENOMEM) || rc == AVERROR(EACCES))
        return fail(ErrorCategory::input_unreadable,
                    fmt::format("open '{}': {}", name(), av_error_text(rc)));
      // The file exists and reads (checked above): what FFmpeg rejects is its content.
      return fail(ErrorCategory::not_audio,
                  fmt::format("'{}' is not an audio or video file FFmpeg can read ({})", name(),
                              av_error_text(rc)));
    }
    fmt_.reset(raw);
    input_size_ = fmt_->pb ? avio_size(fmt_->pb) : -1;  // for progress
    if (src_.kind() == InputSource::Kind::standard_input) out_.info.bytes = input_size_;
    const int info = avformat_find_stream_info(fmt_.get(), nullptr);
    if (info < 0)
      detail::logf(cb_, LogLevel::info, "decode '{}': stream info incomplete: {}", name(),
                   av_error_text(info));
    return {};
  }

  Result<void> choose_stream() {
    AVFormatContext& fmt = *fmt_;
    int audio = 0;
    for (unsigned i = 0; i < fmt.nb_streams; ++i) {
      const AVStream& st = *fmt.streams[i];
      if (st.codecpar->codec_type == AVMEDIA_TYPE_AUDIO) ++audio;
      if (st.codecpar->codec_type == AVMEDIA_TYPE_VIDEO &&
          (st.disposition & AV_DISPOSITION_ATTACHED_PIC) == 0)
        out_.info.has_video = true;
    }
    out_.info.audio_streams = audio;
    out_.info.container = fmt.iformat->name;
    out_.info.container_long = fmt.iformat->long_name ? fmt.iformat->long_name : fmt.iformat->name;
    if (fmt.duration > 0) out_.info.announced_seconds = static_cast<double>(fmt.duration) / AV_TIME_BASE;

    const AVCodec* codec = nullptr;
    const int idx = av_find_best_stream(&fmt, AVMEDIA_TYPE_AUDIO, -1, -1, &codec, 0);
    if (idx == AVERROR_STREAM_NOT_FOUND || audio == 0)
      return fail(ErrorCategory::no_audio_stream,
                  fmt::format("'{}' has no audio stream (it holds: {})", name(),
                              describe_streams(fmt)));
    if (idx < 0 || codec == nullptr) {
      int any = -1;
      for (unsigned i = 0; i < fmt.nb_streams; ++i)
        if (fmt.streams[i]->codecpar->codec_type == AVMEDIA_TYPE_AUDIO) any = static_cast<int>(i);
      return fail(ErrorCategory::decode_failed,
                  fmt::format("'{}': no decoder for its audio codec '{}'", name(),
                              avcodec_get_name(fmt.streams[any]->codecpar->codec_id)));
    }
    for (unsigned i = 0; i < fmt.nb_streams; ++i)
      if (static_cast<int>(i) != idx) fmt.streams[i]->discard = AVDISCARD_ALL;
    stream_ = fmt.streams[idx];
    codec_ = codec;
    out_.info.stream_index = idx;
    if (stream_->duration > 0 && stream_->time_base.den > 0) {
      out_.info.announced_seconds =
          static_cast<double>(stream_->duration) * av_q2d(stream_->time_base);
    }
    return {};
  }

  // A decoder context for the chosen stream (one per decoding thread).
  Result<detail::CodecContextPtr> make_decoder() const {
    detail::CodecContextPtr dec(avcodec_alloc_context3(codec_));
    if (!dec) return fail(ErrorCategory::internal, "decode: out of memory");
    int rc = avcodec_parameters_to_context(dec.get(), stream_->codecpar);
    if (rc < 0)
      return fail(ErrorCategory::decode_failed,
                  fmt::format("decode '{}': {}", name(), av_error_text(rc)));
    dec->pkt_timebase = stream_->time_base;
    dec->thread_count = 1;  // audio decoders gain nothing from FFmpeg's threads
    if (dec->ch_layout.order == AV_CHANNEL_ORDER_UNSPEC && dec->ch_layout.nb_channels > 0) {
      const int n = dec->ch_layout.nb_channels;
      av_channel_layout_uninit(&dec->ch_layout);
      av_channel_layout_default(&dec->ch_layout, n);
    }
    rc = avcodec_open2(dec.get(), codec_, nullptr);
    if (rc < 0)
      return fail(ErrorCategory::decode_failed,
                  fmt::format("decode '{}': cannot open the {} decoder: {}", name(),
                              codec_->name, av_error_text(rc)));
    return dec;
  }

  Result<void> open_decoder() {
    auto dec = make_decoder();
    if (!dec) return std::unexpected(dec.error());
    dec_ = std::move(*dec);
    out_.info.codec = avcodec_get_name(stream_->codecpar->codec_id);
    out_.info.sample_rate = dec_->sample_rate;
    out_.info.channels = dec_->ch_layout.nb_channels;
    char desc[64] = "";
    if (av_channel_layout_describe(&dec_->ch_layout, desc, sizeof desc) > 0)
      out_.info.channel_layout = desc;
    return {};
  }

  // Three ways to decode, all giving the same samples:
  //  - split (raw MP3 and FLAC, more than one thread): stretches of the stream decoded on
  //    several threads at once, converted and measured on two more (decode_split below);
  //  - pipelined (other inputs, more than one thread): this thread demuxes and decodes, exactly
  //    what `ffmpeg -f null` does; a worker scans, converts and feeds the sink. Decoded frames
  //    cross in a small bounded queue, so memory does not grow with the input;
  //  - one thread: each frame converted as soon as it is decoded.
  // The caller's cancel and progress callbacks, and its log callback, are only ever called
  // from this thread.
  Result<void> decode_all() {
    if (splittable()) return decode_split();
    if (!pipelined_) {
      // One thread: each frame is converted as soon as it is decoded.
      auto produced = produce(nullptr);
      if (!produced) return produced;
      if (!convert_status_) return convert_status_;
      return convert_finish();
    }
    FrameQueue queue(32);
    detail::LogRelay relay;
    Result<void> consumed;
    std::thread worker([&] {
      Callbacks relay_cb;
      relay_cb.log = [&](LogLevel level, std::string_view line) { relay.push(level, line); };
      detail::LogScope scope(relay_cb);
      try {
        consumed = consume(queue);
      } catch (const std::exception& e) {
        consumed = fail(ErrorCategory::internal, fmt::format("decode '{}': {}", name(), e.what()));
      }
      if (!consumed) queue.abort();
    });
    auto produced = produce(&queue);
    if (produced) queue.close(); else queue.abort();
    worker.join();
    relay.emit(cb_);
    if (!produced) return produced;
    return consumed;
  }

  // Called after each packet read: every 16 packets, passes on the workers' log lines, polls
  // the caller's cancel and reports progress by the bytes read.
  Result<void> poll(unsigned& since_poll, detail::LogRelay* relay = nullptr) {
    if (++since_poll < 16) return {};
    since_poll = 0;
    if (relay != nullptr) relay->emit(cb_);
    if (detail::cancelled(cb_)) return fail(ErrorCategory::cancelled, "cancelled while decoding");
    if (input_size_ > 0)
      detail::progress(cb_, Stage::decode,
                       std::min(1.0, static_cast<double>(avio_tell(fmt_->pb)) / static_cast<double>(input_size_)));
    return {};
  }
  // Reading stopped with `rc`: anything but the end of the file means it was cut short.
  void read_ended(int rc) {
    if (rc == AVERROR_EOF) return;
    out_.stats.truncated = true;
    out_.stats.read_error = av_error_text(rc);
  }

  // `queue` null: convert inline (single-threaded mode).
  Result<void> produce(FrameQueue* queue) {
    detail::PacketPtr pkt(av_packet_alloc());
    frame_.reset(av_frame_alloc());
    if (!pkt || !frame_) return fail(ErrorCategory::internal, "decode: out of memory");
    int rc = 0;
    unsigned since_poll = 0;
    while ((rc = av_read_frame(fmt_.get(), pkt.get())) >= 0) {
      if (pkt->stream_index == stream_->index) {
        const int sent = avcodec_send_packet(dec_.get(), pkt.get());
        if (sent < 0 && sent != AVERROR(EAGAIN)) {
          ++out_.stats.damaged_packets;  // skip what the decoder rejects and carry on
        }
        if (!receive_frames(queue)) return {};  // the worker stopped: its error says why
      }
      av_packet_unref(pkt.get());
      if (auto r = poll(since_poll); !r) return r;
    }
    read_ended(rc);
    avcodec_send_packet(dec_.get(), nullptr);  // flush the decoder
    receive_frames(queue);
    detail::progress(cb_, Stage::decode, 1.0);
    return {};
  }

  // Moves every frame the decoder has ready into the queue (or converts it inline); false when
  // the conversion side gave up.
  bool receive_frames(FrameQueue* queue) {
    for (;;) {
      const int rc = avcodec_receive_frame(dec_.get(), frame_.get());
      if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) return true;
      if (rc < 0) {
        ++out_.stats.damaged_packets;
        return true;
      }
      if (queue == nullptr) {
        convert_status_ = convert_frame(*frame_);
        av_frame_unref(frame_.get());
        if (!convert_status_) return false;
        continue;
      }
      detail::FramePtr f(av_frame_alloc());
      if (!f) return false;
      av_frame_move_ref(f.get(), frame_.get());
      if (!queue->push(std::move(f))) return false;
    }
  }

  // The conversion side: clipping scan, convert to mono 24 kHz, hand to the sink. Runs on the
  // worker thread (pipelined) or inline.
  Result<void> convert_frame(const AVFrame& f) {
    out_.stats.input_samples += f.nb_samples;
    if (!sink_) return {};  // no sink: the caller wants the length only (see finish)
    scan_frame(f, clip_);
    return resample_frame(f);
  }
  Result<void> resample_frame(const AVFrame& f) {
    if (auto r = resampler_.push(f); !r)
      return fail(r.error().category, fmt::format("decode '{}': {}", name(), r.error().message));
    return deliver();
  }
  Result<void> deliver(bool all = false) {
    if (chunk_.empty()) return {};
    if (sink_queue_ != nullptr) {
      // The sink has a thread of its own: hand the audio over in chunks of ~1 s, and carry on
      // with a spare (the same vector object, which the resampler writes into). A stopped sink
      // says why itself.
      if (chunk_.size() < kSampleRate && !all) return {};
      produced_ += chunk_.size();
      if (!sink_queue_->push(std::move(chunk_))) return {};
      chunk_ = sink_queue_->spare();
      return {};
    }
    produced_ += chunk_.size();
    auto r = sink_(chunk_);
    chunk_.clear();
    return r;
  }
  Result<void> convert_finish() {
    if (!sink_) {
      if (out_.info.sample_rate > 0)
        produced_ = static_cast<std::size_t>(
            av_rescale(out_.stats.input_samples, kSampleRate, out_.info.sample_rate));
      return {};
    }
    if (auto r = resampler_.flush(); !r) return r;
    return deliver(true);
  }
  Result<void> consume(FrameQueue& queue) {
    detail::FramePtr f;
    while (queue.pop(f))
      if (auto r = convert_frame(*f); !r) return r;
    if (queue.aborted()) return {};
    return convert_finish();
  }

  // ---- The split decode (decode_split.hpp) ------------------------------------------------
  // Raw MP3 and raw FLAC qualify: their demuxers stamp every packet exactly, each packet decodes
  // to one frame, and the decoder's state (MP3's bit reservoir and overlap; FLAC has none)
  // settles within a few packets, so stretches decoded apart join without a seam: the result is
  // bit-identical to one decoder (tests/test_library.cpp holds them to that). Other codecs keep
  // the two-thread pipeline: Opus and AAC (noise substitution) converge only approximately.
  static constexpr int kSplitDecoders = 2;

  bool splittable() const {
    if (!pipelined_ || !sink_) return false;
    const std::string_view container = fmt_->iformat->name;
    const AVCodecID id = stream_->codecpar->codec_id;
    return (container == "mp3" && id == AV_CODEC_ID_MP3) ||
           (container == "flac" && id == AV_CODEC_ID_FLAC);
  }

  // This thread demuxes and cuts segments; kSplitDecoders threads decode them; one converts
  // them in order and one more feeds the sink. Cancel, progress and every log line stay on
  // this thread.
  Result<void> decode_split() {
    std::vector<detail::CodecContextPtr> decoders;
    for (int i = 0; i < kSplitDecoders; ++i) {
      auto d = make_decoder();
      if (!d) return std::unexpected(d.error());
      decoders.push_back(std::move(*d));
    }
    // Memory: at most one segment per decoder plus the one being converted is alive, as
    // decoded frames (3 s of 44.1 kHz stereo float is 1 MB), whatever the input's length.
    detail::SegmentBoard board(kSplitDecoders);
    detail::LogRelay relay;
    auto guarded = [&](Result<void>& out, auto&& body) {
      try {
        out = body();
      } catch (const std::exception& e) {
        out = fail(ErrorCategory::internal, fmt::format("decode '{}': {}", name(), e.what()));
      }
      if (!out) board.abort();
    };
    // The sink (speech levels, spool) on a thread of its own, so the converter only resamples:
    // otherwise the converter alone would be the slowest stage.
    detail::ChunkQueue chunks(4);
    sink_queue_ = &chunks;
    Result<void> sunk;
    std::thread sinker([&] {
      try {
        std::vector<float> c;
        while (chunks.pop(c)) {
          sunk = sink_(c);
          if (!sunk) break;
          chunks.give_back(std::move(c));
        }
      } catch (const std::exception& e) {
        sunk = fail(ErrorCategory::internal, fmt::format("decode '{}': {}", name(), e.what()));
      }
      if (!sunk) {
        chunks.abort();
        board.abort();
      }
    });
    Result<void> converted;
    std::vector<Result<void>> decoded(kSplitDecoders);
    std::thread converter([&] {
      Callbacks relay_cb;
      relay_cb.log = [&](LogLevel level, std::string_view line) { relay.push(level, line); };
      detail::LogScope scope(relay_cb);
      guarded(converted, [&] { return convert_segments(board); });
      if (converted) chunks.close(); else chunks.abort();
    });
    std::vector<std::thread> workers;
    for (int i = 0; i < kSplitDecoders; ++i)
      workers.emplace_back([&, i] {
        guarded(decoded[static_cast<std::size_t>(i)],
                [&] { return decode_segments(board, *decoders[static_cast<std::size_t>(i)], relay); });
      });
    Result<void> demuxed;
    guarded(demuxed, [&] { return demux_segments(board, relay); });
    if (demuxed) board.close();
    for (auto& w : workers) w.join();
    converter.join();
    sinker.join();
    sink_queue_ = nullptr;
    relay.emit(cb_);
    if (!demuxed) return demuxed;
    for (auto& d : decoded)
      if (!d) return d;
    if (!sunk) return sunk;
    return converted;
  }

  Result<void> demux_segments(detail::SegmentBoard& board, detail::LogRelay& relay) {
    // Segments of about 3 s: long enough that the pre-roll costs ~4 %, short enough that the
    // few in flight hold little memory.
    const int64_t target = av_rescale_q(3, AVRational{1, 1}, stream_->time_base);
    constexpr std::size_t kMaxOwn = 1024;      // packets, when durations are unknown
    constexpr std::size_t kPostRoll = 2;
    // Pre-roll: at least 4 packets and 2 KiB, which covers MP3's 511-byte bit reservoir for the
    // packet before the segment too (its overlap feeds the first one).
    constexpr std::size_t kPreRollMin = 4, kPreRollMax = 32;
    constexpr int kPreRollBytes = 2048;
    detail::PacketPtr pkt(av_packet_alloc());
    if (!pkt) return fail(ErrorCategory::internal, "decode: out of memory");
    // Pre- and post-roll copies get their own data, so each packet's buffer is only ever read
    // and freed by the one decoding thread that holds it.
    auto copy = [](const AVPacket* p) {
      detail::PacketPtr c(av_packet_clone(p));
      if (!c || av_packet_make_writable(c.get()) < 0) throw std::bad_alloc();
      return c;
    };
    auto cur = std::make_unique<detail::Segment>();
    std::unique_ptr<detail::Segment> waiting;  // cut, still collecting its post-roll
    int64_t own_duration = 0;
    int64_t last_pts = AV_NOPTS_VALUE;
    int rc = 0;
    unsigned since_poll = 0;
    while ((rc = av_read_frame(fmt_.get(), pkt.get())) >= 0) {
      if (pkt->stream_index == stream_->index) {
        const bool long_enough = own_duration >= target || cur->own >= kMaxOwn;
        if (cur->own > 0 && long_enough && pkt->pts != AV_NOPTS_VALUE &&
            last_pts != AV_NOPTS_VALUE && pkt->pts > last_pts && !waiting) {
          auto next = std::make_unique<detail::Segment>();
          next->start_pts = cur->end_pts = pkt->pts;
          const std::size_t own_end = cur->pre + cur->own;
          std::size_t n = 0;
          int bytes = 0;
          while (n < cur->own && n < kPreRollMax && (n < kPreRollMin || bytes < kPreRollBytes))
            bytes += cur->packets[own_end - 1 - n++]->size;
          for (std::size_t k = own_end - n; k < own_end; ++k)
            next->packets.push_back(copy(cur->packets[k].get()));
          next->pre = n;
          waiting = std::move(cur);
          cur = std::move(next);
          own_duration = 0;
        }
        if (waiting) {
          waiting->packets.push_back(copy(pkt.get()));
          if (waiting->packets.size() - waiting->pre - waiting->own >= kPostRoll &&
              !board.push(std::move(waiting)))
            return {};  // a worker stopped: its error says why
        }
        own_duration += std::max<int64_t>(pkt->duration, 0);
        last_pts = pkt->pts;
        detail::PacketPtr own(av_packet_alloc());
        if (!own) return fail(ErrorCategory::internal, "decode: out of memory");
        av_packet_move_ref(own.get(), pkt.get());
        cur->packets.push_back(std::move(own));
        ++cur->own;
      }
      av_packet_unref(pkt.get());
      if (auto r = poll(since_poll, &relay); !r) return r;
    }
    read_ended(rc);
    if (waiting && !board.push(std::move(waiting))) return {};
    cur->last = true;
    if (!board.push(std::move(cur))) return {};
    detail::progress(cb_, Stage::decode, 1.0);
    return {};
  }

  Result<void> decode_segments(detail::SegmentBoard& board, AVCodecContext& dec,
                               detail::LogRelay& relay) {
    // The pre-roll's complaints (a bit reservoir cut off) are expected: they are dropped.
    bool quiet = false;
    Callbacks relay_cb;
    relay_cb.log = [&](LogLevel level, std::string_view line) {
      if (!quiet) relay.push(level, line);
    };
    detail::LogScope scope(relay_cb);
    detail::FramePtr frame(av_frame_alloc());
    if (!frame) return fail(ErrorCategory::internal, "decode: out of memory");
    while (detail::Segment* s = board.take()) {
      avcodec_flush_buffers(&dec);
      // Every frame the decoder hands over, kept when it belongs to this segment.
      auto receive = [&](bool own) -> Result<void> {
        for (;;) {
          const int rc = avcodec_receive_frame(&dec, frame.get());
          if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) return {};
          if (rc < 0) {
            if (own) ++s->damaged;
            return {};
          }
          const int64_t pts = frame->pts;
          const bool keep = pts == AV_NOPTS_VALUE ? own : pts >= s->start_pts && pts < s->end_pts;
          if (!keep) {
            av_frame_unref(frame.get());
            continue;
          }
          scan_frame(*frame, s->clip);
          s->samples += frame->nb_samples;
          detail::FramePtr f(av_frame_alloc());
          if (!f) return fail(ErrorCategory::internal, "decode: out of memory");
          av_frame_move_ref(f.get(), frame.get());
          s->frames.push_back(std::move(f));
        }
      };
      const std::size_t own_end = s->pre + s->own;
      for (std::size_t k = 0; k < s->packets.size(); ++k) {
        const bool own = k >= s->pre && k < own_end;
        quiet = !own;
        const int sent = avcodec_send_packet(&dec, s->packets[k].get());
        if (sent < 0 && sent != AVERROR(EAGAIN) && own) ++s->damaged;
        if (auto r = receive(own); !r) return r;
      }
      quiet = false;
      if (s->last) {
        avcodec_send_packet(&dec, nullptr);  // flush: the stream ends here
        if (auto r = receive(true); !r) return r;
      }
      s->packets.clear();
      board.decoded(s);
    }
    return {};
  }

  Result<void> convert_segments(detail::SegmentBoard& board) {
    while (std::unique_ptr<detail::Segment> s = board.next()) {
      clip_.add(s->clip);
      out_.stats.input_samples += s->samples;
      out_.stats.damaged_packets += s->damaged;
      for (auto& f : s->frames) {
        if (auto r = resample_frame(*f); !r) return r;
        f.reset();
      }
    }
    if (board.aborted()) return {};
    return convert_finish();
  }

  Result<DecodedInput> finish() {
    out_.stats.clipped_samples = clip_.clipped;
    out_.stats.input_peak_dbfs = clip_.peak_dbfs();
    out_.info.duration_seconds = static_cast<double>(produced_) / kSampleRate;
    if (produced_ == 0) {
      if (out_.stats.damaged_packets > 0 || out_.stats.truncated)
        return fail(ErrorCategory::decode_failed,
                    fmt::format("decode '{}': no audio could be decoded ({} damaged packets{})",
                                name(), out_.stats.damaged_packets,
                                out_.stats.read_error.empty() ? "" : "; " + out_.stats.read_error));
      return fail(ErrorCategory::decode_failed,
                  fmt::format("decode '{}': the audio stream is empty", name()));
    }
    // A container that promised noticeably more than decoded: the file was cut short.
    const double announced = out_.info.announced_seconds;
    if (announced > 0 && out_.info.duration_seconds < announced * 0.97 - 0.5)
      out_.stats.truncated = true;
    return std::move(out_);
  }

  const InputSource& src_;
  const Callbacks& cb_;
  const char* container_ = nullptr;
  detail::MemoryCursor memory_cursor_;
  detail::UniqueFd stdin_fd_;
  int stdin_fd_number_ = -1;  // the AVIOContext's opaque points here
  detail::IoContextPtr io_;  // declared after its sources and before fmt_: destroyed between
  detail::InputFormatPtr fmt_;
  detail::CodecContextPtr dec_;
  detail::FramePtr frame_;
  AVStream* stream_ = nullptr;
  const AVCodec* codec_ = nullptr;
  DecodedInput out_;
  detail::AudioSink sink_;
  bool pipelined_ = true;
  std::vector<float> chunk_;  // converted audio on its way to the sink
  detail::Resampler resampler_{chunk_};
  Result<void> convert_status_;
  detail::ChunkQueue* sink_queue_ = nullptr;  // set while the split decode runs
  int64_t input_size_ = -1;                     // bytes, when the input knows
  std::size_t produced_ = 0;  // samples handed to the sink
  ClipCount clip_;
};


// Raw PCM needs no demuxer or decoder: straight to the convert stage, with the same checks.
Result<DecodedInput> decode_pcm(const InputSource& source) {
  const PcmView v = source.pcm_view();
  const std::string& name = source.display_name();
  if (v.frames == 0)
    return fail(ErrorCategory::input_unreadable, fmt::format("'{}' holds no PCM frames", name));
  DecodedInput out;
  auto audio = convert_pcm(v);
  if (!audio)
    return fail(audio.error().category, fmt::format("'{}': {}", name, audio.error().message));
  out.audio = std::move(*audio);
  out.info.container = "raw";
  out.info.container_long = "raw PCM from the caller";
  out.info.codec = v.format == PcmFormat::s16 ? "pcm_s16le" : "pcm_f32le";
  out.info.sample_rate = v.sample_rate;
  out.info.channels = v.channels;
  out.info.audio_streams = 1;
  out.info.stream_index = 0;
  out.info.bytes = static_cast<std::int64_t>(source.bytes().size());
  out.info.duration_seconds = out.audio.duration_seconds();
  out.info.announced_seconds = static_cast<double>(v.frames) / v.sample_rate;
  // The same clipping scan the decoder runs, on a frame-shaped view of the caller's buffer.
  detail::FramePtr frame(av_frame_alloc());
  if (!frame) return fail(ErrorCategory::internal, "decode: out of memory");
  frame->format = v.format == PcmFormat::s16 ? AV_SAMPLE_FMT_S16 : AV_SAMPLE_FMT_FLT;
  av_channel_layout_default(&frame->ch_layout, v.channels);
  frame->nb_samples = static_cast<int>(std::min<std::size_t>(v.frames, INT32_MAX));
  frame->extended_data = frame->data;
  frame->data[0] = const_cast<uint8_t*>(reinterpret_cast<const uint8_t*>(v.data));
  ClipCount clip;
  scan_frame(*frame, clip);
  frame->data[0] = nullptr;
  out.stats.input_samples = static_cast<std::int64_t>(v.frames);
  out.stats.clipped_samples = clip.clipped;
  out.stats.input_peak_dbfs = clip.peak_dbfs();
  return out;
}

}  // namespace

namespace detail {

Result<DecodedInput> decode_streaming(const InputSource& source, const Callbacks& callbacks,
                                      AudioSink sink, bool pipelined, const char* container) {
  if (source.kind() == InputSource::Kind::pcm) {
    auto d = decode_pcm(source);
    if (!d) return d;
    if (sink) {
      if (auto r = sink(d->audio.samples); !r) return std::unexpected(r.error());
    }
    d->audio.samples = {};
    return d;
  }
  return Decoder(source, callbacks, std::move(sink), pipelined, container).run();
}

}  // namespace detail

Result<DecodedInput> decode(const InputSource& source, const Callbacks& callbacks) {
  detail::LogScope scope(callbacks);
  std::vector<float> all;
  auto d = detail::decode_streaming(source, callbacks, [&](std::span<const float> s) -> Result<void> {
    all.insert(all.end(), s.begin(), s.end());
    return {};
  });
  if (d) d->audio.samples = std::move(all);
  return d;
}

}  // namespace voxclone

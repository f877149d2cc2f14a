// Stage 6: encode. Every format goes through the same libavcodec encoder + libavformat muxer
// path (pcm_s16le in "wav" or raw "s16le", libmp3lame in "mp3"), written into memory through a
// seekable AVIOContext so the WAV sizes and the MP3 Xing/LAME header are filled in at the end.
#include "voxclone/encode.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>

#include <fmt/format.h>

extern "C" {
#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>
}

#include "ffmpeg/handles.hpp"
#include "ffmpeg/av_error.hpp"
#include "ffmpeg/avio.hpp"

namespace voxclone {

std::string_view to_string(SampleFormat format) noexcept {
  switch (format) {
    case SampleFormat::wav: return "wav";
    case SampleFormat::pcm: return "pcm";
    case SampleFormat::mp3: return "mp3";
  }
  return "wav";
}

std::optional<SampleFormat> parse_sample_format(std::string_view text) noexcept {
  std::string t(text);
  std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return std::tolower(c); });
  if (t == "wav" || t == "wave") return SampleFormat::wav;
  if (t == "pcm" || t == "raw" || t == "s16le") return SampleFormat::pcm;
  if (t == "mp3") return SampleFormat::mp3;
  return std::nullopt;
}

std::optional<SampleFormat> format_from_path(const std::filesystem::path& path) noexcept {
  auto ext = path.extension().string();
  if (ext.size() < 2) return std::nullopt;
  return parse_sample_format(std::string_view(ext).substr(1));
}

std::string_view content_type(SampleFormat format) noexcept {
  switch (format) {
    case SampleFormat::wav: return "audio/wav";
    case SampleFormat::pcm: return "application/octet-stream";
    case SampleFormat::mp3: return "audio/mpeg";
  }
  return "application/octet-stream";
}

namespace {

using detail::av_error_text;

Error encode_error(SampleFormat f, std::string_view what, int rc) {
  return Error{ErrorCategory::internal,
               fmt::format("encode {}: {}: {}", to_string(f), what, av_error_text(rc))};
}

// Float to 16-bit: round to nearest (ties to even) and clamp. (libswresample could do this too,
// but a context for one clamp-and-round loop would only add failure paths.) The rounding adds
// and takes away 1.5 * 2^23, which leaves a float of magnitude under 2^22 rounded to an integer
// exactly as std::lrint rounds it in the default mode; unlike lrint, a call to libm per sample,
// the loop vectorises. Every one of the 2^32 float inputs gives lrint's output (NaN 0 as
// before); a combined sample of 22 s is converted in a third of the time (bench/README.md,
// session 21).
void to_s16(const float* in, std::size_t n, int16_t* out) {
  constexpr float kRound = 12582912.0f;  // 1.5 * 2^23
  for (std::size_t i = 0; i < n; ++i) {
    const float v = std::clamp(in[i], -1.0f, 32767.0f / 32768.0f) * 32768.0f;
    out[i] = static_cast<int16_t>(static_cast<int32_t>((v + kRound) - kRound));
  }
}

class Encoder {
 public:
  Encoder(SampleFormat format, const EncodeOptions& opt) : format_(format), opt_(opt) {}

  Result<EncodedSample> run(const Audio& audio) {
    const char* muxer = format_ == SampleFormat::wav ? "wav" : format_ == SampleFormat::pcm ? "s16le" : "mp3";
    const AVCodec* codec = format_ == SampleFormat::mp3 ? avcodec_find_encoder_by_name("libmp3lame")
                                                        : avcodec_find_encoder(AV_CODEC_ID_PCM_S16LE);
    if (codec == nullptr)
      return fail(ErrorCategory::internal,
                  fmt::format("encode {}: this FFmpeg has no {} encoder", to_string(format_),
                              format_ == SampleFormat::mp3 ? "libmp3lame" : "pcm_s16le"));
    AVFormatContext* raw = nullptr;
    int rc = avformat_alloc_output_context2(&raw, nullptr, muxer, nullptr);
    if (rc < 0 || raw == nullptr) return std::unexpected(encode_error(format_, "muxer", rc));
    out_.reset(raw);
    auto io = detail::open_memory_writer(sink_);
    if (!io) return std::unexpected(io.error());
    io_ = std::move(*io);
    out_->pb = io_.get();
    out_->flags |= AVFMT_FLAG_CUSTOM_IO | AVFMT_FLAG_BITEXACT;  // no encoder-version tags

    enc_.reset(avcodec_alloc_context3(codec));
    if (!enc_) return fail(ErrorCategory::internal, "encode: out of memory");
    enc_->sample_rate = audio.sample_rate;
    enc_->time_base = AVRational{1, audio.sample_rate};
    AVChannelLayout mono = AV_CHANNEL_LAYOUT_MONO;
    av_channel_layout_copy(&enc_->ch_layout, &mono);
    enc_->sample_fmt = format_ == SampleFormat::mp3 ? AV_SAMPLE_FMT_FLTP : AV_SAMPLE_FMT_S16;
    if (format_ == SampleFormat::mp3) enc_->bit_rate = opt_.mp3_bitrate;
    enc_->flags |= AV_CODEC_FLAG_BITEXACT;
    if (out_->oformat->flags & AVFMT_GLOBALHEADER) enc_->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    if ((rc = avcodec_open2(enc_.get(), codec, nullptr)) < 0)
      return std::unexpected(encode_error(format_, "opening the encoder", rc));

    AVStream* st = avformat_new_stream(out_.get(), nullptr);
    if (st == nullptr) return fail(ErrorCategory::internal, "encode: out of memory");
    if ((rc = avcodec_parameters_from_context(st->codecpar, enc_.get())) < 0)
      return std::unexpected(encode_error(format_, "stream parameters", rc));
    st->time_base = enc_->time_base;
    AVDictionary* mux_opts = nullptr;
    if (format_ == SampleFormat::mp3) av_dict_set(&mux_opts, "id3v2_version", "0", 0);
    rc = avformat_write_header(out_.get(), &mux_opts);
    av_dict_free(&mux_opts);
    if (rc < 0) return std::unexpected(encode_error(format_, "writing the header", rc));
    stream_ = st;

    // The MP3 encoder takes exactly frame_size samples per frame (the last may be short); the
    // whole window is already in memory, so slicing it replaces the AVAudioFifo a streaming
    // encoder would need.
    const std::size_t chunk = enc_->frame_size > 0 ? static_cast<std::size_t>(enc_->frame_size) : 4096;
    detail::FramePtr frame(av_frame_alloc());
    pkt_.reset(av_packet_alloc());
    if (!frame || !pkt_) return fail(ErrorCategory::internal, "encode: out of memory");
    for (std::size_t pos = 0; pos < audio.samples.size(); pos += chunk) {
      const std::size_t n = std::min(chunk, audio.samples.size() - pos);
      frame->nb_samples = static_cast<int>(n);
      frame->format = enc_->sample_fmt;
      frame->sample_rate = enc_->sample_rate;
      av_channel_layout_copy(&frame->ch_layout, &enc_->ch_layout);
      if ((rc = av_frame_get_buffer(frame.get(), 0)) < 0)
        return std::unexpected(encode_error(format_, "frame buffer", rc));
      if (enc_->sample_fmt == AV_SAMPLE_FMT_S16)
        to_s16(audio.samples.data() + pos, n, reinterpret_cast<int16_t*>(frame->data[0]));
      else
        std::memcpy(frame->data[0], audio.samples.data() + pos, n * sizeof(float));
      frame->pts = static_cast<int64_t>(pos);
      if ((rc = avcodec_send_frame(enc_.get(), frame.get())) < 0)
        return std::unexpected(encode_error(format_, "encoding", rc));
      av_frame_unref(frame.get());
      if (auto r = drain(); !r) return std::unexpected(r.error());
    }
    if ((rc = avcodec_send_frame(enc_.get(), nullptr)) < 0)  // flush
      return std::unexpected(encode_error(format_, "flushing", rc));
    if (auto r = drain(); !r) return std::unexpected(r.error());
    if ((rc = av_write_trailer(out_.get())) < 0)
      return std::unexpected(encode_error(format_, "writing the trailer", rc));
    avio_flush(out_->pb);
    if (out_->pb->error < 0) return std::unexpected(encode_error(format_, "writing", out_->pb->error));

    EncodedSample s;
    s.format = format_;
    s.bytes = std::move(sink_.data);
    s.sample_rate = audio.sample_rate;
    s.channels = 1;
    s.duration_seconds = audio.duration_seconds();
    return s;
  }

 private:
  Result<void> drain() {
    for (;;) {
      int rc = avcodec_receive_packet(enc_.get(), pkt_.get());
      if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) return {};
      if (rc < 0) return std::unexpected(encode_error(format_, "encoding", rc));
      av_packet_rescale_ts(pkt_.get(), enc_->time_base, stream_->time_base);
      pkt_->stream_index = stream_->index;
      rc = av_interleaved_write_frame(out_.get(), pkt_.get());  // takes the packet's reference
      if (rc < 0) return std::unexpected(encode_error(format_, "muxing", rc));
    }
  }

  SampleFormat format_;
  EncodeOptions opt_;
  detail::MemorySink sink_;
  detail::IoContextPtr io_;  // outlives out_ (declared first, destroyed last)
  detail::OutputFormatPtr out_;
  detail::CodecContextPtr enc_;
  detail::PacketPtr pkt_;
  AVStream* stream_ = nullptr;
};

}  // namespace

std::span<const int> mp3_bitrates_kbps() noexcept {
  // ISO/IEC 13818-3's Layer III table for the half rates (16, 22.05, 24 kHz), from 32 kb/s up:
  // below that a voice loses too much.
  static constexpr int kRates[] = {32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160};
  return kRates;
}

bool is_mp3_bitrate(int bits_per_second) noexcept {
  for (int k : mp3_bitrates_kbps())
    if (k * 1000 == bits_per_second) return true;
  return false;
}

Result<EncodedSample> encode(const Audio& audio, SampleFormat format, const EncodeOptions& options) {
  if (audio.samples.empty()) return fail(ErrorCategory::invalid_argument, "encode: no audio");
  if (format == SampleFormat::mp3 && !is_mp3_bitrate(options.mp3_bitrate))
    return fail(ErrorCategory::invalid_argument,
                fmt::format("encode mp3: bitrate {} is not one MPEG-2 Layer III takes at 24 kHz "
                            "(32–160 kb/s)",
                            options.mp3_bitrate));
  return Encoder(format, options).run(audio);
}

}  // namespace voxclone

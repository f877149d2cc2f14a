#include "decode/audio_stream.hpp"

#include <string>

#include <fmt/format.h>

extern "C" {
#include <libavutil/channel_layout.h>
#include <libavutil/dict.h>
}

#include "decode/stream_names.hpp"
#include "ffmpeg/av_error.hpp"

namespace voxclone::detail {
namespace {

std::string describe_streams(const AVFormatContext& format) {
  std::string out;
  for (unsigned i = 0; i < format.nb_streams; ++i) {
    const AVStream& st = *format.streams[i];
    const char* type = av_get_media_type_string(st.codecpar->codec_type);
    std::string what =
        (st.disposition & AV_DISPOSITION_ATTACHED_PIC) ? "picture" : (type ? type : "data");
    if (!out.empty()) out += ", ";
    out += fmt::format("{} ({})", what, avcodec_get_name(st.codecpar->codec_id));
  }
  return out.empty() ? "no streams" : out;
}

std::string tag(const AVStream& st, const char* key) {
  const AVDictionaryEntry* e = av_dict_get(st.metadata, key, nullptr, 0);
  return e != nullptr && e->value != nullptr ? e->value : "";
}

// A --stream that names no audio stream of a file that has some is the caller's mistake
// (invalid_argument), and the message lists what there is to choose from; a file with no audio
// at all is no_audio_stream, as without --stream.
std::unexpected<Error> names_no_audio_stream(const AVFormatContext& format, std::string_view name,
                                             std::string what) {
  const auto audio = list_audio_streams(format);
  if (audio.empty())
    return fail(ErrorCategory::no_audio_stream,
                fmt::format("'{}': {}: it has no audio stream (it holds: {})", name, what,
                            describe_streams(format)));
  return fail(ErrorCategory::invalid_argument,
              fmt::format("'{}': {}; its audio stream{}: {} (--stream a:N, or the number after #, "
                          "picks one)",
                          name, what, audio.size() == 1 ? " is" : "s are",
                          describe_audio_streams(audio)));
}

// The stream the caller asked for, by index or as the N-th audio stream: it must exist, be
// audio and have a decoder.
Result<AudioStream> chosen_stream(AVFormatContext& format, std::string_view name,
                                  StreamSpecifier wanted) {
  if (wanted.audio_number >= 0) {
    const auto audio = list_audio_streams(format);
    if (wanted.audio_number >= static_cast<int>(audio.size()))
      return names_no_audio_stream(
          format, name, fmt::format("--stream a:{} names no audio stream", wanted.audio_number));
    wanted.index = audio[static_cast<std::size_t>(wanted.audio_number)].index;
  }
  if (wanted.index >= static_cast<int>(format.nb_streams) ||
      format.streams[wanted.index]->codecpar->codec_type != AVMEDIA_TYPE_AUDIO)
    return names_no_audio_stream(format, name,
                                 fmt::format("stream #{} is not an audio stream", wanted.index));
  AVStream* st = format.streams[wanted.index];
  const AVCodec* codec = avcodec_find_decoder(st->codecpar->codec_id);
  if (codec == nullptr)
    return fail(ErrorCategory::decode_failed,
                fmt::format("'{}': no decoder for stream #{}'s codec '{}'", name, wanted.index,
                            avcodec_get_name(st->codecpar->codec_id)));
  for (unsigned i = 0; i < format.nb_streams; ++i)
    if (static_cast<int>(i) != wanted.index) format.streams[i]->discard = AVDISCARD_ALL;
  return AudioStream{st, codec};
}

}  // namespace

std::vector<AudioStreamInfo> list_audio_streams(const AVFormatContext& format) {
  std::vector<AudioStreamInfo> out;
  for (unsigned i = 0; i < format.nb_streams; ++i) {
    const AVStream& st = *format.streams[i];
    const AVCodecParameters& par = *st.codecpar;
    if (par.codec_type != AVMEDIA_TYPE_AUDIO) continue;
    AudioStreamInfo a;
    a.index = st.index;
    a.audio_number = static_cast<int>(out.size());
    a.codec = avcodec_get_name(par.codec_id);
    a.sample_rate = par.sample_rate;
    a.channels = par.ch_layout.nb_channels;
    a.language = tag(st, "language");
    if (a.language == "und") a.language.clear();  // Matroska's "undetermined"
    a.title = tag(st, "title");
    a.is_default = (st.disposition & AV_DISPOSITION_DEFAULT) != 0;
    out.push_back(std::move(a));
  }
  return out;
}

Result<AudioStream> choose_audio_stream(AVFormatContext& format, std::string_view name,
                                        StreamSpecifier wanted) {
  if (wanted.given()) return chosen_stream(format, name, wanted);
  int any = -1;  // the last audio stream, to name its codec when none can be decoded
  for (unsigned i = 0; i < format.nb_streams; ++i)
    if (format.streams[i]->codecpar->codec_type == AVMEDIA_TYPE_AUDIO) any = static_cast<int>(i);
  const AVCodec* codec = nullptr;
  const int idx = av_find_best_stream(&format, AVMEDIA_TYPE_AUDIO, -1, -1, &codec, 0);
  // A text file named .mp3 opens with the demuxer its name picks and shows one "audio (mp3)"
  // stream that nothing can decode: that is not an audio file, not a file without audio.
  if (idx == AVERROR_STREAM_NOT_FOUND && any >= 0)
    return fail(ErrorCategory::not_audio,
                fmt::format("'{}' is not an audio or video file: FFmpeg found no playable audio "
                            "in it (only the {} its name suggests, with no data it can read)",
                            name, describe_streams(format)));
  if (idx == AVERROR_STREAM_NOT_FOUND || any < 0)
    return fail(
        ErrorCategory::no_audio_stream,
        fmt::format("'{}' has no audio stream (it holds: {})", name, describe_streams(format)));
  if (idx < 0 || codec == nullptr)
    return fail(ErrorCategory::decode_failed,
                fmt::format("'{}': no decoder for its audio codec '{}'", name,
                            avcodec_get_name(format.streams[any]->codecpar->codec_id)));
  for (unsigned i = 0; i < format.nb_streams; ++i)
    if (static_cast<int>(i) != idx) format.streams[i]->discard = AVDISCARD_ALL;
  return AudioStream{format.streams[idx], codec};
}

Result<CodecContextPtr> open_decoder(const AudioStream& audio, std::string_view name) {
  CodecContextPtr dec(avcodec_alloc_context3(audio.codec));
  if (!dec) return fail(ErrorCategory::internal, "decode: out of memory");
  int rc = avcodec_parameters_to_context(dec.get(), audio.stream->codecpar);
  if (rc < 0)
    return fail(ErrorCategory::decode_failed,
                fmt::format("decode '{}': {}", name, av_error_text(rc)));
  dec->pkt_timebase = audio.stream->time_base;
  dec->thread_count = 1;  // audio decoders gain nothing from FFmpeg's threads
  // A WAV without a layout gets its default one, as the AVChannelLayout API wants.
  if (dec->ch_layout.order == AV_CHANNEL_ORDER_UNSPEC && dec->ch_layout.nb_channels > 0) {
    const int n = dec->ch_layout.nb_channels;
    av_channel_layout_uninit(&dec->ch_layout);
    av_channel_layout_default(&dec->ch_layout, n);
  }
  rc = avcodec_open2(dec.get(), audio.codec, nullptr);
  if (rc < 0)
    return fail(ErrorCategory::decode_failed,
                fmt::format("decode '{}': cannot open the {} decoder: {}", name, audio.codec->name,
                            av_error_text(rc)));
  return dec;
}

void describe_stream(const AudioStream& audio, const AVCodecContext& decoder, InputInfo& info) {
  const AVStream& st = *audio.stream;
  info.stream_index = st.index;
  if (st.duration > 0 && st.time_base.den > 0)
    info.announced_seconds = static_cast<double>(st.duration) * av_q2d(st.time_base);
  info.codec = avcodec_get_name(st.codecpar->codec_id);
  info.sample_rate = decoder.sample_rate;
  info.channels = decoder.ch_layout.nb_channels;
  char desc[64] = "";
  if (av_channel_layout_describe(&decoder.ch_layout, desc, sizeof desc) > 0)
    info.channel_layout = desc;
}

}  // namespace voxclone::detail

#include "decode/demuxer.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <system_error>

#include <fmt/format.h>

#include "core/log.hpp"
#include "decode/stdin_reader.hpp"
#include "ffmpeg/av_error.hpp"

namespace voxclone::detail {
namespace {

// A file's size (-1 when it has none, e.g. a named pipe), once it is known to exist, to be a
// file rather than a folder, not to be empty and to open for reading: FFmpeg's own words for
// those cases would be vaguer.
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

// What avformat_open_input's failure means for the caller.
std::unexpected<Error> open_error(int rc, const std::string& name) {
  if (rc == AVERROR_EOF)
    return fail(ErrorCategory::decode_failed,
                fmt::format("'{}' holds no audio data: it ends before its first packet", name));
  if (rc == AVERROR(EIO) || rc == AVERROR(ENOMEM) || rc == AVERROR(EACCES))
    return fail(ErrorCategory::input_unreadable,
                fmt::format("open '{}': {}", name, av_error_text(rc)));
  // AVERROR_INVALIDDATA, and anything else: the input exists and reads (checked before), so
  // what FFmpeg rejects is its content.
  return fail(ErrorCategory::not_audio,
              fmt::format("'{}' is not an audio or video file FFmpeg can read ({})", name,
                          av_error_text(rc)));
}

}  // namespace

double Demuxer::read_fraction() const {
  if (io_size <= 0) return -1.0;
  return std::min(1.0, static_cast<double>(avio_tell(format->pb)) / static_cast<double>(io_size));
}

Result<std::unique_ptr<Demuxer>> open_demuxer(const InputSource& source, const Callbacks& callbacks,
                                              const char* container) {
  const std::string& name = source.display_name();
  auto input = std::make_unique<Demuxer>();
  std::string url;
  // Owned (avformat_free_context) until avformat_open_input takes it over.
  OutputFormatPtr ctx(avformat_alloc_context());
  if (!ctx) return fail(ErrorCategory::internal, "decode: out of memory");
  // Memory and standard input are read through our own AVIOContext.
  auto attach = [&](Result<IoContextPtr> io) -> Result<void> {
    if (!io) return std::unexpected(io.error());
    input->io = std::move(*io);
    ctx->pb = input->io.get();
    ctx->flags |= AVFMT_FLAG_CUSTOM_IO;
    return {};
  };
  switch (source.kind()) {
    case InputSource::Kind::file: {
      auto size = check_file(source.path(), name);
      if (!size) return std::unexpected(size.error());
      input->bytes = std::max<std::int64_t>(*size, 0);
      url = "file:" + source.path().string();  // "file:" so a name like "a:b.wav" is not a protocol
      break;
    }
    case InputSource::Kind::memory: {
      if (source.bytes().empty())
        return fail(ErrorCategory::input_unreadable, fmt::format("'{}' is empty (0 bytes)", name));
      if (auto r = attach(open_memory_reader(source.bytes(), input->memory_cursor)); !r)
        return std::unexpected(r.error());
      input->bytes = static_cast<std::int64_t>(source.bytes().size());
      break;
    }
    case InputSource::Kind::pcm:
      return fail(ErrorCategory::internal, "decode: raw PCM has no container");
    case InputSource::Kind::standard_input: {
      auto fd = seekable_stdin(callbacks.cancel);
      if (!fd) return std::unexpected(fd.error());
      input->stdin_fd = std::move(*fd);
      input->stdin_fd_number = input->stdin_fd.get();
      if (auto r = attach(open_fd_reader(input->stdin_fd_number)); !r)
        return std::unexpected(r.error());
      break;
    }
  }
  const AVInputFormat* forced = nullptr;
  if (container != nullptr) {
    forced = av_find_input_format(container);
    // Content we wrote ourselves: no need to look deep for what it holds. (PCM in WAV is
    // otherwise probed up to 5 MB in case it hides another codec.)
    ctx->probesize = 1 << 15;
  }
  AVFormatContext* raw = ctx.release();
  // On failure avformat_open_input frees the context itself.
  const int rc = avformat_open_input(&raw, url.empty() ? "" : url.c_str(), forced, nullptr);
  if (rc < 0) return open_error(rc, name);
  input->format.reset(raw);
  input->io_size = input->format->pb ? avio_size(input->format->pb) : -1;
  if (source.kind() == InputSource::Kind::standard_input) input->bytes = input->io_size;
  const int info = avformat_find_stream_info(input->format.get(), nullptr);
  if (info < 0)
    logf(callbacks, LogLevel::info, "decode '{}': stream info incomplete: {}", name,
         av_error_text(info));
  return input;
}

void describe_container(const AVFormatContext& format, InputInfo& info) {
  int audio = 0;
  for (unsigned i = 0; i < format.nb_streams; ++i) {
    const AVStream& st = *format.streams[i];
    if (st.codecpar->codec_type == AVMEDIA_TYPE_AUDIO) ++audio;
    if (st.codecpar->codec_type == AVMEDIA_TYPE_VIDEO &&
        (st.disposition & AV_DISPOSITION_ATTACHED_PIC) == 0)
      info.has_video = true;
  }
  info.audio_streams = audio;
  info.container = format.iformat->name;
  info.container_long =
      format.iformat->long_name ? format.iformat->long_name : format.iformat->name;
  if (format.duration > 0)
    info.announced_seconds = static_cast<double>(format.duration) / AV_TIME_BASE;
}

}  // namespace voxclone::detail

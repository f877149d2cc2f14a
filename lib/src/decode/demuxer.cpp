#include "decode/demuxer.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

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

// Whether the file reads to its end without an error (at most its first 64 MiB). A demuxer says
// AVERROR(EIO) both for a disk that fails and for a header that claims more bytes than the file
// has (a FLAC cut inside its metadata): when every byte reads, it was the content.
bool reads_without_error(const std::filesystem::path& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return false;
  std::vector<char> buf(1 << 16);
  std::size_t total = 0;
  while (total < (std::size_t{64} << 20)) {
    const std::size_t n = std::fread(buf.data(), 1, buf.size(), f);
    total += n;
    if (n < buf.size()) break;
  }
  const bool ok = std::ferror(f) == 0;
  std::fclose(f);
  return ok;
}

// Whether the stream on standard input is a container that can only be read by seeking (MP4,
// M4A, MOV: the index may come after the data). Probes its first bytes as FFmpeg would.
bool needs_seeking(StdinReader& reader) {
  constexpr int kProbeBytes = 1 << 16;
  std::vector<uint8_t> buf(kProbeBytes + AVPROBE_PADDING_SIZE, 0);
  int got = 0;
  while (got < kProbeBytes) {
    const int n = reader.read(buf.data() + got, kProbeBytes - got);
    if (n <= 0) break;
    got += n;
  }
  reader.seek(0, SEEK_SET);
  AVProbeData probe{};
  probe.filename = "";
  probe.buf = buf.data();
  probe.buf_size = got;
  const AVInputFormat* f = av_probe_input_format(&probe, 1);
  return f != nullptr && std::string_view(f->name).find("mp4") != std::string_view::npos;
}

// What avformat_open_input's failure means for the caller.
std::unexpected<Error> open_error(int rc, const InputSource& source, const std::string& name) {
  if (rc == AVERROR(EIO) &&
      (source.kind() != InputSource::Kind::file || reads_without_error(source.path())))
    return fail(ErrorCategory::decode_failed,
                fmt::format("'{}' is cut short or damaged inside its header (FFmpeg: {}): there "
                            "is no audio to read",
                            name, av_error_text(rc)));
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
      auto reader = StdinReader::open(source.max_stdin_bytes(), callbacks.cancel);
      if (!reader) return std::unexpected(reader.error());
      input->stdin_reader = std::move(*reader);
      if (auto r = attach(open_source_reader(*input->stdin_reader)); !r)
        return std::unexpected(r.error());
      // A pipe is read as the stream it is, unless its container keeps what a demuxer needs at
      // its end (MP4's index): a seekable pipe invites demuxers to look for trailing tags, and
      // WAV's demuxer seeks past a data chunk of unknown size to find them, which would read
      // a stream without an end up to the limit before decoding a sample.
      if (!needs_seeking(*input->stdin_reader)) input->io->seekable = 0;
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
  if (rc < 0) return open_error(rc, source, name);
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

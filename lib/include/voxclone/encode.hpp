// voxclone/encode.hpp — stage 6: the bytes the clone endpoint receives.
//
//   auto wav = voxclone::encode(kept, voxclone::SampleFormat::wav);   // 24 kHz mono s16 WAV
//   voxclone::write_file_atomically("me.wav", wav->bytes);   // or write_to_stdout(wav->bytes)
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "voxclone/audio.hpp"
#include "voxclone/error.hpp"

namespace voxclone {

/// The formats voxclone writes; each is one the clone endpoint's `audio_format` names.
enum class SampleFormat {
  wav,  ///< RIFF WAVE, 24 kHz mono 16-bit PCM
  pcm,  ///< raw 24 kHz mono 16-bit little-endian (the endpoint's "pcm")
  mp3,  ///< MPEG-2 layer III, 24 kHz mono (libmp3lame)
};

/// "wav", "pcm", "mp3": the endpoint's audio_format value and the usual file extension.
std::string_view to_string(SampleFormat format) noexcept;
std::optional<SampleFormat> parse_sample_format(std::string_view text) noexcept;
/// The format a file name's extension asks for (".wav", ".pcm"/".raw", ".mp3"), if any.
std::optional<SampleFormat> format_from_path(const std::filesystem::path& path) noexcept;
/// The MIME type to send the sample with ("audio/wav", "audio/mpeg", "application/octet-stream").
std::string_view content_type(SampleFormat format) noexcept;

struct EncodeOptions {
  int mp3_bitrate = 128000;  ///< bits per second; one of mp3_bitrates_kbps()
};

/// The bitrates MPEG-2 Layer III allows at 24 kHz, in kb/s (32 to 160).
std::span<const int> mp3_bitrates_kbps() noexcept;
/// True when `bits_per_second` is one of them.
bool is_mp3_bitrate(int bits_per_second) noexcept;

struct EncodedSample {
  SampleFormat format = SampleFormat::wav;
  std::vector<std::byte> bytes;
  int sample_rate = kSampleRate;
  int channels = 1;
  double duration_seconds = 0.0;
};

Result<EncodedSample> encode(const Audio& audio, SampleFormat format,
                             const EncodeOptions& options = {});

struct WriteOptions {
  /// false: a file that exists at `path` when the finished file would take its name is kept,
  /// and the write fails (ErrorCategory::output_failed, "exists"). The check and the naming are
  /// one step, so a file made while the sample was prepared is never replaced silently.
  bool replace_existing = true;
};

/// Writes `bytes` to `path` through a temporary file in the same folder that gets its name only
/// once complete, so a failure (disk full, interrupt, kill -9) never leaves a partial file (and
/// temporaries a killed run left are removed on the next write there). The file's mode is
/// 0666 less the umask. A device or FIFO at `path` (/dev/stdout) is written straight into.
Result<void> write_file_atomically(const std::filesystem::path& path,
                                   std::span<const std::byte> bytes);
Result<void> write_file_atomically(const std::filesystem::path& path,
                                   std::span<const std::byte> bytes, const WriteOptions& options);

/// Writes all of `bytes` to standard output (file descriptor 1, unbuffered: flush stdio's
/// `stdout` first if you also print to it), retrying short writes and interrupted calls.
Result<void> write_to_stdout(std::span<const std::byte> bytes);

}  // namespace voxclone

// voxclone/source.hpp — where the recording comes from.
//
//   auto a = voxclone::InputSource::file("talk.m4a");
//   auto b = voxclone::InputSource::memory(bytes);       // any encoded file held in memory
//   auto c = voxclone::InputSource::standard_input();
//   auto d = voxclone::InputSource::pcm(frames, 48000, 2);  // captured: float or int16_t samples
//
// The byte containers apps hold go in as they are: std::vector<std::uint8_t> (or a span of
// it), std::string / std::string_view, std::vector<std::byte>.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "voxclone/convert.hpp"

namespace voxclone {

class InputSource {
 public:
  enum class Kind { file, memory, standard_input, pcm };

  static InputSource file(std::filesystem::path path);
  /// Copies nothing when given a shared buffer; the span overload copies the bytes.
  static InputSource memory(std::span<const std::byte> bytes, std::string name = "<memory>");
  static InputSource memory(std::span<const std::uint8_t> bytes, std::string name = "<memory>");
  static InputSource memory(std::string_view bytes, std::string name = "<memory>");
  static InputSource memory(std::shared_ptr<const std::vector<std::byte>> bytes,
                            std::string name = "<memory>");
  /// A pipe on standard input is copied to an unlinked temporary file as it is decoded (a
  /// container may need to seek), never ahead of the decoder: reading stops with it (prep's
  /// --end), and at `max_bytes` at the latest (a stream without an end: the sample is made
  /// from what was read, with the warning "truncated").
  static constexpr std::uint64_t kDefaultStdinLimitBytes = std::uint64_t{4} << 30;  // 4 GiB
  static InputSource standard_input(std::uint64_t max_bytes = kDefaultStdinLimitBytes);
  /// Raw interleaved PCM an app captured: `bytes` holds frames * channels samples of `format`.
  static InputSource pcm(std::span<const std::byte> bytes, int sample_rate, int channels,
                         PcmFormat format, std::string name = "<pcm>");
  /// The same, from the samples themselves (interleaved): float in [-1, 1], or int16_t.
  static InputSource pcm(std::span<const float> samples, int sample_rate, int channels,
                         std::string name = "<pcm>");
  static InputSource pcm(std::span<const std::int16_t> samples, int sample_rate, int channels,
                         std::string name = "<pcm>");

  [[nodiscard]] Kind kind() const noexcept { return kind_; }
  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }
  [[nodiscard]] std::span<const std::byte> bytes() const noexcept;
  /// How the input is named in messages: the path as given, "<stdin>", or the memory name.
  [[nodiscard]] const std::string& display_name() const noexcept { return name_; }
  /// For Kind::pcm: the samples' shape (data is bytes()).
  [[nodiscard]] PcmView pcm_view() const noexcept;
  /// For Kind::standard_input: how much of a pipe may be read.
  [[nodiscard]] std::uint64_t max_stdin_bytes() const noexcept { return max_stdin_bytes_; }

 private:
  Kind kind_ = Kind::file;
  std::filesystem::path path_;
  std::shared_ptr<const std::vector<std::byte>> bytes_;
  std::string name_;
  int pcm_rate_ = 0;
  int pcm_channels_ = 0;
  PcmFormat pcm_format_ = PcmFormat::f32;
  std::uint64_t max_stdin_bytes_ = kDefaultStdinLimitBytes;
};

}  // namespace voxclone

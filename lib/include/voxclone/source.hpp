// voxclone/source.hpp — where the recording comes from.
//
//   auto a = voxclone::InputSource::file("talk.m4a");
//   auto b = voxclone::InputSource::memory(bytes);       // any encoded file held in memory
//   auto c = voxclone::InputSource::standard_input();
//   auto d = voxclone::InputSource::pcm(frames, 48000, 2, voxclone::PcmFormat::f32);  // captured
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "voxclone/convert.hpp"

namespace voxclone {

class InputSource {
 public:
  enum class Kind { file, memory, standard_input, pcm };

  static InputSource file(std::filesystem::path path);
  /// Copies nothing when given a shared buffer; the span overload copies the bytes.
  static InputSource memory(std::span<const std::byte> bytes, std::string name = "<memory>");
  static InputSource memory(std::shared_ptr<const std::vector<std::byte>> bytes,
                            std::string name = "<memory>");
  static InputSource standard_input();
  /// Raw interleaved PCM an app captured: `bytes` holds frames * channels samples of `format`.
  static InputSource pcm(std::span<const std::byte> bytes, int sample_rate, int channels,
                         PcmFormat format, std::string name = "<pcm>");

  [[nodiscard]] Kind kind() const noexcept { return kind_; }
  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }
  [[nodiscard]] std::span<const std::byte> bytes() const noexcept;
  /// How the input is named in messages: the path as given, "<stdin>", or the memory name.
  [[nodiscard]] const std::string& display_name() const noexcept { return name_; }
  /// For Kind::pcm: the samples' shape (data is bytes()).
  [[nodiscard]] PcmView pcm_view() const noexcept;

 private:
  Kind kind_ = Kind::file;
  std::filesystem::path path_;
  std::shared_ptr<const std::vector<std::byte>> bytes_;
  std::string name_;
  int pcm_rate_ = 0;
  int pcm_channels_ = 0;
  PcmFormat pcm_format_ = PcmFormat::f32;
};

}  // namespace voxclone

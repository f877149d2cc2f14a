#include "voxclone/source.hpp"

#include <algorithm>

namespace voxclone {

InputSource InputSource::file(std::filesystem::path path) {
  InputSource s;
  s.kind_ = Kind::file;
  s.name_ = path.string();
  s.path_ = std::move(path);
  return s;
}

InputSource InputSource::memory(std::span<const std::byte> bytes, std::string name) {
  return memory(std::make_shared<const std::vector<std::byte>>(bytes.begin(), bytes.end()),
                std::move(name));
}

InputSource InputSource::memory(std::span<const std::uint8_t> bytes, std::string name) {
  return memory(std::as_bytes(bytes), std::move(name));
}

InputSource InputSource::memory(std::string_view bytes, std::string name) {
  return memory(std::as_bytes(std::span(bytes.data(), bytes.size())), std::move(name));
}

InputSource InputSource::memory(std::shared_ptr<const std::vector<std::byte>> bytes,
                                std::string name) {
  InputSource s;
  s.kind_ = Kind::memory;
  s.bytes_ = bytes ? std::move(bytes) : std::make_shared<const std::vector<std::byte>>();
  s.name_ = std::move(name);
  return s;
}

InputSource InputSource::standard_input(std::uint64_t max_bytes) {
  InputSource s;
  s.kind_ = Kind::standard_input;
  s.max_stdin_bytes_ = max_bytes;
  s.name_ = "<stdin>";
  return s;
}

InputSource InputSource::pcm(std::span<const std::byte> bytes, int sample_rate, int channels,
                             PcmFormat format, std::string name) {
  InputSource s = memory(bytes, std::move(name));
  s.kind_ = Kind::pcm;
  s.pcm_rate_ = sample_rate;
  s.pcm_channels_ = channels;
  s.pcm_format_ = format;
  return s;
}

InputSource InputSource::pcm(std::span<const float> samples, int sample_rate, int channels,
                             std::string name) {
  return pcm(std::as_bytes(samples), sample_rate, channels, PcmFormat::f32, std::move(name));
}

InputSource InputSource::pcm(std::span<const std::int16_t> samples, int sample_rate, int channels,
                             std::string name) {
  return pcm(std::as_bytes(samples), sample_rate, channels, PcmFormat::s16, std::move(name));
}

PcmView InputSource::pcm_view() const noexcept {
  const std::size_t sample_bytes = pcm_format_ == PcmFormat::s16 ? 2 : 4;
  const std::size_t frame_bytes = sample_bytes * static_cast<std::size_t>(std::max(1, pcm_channels_));
  return PcmView{bytes_ ? bytes_->data() : nullptr, bytes_ ? bytes_->size() / frame_bytes : 0,
                 pcm_rate_, pcm_channels_, pcm_format_};
}

std::span<const std::byte> InputSource::bytes() const noexcept {
  if (!bytes_) return {};
  return {bytes_->data(), bytes_->size()};
}

}  // namespace voxclone

#include "voxclone/source.hpp"

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

InputSource InputSource::memory(std::shared_ptr<const std::vector<std::byte>> bytes,
                                std::string name) {
  InputSource s;
  s.kind_ = Kind::memory;
  s.bytes_ = bytes ? std::move(bytes) : std::make_shared<const std::vector<std::byte>>();
  s.name_ = std::move(name);
  return s;
}

InputSource InputSource::standard_input() {
  InputSource s;
  s.kind_ = Kind::standard_input;
  s.name_ = "<stdin>";
  return s;
}

std::span<const std::byte> InputSource::bytes() const noexcept {
  if (!bytes_) return {};
  return {bytes_->data(), bytes_->size()};
}

}  // namespace voxclone

// voxclone/source.hpp — where the recording comes from.
//
//   auto a = voxclone::InputSource::file("talk.m4a");
//   auto b = voxclone::InputSource::memory(bytes);       // any encoded file held in memory
//   auto c = voxclone::InputSource::standard_input();
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace voxclone {

class InputSource {
 public:
  enum class Kind { file, memory, standard_input };

  static InputSource file(std::filesystem::path path);
  /// Copies nothing when given a shared buffer; the span overload copies the bytes.
  static InputSource memory(std::span<const std::byte> bytes, std::string name = "<memory>");
  static InputSource memory(std::shared_ptr<const std::vector<std::byte>> bytes,
                            std::string name = "<memory>");
  static InputSource standard_input();

  [[nodiscard]] Kind kind() const noexcept { return kind_; }
  [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }
  [[nodiscard]] std::span<const std::byte> bytes() const noexcept;
  /// How the input is named in messages: the path as given, "<stdin>", or the memory name.
  [[nodiscard]] const std::string& display_name() const noexcept { return name_; }

 private:
  Kind kind_ = Kind::file;
  std::filesystem::path path_;
  std::shared_ptr<const std::vector<std::byte>> bytes_;
  std::string name_;
};

}  // namespace voxclone

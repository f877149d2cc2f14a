#include "core/log.hpp"

namespace voxclone {

std::string_view to_string(Stage stage) noexcept {
  switch (stage) {
    case Stage::decode: return "decode";
    case Stage::analyse: return "analyse";
    case Stage::select: return "select";
    case Stage::normalise: return "normalise";
    case Stage::encode: return "encode";
    case Stage::validate: return "validate";
    case Stage::write: return "write";
    case Stage::upload: return "upload";
  }
  return "?";
}

std::string_view to_string(LogLevel level) noexcept {
  switch (level) {
    case LogLevel::debug: return "debug";
    case LogLevel::info: return "info";
    case LogLevel::warning: return "warning";
    case LogLevel::error: return "error";
  }
  return "?";
}

namespace detail {

void log(const Callbacks& cb, LogLevel level, std::string_view line) {
  if (cb.log) cb.log(level, line);
}

}  // namespace detail
}  // namespace voxclone

// libFuzzer target: the whole prep pipeline on arbitrary bytes held in memory. Whatever the
// bytes, prepare() must return (no crash, no sanitizer report) and a sample it returns must meet
// the endpoint's rules.
#include <cstddef>
#include <cstdint>
#include <span>

#include "voxclone/voxclone.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  voxclone::PrepOptions o;
  o.select.min_seconds = 1;  // let short inputs reach normalise and encode too
  o.select.max_seconds = 10;
  o.callbacks.log = [](voxclone::LogLevel, std::string_view) {};
  const auto bytes = std::span(reinterpret_cast<const std::byte*>(data), size);
  auto r = voxclone::prepare(voxclone::InputSource::memory(bytes, "fuzz"), o);
  if (r) {
    const auto& s = r->sample;
    if (s.sample_rate != 24000 || s.channels != 1 || s.bytes.empty() ||
        s.bytes.size() > voxclone::kMaxSampleBytes || s.duration_seconds > 10.05)
      __builtin_trap();
  } else if (r.error().message.empty()) {
    __builtin_trap();  // every error says something
  }
  return 0;
}

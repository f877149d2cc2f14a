#include "decode/frame_converter.hpp"

#include <fmt/format.h>

namespace voxclone::detail {

Result<void> FrameConverter::push(const AVFrame& frame) {
  if (auto r = resampler_.push(frame); !r)
    return fail(r.error().category, fmt::format("decode '{}': {}", name_, r.error().message));
  return hand_on(false);
}

Result<void> FrameConverter::push_mono(std::span<const float> samples, int sample_rate) {
  if (auto r = resampler_.push_mono(samples, sample_rate); !r)
    return fail(r.error().category, fmt::format("decode '{}': {}", name_, r.error().message));
  return hand_on(false);
}

Result<void> FrameConverter::finish() {
  if (auto r = resampler_.flush(); !r) return r;
  return hand_on(true);
}

Result<void> FrameConverter::hand_on(bool all) {
  if (chunk_.empty() || (chunk_.size() < min_chunk_ && !all)) return {};
  produced_ += chunk_.size();
  return handoff_(chunk_);
}

FrameConverter::Handoff hand_to(const AudioSink& sink) {
  return [&sink](std::vector<float>& chunk) {
    auto r = sink(chunk);
    chunk.clear();
    return r;
  };
}

FrameConverter::Handoff hand_to(ChunkQueue& chunks) {
  return [&chunks](std::vector<float>& chunk) -> Result<void> {
    if (!chunks.push(std::move(chunk))) return {};
    chunk = chunks.spare();
    return {};
  };
}

}  // namespace voxclone::detail

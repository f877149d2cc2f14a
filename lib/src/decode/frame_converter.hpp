// Internal: the convert side of the decode. Decoded frames are converted to mono 24 kHz
// (convert/resampler.hpp) and the audio is handed on in chunks; what was handed on is counted,
// which gives the decoded duration.
#pragma once

#include <cstddef>
#include <functional>
#include <span>
#include <string_view>
#include <vector>

#include "convert/resampler.hpp"
#include "decode/chunk_queue.hpp"
#include "decode/stream.hpp"
#include "ffmpeg/handles.hpp"

namespace voxclone::detail {

class FrameConverter {
 public:
  /// Takes a chunk of converted audio and leaves the vector empty. It may swap another vector
  /// in: the converter keeps writing into the same vector object.
  using Handoff = std::function<Result<void>(std::vector<float>& chunk)>;

  /// `min_chunk`: hand a chunk on only once it holds that many samples (the rest at the end).
  FrameConverter(std::string_view name, Handoff handoff, std::size_t min_chunk = 0)
      : name_(name), handoff_(std::move(handoff)), min_chunk_(min_chunk) {}
  // The resampler writes into chunk_, by address.
  FrameConverter(const FrameConverter&) = delete;
  FrameConverter& operator=(const FrameConverter&) = delete;

  Result<void> push(const AVFrame& frame);
  /// Mono float samples at `sample_rate`, already through Downmix (the split decode's segments).
  Result<void> push_mono(std::span<const float> samples, int sample_rate);
  /// Drains the resampler and hands on what is left; call once at the end.
  Result<void> finish();
  /// Samples handed on so far.
  std::size_t produced() const { return produced_; }

 private:
  Result<void> hand_on(bool all);

  std::string_view name_;
  Handoff handoff_;
  std::size_t min_chunk_;
  std::vector<float> chunk_;
  Resampler resampler_{chunk_};
  std::size_t produced_ = 0;
};

/// The handoff straight to the sink, on the converting thread, after every frame.
FrameConverter::Handoff hand_to(const AudioSink& sink);
/// The handoff to a queue, whose own thread feeds the sink (sink_chunks); the converter carries on
/// with a spare vector. A stopped sink aborts the queue and says why itself.
FrameConverter::Handoff hand_to(ChunkQueue& chunks);

}  // namespace voxclone::detail

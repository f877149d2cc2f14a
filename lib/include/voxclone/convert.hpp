// voxclone/convert.hpp — stage 2 on its own: raw PCM an app captured, to mono float at 24 kHz.
//
//   std::vector<std::int16_t> pcm = capture();            // interleaved, 2 channels, 44.1 kHz
//   auto audio = voxclone::convert_pcm(voxclone::PcmView{pcm.data(), pcm.size() / 2,
//                                      44100, 2, voxclone::PcmFormat::s16});
//
// The decode stage uses the same converter (libswresample): downmix and resample happen once,
// in float.
#pragma once

#include <cstddef>

#include "voxclone/audio.hpp"
#include "voxclone/error.hpp"

namespace voxclone {

enum class PcmFormat { s16, f32 };

/// Interleaved PCM frames: `frames` samples per channel at `data`.
struct PcmView {
  const void* data = nullptr;
  std::size_t frames = 0;
  int sample_rate = 0;
  int channels = 0;
  PcmFormat format = PcmFormat::f32;
};

Result<Audio> convert_pcm(const PcmView& pcm);

}  // namespace voxclone

// libFuzzer target: the analysis on samples no recording holds. The bytes are float samples
// (32-bit, or 64-bit when the first byte is odd) at 24 kHz, mono or stereo (second byte): NaN,
// ±Inf, denormals, 1e38 as they come.
//  - the voice meter fed directly (it casts levels, pitch and flux to integers: a NaN reaching a
//    cast is undefined behaviour, which UBSan reports);
//  - the whole check() on the same samples as raw PCM: no crash or sanitizer report; the
//    unusable samples it counts are exactly the NaN, ±Inf and |x| > 1000 of the input; every
//    figure of its report is a number.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <span>
#include <vector>

#include <nlohmann/json.hpp>

#include "analyse/voice_meter.hpp"
#include "voxclone/voxclone.hpp"

namespace {

bool all_finite(const nlohmann::json& j) {
  if (j.is_number_float()) return std::isfinite(j.get<double>());
  if (j.is_structured())
    for (const auto& v : j)
      if (!all_finite(v)) return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const bool doubles = (data[0] & 1) != 0;
  const int channels = (data[1] & 1) != 0 ? 2 : 1;
  data += 2;
  size -= 2;
  std::vector<float> samples;
  if (doubles) {
    for (std::size_t i = 0; i + 8 <= size; i += 8) {
      double d;
      std::memcpy(&d, data + i, 8);
      // As FFmpeg's conversion would give it to a float decoder's caller: held to float's range.
      samples.push_back(std::isnan(d) ? NAN : static_cast<float>(std::fmax(-3e38, std::fmin(3e38, d))));
      if (std::isinf(d)) samples.back() = static_cast<float>(d);
    }
  } else {
    for (std::size_t i = 0; i + 4 <= size; i += 4) {
      float f;
      std::memcpy(&f, data + i, 4);
      samples.push_back(f);
    }
  }
  samples.resize(samples.size() / channels * channels);  // whole frames only
  if (samples.empty()) return 0;
  // Counted on what is passed on: whole frames, and the float view of the doubles.
  std::int64_t unusable = 0;
  for (const float f : samples) unusable += std::fabs(f) <= 1000.0f ? 0 : 1;

  auto meter = voxclone::detail::VoiceMeter::create(24000);
  if (!meter) std::abort();
  if (channels == 1) {
    if (!meter->push(samples)) std::abort();
    if (!meter->finish()) std::abort();
  }

  voxclone::PrepOptions o;
  o.select.min_seconds = 1.0;
  o.threads = 1;
  const auto* bytes = reinterpret_cast<const std::byte*>(samples.data());
  const auto r = voxclone::check(
      voxclone::InputSource::pcm({bytes, samples.size() * sizeof(float)}, 24000, channels,
                                 voxclone::PcmFormat::f32),
      o);
  if (r) {
    if (r->decode.unusable_samples != unusable) std::abort();
    if (!all_finite(nlohmann::json::parse(voxclone::to_json(*r, -1)))) std::abort();
  } else if (r.error().message.empty()) {
    std::abort();
  }
  return 0;
}

// voxclone/validate.hpp — stage 7: does a sample meet the clone endpoint's rules?
//
//   if (auto ok = voxclone::validate_sample(sample); !ok) report(ok.error().message);
//
// The bytes are read back with FFmpeg, not trusted from the encoder's say-so.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "voxclone/encode.hpp"
#include "voxclone/error.hpp"

namespace voxclone {

/// The endpoint's hard limit on the uploaded file. "10 MB" is read as the smaller decimal value.
inline constexpr std::size_t kMaxSampleBytes = 10'000'000;
/// The sample length the endpoint advises, in seconds (shorter or longer is allowed but warned).
inline constexpr double kAdvisedMinSampleSeconds = 10.0;
inline constexpr double kAdvisedMaxSampleSeconds = 30.0;

struct SampleCheck {
  SampleFormat format = SampleFormat::wav;
  int sample_rate = 0;
  int channels = 0;
  double duration_seconds = 0.0;
  std::size_t bytes = 0;
  std::vector<std::string> warnings;  ///< allowed, but outside the service's advice (10–30 s)
};

/// Reads the encoded bytes back and checks format, rate, channels and size.
Result<SampleCheck> validate_sample(const EncodedSample& sample);

}  // namespace voxclone

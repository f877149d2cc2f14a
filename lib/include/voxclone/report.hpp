// voxclone/report.hpp — what prep and check found and did, for people and for scripts.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "voxclone/analyse.hpp"
#include "voxclone/decode.hpp"
#include "voxclone/encode.hpp"
#include "voxclone/normalise.hpp"
#include "voxclone/select.hpp"

namespace voxclone {

/// Something a user should act on. `code` is stable ("telephone_band"), `message` is prose.
struct Warning {
  std::string code;
  std::string message;
};

/// Every code a Warning may carry, each once, from the library's one table of warnings (for a
/// UI that words or filters them itself). A later version may add codes; none is ever renamed.
std::span<const std::string_view> warning_codes() noexcept;

struct OutputInfo {
  SampleFormat format = SampleFormat::wav;
  int sample_rate = 0;
  int channels = 0;
  double duration_seconds = 0.0;
  std::size_t bytes = 0;
  std::string path;  ///< empty when the sample stayed in memory
};

/// The whole input's waveform at a coarse step, for pictures: the lowest and highest sample of
/// each step (mono, 24 kHz). The step doubles as the input grows, so it never holds more than
/// 8192 steps (64 kB) however long the recording.
struct Waveform {
  double step_seconds = 0.0;
  std::vector<float> min;
  std::vector<float> max;
};

struct PrepReport {
  std::string input_name;
  InputInfo input;
  DecodeStats decode;
  double speech_seconds = 0.0;      ///< speech found in the whole input
  double noise_floor_dbfs = -200.0;
  double snr_db = 0.0;              ///< estimated: speech level over noise floor
  double clipped_fraction = 0.0;    ///< of input samples
  std::optional<ContentAnalysis> content;  ///< what each stretch holds and who speaks when
  int kept_speaker = 0;             ///< the speaker rank the sample comes from (0: not told apart)
  std::optional<Selection> selection;
  std::optional<Loudness> window_loudness;  ///< the kept window before normalising
  std::optional<NormaliseResult> normalised;
  std::optional<OutputInfo> output;
  std::vector<Warning> warnings;
  Waveform waveform;  ///< not in to_json(): the picture (plot.hpp) draws it
};

std::string to_json(const PrepReport& report, int indent = 2);
/// The content analysis as aligned lines: what the recording holds, its speakers (marking the
/// kept one) and the timeline (the first 24 stretches).
std::string content_to_text(const ContentAnalysis& content, int kept_speaker = 0);

/// A few aligned lines for a terminal.
std::string to_text(const PrepReport& report);

}  // namespace voxclone

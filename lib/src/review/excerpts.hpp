// Internal: the sound of a review page. Which stretches of the input are embedded (plan_clips),
// reading them back in one more streaming decode of the input (read_clips), and the MP3s the
// page carries: each excerpt, and the kept sample (sample_preview).
//
// Why excerpts and not the whole input: a page must open from disk and stay small (under 3 MB
// for a one-hour input), and an hour of MP3 at any bitrate a voice survives (32 kb/s and up) is
// over 14 MB. So an input up to ReviewOptions::whole_input_seconds is embedded whole (the
// timeline then seeks anywhere in it); a longer one gets each voice's clearest seconds, the
// start of the kept window, a few seconds of the longest left-out stretches, and short scenes
// spread evenly over the rest, within a budget of seconds: a click on the timeline plays from
// there when an excerpt covers that moment, else the nearest excerpt, and says so.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "prep/left_out.hpp"
#include "voxclone/encode.hpp"
#include "voxclone/normalise.hpp"
#include "voxclone/report.hpp"
#include "voxclone/review.hpp"
#include "voxclone/source.hpp"

namespace voxclone::detail {

/// Why a stretch of the input is on the page.
enum class ClipRole { whole_input, voice, window, left_out, scene };

struct Clip {
  double start_seconds = 0.0;
  double end_seconds = 0.0;
  ClipRole role = ClipRole::scene;
  int speaker = 0;             ///< ClipRole::voice: its rank
  std::vector<float> samples;  ///< read back from the input (24 kHz mono)
  std::vector<std::byte> mp3;  ///< encoded for the page
};

/// A voice's clearest `seconds`: the stretch of content blocks where it speaks alone (no music,
/// no other voice) with the best quality. Nullopt when the voice never speaks alone.
std::optional<Piece> clearest_seconds(const ContentAnalysis& content, int speaker, double seconds);

/// The clips a page embeds for `report` (samples still empty), voices first, then the timeline's,
/// within `budget_seconds` of input audio (the whole input when it is no longer than that and
/// than options.whole_input_seconds).
std::vector<Clip> plan_clips(const PrepReport& report, const std::vector<LeftOut>& left,
                             const ReviewOptions& options, double budget_seconds);

/// The bytes a second of embedded excerpt costs at most on the page (48 kb/s MP3 in base64).
inline constexpr double kExcerptPageBytesPerSecond = 48000.0 / 8 * 4 / 3;

/// What the sample's player will weigh on the page (base64), known before it is made.
std::size_t sample_page_bytes(const EncodedSample* sample, double rebuilt_seconds);

/// The input decoded once more (the stream the report used): fills every clip's samples, and
/// `kept` with the selection's pieces assembled (when not null). Fails for standard input,
/// which cannot be read a second time.
Result<void> read_clips(const InputSource& source, const PrepReport& report,
                        std::vector<Clip>& clips, Audio* kept, const Callbacks& callbacks);

/// Encodes every clip's samples to MP3 (voices at 48 kb/s, the rest at 32 kb/s).
Result<void> encode_clips(std::vector<Clip>& clips);

/// The kept sample as the page plays it.
struct SamplePreview {
  std::vector<std::byte> mp3;
  double seconds = 0.0;          ///< of the sample itself
  double preview_seconds = 0.0;  ///< of what is embedded (shorter only past the byte budget)
  bool exact_bytes = false;      ///< the sample's own MP3 bytes, not a re-encoding
  std::optional<NormaliseResult> normalised;  ///< when the preview was normalised here
};

/// The sample prepare() made (decoded and re-encoded small unless it is an MP3 under 1 MB).
Result<SamplePreview> sample_preview(const EncodedSample& sample);
/// What prepare() would make from the kept pieces (`kept`, assembled by read_clips):
/// normalised to the options' target and ceiling, then encoded.
Result<SamplePreview> sample_preview(Audio kept, const ReviewOptions& options);

}  // namespace voxclone::detail

// What each 0.4 s block holds: silence, speech, music, speech over music, or other sound.
//
// Two small logistic models (analyse/content_model.hpp, rebuilt by tests/train/) give, per block,
// the probability that music is playing and that someone is speaking, from the block features of
// analyse/content_features.hpp. Their log-odds are smoothed over three blocks (1.2 s) so one odd
// block does not split a stretch; a block the energy detector calls a pause and whose frames
// sit near the noise floor is silence whatever the models say.
#include "analyse/content.hpp"

#include <algorithm>
#include <cmath>

#include "analyse/content_features.hpp"
#include "analyse/content_model.hpp"
#include "core/log.hpp"

namespace voxclone {

std::string_view to_string(ContentKind kind) noexcept {
  switch (kind) {
    case ContentKind::silence: return "silence";
    case ContentKind::speech: return "speech";
    case ContentKind::music: return "music";
    case ContentKind::speech_over_music: return "speech_over_music";
    case ContentKind::other: return "other";
  }
  return "?";
}

namespace detail {
namespace {

double log_odds(const std::array<float, kContentFeatures + 1>& w, const ContentFeatureRow& row) {
  double z = w[kContentFeatures];
  for (int i = 0; i < kContentFeatures; ++i)
    z += w[i] * (row[i] - content_model::kMean[i]) / content_model::kScale[i];
  return z;
}

// Log-odds averaged with the neighbours, weights 1-2-1.
std::vector<double> smooth(const std::vector<double>& v) {
  std::vector<double> out(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) {
    double sum = 2 * v[i], weight = 2;
    if (i > 0) sum += v[i - 1], weight += 1;
    if (i + 1 < v.size()) sum += v[i + 1], weight += 1;
    out[i] = sum / weight;
  }
  return out;
}

// Share of a block's 40 ms frames standing clear of the noise floor.
double audible_share(const VoiceFeatures& f, std::size_t block, double floor_db) {
  const std::size_t a = block * kFramesPerBlock;
  const std::size_t b = std::min(f.frames.size(), a + kFramesPerBlock);
  if (b <= a) return 0.0;
  double n = 0;
  for (std::size_t k = a; k < b; ++k) n += f.frames[k].level_db() > floor_db + 6.0;
  return n / static_cast<double>(b - a);
}

}  // namespace

Result<ContentAnalysis> analyse_content(const SpeechAnalysis& speech, const VoiceFeatures& features,
                                        const Callbacks& callbacks) {
  ContentAnalysis c;
  c.block_seconds = kBlockSeconds;
  const auto rows = block_features(speech, features);
  std::vector<double> music(rows.size()), talk(rows.size());
  for (std::size_t b = 0; b < rows.size(); ++b) {
    music[b] = log_odds(content_model::kMusic, rows[b]);
    talk[b] = log_odds(content_model::kSpeech, rows[b]);
  }
  music = smooth(music);
  talk = smooth(talk);
  const double floor_db = std::max(speech.noise_floor_dbfs, -100.0);
  c.blocks.resize(rows.size(), ContentKind::silence);
  for (std::size_t b = 0; b < rows.size(); ++b) {
    // Audible: the energy detector heard speech-like activity, or enough frames stand clear
    // of the floor (steady music can sit under the detector's moving threshold).
    const bool audible =
        !speech.silent && (rows[b][0] >= 0.1f || audible_share(features, b, floor_db) >= 0.3);
    const bool has_music = audible && music[b] > 0;
    // Speech needs the energy detector's agreement: some of the block's frames are speech.
    const bool has_speech = audible && talk[b] > 0 && rows[b][0] > 0.0f;
    ContentKind k = ContentKind::silence;
    if (has_speech) {
      k = has_music ? ContentKind::speech_over_music : ContentKind::speech;
    } else if (has_music) {
      k = ContentKind::music;
    } else if (audible && rows[b][0] > 0.0f) {
      k = ContentKind::other;
    }
    c.blocks[b] = k;
  }
  for (ContentKind k : c.blocks) {
    switch (k) {
      case ContentKind::speech: c.speech_seconds += kBlockSeconds; break;
      case ContentKind::speech_over_music: c.speech_over_music_seconds += kBlockSeconds; break;
      case ContentKind::music: c.music_seconds += kBlockSeconds; break;
      case ContentKind::other: c.other_seconds += kBlockSeconds; break;
      case ContentKind::silence: break;
    }
  }
  if (cancelled(callbacks)) return fail(ErrorCategory::cancelled, "cancelled while analysing");
  if (auto r = find_speakers(features, speech, c, callbacks); !r) return std::unexpected(r.error());
  return c;
}

std::vector<Stretch> merge_timeline(const ContentAnalysis& c, double input_seconds,
                                    double bridge_seconds) {
  std::vector<Stretch> raw;
  for (std::size_t b = 0; b < c.blocks.size(); ++b) {
    const double a = static_cast<double>(b) * c.block_seconds;
    const double e = std::min(input_seconds, a + c.block_seconds);
    if (e <= a) break;
    const int who = b < c.block_speakers.size() ? c.block_speakers[b] : 0;
    if (!raw.empty() && raw.back().kind == c.blocks[b] && raw.back().speaker == who) {
      raw.back().end_seconds = e;
    } else {
      raw.push_back({a, e, c.blocks[b], who});
    }
  }
  // Short pauses between two stretches of the same kind and speaker join them.
  std::vector<Stretch> out;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const Stretch& s = raw[i];
    if (s.kind == ContentKind::silence && s.end_seconds - s.start_seconds < bridge_seconds &&
        !out.empty() && i + 1 < raw.size() && raw[i + 1].kind == out.back().kind &&
        raw[i + 1].speaker == out.back().speaker) {
      out.back().end_seconds = raw[i + 1].end_seconds;
      ++i;
      continue;
    }
    if (!out.empty() && out.back().kind == s.kind && out.back().speaker == s.speaker) {
      out.back().end_seconds = s.end_seconds;
    } else {
      out.push_back(s);
    }
  }
  return out;
}

}  // namespace detail
}  // namespace voxclone

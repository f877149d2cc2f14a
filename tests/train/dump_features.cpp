// Developer tool (not installed): decodes a recording exactly as `voxclone prep` does and prints
// the content classifier's features, one row per 0.4 s block, as tab-separated values. The
// training script (train_content.py) reads these rows beside the fixtures' labels.
//
//   dump_features talk.wav > talk.features.tsv
//   dump_features --timeline talk.wav     # the content analysis: stretches and speakers
//   dump_features --timbre talk.wav       # per block: voiced frames, sums, sums of squares of
//                                         # the speaker features (train_speakers.py reads them)
//   dump_features --frames talk.wav       # per 40 ms frame: level, pitch, voicing, lines, flux,
//                                         # and the speech detector's speech flag at its middle
//   dump_features --cepstra talk.wav      # per block: voiced frames and the sums of the finer
//                                         # cepstrum c1..c19 (the voiceprint's; step 12d reads them)
#include <cstdio>
#include <string>
#include <string_view>

#include "analyse/content.hpp"
#include "analyse/content_features.hpp"
#include "analyse/level_meter.hpp"
#include "analyse/voice_meter.hpp"
#include "decode/stream.hpp"
#include "voxclone/analyse.hpp"

int main(int argc, char** argv) {
  using namespace voxclone;
  const bool timeline = argc == 3 && std::string_view(argv[1]) == "--timeline";
  const bool timbre = argc == 3 && std::string_view(argv[1]) == "--timbre";
  const bool frames = argc == 3 && std::string_view(argv[1]) == "--frames";
  const bool cepstra = argc == 3 && std::string_view(argv[1]) == "--cepstra";
  if (argc != 2 && !timeline && !timbre && !frames && !cepstra) {
    std::fprintf(stderr, "usage: dump_features [--timeline|--timbre|--frames|--cepstra] FILE\n");
    return 2;
  }
  const char* path = argv[argc - 1];
  auto meter = detail::VoiceMeter::create(kSampleRate);
  if (!meter) return 1;
  detail::LevelMeter levels(kSampleRate, 0.020);
  std::size_t samples = 0;
  auto d = detail::decode_streaming(InputSource::file(path), Callbacks{},
                                    [&](std::span<const float> chunk) -> Result<void> {
                                      levels.push(chunk);
                                      samples += chunk.size();
                                      return meter->push(chunk);
                                    });
  if (!d) {
    std::fprintf(stderr, "%s\n", d.error().message.c_str());
    return 1;
  }
  auto features = meter->finish();
  if (!features) return 1;
  const float peak = levels.peak();
  const SpeechAnalysis speech =
      classify_frames(levels.finish(), peak, static_cast<double>(samples) / kSampleRate);
  if (timbre) {
    for (std::size_t b = 0; b < features->blocks.size(); ++b) {
      const auto& t = features->blocks[b];
      std::printf("%.2f\t%g", static_cast<double>(b) * detail::kBlockSeconds, static_cast<double>(t.count));
      for (float v : t.sum) std::printf("\t%.6g", static_cast<double>(v));
      for (float v : t.sum_sq) std::printf("\t%.6g", static_cast<double>(v));
      std::printf("\n");
    }
    return 0;
  }
  if (cepstra) {
    for (std::size_t b = 0; b < features->cepstra.size() && b < features->blocks.size(); ++b) {
      const detail::CepstrumStats c = features->cepstra[b];
      std::printf("%.2f\t%g", static_cast<double>(b) * detail::kBlockSeconds,
                  static_cast<double>(features->blocks[b].count));
      for (float v : c.sum) std::printf("\t%.6g", static_cast<double>(v));
      std::printf("\n");
    }
    return 0;
  }
  if (frames) {
    for (std::size_t k = 0; k < features->frames.size(); ++k) {
      const detail::VoiceFrame f = features->frames[k];
      // The 20 ms level frame at the 40 ms frame's middle, as the kept figures pair them.
      const auto level_frame = static_cast<std::size_t>((static_cast<double>(k) + 0.5) *
                                                        detail::kVoiceFrameSeconds / speech.frame_seconds);
      const int is_speech = level_frame < speech.is_speech.size() ? speech.is_speech[level_frame] : 0;
      std::printf("%.2f\t%.2f\t%.1f\t%.3f\t%d\t%.3f\t%d\n", static_cast<double>(k) * detail::kVoiceFrameSeconds,
                  f.level_db(), f.pitch_hz(), f.voicing_fraction(), static_cast<int>(f.steady_lines),
                  f.flux_fraction(), is_speech);
    }
    return 0;
  }
  if (timeline) {
    auto content = detail::analyse_content(speech, *features, static_cast<double>(samples) / kSampleRate,
                                           Callbacks{});
    if (!content) return 1;
    for (const auto& s : content->timeline)
      std::printf("%.3f\t%.3f\t%s\t%d\n", s.start_seconds, s.end_seconds,
                  std::string(to_string(s.kind)).c_str(), s.speaker);
    for (const auto& s : content->speakers)
      std::printf("# speaker %d: %.1f s from %.1f s, %.0f Hz\n", s.rank, s.talk_seconds,
                  s.first_seconds, s.pitch_hz);
    std::printf("# blocks");
    for (std::size_t b = 0; b < content->blocks.size(); ++b)
      std::printf(" %d:%d", static_cast<int>(content->blocks[b]), content->block_speakers[b]);
    std::printf("\n");
    return 0;
  }
  const auto rows = detail::block_features(speech, *features);
  std::printf("time");
  for (const auto& name : detail::content_feature_names()) std::printf("\t%s", name.data());
  std::printf("\n");
  for (std::size_t b = 0; b < rows.size(); ++b) {
    std::printf("%.2f", static_cast<double>(b) * detail::kBlockSeconds);
    for (float v : rows[b]) std::printf("\t%.5g", static_cast<double>(v));
    std::printf("\n");
  }
  return 0;
}

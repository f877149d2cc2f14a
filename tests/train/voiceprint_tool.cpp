// Developer tool (not installed): voiceprints of recordings, and the scores between them, by the
// library's own code. train_voiceprint.py fits the comparison on the first output;
// eval_voiceprint.py measures the error rates on the second.
//
//   voiceprint_tool FILE...              # one JSON line per file: {"file", "voiceprint"} or {"file", "error"}
//   voiceprint_tool --read-seconds N FILE...  # the same from each file's first N s (0: all of it;
//                                        # default: the library's kVoiceprintReadSeconds)
//   voiceprint_tool --scores LINES.jsonl # the similarity() of every pair, one JSON array per row
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "voxclone/voiceprint.hpp"

namespace {

int scores(const char* path) {
  std::ifstream in(path);
  std::vector<voxclone::Voiceprint> prints;
  std::string line;
  while (std::getline(in, line)) {
    const auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.contains("voiceprint")) {
      prints.emplace_back();
      continue;
    }
    auto v = voxclone::voiceprint_from_json(j["voiceprint"].dump());
    prints.push_back(v ? *v : voxclone::Voiceprint{});
  }
  for (const auto& a : prints) {
    nlohmann::json row = nlohmann::json::array();
    for (const auto& b : prints) row.push_back(voxclone::similarity(a, b));
    std::printf("%s\n", row.dump().c_str());
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: voiceprint_tool FILE... | voiceprint_tool --scores LINES.jsonl\n");
    return 2;
  }
  if (std::string_view(argv[1]) == "--scores") return argc == 3 ? scores(argv[2]) : 2;
  int first = 1;
  double read_seconds = voxclone::kVoiceprintReadSeconds;
  if (std::string_view(argv[1]) == "--read-seconds") {
    if (argc < 4) return 2;
    read_seconds = std::strtod(argv[2], nullptr);
    first = 3;
  }
  for (int i = first; i < argc; ++i) {
    nlohmann::json out;
    out["file"] = argv[i];
    // As --like measures an example: 1 s of voiced frames, a note of a few seconds of talk.
    auto v = voxclone::voiceprint_of(voxclone::InputSource::file(argv[i]), {.min_speech_seconds = 1.0, .read_seconds = read_seconds});
    if (v)
      out["voiceprint"] = nlohmann::json::parse(voxclone::to_json(*v));
    else
      out["error"] = v.error().message;
    std::printf("%s\n", out.dump().c_str());
    std::fflush(stdout);
  }
  return 0;
}

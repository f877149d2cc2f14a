// Prepares a sample from an encoded file held in memory and checks what came out: the smallest
// real use of the installed library. Exit 0 on success.
#include <cstdio>
#include <cstring>
#include <memory>
#include <fstream>
#include <iterator>
#include <vector>

#include <voxclone/voxclone.hpp>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s RECORDING\n", argv[0]);
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::vector<char> raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto bytes = std::make_shared<std::vector<std::byte>>(raw.size());
  std::memcpy(bytes->data(), raw.data(), raw.size());

  voxclone::PrepOptions opts;
  opts.format = voxclone::SampleFormat::wav;
  auto r = voxclone::prepare(voxclone::InputSource::memory(bytes, "recording"), opts);
  if (!r) {
    std::fprintf(stderr, "prepare: %s\n", r.error().message.c_str());
    return 1;
  }
  const auto& s = r->sample;
  const auto& after = r->report.normalised->after;
  std::printf("voxclone %s: %zu bytes, %.2f s, %d Hz, %.1f LUFS\n",
              std::string(voxclone::version()).c_str(), s.bytes.size(), s.duration_seconds,
              s.sample_rate, after.integrated_lufs);
  const bool ok = s.sample_rate == 24000 && s.channels == 1 && s.duration_seconds >= 10 &&
                  s.duration_seconds <= 30 && after.integrated_lufs > -20.5 &&
                  after.integrated_lufs < -19.5;
  return ok ? 0 : 1;
}

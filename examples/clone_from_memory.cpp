// An app that holds a recording in memory (downloaded, or recorded), prepares a clone-ready
// sample from it on a worker thread with a progress line and a cancel flag, and clones it.
//
//   COZE_API_TOKEN=... ./clone_from_memory talk.m4a "My voice"
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <future>
#include <iterator>
#include <memory>

#include <voxclone/voxclone.hpp>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s RECORDING VOICE_NAME\n", argv[0]);
    return 2;
  }
  // 1. The recording, in memory: any container FFmpeg reads.
  std::ifstream in(argv[1], std::ios::binary);
  std::vector<char> raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto bytes = std::make_shared<std::vector<std::byte>>(raw.size());
  std::memcpy(bytes->data(), raw.data(), raw.size());

  // 2. Prepare it on a worker thread; the UI thread could set `cancel` at any time.
  std::atomic<bool> cancel{false};
  voxclone::PrepOptions opts;
  opts.format = voxclone::SampleFormat::mp3;
  opts.callbacks.progress = [](voxclone::Stage stage, double f) {
    std::fprintf(stderr, "\r%-10s %3.0f%%", std::string(voxclone::to_string(stage)).c_str(), f * 100);
  };
  opts.callbacks.cancel = [&] { return cancel.load(); };
  auto job = std::async(std::launch::async, [&] {
    return voxclone::prepare(voxclone::InputSource::memory(bytes, argv[1]), opts);
  });
  auto prepared = job.get();
  std::fputc('\n', stderr);
  if (!prepared) {
    std::fprintf(stderr, "%s\n", prepared.error().message.c_str());
    return 1;
  }
  std::fputs(voxclone::to_text(prepared->report).c_str(), stdout);

  // 3. Clone it: the bytes in memory go straight into the multipart upload, if the verdict
  // lets them.
  const char* token = std::getenv("COZE_API_TOKEN");
  if (token == nullptr) {
    std::fprintf(stderr, "set COZE_API_TOKEN to clone\n");
    return 0;
  }
  voxclone::ClientOptions co;
  co.token = token;
  if (const char* base = std::getenv("COZE_API_BASE")) co.base_url = base;
  auto client = voxclone::Client::create(co);
  if (!client) {
    std::fprintf(stderr, "%s\n", client.error().message.c_str());
    return 1;
  }
  // Held to the sample's verdict (printed above): refused when the clone would copy music,
  // other voices, heavy noise or clipping, unless {.force = true}.
  auto voice = client->clone(*prepared, {.voice_name = argv[2]});
  if (!voice) {
    std::fprintf(stderr, "%s\n", voice.error().message.c_str());
    return voice.error().may_have_been_billed ? 3 : 1;
  }
  std::printf("voice id: %s\n", voice->voice_id.c_str());
  return 0;
}

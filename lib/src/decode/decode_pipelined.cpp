// The pipelined way, for what the split way does not take (AAC, Opus, Vorbis, PCM in WAV...):
// this thread demuxes and decodes, exactly what `ffmpeg -f null` does, and hands the decoded
// frames on in small batches; a second thread scans them for clipping, mixes them to mono
// (convert/downmix.hpp) and resamples them to 24 kHz, and a third feeds the sink, as in the
// split way. Queues between them are bounded, so memory does not grow with the input.
//
// Before, frames crossed one at a time to a single worker that also fed the sink: that worker
// was the slowest stage (an hour of AAC took ~1.45 times FFmpeg's decode of it), and a thread
// switch per frame cost a tenth of the CPU. Now the decoding thread does little more than
// FFmpeg's own decode, which is what the pass can at best take on one stream of a codec that
// cannot be split.
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "core/bounded_queue.hpp"
#include "decode/chunk_queue.hpp"
#include "decode/decode_packets.hpp"
#include "decode/frame_converter.hpp"
#include "decode/guarded.hpp"
#include "decode/log_relay.hpp"
#include "decode/ways.hpp"

namespace voxclone::detail {
namespace {

// Decoded frames, on their way from the decoding thread to the converter.
using FrameBatch = std::vector<FramePtr>;
constexpr std::size_t kBatchFrames = 16;  // 0.37 s of 1024-sample AAC frames at 44.1 kHz

// Emptied AVFrames coming back from the converter for the decoding thread to fill again: an
// av_frame_alloc and a free per frame, on two threads, cost the decoding thread (the pass's
// slowest) several percent in malloc.
class SpareFrames {
 public:
  FramePtr get() {
    {
      std::lock_guard lock(mutex_);
      if (!frames_.empty()) {
        FramePtr f = std::move(frames_.back());
        frames_.pop_back();
        return f;
      }
    }
    return FramePtr(av_frame_alloc());
  }
  void give_back(FramePtr f) {
    av_frame_unref(f.get());  // the data goes back to the decoder's pool now
    std::lock_guard lock(mutex_);
    if (frames_.size() < kLimit) frames_.push_back(std::move(f));
  }

 private:
  static constexpr std::size_t kLimit = 16 * 10;  // the batches the queue can hold, and two more
  std::mutex mutex_;
  std::vector<FramePtr> frames_;
};

// The converting thread: frames in order, scanned, mixed to mono and resampled (Resampler
// does both) and handed on in ~1 s chunks.
Result<void> convert_batches(BoundedQueue<FrameBatch>& batches, FrameConverter& converter,
                             SpareFrames& spares, DecodeTally& tally) {
  FrameBatch batch;
  while (batches.pop(batch)) {
    for (FramePtr& f : batch) {
      scan_frame(*f, tally.clip);
      if (auto r = converter.push(*f); !r) return r;
      spares.give_back(std::move(f));
    }
  }
  if (batches.aborted()) return {};
  return converter.finish();
}

}  // namespace

Result<DecodeTally> decode_pipelined(const DecodeJob& job, AVCodecContext& decoder) {
  BoundedQueue<FrameBatch> batches(8);
  SpareFrames spares;
  ChunkQueue chunks(4);
  LogRelay relay;
  FrameConverter converter(job.name, hand_to(chunks), kSampleRate);
  // A thread that fails stops the others.
  auto stop_all = [&] {
    batches.abort();
    chunks.abort();
  };
  Result<void> sunk;
  std::thread sinker([&] {
    sunk = guarded(job.name, [&] { return sink_chunks(chunks, job.sink); });
    if (!sunk) stop_all();
  });
  DecodeTally scanned;  // the converter's: clipping
  Result<void> converted;
  std::thread converting([&] {
    RelayScope relayed(relay);
    converted = guarded(job.name, [&] { return convert_batches(batches, converter, spares, scanned); });
    if (converted)
      chunks.close();
    else
      stop_all();
  });

  DecodeTally tally;  // this thread's: what was read and decoded
  FrameBatch batch;
  auto hand_over = [&] {
    const bool taken = batches.push(std::move(batch));  // false: another thread stopped
    batch = FrameBatch{};
    batch.reserve(kBatchFrames);
    return taken;
  };
  batch.reserve(kBatchFrames);
  bool out_of_memory = false;
  auto decoded = guarded(job.name, [&] {
    return decode_packets(
        job, decoder,
        [&](AVFrame& frame) {
          FramePtr f = spares.get();
          if (!f) {
            out_of_memory = true;
            return false;
          }
          av_frame_move_ref(f.get(), &frame);
          batch.push_back(std::move(f));
          return batch.size() < kBatchFrames || hand_over();
        },
        tally);
  });
  if (decoded && !out_of_memory && !batch.empty()) hand_over();
  if (decoded && !out_of_memory)
    batches.close();
  else
    stop_all();
  converting.join();
  sinker.join();
  relay.emit(job.callbacks);
  if (!decoded) return std::unexpected(decoded.error());
  if (out_of_memory) return fail(ErrorCategory::internal, "decode: out of memory");
  if (!sunk) return std::unexpected(sunk.error());
  if (!converted) return std::unexpected(converted.error());
  tally.clip = scanned.clip;
  tally.produced = converter.produced();
  return tally;
}

}  // namespace voxclone::detail

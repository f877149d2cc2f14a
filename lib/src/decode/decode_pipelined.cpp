// The two-thread way: this thread demuxes and decodes, exactly what `ffmpeg -f null` does; a
// worker scans, converts and feeds the sink. Decoded frames cross in a small bounded queue, so
// memory does not grow with the input.
#include <thread>

#include "core/bounded_queue.hpp"
#include "decode/decode_packets.hpp"
#include "decode/frame_converter.hpp"
#include "decode/guarded.hpp"
#include "decode/log_relay.hpp"
#include "decode/ways.hpp"

namespace voxclone::detail {
namespace {

using FrameQueue = BoundedQueue<FramePtr>;

// The worker: until the queue ends, scan, convert and feed the sink.
Result<void> convert_frames(const DecodeJob& job, FrameQueue& queue, DecodeTally& tally) {
  FrameConverter converter(job.name, hand_to(job.sink));
  FramePtr frame;
  while (queue.pop(frame)) {
    scan_frame(*frame, tally.clip);
    if (auto r = converter.push(*frame); !r) return r;
  }
  if (queue.aborted()) return {};
  if (auto r = converter.finish(); !r) return r;
  tally.produced = converter.produced();
  return {};
}

}  // namespace

Result<DecodeTally> decode_pipelined(const DecodeJob& job, AVCodecContext& decoder) {
  FrameQueue queue(32);
  LogRelay relay;
  DecodeTally tally;      // this thread's: what was read and decoded
  DecodeTally converted;  // the worker's: the clipping scan and what reached the sink
  Result<void> worked;
  std::thread worker([&] {
    RelayScope relayed(relay);
    worked = guarded(job.name, [&] { return convert_frames(job, queue, converted); });
    if (!worked) queue.abort();
  });
  auto decoded = decode_packets(
      job, decoder,
      [&](AVFrame& frame) {
        FramePtr f(av_frame_alloc());
        if (!f) return false;
        av_frame_move_ref(f.get(), &frame);
        return queue.push(std::move(f));  // false: the worker stopped, its error says why
      },
      tally);
  if (decoded)
    queue.close();
  else
    queue.abort();
  worker.join();
  relay.emit(job.callbacks);
  if (!decoded) return std::unexpected(decoded.error());
  if (!worked) return std::unexpected(worked.error());
  tally.clip = converted.clip;
  tally.produced = converted.produced;
  return tally;
}

}  // namespace voxclone::detail

#include "decode/decode_packets.hpp"

#include "core/log.hpp"
#include "decode/packet_reader.hpp"

namespace voxclone::detail {
namespace {

// Hands every frame the decoder has ready to `take`; false once the taker stopped.
bool receive_frames(AVCodecContext& decoder, AVFrame& frame, const FrameTaker& take,
                    DecodeTally& tally) {
  for (;;) {
    const int rc = avcodec_receive_frame(&decoder, &frame);
    if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) return true;
    if (rc < 0) {
      ++tally.damaged_packets;
      return true;
    }
    tally.input_samples += frame.nb_samples;
    const bool more = take(frame);
    av_frame_unref(&frame);
    if (!more) return false;
  }
}

}  // namespace

Result<void> decode_packets(const DecodeJob& job, AVCodecContext& decoder, const FrameTaker& take,
                            DecodeTally& tally) {
  FramePtr frame(av_frame_alloc());
  if (!frame) return fail(ErrorCategory::internal, "decode: out of memory");
  PacketReader reader(job.input, job.audio.stream->index, job.callbacks);
  reader.stop_after(job.read_until_seconds);
  for (;;) {
    auto packet = reader.next();
    if (!packet) return std::unexpected(packet.error());
    if (*packet == nullptr) break;
    const int sent = avcodec_send_packet(&decoder, *packet);
    if (sent < 0 && sent != AVERROR(EAGAIN))
      ++tally.damaged_packets;  // skip what the decoder rejects and carry on
    if (!receive_frames(decoder, *frame, take, tally)) return {};
  }
  tally.read_end = reader.end();
  tally.stopped_early = reader.stopped_early();
  avcodec_send_packet(&decoder, nullptr);  // flush the decoder
  receive_frames(decoder, *frame, take, tally);
  progress(job.callbacks, Stage::decode, 1.0);
  return {};
}

}  // namespace voxclone::detail

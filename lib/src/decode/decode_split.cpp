// The split way, for raw MP3 and raw FLAC: their demuxers stamp every packet exactly, each
// packet decodes to one frame, and the decoder's state (MP3's bit reservoir and overlap; FLAC
// has none) settles within a few packets, so stretches decoded apart join without a seam: the
// result is bit-identical to one decoder (tests/test_library.cpp holds them to that). Other
// codecs keep the two-thread pipeline: Opus and AAC (noise substitution) converge only
// approximately.
//
// Four kinds of thread: this one demuxes and cuts segments (segment_board.hpp); kSplitDecoders
// threads decode them and mix them to mono (convert/downmix.hpp); one resamples them in order
// and one more feeds the sink. Cancel, progress and every log line stay on this thread.
#include <algorithm>
#include <memory>
#include <new>
#include <string_view>
#include <thread>
#include <vector>

#include "core/log.hpp"
#include "core/spare_vectors.hpp"
#include "convert/downmix.hpp"
#include "decode/chunk_queue.hpp"
#include "decode/frame_converter.hpp"
#include "decode/guarded.hpp"
#include "decode/log_relay.hpp"
#include "decode/packet_reader.hpp"
#include "decode/segment_board.hpp"
#include "decode/ways.hpp"

namespace voxclone::detail {
namespace {

constexpr int kSplitDecoders = 2;
// Segments demuxed and not yet taken by the converter. The converter takes them in stream order,
// so with one per decoder, a decoder that finished segment k+1 first waited, idle, for the other
// to finish k: on two cores the pass kept only ~1.72 of them busy. Two per decoder keep ~1.87
// busy (the one-hour bench 8 % faster) for 1 MB more (segments hold mono float, 0.5 MB each);
// three per decoder kept ~1.90 busy for another megabyte.
constexpr std::size_t kBoardSegments = 2 * kSplitDecoders;

// Pre-roll: the segment's first frame is exact once the packet before it decodes exactly (its
// IMDCT overlap and the synthesis filter's history feed the first frame), and that packet needs
// its bit reservoir: up to 511 bytes (255 for MPEG-2/2.5) of the main data of the packets before
// it. So at least 3 packets and 1 KiB: at 128 kb/s three packets, two of them (~760 bytes of main
// data) before the one that must be exact; at MPEG-1's least, 32 kb/s at 48 kHz (96-byte
// packets, 60 of main data), 11 packets, 600 bytes of main data before it. Until session 22 it
// was 4 packets and 2 KiB, and two packets after each segment (post-roll): an MP3 or FLAC
// decoder hands each packet's frame back before the next packet (neither has a delay), so
// nothing after a segment changes its frames, and a segment ends with its own last packet. Both
// cost a 3 s segment at 128 kb/s 7 packets of 122 decoded; now 3 (the decoders' instructions
// 2.5 % fewer). Every sample of the split way equals one decoder's on 17
// MP3 and FLAC codings, 8 to 320 kb/s, CBR, ABR and VBR, MPEG-1/2/2.5, and the two bench hours
// (tests/test_internals.cpp: SplitDecode; bench/README.md, session 23); with 2 packets and no
// byte rule, 128 kb/s and 8 kb/s MP3 differ.
constexpr std::size_t kPreRollMin = 3, kPreRollMax = 32;
constexpr int kPreRollBytes = 1024;

// Pre-roll copies get their own data, so each packet's buffer is only ever read and
// freed by the one decoding thread that holds it.
PacketPtr copy_packet(const AVPacket& packet) {
  PacketPtr c(av_packet_clone(&packet));
  if (!c || av_packet_make_writable(c.get()) < 0) throw std::bad_alloc();
  return c;
}

// The segment after `before`, starting at `pts`, primed with copies of `before`'s last packets.
std::unique_ptr<Segment> segment_after(Segment& before, std::int64_t pts) {
  auto next = std::make_unique<Segment>();
  // About as many packets as the one before: a vector grown a push at a time reallocates
  // ~8 times per segment, and on two threads that churn cost more than the copying.
  next->packets.reserve(before.packets.size());
  next->start_pts = before.end_pts = pts;
  const std::size_t own_end = before.pre + before.own;
  std::size_t n = 0;
  int bytes = 0;
  while (n < before.own && n < kPreRollMax && (n < kPreRollMin || bytes < kPreRollBytes))
    bytes += before.packets[own_end - 1 - n++]->size;
  for (std::size_t k = own_end - n; k < own_end; ++k)
    next->packets.push_back(copy_packet(*before.packets[k]));
  next->pre = n;
  return next;
}

// This thread: reads the stream and cuts it into segments of about 3 s, long enough that the
// pre-roll costs ~4 %, short enough that the few in flight hold little memory.
Result<void> demux_segments(const DecodeJob& job, SegmentBoard& board, LogRelay& relay,
                            DecodeTally& tally) {
  const AVStream& stream = *job.audio.stream;
  const std::int64_t target = av_rescale_q(3, AVRational{1, 1}, stream.time_base);
  constexpr std::size_t kMaxOwn = 1024;  // packets, when durations are unknown
  PacketReader reader(job.input, stream.index, job.callbacks, &relay);
  reader.stop_after(job.read_until_seconds);
  auto cur = std::make_unique<Segment>();
  std::int64_t own_duration = 0;
  std::int64_t last_pts = AV_NOPTS_VALUE;
  for (;;) {
    auto next = reader.next();
    if (!next) return std::unexpected(next.error());
    AVPacket* pkt = *next;
    if (pkt == nullptr) break;
    const bool long_enough = own_duration >= target || cur->own >= kMaxOwn;
    if (cur->own > 0 && long_enough && pkt->pts != AV_NOPTS_VALUE && last_pts != AV_NOPTS_VALUE &&
        pkt->pts > last_pts) {
      auto next_segment = segment_after(*cur, pkt->pts);
      if (!board.push(std::move(cur))) return {};  // a worker stopped: its error says why
      cur = std::move(next_segment);
      own_duration = 0;
    }
    own_duration += std::max<std::int64_t>(pkt->duration, 0);
    last_pts = pkt->pts;
    PacketPtr own(av_packet_alloc());
    if (!own) return fail(ErrorCategory::internal, "decode: out of memory");
    av_packet_move_ref(own.get(), pkt);
    cur->packets.push_back(std::move(own));
    ++cur->own;
  }
  tally.read_end = reader.end();
  tally.stopped_early = reader.stopped_early();
  cur->last = true;
  if (!board.push(std::move(cur))) return {};
  progress(job.callbacks, Stage::decode, 1.0);
  return {};
}

// A segment's audio (mono float, ~0.5 MB for 3 s at 44.1 kHz) goes into a buffer the converter
// handed back (convert_segments): the same few buffers circle for the whole input.
using RunBuffers = SpareVectors<float>;
constexpr std::size_t kSpareRunBuffers = kBoardSegments + 2;

// Takes every frame the decoder hands over, keeping those that belong to the segment: scanned
// for clipping, mixed to mono float (the frame itself goes straight back to the decoder).
Result<void> keep_frames(AVCodecContext& dec, AVFrame& frame, Downmix& mix, Segment& s, bool own,
                         RunBuffers& buffers) {
  for (;;) {
    const int rc = avcodec_receive_frame(&dec, &frame);
    if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) return {};
    if (rc < 0) {
      if (own) ++s.damaged;
      return {};
    }
    const std::int64_t pts = frame.pts;
    const bool keep = pts == AV_NOPTS_VALUE ? own : pts >= s.start_pts && pts < s.end_pts;
    if (keep) {
      scan_frame(frame, s.clip);
      s.samples += frame.nb_samples;
      if (s.runs.empty() || s.runs.back().sample_rate != frame.sample_rate) {
        s.runs.emplace_back();
        s.runs.back().sample_rate = frame.sample_rate;
        s.runs.back().samples = buffers.take();
        // 3 s and a frame, the usual segment
        s.runs.back().samples.reserve(static_cast<std::size_t>(frame.sample_rate) * 3 + 4096);
      }
      if (auto r = mix.append(frame, s.runs.back().samples); !r) {
        av_frame_unref(&frame);
        return r;
      }
    }
    av_frame_unref(&frame);
  }
}

// A decoding thread: takes the next segment nobody decodes yet, until there are none.
Result<void> decode_segments(SegmentBoard& board, AVCodecContext& dec, LogRelay& relay,
                             RunBuffers& buffers) {
  bool quiet = false;  // while decoding the pre-roll
  RelayScope relayed(relay, &quiet);
  FramePtr frame(av_frame_alloc());
  if (!frame) return fail(ErrorCategory::internal, "decode: out of memory");
  Downmix mix;
  while (Segment* s = board.take()) {
    avcodec_flush_buffers(&dec);
    const std::size_t own_end = s->pre + s->own;
    for (std::size_t k = 0; k < s->packets.size(); ++k) {
      const bool own = k >= s->pre && k < own_end;
      quiet = !own;
      const int sent = avcodec_send_packet(&dec, s->packets[k].get());
      if (sent < 0 && sent != AVERROR(EAGAIN) && own) ++s->damaged;
      if (auto r = keep_frames(dec, *frame, mix, *s, own, buffers); !r) return r;
    }
    quiet = false;
    if (s->last) {
      avcodec_send_packet(&dec, nullptr);  // flush: the stream ends here
      if (auto r = keep_frames(dec, *frame, mix, *s, true, buffers); !r) return r;
    }
    s->packets.clear();
    board.decoded(s);
  }
  return {};
}

// The converting thread: the decoded segments in stream order, converted and handed on.
Result<void> convert_segments(SegmentBoard& board, FrameConverter& converter, DecodeTally& tally,
                              RunBuffers& buffers) {
  while (std::unique_ptr<Segment> s = board.next()) {
    tally.clip.add(s->clip);
    tally.input_samples += s->samples;
    tally.damaged_packets += s->damaged;
    for (auto& run : s->runs) {
      if (auto r = converter.push_mono(run.samples, run.sample_rate); !r) return r;
      buffers.give_back(std::move(run.samples));
    }
  }
  if (board.aborted()) return {};
  return converter.finish();
}

}  // namespace

bool splittable(const DecodeJob& job) {
  const std::string_view container = job.input.format->iformat->name;
  const AVCodecID id = job.audio.stream->codecpar->codec_id;
  return (container == "mp3" && id == AV_CODEC_ID_MP3) ||
         (container == "flac" && id == AV_CODEC_ID_FLAC);
}

Result<DecodeTally> decode_split(const DecodeJob& job) {
  std::vector<CodecContextPtr> decoders;
  for (int i = 0; i < kSplitDecoders; ++i) {
    auto d = open_decoder(job.audio, job.name);
    if (!d) return std::unexpected(d.error());
    decoders.push_back(std::move(*d));
  }
  // Memory: at most kBoardSegments segments are on the board, plus the one being converted, as
  // mono float (3 s at 44.1 kHz is 0.5 MB), whatever the input's length.
  SegmentBoard board(kBoardSegments);
  RunBuffers run_buffers(kSpareRunBuffers);
  LogRelay relay;
  ChunkQueue chunks(4);
  // The converter hands the audio over in chunks of ~1 s (frame_converter.hpp, hand_to).
  FrameConverter converter(job.name, hand_to(chunks), kSampleRate);
  // A thread that fails stops the others.
  auto run = [&](auto&& body) {
    Result<void> r = guarded(job.name, body);
    if (!r) board.abort();
    return r;
  };
  DecodeTally reading;  // this thread's: what stopped reading
  DecodeTally tally;    // the converter's: counts, clipping and what reached the sink
  Result<void> sunk;
  std::thread sinker([&] {
    sunk = run([&] { return sink_chunks(chunks, job.sink); });
    if (!sunk) chunks.abort();
  });
  Result<void> converted;
  std::thread converting([&] {
    RelayScope relayed(relay);
    converted = run([&] { return convert_segments(board, converter, tally, run_buffers); });
    if (converted)
      chunks.close();
    else
      chunks.abort();
  });
  std::vector<Result<void>> decoded(kSplitDecoders);
  std::vector<std::thread> workers;
  for (std::size_t i = 0; i < decoders.size(); ++i)
    workers.emplace_back([&, i] {
      decoded[i] = run([&] { return decode_segments(board, *decoders[i], relay, run_buffers); });
    });
  const Result<void> demuxed = run([&] { return demux_segments(job, board, relay, reading); });
  if (demuxed) board.close();
  for (auto& w : workers) w.join();
  converting.join();
  sinker.join();
  relay.emit(job.callbacks);
  if (!demuxed) return std::unexpected(demuxed.error());
  for (auto& d : decoded)
    if (!d) return std::unexpected(d.error());
  if (!sunk) return std::unexpected(sunk.error());
  if (!converted) return std::unexpected(converted.error());
  tally.read_end = reading.read_end;
  tally.produced = converter.produced();
  return tally;
}

}  // namespace voxclone::detail

#include "decode/packet_reader.hpp"

#include <cmath>

#include "core/log.hpp"

namespace voxclone::detail {

Result<AVPacket*> PacketReader::next() {
  if (!packet_) {
    packet_.reset(av_packet_alloc());
    if (!packet_) return fail(ErrorCategory::internal, "decode: out of memory");
  }
  for (;;) {
    av_packet_unref(packet_.get());  // the previous packet: its taker is done with it
    if (since_poll_ == 16) {
      since_poll_ = 0;
      if (auto r = poll(); !r) return std::unexpected(r.error());
    }
    const int rc = av_read_frame(input_.format.get(), packet_.get());
    if (rc < 0) {
      end_ = rc;
      return nullptr;
    }
    ++since_poll_;
    if (packet_->stream_index != stream_index_) continue;
    if (packet_->pts != AV_NOPTS_VALUE && packet_->pts > stop_pts_) {
      av_packet_unref(packet_.get());
      end_ = AVERROR_EOF;
      stopped_early_ = true;
      return nullptr;
    }
    return packet_.get();
  }
}

void PacketReader::stop_after(std::optional<double> seconds) {
  if (!seconds || !(*seconds >= 0) || !std::isfinite(*seconds)) {
    stop_pts_ = INT64_MAX;
    return;
  }
  const AVStream& st = *input_.format->streams[stream_index_];
  const double start = st.start_time != AV_NOPTS_VALUE ? static_cast<double>(st.start_time) : 0.0;
  const double ticks = start + *seconds / av_q2d(st.time_base);
  stop_pts_ = ticks >= 9.0e18 ? INT64_MAX : static_cast<std::int64_t>(ticks);
}

Result<void> PacketReader::poll() {
  if (relay_ != nullptr) relay_->emit(callbacks_);
  if (cancelled(callbacks_)) return fail(ErrorCategory::cancelled, "cancelled while decoding");
  if (const double fraction = input_.read_fraction(); fraction >= 0)
    progress(callbacks_, Stage::decode, fraction);
  return {};
}

}  // namespace voxclone::detail

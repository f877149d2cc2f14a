#include "decode/packet_reader.hpp"

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
    if (packet_->stream_index == stream_index_) return packet_.get();
  }
}

Result<void> PacketReader::poll() {
  if (relay_ != nullptr) relay_->emit(callbacks_);
  if (cancelled(callbacks_)) return fail(ErrorCategory::cancelled, "cancelled while decoding");
  if (const double fraction = input_.read_fraction(); fraction >= 0)
    progress(callbacks_, Stage::decode, fraction);
  return {};
}

}  // namespace voxclone::detail

// Internal: the small pieces of text a review page is written with: HTML escaping, clock
// times, shell quoting for the commands it suggests, and data: URIs (FFmpeg's base64).
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace voxclone::detail {

/// Text for HTML content and double-quoted attributes (& < > " ' escaped; control characters,
/// which HTML forbids, become '?').
std::string html_escape(std::string_view text);
/// "0:41.2", "1:02:03.4" past an hour.
std::string clock_tenths(double seconds);
/// "1:08", "1:02:03": for axis ticks.
std::string clock_whole(double seconds);
/// A word a POSIX shell reads back as `text`: as it is when it holds only safe characters,
/// else in single quotes ('it'\''s').
std::string shell_quote(std::string_view text);
/// "data:audio/mpeg;base64,..." (libavutil's av_base64_encode).
std::string data_uri(std::string_view mime, std::span<const std::byte> bytes);

}  // namespace voxclone::detail

#include "service/speech_format.hpp"

#include <fmt/format.h>

#include "core/ascii.hpp"

namespace voxclone::detail {
namespace {

// The media type without parameters, lower case: "audio/mpeg".
std::string media_type(std::string_view content_type) {
  std::string t = to_lower_ascii(std::string(content_type.substr(0, content_type.find(';'))));
  while (!t.empty() && t.back() == ' ') t.pop_back();
  return t;
}

std::string_view label(std::string_view format) {
  return format == "mp3" ? "MP3" : format == "wav" ? "WAV" : format == "ogg_opus" ? "Ogg Opus" : format;
}

}  // namespace

std::optional<std::string> speech_format_sent(std::string_view content_type, std::string_view body) {
  const std::string t = media_type(content_type);
  if (t == "audio/mpeg" || t == "audio/mp3") return "mp3";
  if (t == "audio/wav" || t == "audio/x-wav" || t == "audio/wave" || t == "audio/vnd.wave")
    return "wav";
  if (t == "audio/ogg" || t == "audio/opus") return "ogg_opus";
  // A generic type (application/octet-stream, audio/pcm): the container's own signature. Three
  // fixed magic numbers are all this needs; FFmpeg's prober would also "recognise" raw PCM as
  // whatever its bytes happen to resemble.
  if (body.size() >= 12 && body.starts_with("RIFF") && body.substr(8, 4) == "WAVE") return "wav";
  if (body.starts_with("OggS")) return "ogg_opus";
  if (body.starts_with("ID3")) return "mp3";
  return std::nullopt;
}

std::optional<Verdict> speech_in_another_format(std::string_view asked, const Exchange& ex) {
  const auto sent = speech_format_sent(ex.content_type, ex.body);
  // Raw PCM has no signature of its own: anything recognisable as a container is not it.
  if (!sent || *sent == asked) return std::nullopt;
  Verdict v;
  v.error.category = ErrorCategory::bad_response;
  v.error.http_status = ex.status;
  v.error.log_id = ex.log_id;
  v.error.message = fmt::format(
      "speech: asked for {} but the service sent {} ({}, {} bytes); nothing was kept. Ask for "
      "what it sends ({}), or convert it yourself (ffmpeg -i in.{} out.{})",
      label(asked), label(*sent), ex.content_type.empty() ? "no Content-Type" : ex.content_type,
      ex.body.size(), *sent == "ogg_opus" ? "ogg_opus: a .ogg or .opus name" : *sent,
      *sent == "ogg_opus" ? "ogg" : *sent, asked == "ogg_opus" ? "ogg" : asked);
  return v;
}

}  // namespace voxclone::detail

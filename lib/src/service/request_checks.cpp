// The checks a request passes before a byte is sent: the base URL (https, or http only to a
// loopback address, since the token travels in a header), the token, and the clone and speech
// fields against the contract's limits (service/contract.hpp). Each failure names the field,
// the value's size and the rule.
#include "service/request_checks.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <span>
#include <string_view>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/ascii.hpp"
#include "service/contract.hpp"
#include "service/curl_handles.hpp"
#include "voxclone/upload.hpp"

namespace voxclone {
namespace {

using detail::to_lower_ascii;

bool has_control_chars(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; });
}

bool is_one_of(std::span<const std::string_view> words, std::string_view w) {
  return std::find(words.begin(), words.end(), w) != words.end();
}

// "a, b, c or d": a list from the contract's table as a sentence spells it.
std::string spelled_out(std::span<const std::string_view> words) {
  if (words.size() < 2) return fmt::format("{}", fmt::join(words, ""));
  return fmt::format("{} or {}", fmt::join(words.first(words.size() - 1), ", "), words.back());
}

// The scheme and host of a URL as libcurl parses it (the host lower-cased; an IPv6 address keeps
// its brackets). Empty strings when it is not a URL.
struct SchemeHost {
  std::string scheme, host;
};

SchemeHost scheme_and_host(const std::string& url) {
  detail::init_libcurl();
  detail::CurlUrlPtr u(curl_url());
  if (!u || curl_url_set(u.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) return {};
  char* scheme = nullptr;
  char* host = nullptr;
  curl_url_get(u.get(), CURLUPART_SCHEME, &scheme, 0);
  curl_url_get(u.get(), CURLUPART_HOST, &host, 0);
  SchemeHost out{scheme ? to_lower_ascii(scheme) : "", host ? to_lower_ascii(host) : ""};
  curl_free(scheme);
  curl_free(host);
  return out;
}

// A host name is loopback when it is an address literal in 127.0.0.0/8 or ::1 (an IPv4-mapped
// ::ffff:127.x.y.z too), or exactly "localhost", which libcurl answers with the loopback
// addresses itself (since 7.78), without asking a resolver.
bool is_loopback_host(std::string_view h) {
  if (h == "localhost") return true;
  const std::string literal(h.size() > 2 && h.front() == '[' && h.back() == ']'
                                ? h.substr(1, h.size() - 2)
                                : h);
  in_addr v4{};
  if (::inet_pton(AF_INET, literal.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  if (::inet_pton(AF_INET6, literal.c_str(), &v6) != 1) return false;
  if (IN6_IS_ADDR_LOOPBACK(&v6)) return true;
  return IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127;
}

auto bad_field(std::string message) {
  return fail(ErrorCategory::invalid_argument, std::move(message));
}

}  // namespace

std::span<const std::string_view> supported_languages() noexcept {
  return detail::kLanguages;
}

std::span<const std::string_view> speech_emotions() noexcept {
  return detail::kSpeechEmotions;
}

std::string_view speech_extension(std::string_view f) noexcept {
  if (f == "wav") return ".wav";
  if (f == "pcm") return ".pcm";
  if (f == "ogg_opus") return ".ogg";
  return ".mp3";
}

Result<void> validate_list_options(const ListVoicesOptions& o) {
  if (o.model_type && !is_one_of(detail::kModelTypes, *o.model_type))
    return bad_field(fmt::format("model type '{}': use {}", *o.model_type,
                                 spelled_out(detail::kModelTypes)));
  if (!is_one_of(detail::kVoiceStates, o.voice_state))
    return bad_field(fmt::format("voice state '{}': use {}", o.voice_state,
                                 spelled_out(detail::kVoiceStates)));
  if (o.page_size < 1 || o.page_size > detail::kMaxPageSize)
    return bad_field(fmt::format("page size {} is outside 1–{}", o.page_size, detail::kMaxPageSize));
  if (o.max_pages < 1) return bad_field("at least one page must be allowed");
  return {};
}

bool detail::is_loopback_url(const std::string& url) {
  const SchemeHost sh = scheme_and_host(url);
  return !sh.host.empty() && is_loopback_host(sh.host);
}

bool detail::is_https_url(const std::string& url) { return scheme_and_host(url).scheme == "https"; }

Result<void> check_base_url(const std::string& base_url) {
  auto bad = [&](std::string why) {
    return fail(ErrorCategory::invalid_argument, fmt::format("base URL '{}': {}", base_url, why));
  };
  const SchemeHost sh = scheme_and_host(base_url);
  if (sh.scheme.empty() || sh.host.empty()) return bad("not a URL (expected https://host)");
  if (sh.scheme == "https") return {};
  if (sh.scheme != "http") return bad("only https:// is supported");
  if (!is_loopback_host(sh.host))
    return bad(
        "plain http:// would send the API token unencrypted; use https:// (http is allowed "
        "only to a loopback address such as 127.0.0.1)");
  return {};
}

Result<void> detail::check_token(const std::string& token) {
  if (token.empty()) return bad_field("no API token (set COZE_API_TOKEN)");
  if (has_control_chars(token) || token.find(' ') != std::string::npos)
    return bad_field("the API token holds spaces or control characters");
  return {};
}

Result<void> validate_clone_fields(const CloneRequest& r) {
  using detail::kMaxTextBytes;
  if (r.voice_name.empty()) return bad_field("the voice name is empty");
  if (r.voice_name.size() > detail::kMaxVoiceNameBytes)
    return bad_field(
        fmt::format("the voice name is {} bytes long; the endpoint allows {} bytes "
                    "(UTF-8: a Chinese character takes 3)",
                    r.voice_name.size(), detail::kMaxVoiceNameBytes));
  if (has_control_chars(r.voice_name)) return bad_field("the voice name holds control characters");
  if (r.language && !is_one_of(detail::kLanguages, *r.language))
    return bad_field(fmt::format("language '{}' is not one the endpoint takes: {}", *r.language,
                                 spelled_out(detail::kLanguages)));
  if (r.text) {
    if (r.text->empty()) return bad_field("--text is empty");
    if (r.text->size() > kMaxTextBytes)
      return bad_field(
          fmt::format("the text is {} bytes long; the endpoint allows {} bytes (UTF-8)",
                      r.text->size(), kMaxTextBytes));
  }
  if (r.preview_text) {
    if (r.preview_text->empty()) return bad_field("the preview text is empty");
    if (r.preview_text->size() > kMaxTextBytes)
      return bad_field(
          fmt::format("the preview text is {} bytes long; at most {} bytes make sense "
                      "(the speech endpoint's limit)",
                      r.preview_text->size(), kMaxTextBytes));
  }
  for (const auto* f : {&r.voice_id, &r.space_id, &r.description})
    if (*f && (f->value().empty() || f->value().size() > detail::kMaxIdFieldBytes ||
               has_control_chars(f->value())))
      return bad_field("--voice-id, --space-id and --description must be non-empty single lines");
  return {};
}

Result<void> validate_clone_request(const CloneRequest& r, const EncodedSample& sample) {
  if (auto f = validate_clone_fields(r); !f) return f;
  if (sample.bytes.size() > kMaxSampleBytes)
    return fail(ErrorCategory::sample_invalid,
                fmt::format("the sample is {} bytes; the endpoint takes at most 10 MB ({} bytes)",
                            sample.bytes.size(), kMaxSampleBytes));
  if (sample.bytes.empty()) return fail(ErrorCategory::sample_invalid, "the sample is empty");
  if (sample.format == SampleFormat::pcm &&
      (sample.sample_rate != detail::kPcmSampleRate || sample.channels != detail::kPcmChannels))
    return fail(ErrorCategory::sample_invalid, "raw PCM must be 24 kHz mono 16-bit");
  return {};
}

Result<void> validate_speech_request(const SpeechRequest& r) {
  if (r.input.empty()) return bad_field("the text to speak is empty");
  if (r.input.size() > detail::kMaxTextBytes)
    return bad_field(
        fmt::format("the text is {} bytes; the speech endpoint allows {} bytes (UTF-8)",
                    r.input.size(), detail::kMaxTextBytes));
  if (r.voice_id.empty()) return bad_field("a voice id is needed");
  if (!is_one_of(detail::kSpeechFormats, r.response_format))
    return bad_field(
        fmt::format("format '{}': use {}", r.response_format, spelled_out(detail::kSpeechFormats)));
  if (r.speed && !(*r.speed >= detail::kMinSpeechSpeed && *r.speed <= detail::kMaxSpeechSpeed))
    return bad_field(fmt::format("speed {:g} is outside {:g}–{:g}", *r.speed,
                                 detail::kMinSpeechSpeed, detail::kMaxSpeechSpeed));
  if (r.sample_rate && std::find(detail::kSpeechRates.begin(), detail::kSpeechRates.end(),
                                 *r.sample_rate) == detail::kSpeechRates.end())
    return bad_field(fmt::format("sample rate {} is not one of {}", *r.sample_rate,
                                 fmt::join(detail::kSpeechRates, " ")));
  if (r.loudness_rate &&
      (*r.loudness_rate < detail::kMinLoudnessRate || *r.loudness_rate > detail::kMaxLoudnessRate))
    return bad_field(fmt::format("loudness rate {} is outside {}–{}", *r.loudness_rate,
                                 detail::kMinLoudnessRate, detail::kMaxLoudnessRate));
  if (r.emotion && !is_one_of(detail::kSpeechEmotions, *r.emotion))
    return bad_field(fmt::format("emotion '{}': use {}", *r.emotion,
                                 spelled_out(detail::kSpeechEmotions)));
  if (r.emotion_scale && !r.emotion)
    return bad_field("an emotion scale needs an emotion");
  if (r.emotion_scale && !(*r.emotion_scale >= detail::kMinEmotionScale &&
                           *r.emotion_scale <= detail::kMaxEmotionScale))
    return bad_field(fmt::format("emotion scale {:g} is outside {:g}–{:g}", *r.emotion_scale,
                                 detail::kMinEmotionScale, detail::kMaxEmotionScale));
  return {};
}

}  // namespace voxclone

// libFuzzer target: reading the service's answers. The first line of the input is taken as a
// Retry-After header value, the rest as a body; neither may crash or throw.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "service/answer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view all(reinterpret_cast<const char*>(data), size);
  const auto nl = all.find('\n');
  const std::string header(all.substr(0, nl == std::string_view::npos ? all.size() : nl));
  const std::string_view body = nl == std::string_view::npos ? std::string_view() : all.substr(nl + 1);
  (void)voxclone::detail::parse_retry_after(header);
  const auto a = voxclone::detail::parse_service_answer(body, header);
  if (a.json_ok && a.data.is_object() && a.data.contains("voice_list")) {
    // Walk it as the client does: every element, every field by name.
    for (const auto& v : a.data["voice_list"]) {
      if (v.is_object() && v.contains("voice_id") && v["voice_id"].is_string()) (void)v["voice_id"].get<std::string>();
    }
  }
  return 0;
}

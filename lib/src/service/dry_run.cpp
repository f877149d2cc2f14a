// --dry-run: the clone request as it would go on the wire, built from the same form the client
// sends (service/multipart.hpp), with the token redacted.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "service/contract.hpp"
#include "service/multipart.hpp"
#include "voxclone/upload.hpp"

namespace voxclone {

std::string describe_clone_request(const std::string& base_url, const CloneRequest& request,
                                   const EncodedSample& sample) {
  using nlohmann::json;
  const detail::Form form = detail::clone_form(request, sample);
  std::string out =
      fmt::format("POST {}\n", detail::endpoint_url(base_url, detail::kCloneEndpoint));
  out += "Authorization: Bearer ***\n";
  out += "Content-Type: multipart/form-data; boundary=...\n";
  // Values as JSON strings: a newline or a quote in a field shows as what it is.
  for (const auto& [name, value] : form.fields)
    out += fmt::format("  {}: {}\n", name,
                       json(value).dump(-1, ' ', false, json::error_handler_t::replace));
  out += fmt::format("  {}: {} ({}, {} bytes, {:.2f} s, {} Hz mono)\n", form.file.field,
                     form.file.file_name, form.file.content_type, sample.bytes.size(),
                     sample.duration_seconds, sample.sample_rate);
  return out;
}

}  // namespace voxclone

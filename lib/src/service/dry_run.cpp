// --dry-run: the clone request as it would go on the wire, built from the same form the client
// sends (service/multipart.hpp), with the token redacted.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "service/contract.hpp"
#include "service/multipart.hpp"
#include "voxclone/upload.hpp"

namespace voxclone {

RequestPreview preview_clone_request(const std::string& base_url, const CloneRequest& request,
                                     const EncodedSample& sample) {
  const detail::Form form = detail::clone_form(request, sample);
  RequestPreview p;
  p.method = "POST";
  p.url = detail::endpoint_url(base_url, detail::kCloneEndpoint);
  for (const auto& [name, value] : form.fields) p.fields.emplace_back(name, value);
  p.file_field = form.file.field;
  p.file_name = form.file.file_name;
  p.file_content_type = form.file.content_type;
  p.file_bytes = sample.bytes.size();
  p.file_seconds = sample.duration_seconds;
  p.file_sample_rate = sample.sample_rate;
  return p;
}

std::string describe_clone_request(const std::string& base_url, const CloneRequest& request,
                                   const EncodedSample& sample) {
  using nlohmann::json;
  const RequestPreview p = preview_clone_request(base_url, request, sample);
  std::string out = fmt::format("{} {}\n", p.method, p.url);
  out += "Authorization: Bearer ***\n";
  out += "Content-Type: multipart/form-data; boundary=...\n";
  // Values as JSON strings: a newline or a quote in a field shows as what it is.
  for (const auto& [name, value] : p.fields)
    out += fmt::format("  {}: {}\n", name,
                       json(value).dump(-1, ' ', false, json::error_handler_t::replace));
  out += fmt::format("  {}: {} ({}, {} bytes, {:.2f} s, {} Hz mono)\n", p.file_field, p.file_name,
                     p.file_content_type, p.file_bytes, p.file_seconds, p.file_sample_rate);
  return out;
}

}  // namespace voxclone

// The clone request's multipart form, built once per call from the request and the sample:
// the text fields in the contract's order (optional ones only when set) and the sample's bytes
// as the file part, named after its format.
#include "service/multipart.hpp"

#include <fmt/format.h>

namespace voxclone::detail {

Form clone_form(const CloneRequest& r, const EncodedSample& sample) {
  Form form;
  auto& f = form.fields;
  f.emplace_back("voice_name", r.voice_name);
  f.emplace_back("audio_format", std::string(to_string(sample.format)));
  auto add = [&](const char* name, const std::optional<std::string>& v) {
    if (v) f.emplace_back(name, *v);
  };
  add("language", r.language);
  add("text", r.text);
  add("preview_text", r.preview_text);
  add("voice_id", r.voice_id);
  add("space_id", r.space_id);
  add("description", r.description);
  form.file = FormFile{.field = "file",
                       .file_name = fmt::format("sample.{}", to_string(sample.format)),
                       .content_type = std::string(content_type(sample.format)),
                       .bytes = sample.bytes};
  return form;
}

}  // namespace voxclone::detail

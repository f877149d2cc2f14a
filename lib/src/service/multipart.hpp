// Internal: the clone request's multipart form as a value: its text fields in the order the
// contract lists them and the sample as the file part. The dry run prints it, the HTTP exchange
// (service/http.cpp) sends it.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "voxclone/upload.hpp"

namespace voxclone::detail {

struct FormFile {
  std::string field;                 ///< "file"
  std::string file_name;             ///< "sample.mp3"
  std::string content_type;          ///< "audio/mpeg"
  std::span<const std::byte> bytes;  ///< a view: the sample outlives the form
};

struct Form {
  std::vector<std::pair<std::string, std::string>> fields;  ///< name, value
  FormFile file;
};

/// The clone form: voice_name, audio_format, then each optional field only when given.
Form clone_form(const CloneRequest& request, const EncodedSample& sample);

}  // namespace voxclone::detail

// Internal: the checks a request passes before a byte is sent. The public ones (base URL, clone
// and speech fields) are declared in voxclone/upload.hpp; this adds the token's.
#pragma once

#include <string>

#include "voxclone/error.hpp"

namespace voxclone::detail {

/// A token goes into a header line: it must be present, one word, no control characters.
Result<void> check_token(const std::string& token);

}  // namespace voxclone::detail

#include "voxclone/version.hpp"

namespace voxclone {

std::string_view version() noexcept { return VOXCLONE_VERSION_STRING; }

}  // namespace voxclone

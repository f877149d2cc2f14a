// voxclone/version.hpp
#pragma once

#include <string_view>

namespace voxclone {

/// The library's version, "MAJOR.MINOR.PATCH"; `voxclone --version` prints the same.
std::string_view version() noexcept;

}  // namespace voxclone

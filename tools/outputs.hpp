// Where an output goes and whether it may: the folder exists and is writable, an existing file
// is refused unless -y (skipped with -n), the name's extension agrees with what is written, and
// "-" means standard output. All of it is decided before a byte of input is read.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "voxclone/encode.hpp"
#include "voxclone/error.hpp"

namespace voxclone::cli {

enum class Existing { refuse, overwrite, skip };
Existing existing_policy(bool overwrite, bool no_overwrite);

/// True when `out` should be skipped (it exists and the policy is skip). An error when its folder
/// is missing (unless `make_folders`: then the nearest one that exists) or not writable, when it
/// is a folder, or when it exists and the policy refuses.
Result<bool> check_output_file(const std::filesystem::path& out, Existing policy,
                               std::string_view option, bool make_folders = false);

/// "-o NAME" names a folder: an existing one, or a name ending in '/'.
bool names_a_folder(const std::string& output);

/// The sample format for an output name and a --format value (either may be empty): they must
/// agree; a name's extension must be one the endpoint takes. `fallback` when neither says.
Result<SampleFormat> sample_format_for(const std::string& format_flag, const std::string& output,
                                       std::string_view option, SampleFormat fallback);

bool same_file(const std::filesystem::path& a, const std::filesystem::path& b);

/// One rule for every command that writes audio (prep -o, clone --save-sample, speak -o): a
/// file name without an extension gets the format's (`-o me` -> me.wav); "-", a folder, a name
/// with an extension and anything that exists by that name (/dev/full, a FIFO) are left as
/// they are.
std::string with_format_extension(const std::string& name, std::string_view extension);

/// "-" (standard output) refused when it is a terminal, as gzip and zstd refuse: binary audio
/// would garble the terminal. `option` names where "-" was given ("-o", "--save-sample").
Result<void> refuse_terminal_stdout(std::string_view option);

}  // namespace voxclone::cli

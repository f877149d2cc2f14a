// Expanding the command line's inputs (files, folders, "-") into a list of sources, and naming
// outputs for them.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "voxclone/encode.hpp"
#include "voxclone/error.hpp"
#include "voxclone/source.hpp"

namespace voxclone::cli {

struct InputItem {
  std::string arg;                  // as the user wrote it ("-" for standard input)
  std::filesystem::path path;       // empty for standard input
  bool from_folder = false;
};

/// Folders expand (not recursively) to the media files in them, by extension, sorted by name.
/// Files named explicitly are always taken, whatever their extension.
Result<std::vector<InputItem>> expand_inputs(const std::vector<std::string>& args);

/// The library's source for an item: the file, or standard input.
InputSource source_of(const InputItem& item);

/// "talk.m4a" -> "talk.wav" in `dir`, made unique among `taken` ("talk.m4a.wav" on a clash).
std::filesystem::path output_for(const InputItem& item, const std::filesystem::path& dir,
                                 SampleFormat format, std::vector<std::filesystem::path>& taken);

}  // namespace voxclone::cli

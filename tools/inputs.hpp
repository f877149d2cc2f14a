// Expanding the command line's inputs (files, folders, "-") into a list of sources, and the one
// rule that names the samples (README.md, "Where the samples go").
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "voxclone/encode.hpp"
#include "voxclone/error.hpp"
#include "voxclone/source.hpp"

namespace voxclone::cli {

struct InputItem {
  std::string arg;                    // as the user wrote it ("-" for standard input)
  std::filesystem::path path;         // empty for standard input
  bool from_folder = false;
  std::filesystem::path relative_dir; // below the folder given (with -r), else empty
};

struct Inputs {
  std::vector<InputItem> items;
  std::size_t skipped_not_media = 0;  // files in the folders that are not audio or video
  std::size_t skipped_subfolders = 0; // without -r: folders inside the folders given
};

/// Folders expand to the media files in them (by extension, sorted by path; with `recursive`,
/// in their subfolders too). Files named explicitly are always taken, whatever their extension.
/// URLs are refused with a way out (voxclone reads local files and stdin only).
Result<Inputs> expand_inputs(const std::vector<std::string>& args, bool recursive = false);

/// The library's source for an item: the file, or standard input.
InputSource source_of(const InputItem& item);

/// Each input's length as its container announces it (voxclone::probe; headers only), 0 when
/// unknown (standard input, a container that does not say): the batch's progress weighs by it.
std::vector<double> announced_seconds(const std::vector<InputItem>& items);

/// The naming rule: DIR/<subfolder with -r>/<stem>-sample.<ext>; "-2", "-3", ... before the
/// extension when that name is already taken in this run or is one of the inputs.
std::vector<std::filesystem::path> sample_names(const std::vector<InputItem>& items,
                                                const std::filesystem::path& dir,
                                                SampleFormat format);

/// "talk.m4a" -> "talk-sample.wav" in `dir`, skipping every name in `taken` (then adds it).
std::filesystem::path sample_name(const InputItem& item, const std::filesystem::path& dir,
                                  SampleFormat format, std::vector<std::filesystem::path>& taken);

/// True for "http://...", "https://...", "ftp://..." and other "scheme://" inputs.
bool looks_like_url(std::string_view arg);

}  // namespace voxclone::cli

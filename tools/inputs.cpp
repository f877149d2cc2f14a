#include "inputs.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include <fmt/format.h>

#include "core/words.hpp"
#include "voxclone/decode.hpp"  // the library's counted nouns ("1 file", "2 files")

namespace voxclone::cli {
namespace {

bool looks_like_media(const std::filesystem::path& p) {
  static const std::set<std::string> kExt = {
      "wav", "wave", "mp3", "m4a", "m4b", "aac", "flac", "ogg", "oga", "opus", "webm", "mkv",
      "mka", "mp4", "mov", "m4v", "avi", "wma", "wmv", "aiff", "aif", "aifc", "caf", "amr",
      "3gp", "3g2", "ac3", "eac3", "mp2", "mpg", "mpeg", "ts", "au", "snd", "w64", "ape", "wv",
      "spx", "gsm", "dts", "flv", "mxf", "vob"};
  std::string ext = p.extension().string();
  if (ext.size() < 2) return false;
  ext.erase(0, 1);
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return kExt.contains(ext);
}

bool hidden(const std::filesystem::path& p) {
  const auto name = p.filename().string();
  return !name.empty() && name[0] == '.';
}

// The media files of one folder argument (and its subfolders with `recursive`).
Result<void> expand_folder(const std::string& arg, bool recursive, Inputs& out) {
  const std::filesystem::path root(arg);
  std::error_code ec;
  std::vector<InputItem> found;
  auto take = [&](const std::filesystem::directory_entry& e) {
    if (!e.is_regular_file(ec)) return;
    if (!looks_like_media(e.path())) {
      ++out.skipped_not_media;
      return;
    }
    found.push_back({e.path().string(), e.path(), true,
                     e.path().parent_path().lexically_relative(root).lexically_normal()});
    if (found.back().relative_dir == ".") found.back().relative_dir.clear();
  };
  if (recursive) {
    auto it = std::filesystem::recursive_directory_iterator(root, ec);
    for (; !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      if (hidden(it->path())) {
        if (it->is_directory(ec)) it.disable_recursion_pending();
        continue;
      }
      take(*it);
    }
  } else {
    for (const auto& e : std::filesystem::directory_iterator(root, ec)) {
      if (hidden(e.path())) continue;
      if (e.is_directory(ec)) ++out.skipped_subfolders;  // said in the summary: -r reads them
      else take(e);
    }
  }
  if (ec) return fail(ErrorCategory::input_unreadable, fmt::format("'{}': {}", arg, ec.message()));
  if (found.empty())
    return fail(ErrorCategory::input_not_found,
                fmt::format("'{}': the folder holds no audio or video files{}", arg,
                            recursive || out.skipped_subfolders == 0
                                ? ""
                                : fmt::format(" (it has {}: -r searches them too)",
                                              detail::count_of(static_cast<long long>(out.skipped_subfolders), "subfolder"))));
  std::sort(found.begin(), found.end(),
            [](const InputItem& a, const InputItem& b) { return a.path < b.path; });
  for (auto& f : found) out.items.push_back(std::move(f));
  return {};
}

}  // namespace

bool looks_like_url(std::string_view arg) {
  const auto p = arg.find("://");
  if (p == std::string_view::npos || p == 0) return false;
  return std::all_of(arg.begin(), arg.begin() + static_cast<std::ptrdiff_t>(p), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
  });
}

Result<Inputs> expand_inputs(const std::vector<std::string>& args, bool recursive) {
  Inputs out;
  for (const auto& arg : args) {
    if (arg == "-") {
      out.items.push_back({arg, {}, false, {}});
      continue;
    }
    // Reading URLs would mean FFmpeg's network protocols with no timeout, retry or TLS policy
    // of ours; a download tool does that better, and stdin takes what it fetches.
    if (looks_like_url(arg))
      return fail(ErrorCategory::invalid_argument,
                  fmt::format("'{}': voxclone reads local files and standard input, not URLs; "
                              "download it first, or pipe it in: curl -sL '{}' | voxclone prep -",
                              arg, arg));
    std::error_code ec;
    if (std::filesystem::is_directory(arg, ec)) {
      if (auto r = expand_folder(arg, recursive, out); !r) return std::unexpected(r.error());
    } else {
      out.items.push_back({arg, std::filesystem::path(arg), false, {}});
    }
  }
  if (std::count_if(out.items.begin(), out.items.end(),
                    [](const InputItem& i) { return i.path.empty(); }) > 1)
    return fail(ErrorCategory::invalid_argument, "standard input ('-') can be read only once");
  return out;
}

std::filesystem::path sample_name(const InputItem& item, const std::filesystem::path& dir,
                                  SampleFormat format, std::vector<std::filesystem::path>& taken) {
  const std::string ext = "." + std::string(to_string(format));
  const std::string stem = (item.path.empty() ? std::string("stdin") : item.path.stem().string()) + "-sample";
  const std::filesystem::path folder = (dir / item.relative_dir).lexically_normal();
  auto is_taken = [&](const std::filesystem::path& p) {
    return std::find(taken.begin(), taken.end(), p.lexically_normal()) != taken.end();
  };
  std::filesystem::path candidate = folder / (stem + ext);
  for (int n = 2; is_taken(candidate); ++n) candidate = folder / fmt::format("{}-{}{}", stem, n, ext);
  taken.push_back(candidate.lexically_normal());
  return candidate;
}

std::vector<std::filesystem::path> sample_names(const std::vector<InputItem>& items,
                                                const std::filesystem::path& dir,
                                                SampleFormat format) {
  // The inputs are taken from the start: a sample never gets an input's name.
  std::vector<std::filesystem::path> taken, out;
  for (const auto& item : items)
    if (!item.path.empty()) taken.push_back(item.path.lexically_normal());
  for (const auto& item : items) out.push_back(sample_name(item, dir, format, taken));
  return out;
}

std::vector<double> announced_seconds(const std::vector<InputItem>& items) {
  std::vector<double> out;
  for (const auto& item : items) {
    double seconds = 0;
    if (!item.path.empty())
      if (auto info = probe(InputSource::file(item.path)); info) seconds = info->announced_seconds;
    out.push_back(seconds);
  }
  return out;
}

InputSource source_of(const InputItem& item) {
  return item.path.empty() ? InputSource::standard_input() : InputSource::file(item.path);
}

}  // namespace voxclone::cli

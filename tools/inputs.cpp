#include "inputs.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>

#include <fmt/format.h>

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

}  // namespace

Result<std::vector<InputItem>> expand_inputs(const std::vector<std::string>& args) {
  std::vector<InputItem> out;
  for (const auto& arg : args) {
    if (arg == "-") {
      out.push_back({arg, {}, false});
      continue;
    }
    std::error_code ec;
    const std::filesystem::path p(arg);
    if (std::filesystem::is_directory(p, ec)) {
      std::vector<std::filesystem::path> found;
      for (const auto& e : std::filesystem::directory_iterator(p, ec)) {
        const auto name = e.path().filename().string();
        if (!name.empty() && name[0] == '.') continue;
        if (e.is_regular_file(ec) && looks_like_media(e.path())) found.push_back(e.path());
      }
      if (ec)
        return fail(ErrorCategory::input_unreadable, fmt::format("'{}': {}", arg, ec.message()));
      if (found.empty())
        return fail(ErrorCategory::input_not_found,
                    fmt::format("'{}': the folder holds no audio or video files", arg));
      std::sort(found.begin(), found.end());
      for (auto& f : found) out.push_back({f.string(), f, true});
    } else {
      out.push_back({arg, p, false});
    }
  }
  if (std::count_if(out.begin(), out.end(), [](const InputItem& i) { return i.path.empty(); }) > 1)
    return fail(ErrorCategory::invalid_argument, "standard input ('-') can be read only once");
  return out;
}

std::filesystem::path output_for(const InputItem& item, const std::filesystem::path& dir,
                                 SampleFormat format, std::vector<std::filesystem::path>& taken) {
  const std::string ext = "." + std::string(to_string(format));
  std::string stem = item.path.empty() ? "stdin" : item.path.stem().string();
  std::filesystem::path candidate = dir / (stem + ext);
  if (std::find(taken.begin(), taken.end(), candidate) != taken.end() && !item.path.empty())
    candidate = dir / (item.path.filename().string() + ext);
  for (int n = 2; std::find(taken.begin(), taken.end(), candidate) != taken.end(); ++n)
    candidate = dir / fmt::format("{}-{}{}", stem, n, ext);
  taken.push_back(candidate);
  return candidate;
}

InputSource source_of(const InputItem& item) {
  return item.path.empty() ? InputSource::standard_input() : InputSource::file(item.path);
}

}  // namespace voxclone::cli

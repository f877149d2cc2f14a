#include "outputs.hpp"

#include <unistd.h>

#include <fmt/format.h>

namespace voxclone::cli {

Existing existing_policy(bool overwrite, bool no_overwrite) {
  return overwrite ? Existing::overwrite : no_overwrite ? Existing::skip : Existing::refuse;
}

bool names_a_folder(const std::string& output) {
  if (output.empty() || output == "-") return false;
  std::error_code ec;
  return output.back() == '/' || std::filesystem::is_directory(output, ec);
}

bool same_file(const std::filesystem::path& a, const std::filesystem::path& b) {
  std::error_code ec;
  return std::filesystem::exists(a, ec) && std::filesystem::exists(b, ec) &&
         std::filesystem::equivalent(a, b, ec);
}

Result<bool> check_output_file(const std::filesystem::path& out, Existing policy,
                               std::string_view option, bool make_folders) {
  auto failed = [&](std::string why) {
    return fail(ErrorCategory::output_failed,
                fmt::format("{} '{}': cannot write it: {}", option, out.string(), why));
  };
  std::error_code ec;
  std::filesystem::path folder = out.parent_path();
  if (folder.empty()) folder = ".";
  if (!std::filesystem::exists(folder, ec)) {
    if (!make_folders) return failed(fmt::format("the folder '{}' does not exist", folder.string()));
    // Made at write time (-r keeps the layout): the nearest folder that exists must take it.
    while (!folder.empty() && !std::filesystem::exists(folder, ec)) folder = folder.parent_path();
    if (folder.empty()) folder = ".";
  }
  if (!std::filesystem::is_directory(folder, ec))
    return failed(fmt::format("'{}' is not a folder", folder.string()));
  if (::access(folder.c_str(), W_OK | X_OK) != 0)
    return failed(fmt::format("the folder '{}' is not writable", folder.string()));
  if (std::filesystem::is_directory(out, ec)) return failed("it is a folder");
  if (std::filesystem::exists(out, ec)) {
    if (policy == Existing::skip) return true;
    if (policy == Existing::refuse)
      return fail(ErrorCategory::output_failed,
                  fmt::format("'{}' exists: add -y to replace it, or -n to keep it and skip "
                              "this input",
                              out.string()));
  }
  return false;
}

std::string with_format_extension(const std::string& name, std::string_view extension) {
  if (name.empty() || name == "-" || names_a_folder(name)) return name;
  if (!std::filesystem::path(name).extension().empty()) return name;
  // Something that exists by that very name is meant as named: a device (/dev/full), a FIFO, a
  // file to replace with -y.
  std::error_code ec;
  if (std::filesystem::exists(std::filesystem::symlink_status(name, ec))) return name;
  return name + std::string(extension);
}

Result<void> refuse_terminal_stdout(std::string_view option) {
  if (::isatty(STDOUT_FILENO) != 1) return {};
  return fail(ErrorCategory::invalid_argument,
              fmt::format("{} -: standard output is a terminal, and audio is binary: redirect it "
                          "to a file (> me.wav) or a pipe (| ffplay -), or give a file name",
                          option));
}

Result<SampleFormat> sample_format_for(const std::string& format_flag, const std::string& output,
                                       std::string_view option, SampleFormat fallback) {
  std::optional<SampleFormat> flag;
  if (!format_flag.empty()) {
    flag = parse_sample_format(format_flag);
    if (!flag)
      return fail(ErrorCategory::invalid_argument,
                  fmt::format("--format '{}': use wav, pcm or mp3", format_flag));
  }
  if (output.empty() || output == "-" || names_a_folder(output)) return flag.value_or(fallback);
  const std::string ext = std::filesystem::path(output).extension().string();
  if (ext.empty()) return flag.value_or(fallback);
  const auto named = format_from_path(output);
  if (!named && ext == ".")
    return fail(ErrorCategory::invalid_argument,
                fmt::format("{} '{}': the name ends in a bare '.': name it .wav, .pcm/.raw or "
                            ".mp3, or leave the extension out (the format's is added)",
                            option, output));
  if (!named)
    return fail(ErrorCategory::invalid_argument,
                fmt::format("{} '{}': a sample is wav, pcm or mp3 (what the clone endpoint "
                            "takes), not {}: name it .wav, .pcm/.raw or .mp3",
                            option, output, ext));
  if (flag && *flag != *named)
    return fail(ErrorCategory::invalid_argument,
                fmt::format("{} '{}' names a {} file but --format {} was given: make them agree",
                            option, output, to_string(*named), to_string(*flag)));
  return *named;
}

}  // namespace voxclone::cli

#include "review_out.hpp"

#include <fmt/format.h>

#include "outputs.hpp"

namespace voxclone::cli {

void add_review_option(CLI::App* cmd, std::string& review) {
  cmd->add_option(
         "--review", review,
         "Also write a review page, FILE.html: the verdict and warnings, the timeline, "
         "every voice and left-out stretch playable, the sample playable with its loudness "
         "(one page for several inputs)")
      ->type_name("FILE");
}

Result<std::filesystem::path> plan_review(const std::string& path,
                                          const std::vector<InputItem>& items, bool overwrite,
                                          std::string_view option, bool has_overwrite_flag) {
  const std::filesystem::path page(path);
  const std::string ext = page.extension().string();
  if (ext != ".html" && ext != ".htm")
    return fail(ErrorCategory::invalid_argument,
                fmt::format("{} '{}': the review is an HTML page; give a name ending in .html",
                            option, path));
  for (const InputItem& item : items) {
    if (item.path.empty())
      return fail(
          ErrorCategory::invalid_argument,
          fmt::format("{}: the page reads the input a second time for its excerpts, and standard "
                      "input can be read only once: save it to a file and give that",
                      option));
    if (same_file(item.path, page))
      return fail(ErrorCategory::invalid_argument,
                  fmt::format("'{}': the review page would overwrite the input", item.arg));
  }
  std::error_code ec;
  if (!overwrite && !has_overwrite_flag && std::filesystem::exists(page, ec))
    return fail(
        ErrorCategory::output_failed,
        fmt::format("{} '{}' exists: remove it or give another name (check writes nothing else, "
                    "so it has no -y)",
                    option, path));
  auto c = check_output_file(page, overwrite ? Existing::overwrite : Existing::refuse, option);
  if (!c) return std::unexpected(c.error());
  return page;
}

ReviewOptions review_options(const PrepArgs& a, std::string command) {
  ReviewOptions o;
  o.target_lufs = a.loudness;
  o.ceiling_dbtp = a.true_peak;
  o.command = std::move(command);
  return o;
}

Result<void> write_review(const std::filesystem::path& path,
                          const std::vector<ReviewEntry>& entries, const ReviewOptions& options,
                          bool batch) {
  std::vector<ReviewInput> inputs;
  for (const ReviewEntry& e : entries)
    inputs.push_back(
        {&e.source, &e.report, e.sample ? &*e.sample : nullptr, e.error ? &*e.error : nullptr});
  auto page = batch || inputs.size() != 1 ? review_index(inputs, options)
                                          : review_page(inputs.front(), options);
  if (!page)
    return fail(page.error().category == ErrorCategory::cancelled ? ErrorCategory::cancelled
                                                                  : ErrorCategory::output_failed,
                fmt::format("review page '{}': {}", path.string(), page.error().message));
  if (auto w = write_file_atomically(path, std::as_bytes(std::span(page->data(), page->size())));
      !w)
    return fail(ErrorCategory::output_failed,
                fmt::format("review page '{}': {}", path.string(), w.error().message));
  return {};
}

}  // namespace voxclone::cli

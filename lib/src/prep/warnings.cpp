// The warning table's run-time half: adding a warning to a report, and the public list of codes.
#include "prep/warnings.hpp"

#include "core/log.hpp"

namespace voxclone {
namespace detail {

void add_warning(PrepReport& report, const Callbacks& callbacks, std::string_view code,
                 std::string message) {
  detail::log(callbacks, LogLevel::warning, message);
  report.warnings.push_back({std::string(code), std::move(message)});
}

}  // namespace detail
namespace {

// The table's codes, each once, in the table's order ("truncated" has two rows).
constexpr bool first_row_of_its_code(std::size_t i) {
  for (std::size_t j = 0; j < i; ++j)
    if (detail::kWarnings[j].code == detail::kWarnings[i].code) return false;
  return true;
}
constexpr std::size_t kCodeCount = [] {
  std::size_t n = 0;
  for (std::size_t i = 0; i < detail::kWarnings.size(); ++i) n += first_row_of_its_code(i);
  return n;
}();
constexpr std::array<std::string_view, kCodeCount> kCodes = [] {
  std::array<std::string_view, kCodeCount> out{};
  std::size_t n = 0;
  for (std::size_t i = 0; i < detail::kWarnings.size(); ++i)
    if (first_row_of_its_code(i)) out[n++] = detail::kWarnings[i].code;
  return out;
}();

}  // namespace

std::span<const std::string_view> warning_codes() noexcept {
  return kCodes;
}

}  // namespace voxclone

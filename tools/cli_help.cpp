#include "cli_help.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace voxclone::cli {
namespace {

// CLI11 appends each validator's description to the type ("FLOAT:FLOAT in [1 - 3600]",
// "INT:{32,40,...}"); the help shows the unit word the option was given (SECONDS, KBPS), or the
// choices when the type is one of CLI11's generic words.
std::string type_word(const CLI::Option* opt) {
  const std::string full = opt->get_type_name();
  const auto colon = full.find(':');
  std::string base = full.substr(0, colon);
  if (colon != std::string::npos && (base == "TEXT" || base == "INT" || base == "UINT" || base == "FLOAT")) {
    const std::string rest = full.substr(colon + 1);
    if (rest.starts_with("{") && rest.ends_with("}")) {
      std::string choices = rest.substr(1, rest.size() - 2);
      std::replace(choices.begin(), choices.end(), ',', '|');
      return choices;
    }
  }
  if (base == "TEXT") return "TEXT";
  if (base == "FLOAT") return "NUMBER";
  if (base == "INT" || base == "UINT") return "N";
  return base;
}

class HelpFormatter : public CLI::Formatter {
 public:
  std::string make_option_opts(const CLI::Option* opt) const override {
    if (opt->get_type_size() == 0) return {};
    if (opt->get_positional()) return opt->get_expected_max() > 1 ? " ..." : "";
    return " " + type_word(opt);
  }
  std::string make_option_desc(const CLI::Option* opt) const override {
    std::string d = opt->get_description();
    if (opt->get_required() && !opt->get_positional()) d += " (required)";
    if (opt->get_type_size() != 0 && !opt->get_default_str().empty() &&
        d.find("[default:") == std::string::npos)
      d += fmt::format(" [default: {}]", opt->get_default_str());
    return d;
  }
};

// Optimal string alignment distance (edits, with swaps of neighbours as one): enough to tell
// "pre" from "prep" and "--outdir" from "--out-dir". CLI11 has no suggestion of its own.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i)
    for (std::size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1,
                          d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

// Every spelling of the command's options: "--out-dir", "-o", "--output", ...
std::vector<std::string> option_names(const CLI::App* command) {
  std::vector<std::string> out;
  for (const CLI::Option* o : command->get_options()) {
    for (const auto& l : o->get_lnames()) out.push_back("--" + l);
    for (const auto& s : o->get_snames()) out.push_back("-" + s);
  }
  return out;
}

bool known(const CLI::App* command, std::string_view word) {
  const auto names = option_names(command);
  return std::find(names.begin(), names.end(), word) != names.end();
}

std::string command_words(const CLI::App* command) {
  return command && command->get_parent() ? "voxclone " + command->get_name() : "voxclone";
}

}  // namespace

std::shared_ptr<CLI::Formatter> help_formatter() { return std::make_shared<HelpFormatter>(); }

std::string nearest(std::string_view word, const std::vector<std::string>& names) {
  std::string best;
  std::size_t best_d = 3;
  for (const auto& n : names) {
    const std::size_t d = n.starts_with(word) && word.size() >= 2 ? 1 : edit_distance(word, n);
    if (d < best_d) {
      best_d = d;
      best = n;
    }
  }
  return best;
}

std::string explain_parse_error(const CLI::ParseError& e, const CLI::App* command,
                                const std::vector<std::string>& args) {
  if (command && dynamic_cast<const CLI::ExtrasError*>(&e) != nullptr) {
    // The first word the command does not know: an option (with the nearest one) or one
    // argument too many.
    for (std::size_t i = 1; i < args.size(); ++i) {
      const std::string& a = args[i];
      if (a == "--") break;
      if (!a.starts_with("-") || a == "-") continue;
      const std::string name = a.substr(0, a.find('='));
      if (!name.starts_with("--") && name.size() > 2) continue;  // -vv, -j2: CLI11 took them
      if (known(command, name)) continue;
      const std::string guess = nearest(name, option_names(command));
      return fmt::format("'{}' is not an option of '{}'.{}", name, command_words(command),
                         guess.empty() ? "" : fmt::format(" Did you mean '{}'?", guess));
    }
    std::string what = e.what();
    if (const auto colon = what.find(": "); colon != std::string::npos) what = what.substr(colon + 2);
    return fmt::format("'{}' takes no more arguments: '{}' was not expected", command_words(command),
                       what);
  }
  if (command && dynamic_cast<const CLI::RequiredError*>(&e) != nullptr) {
    const std::string what = e.what();
    const auto is = what.find(" is required");
    if (is != std::string::npos) {
      const std::string name = what.substr(0, is);
      for (const CLI::Option* o : command->get_options()) {
        if (o->get_name() != name && o->get_name(false, true) != name &&
            "--" + (o->get_lnames().empty() ? std::string() : o->get_lnames().front()) != name)
          continue;
        if (o->get_positional())
          return fmt::format("'{}' needs {} to work on: {}", command_words(command),
                             o->get_expected_max() > 1 ? "at least one input" : "an input",
                             o->get_description());
        const std::string flag = o->get_lnames().empty() ? name : "--" + o->get_lnames().front();
        return fmt::format("'{}' needs {}: {}", command_words(command), flag, o->get_description());
      }
    }
  }
  return e.what();
}

}  // namespace voxclone::cli

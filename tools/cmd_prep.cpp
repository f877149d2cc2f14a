// `voxclone prep` and `voxclone check`: parse, call the library, print, choose the exit code.
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <mutex>
#include <thread>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "inputs.hpp"
#include "json_out.hpp"
#include "prep_args.hpp"
#include "terminal.hpp"
#include "voxclone/voxclone.hpp"

namespace voxclone::cli {
namespace {

using nlohmann::json;

InputSource source_of(const InputItem& item) {
  return item.path.empty() ? InputSource::standard_input() : InputSource::file(item.path);
}

// Resolves the output format: --format, else the output's extension, else WAV.
Result<SampleFormat> resolve_format(const PrepArgs& a) {
  if (!a.format.empty()) {
    auto f = parse_sample_format(a.format);
    if (!f) return fail(ErrorCategory::invalid_argument,
                        fmt::format("--format '{}': use wav, pcm or mp3", a.format));
    return *f;
  }
  if (!a.output.empty() && a.output != "-" && !std::filesystem::is_directory(a.output)) {
    const auto ext = std::filesystem::path(a.output).extension().string();
    if (ext.empty()) return SampleFormat::wav;
    if (auto f = format_from_path(a.output)) return *f;
    return fail(ErrorCategory::invalid_argument,
                fmt::format("cannot write '{}' files: the clone endpoint takes wav, pcm or mp3 "
                            "(use one of those extensions or --format)", ext));
  }
  return SampleFormat::wav;
}

bool same_file(const std::filesystem::path& a, const std::filesystem::path& b) {
  std::error_code ec;
  return std::filesystem::exists(a, ec) && std::filesystem::exists(b, ec) &&
         std::filesystem::equivalent(a, b, ec);
}

Result<void> write_stdout(std::span<const std::byte> bytes) {
  const auto* p = reinterpret_cast<const char*>(bytes.data());
  std::size_t left = bytes.size();
  while (left > 0) {
    const ssize_t n = ::write(STDOUT_FILENO, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(ErrorCategory::output_failed, fmt::format("write to stdout: {}", std::strerror(errno)));
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
  return {};
}

int run_prep(Terminal& term, const PrepArgs& a) {
  auto format = resolve_format(a);
  if (!format) {
    term.error(format.error().message);
    return kUsage;
  }
  auto items = expand_inputs(a.inputs);
  if (!items) {
    term.error(items.error().message);
    return exit_code_for(items.error().category);
  }
  PrepOptions opts = library_options(a, *format);
  if (auto v = validate_options(opts); !v) {
    term.error(v.error().message);
    return kUsage;
  }
  if (a.jobs < 0 || a.jobs > 64) {
    term.error(fmt::format("-j {}: give 1 to 64 threads (0: every core)", a.jobs));
    return kUsage;
  }
  const bool batch = items->size() > 1 || items->front().from_folder;
  std::filesystem::path out_dir = a.out_dir;
  if (batch && out_dir.empty()) {
    if (!a.output.empty() && std::filesystem::is_directory(a.output)) {
      out_dir = a.output;
    } else {
      term.error("several inputs need --out-dir (a folder for the samples)");
      return kUsage;
    }
  }
  if (a.output == "-" && (batch || a.json)) {
    term.error(batch ? "-o - (stdout) takes one input" : "-o - (stdout) and --json both want stdout");
    return kUsage;
  }
  if (!out_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(out_dir, ec);
    if (ec) {
      term.error(fmt::format("--out-dir '{}': {}", out_dir.string(), ec.message()));
      return kOutputFailed;
    }
  }

  // Outputs are named up front, in input order, so names do not depend on which job ends first.
  std::vector<std::filesystem::path> taken, outs;
  for (const auto& item : *items) {
    if (!out_dir.empty()) outs.push_back(output_for(item, out_dir, *format, taken));
    else if (!a.output.empty()) outs.emplace_back(a.output);
    else if (item.path.empty()) outs.push_back(output_for(item, ".", *format, taken));
    else outs.emplace_back(item.path.stem().string() + "-sample." + std::string(to_string(*format)));
  }

  // -j N is a thread budget. Several inputs: N at once, one thread each (whole files in
  // parallel share nothing, so they scale best). One input: all N threads work on it.
  const unsigned budget = a.jobs > 0 ? static_cast<unsigned>(a.jobs)
                                     : std::max(1u, std::thread::hardware_concurrency());
  const std::size_t jobs = std::min<std::size_t>(budget, items->size());
  const unsigned threads_per_input = std::max(1u, budget / static_cast<unsigned>(jobs));
  term.show_progress(jobs == 1);

  std::vector<json> entries(items->size());
  std::vector<int> codes(items->size(), kOk);
  std::mutex print_mutex;
  // One input, start to finish; safe to run on several threads (see the library's notes).
  auto process = [&](std::size_t i) {
    const InputItem& item = (*items)[i];
    const std::filesystem::path& out = outs[i];
    PrepOptions o = opts;
    o.callbacks = term.callbacks(item.arg);
    o.threads = threads_per_input;
    json entry = {{"input", item.arg}};
    auto fail_item = [&](const Error& e, const PrepReport* partial) {
      term.error(e.message);
      codes[i] = exit_code_for(e.category);
      entry["ok"] = false;
      entry["error"] = error_json(e);
      if (partial) entry["report"] = report_json(*partial);
      entries[i] = std::move(entry);
    };
    if (a.output != "-" && !item.path.empty() && same_file(item.path, out))
      return fail_item(Error{ErrorCategory::invalid_argument,
                             fmt::format("'{}': the output would overwrite the input", item.arg)},
                       nullptr);
    auto r = prepare(source_of(item), o);
    term.clear_progress();
    if (!r) return fail_item(r.error(), nullptr);
    if (interrupted()) return fail_item(Error{ErrorCategory::cancelled, "interrupted; nothing written"}, nullptr);
    auto w = a.output == "-" ? write_stdout(r->sample.bytes) : write_file_atomically(out, r->sample.bytes);
    if (!w) return fail_item(w.error(), &r->report);
    if (a.output != "-") r->report.output->path = out.string();
    entry["ok"] = true;
    entry["output"] = a.output == "-" ? "-" : out.string();
    entry["report"] = report_json(r->report);
    entries[i] = std::move(entry);
    if (!a.json && term.verbosity() != Verbosity::quiet) {
      std::lock_guard lock(print_mutex);
      fmt::print(a.output == "-" ? stderr : stdout, "{}", to_text(r->report));
    }
  };
  // -j N: a small pool; each worker takes the next input until none are left.
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i; (i = next++) < items->size() && !interrupted();) process(i);
  };
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < jobs; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();

  json results = json::array();
  int first_failure = kOk;
  int failed = 0;
  for (std::size_t i = 0; i < items->size(); ++i) {
    if (entries[i].is_null()) continue;  // not reached: interrupted
    if (codes[i] != kOk) {
      ++failed;
      if (first_failure == kOk) first_failure = codes[i];
    }
    results.push_back(std::move(entries[i]));
  }
  if (a.json) {
    if (!batch && results.size() == 1) {
      json one = results[0].contains("report") ? results[0]["report"] : json::object();
      one["ok"] = results[0]["ok"];
      if (results[0].contains("error")) one["error"] = results[0]["error"];
      print_json(one);
    } else {
      print_json({{"results", results},
                  {"succeeded", static_cast<int>(results.size()) - failed},
                  {"failed", failed}});
    }
  } else if (batch && term.verbosity() != Verbosity::quiet) {
    fmt::print("{} of {} inputs prepared{}\n", static_cast<int>(results.size()) - failed,
               items->size(), failed ? fmt::format("; {} failed:", failed) : "");
    for (const auto& e : results)
      if (!e["ok"].get<bool>()) fmt::print("  {}: {}\n", e["input"].get<std::string>(),
                                           e["error"]["message"].get<std::string>());
  }
  if (interrupted()) return kInterrupted;
  return first_failure;
}

// "'talk.m4a': found 6.2 s ..." -> "found 6.2 s ...", for lines that already start with the name.
std::string without_name(const std::string& message, const std::string& name) {
  const std::string prefix = "'" + name + "': ";
  return message.starts_with(prefix) ? message.substr(prefix.size()) : message;
}

int run_check(Terminal& term, const PrepArgs& a) {
  auto items = expand_inputs(a.inputs);
  if (!items) {
    term.error(items.error().message);
    return exit_code_for(items.error().category);
  }
  PrepOptions opts = library_options(a, SampleFormat::wav);
  if (auto v = validate_options(opts); !v) {
    term.error(v.error().message);
    return kUsage;
  }
  json results = json::array();
  int first_failure = kOk;
  for (const auto& item : *items) {
    if (interrupted()) break;
    opts.callbacks = term.callbacks(item.arg);
    PrepReport partial;
    auto r = check(source_of(item), opts, &partial);
    term.clear_progress();
    json entry = {{"input", item.arg}, {"usable", r.has_value()}};
    if (r) {
      entry["report"] = report_json(*r);
      if (!a.json && term.verbosity() != Verbosity::quiet) {
        const Selection& s = *r->selection;
        fmt::print("{}: usable: {:.1f} s of speech; would keep {:.2f}–{:.2f} s ({:.1f} s, "
                   "{:.1f} s of speech){}\n",
                   item.arg, r->speech_seconds, s.start_seconds, s.end_seconds, s.output_seconds,
                   s.speech_seconds, r->warnings.empty() ? "" : "; to improve:");
        for (const auto& w : r->warnings) fmt::print("  - {}\n", w.message);
      }
    } else {
      const int code = exit_code_for(r.error().category);
      if (first_failure == kOk) first_failure = code;
      entry["error"] = error_json(r.error());
      if (!partial.input_name.empty()) entry["report"] = report_json(partial);
      if (!a.json) {
        if (r.error().category == ErrorCategory::no_speech ||
            r.error().category == ErrorCategory::too_little_speech) {
          if (term.verbosity() != Verbosity::quiet)
            fmt::print("{}: not usable: {}\n", item.arg, without_name(r.error().message, item.arg));
        } else {
          term.error(r.error().message);
        }
      }
    }
    results.push_back(entry);
  }
  if (a.json) {
    if (results.size() == 1 && !items->front().from_folder) print_json(results[0]);
    else print_json({{"results", results}});
  }
  if (interrupted()) return kInterrupted;
  return first_failure;
}

}  // namespace

void add_prep_commands(CLI::App& app, std::function<int()>& run) {
  auto args = std::make_shared<PrepArgs>();
  CLI::App* prep = app.add_subcommand("prep", "Turn recordings into clone-ready samples");
  prep->add_option("inputs", args->inputs, "Recordings (any audio or video file), folders, or - for stdin")
      ->required();
  add_prep_options(prep, *args);
  prep->add_option("-o,--output", args->output, "Output file (- for stdout), or a folder");
  prep->add_option("--out-dir", args->out_dir, "Folder for the samples of several inputs");
  prep->add_option("-j,--jobs", args->jobs,
                   "Threads to use [default: every core]. Several inputs are prepared N at once, "
                   "one thread each; a single input gets all N");
  prep->add_option("--format", args->format, "wav, pcm (raw 24 kHz s16le) or mp3 [default: from -o, else wav]");
  prep->callback([args, &run] {
    run = [args] {
      Terminal t(verbosity_of(*args));
      return run_prep(t, *args);
    };
  });
  prep->footer("Exit codes: 0 ok, 2 usage, 3 input missing/unreadable, 4 not audio, 5 no or too "
               "little speech, 6 output not written, 7 sample invalid, 130 interrupted.");

  auto cargs = std::make_shared<PrepArgs>();
  CLI::App* chk = app.add_subcommand("check", "Would these recordings make good samples? Writes nothing");
  chk->add_option("inputs", cargs->inputs, "Recordings (any audio or video file), folders, or - for stdin")
      ->required();
  add_prep_options(chk, *cargs);
  chk->callback([cargs, &run] {
    run = [cargs] {
      Terminal t(verbosity_of(*cargs));
      return run_check(t, *cargs);
    };
  });
}

}  // namespace voxclone::cli

// The `voxclone._voxclone` extension: a thin pybind11 layer over the public C++ API. The
// Pythonic surface (keyword arguments, numpy, the report as attributes, docstrings) lives in
// python/voxclone/*.py; this file only converts values, runs the work with the GIL released and
// turns library errors into the package's exception classes (voxclone/errors.py).
//
// Long calls run on a worker thread while the calling thread waits in steps of 20 ms: between
// steps it takes the GIL, hands queued progress and log lines to the Python callbacks and runs
// Python's signal handlers (PyErr_CheckSignals), so Ctrl-C or a raising callback sets the cancel
// flag the library polls. Callbacks therefore run on the caller's thread, never on the worker.
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <exception>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "voxclone/voxclone.hpp"

namespace py = pybind11;
using namespace std::chrono_literals;

namespace {

// A library failure on its way to Python: a category and message, plus the service's fields.
struct LibraryError : std::exception {
  voxclone::ErrorCategory category = voxclone::ErrorCategory::internal;
  std::string message;
  std::optional<voxclone::ApiError> api;
  std::optional<voxclone::PrepReport> report;  // check(): how far the analysis got
  const char* what() const noexcept override { return message.c_str(); }
};

[[noreturn]] void raise(const voxclone::Error& e) {
  LibraryError x;
  x.category = e.category;
  x.message = e.message;
  throw x;
}

[[noreturn]] void raise(const voxclone::Error& e, voxclone::PrepReport report) {
  LibraryError x;
  x.category = e.category;
  x.message = e.message;
  x.report = std::move(report);
  throw x;
}

[[noreturn]] void raise(const voxclone::ApiError& e) {
  LibraryError x;
  x.category = e.category;
  x.message = e.message;
  x.api = e;
  throw x;
}

// What a report's review page needs besides the report: the input to read its excerpts from,
// the sample prepare() made, and the loudness target and ceiling it was made with.
struct ReviewSource {
  std::shared_ptr<const voxclone::InputSource> source;
  std::shared_ptr<const voxclone::EncodedSample> sample;
  double target_lufs = -20.0;
  double ceiling_dbtp = -2.0;
};

struct NativeReport {
  voxclone::PrepReport report;
  ReviewSource review;
  std::string json() const { return voxclone::to_json(report, -1); }
  std::string svg(int width) const {
    voxclone::PlotOptions o;
    o.width = width;
    o.target_lufs = review.target_lufs;
    o.ceiling_dbtp = review.ceiling_dbtp;
    return voxclone::plot_svg(report, o);
  }
  std::string review_html() const;  // below, after run_released()
  void attach(const voxclone::InputSource& src, const voxclone::PrepOptions& o) {
    review.source = std::make_shared<const voxclone::InputSource>(src);
    review.target_lufs = o.normalise.target_lufs;
    review.ceiling_dbtp = o.normalise.ceiling_dbtp;
  }
};

// Builds the exception instance in Python (voxclone.errors owns the classes) and sets it.
void set_python_error(const LibraryError& e) {
  py::dict service;
  if (e.api) {
    const auto& a = *e.api;
    service["code"] = a.service_code ? py::object(py::int_(*a.service_code)) : py::object(py::none());
    service["http_status"] = a.http_status;
    service["log_id"] = a.log_id;
    service["service_message"] = a.service_message;
    service["transport_error"] = a.transport_error;
    service["attempts"] = a.attempts;
    service["may_have_been_billed"] = a.may_have_been_billed;
  }
  py::object make = py::module_::import("voxclone.errors").attr("_from_library");
  py::object exc = make(std::string(voxclone::to_string(e.category)), e.message,
                        e.api ? py::object(service) : py::object(py::none()));
  if (e.report)  // what check() found before it gave up: the report that explains why
    exc.attr("report") = py::module_::import("voxclone._report").attr("Report")(NativeReport{*e.report});
  PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(exc.ptr())), exc.ptr());
}

// What the worker hands to the caller's thread.
struct Mailbox {
  std::mutex m;
  std::condition_variable cv;
  bool done = false;
  std::vector<std::pair<voxclone::Stage, double>> progress;
  std::vector<std::pair<voxclone::LogLevel, std::string>> log;
};

// Runs `work(callbacks)` on a worker thread with the GIL released; see the file comment.
// `work` must not touch Python objects.
template <class Work>
auto run_released(Work&& work, const py::object& progress, const py::object& log) {
  using R = decltype(work(std::declval<voxclone::Callbacks>()));
  Mailbox box;
  std::atomic<bool> stop{false};
  voxclone::Callbacks cb;
  cb.cancel = [&stop] { return stop.load(std::memory_order_relaxed); };
  if (!progress.is_none())
    cb.progress = [&box](voxclone::Stage s, double f) {
      std::lock_guard lk(box.m);
      // Only the newest value per stage matters to a progress bar.
      if (!box.progress.empty() && box.progress.back().first == s) box.progress.back().second = f;
      else box.progress.emplace_back(s, f);
    };
  if (!log.is_none())
    cb.log = [&box](voxclone::LogLevel l, std::string_view line) {
      std::lock_guard lk(box.m);
      if (box.log.size() < 10000) box.log.emplace_back(l, std::string(line));
    };
  std::optional<R> result;
  std::exception_ptr worker_failure;
  std::optional<py::error_already_set> python_failure;  // created and destroyed with the GIL held
  {
    py::gil_scoped_release release;
    std::thread worker([&] {
      try {
        result.emplace(work(cb));
      } catch (...) {
        worker_failure = std::current_exception();
      }
      std::lock_guard lk(box.m);
      box.done = true;
      box.cv.notify_all();
    });
    for (;;) {
      decltype(box.progress) p;
      decltype(box.log) l;
      bool done;
      {
        std::unique_lock lk(box.m);
        box.cv.wait_for(lk, 20ms, [&] { return box.done; });
        done = box.done;
        p.swap(box.progress);
        l.swap(box.log);
      }
      {
        py::gil_scoped_acquire gil;
        try {
          if (!python_failure) {
            for (auto& [level, line] : l) log(std::string(voxclone::to_string(level)), line);
            for (auto& [stage, fraction] : p) progress(std::string(voxclone::to_string(stage)), fraction);
            if (PyErr_CheckSignals() != 0) throw py::error_already_set();
          }
        } catch (py::error_already_set& e) {
          python_failure.emplace(std::move(e));
          stop = true;
        }
      }
      if (done) break;
    }
    worker.join();
  }
  if (python_failure) throw std::move(*python_failure);  // KeyboardInterrupt, a callback's error
  if (worker_failure) std::rethrow_exception(worker_failure);
  return std::move(*result);
}

// A path from Python (bytes from os.fsencode, or str): a NUL would cut it short in the C string
// the OS takes, naming another file.
void check_path(const std::string& path, const char* argument) {
  if (path.find('\0') != std::string::npos)
    raise(voxclone::Error{voxclone::ErrorCategory::invalid_argument,
                          std::string(argument) + " holds a NUL character: no file has such a name"});
}

voxclone::SampleFormat format_of(const std::string& name) {
  auto f = voxclone::parse_sample_format(name);
  if (!f) raise(voxclone::Error{voxclone::ErrorCategory::invalid_argument,
                 "format '" + name + "' is not one of wav, pcm, mp3"});
  return *f;
}

[[noreturn]] void bad_keyword(const char* key, const py::handle& value, std::string_view want) {
  raise(voxclone::Error{voxclone::ErrorCategory::invalid_argument,
                        std::string(key) + "=" + py::repr(value).cast<std::string>() + ": " +
                            std::string(want)});
}

// A keyword's value as T; a value of the wrong type is the caller's mistake, named by its
// keyword ("min_seconds='ten': expected a number"), never pybind11's "Unable to cast".
template <class T> struct value_of { using type = T; };
template <class T> struct value_of<std::optional<T>> { using type = T; };

template <class T>
void take(const py::dict& d, const char* key, T& into) {
  if (!d.contains(key) || d[key].is_none()) return;
  const py::object v = d[key];
  using V = typename value_of<T>::type;
  constexpr const char* want = std::is_same_v<V, bool>          ? "expected True or False"
                               : std::is_integral_v<V>          ? "expected a whole number"
                               : std::is_floating_point_v<V>    ? "expected a number"
                                                                : "expected a string";
  if constexpr (std::is_same_v<V, bool>) {
    if (!py::isinstance<py::bool_>(v)) bad_keyword(key, v, want);
  } else if constexpr (std::is_arithmetic_v<V>) {
    if (py::isinstance<py::str>(v) || py::isinstance<py::bool_>(v)) bad_keyword(key, v, want);
  }
  try {
    into = v.cast<V>();
  } catch (const py::cast_error&) {
    bad_keyword(key, v, want);
  }
}

// start=, end=, speaker_at=: seconds as a number, or a time as the CLI takes it ("1:30").
void take_time(const py::dict& d, const char* key, std::optional<double>& into) {
  if (!d.contains(key) || d[key].is_none()) return;
  const py::object v = d[key];
  if (py::isinstance<py::str>(v)) {
    const auto t = voxclone::parse_time(v.cast<std::string>());
    if (!t)
      bad_keyword(key, v, "not a time: give seconds (90, 90.5) or \"mm:ss\" (\"1:30\") or "
                          "\"hh:mm:ss.ms\" (\"0:01:30.250\")");
    into = *t;
    return;
  }
  double seconds = 0;
  take(d, key, seconds);
  into = seconds;
}

// stream=: an index as ffprobe numbers the streams (2), or "a:N" / "0:a:N" (the CLI's --stream).
void take_stream(const py::dict& d, voxclone::PrepOptions& o) {
  if (!d.contains("stream") || d["stream"].is_none()) return;
  const py::object v = d["stream"];
  std::string text;
  if (py::isinstance<py::str>(v)) text = v.cast<std::string>();
  else if (py::isinstance<py::int_>(v) && !py::isinstance<py::bool_>(v)) text = py::str(v).cast<std::string>();
  else bad_keyword("stream", v, "give a stream index (2) or \"a:N\" (the N-th audio stream, from 0)");
  auto s = voxclone::parse_stream_specifier(text);
  if (!s) bad_keyword("stream", v, "give a stream index (2) or \"a:N\" (the N-th audio stream, from 0)");
  o.stream_index = s->index;
  o.audio_stream = s->audio_number;
}

voxclone::PrepOptions options_from(const py::dict& d) {
  voxclone::PrepOptions o;
  std::string format;
  take(d, "format", format);
  if (!format.empty()) o.format = format_of(format);
  take(d, "min_seconds", o.select.min_seconds);
  take(d, "max_seconds", o.select.max_seconds);
  take_time(d, "start", o.select.start_seconds);
  take_time(d, "end", o.select.end_seconds);
  take(d, "keep_pauses", o.select.keep_pauses);
  take(d, "speaker", o.select.speaker);
  take_time(d, "speaker_at", o.select.speaker_at_seconds);
  take(d, "allow_music", o.select.allow_music);
  take(d, "loudness", o.normalise.target_lufs);
  take(d, "true_peak", o.normalise.ceiling_dbtp);
  int kbps = 0;  // kb/s, as the CLI's --mp3-bitrate
  take(d, "mp3_bitrate", kbps);
  if (kbps >= 1000)
    bad_keyword("mp3_bitrate", d["mp3_bitrate"],
                "give kb/s, as the CLI's --mp3-bitrate: 128, not 128000");
  if (d.contains("mp3_bitrate") && !d["mp3_bitrate"].is_none()) o.encode.mp3_bitrate = kbps * 1000;
  take(d, "threads", o.threads);
  take_stream(d, o);
  // like=: the example's voiceprint, as Voiceprint.to_array() numbers, and how messages name it
  // (a path comes as like_path: run_on_input measures it).
  if (d.contains("like") && !d["like"].is_none()) {
    std::vector<double> numbers;
    take(d, "like", numbers);
    auto v = voxclone::Voiceprint::from_vector(numbers);
    if (!v) raise(v.error());
    o.like = *v;
    take(d, "like_name", o.like_name);
  }
  return o;
}

// The input, built while the GIL is held (the bytes are copied out of the Python object).
voxclone::InputSource source_from(const std::string& kind, const py::object& payload,
                                  const std::string& name, int rate, int channels,
                                  const std::string& pcm_format) {
  if (kind == "file") {
    // bytes (os.fsencode: a name that is not UTF-8 keeps its bytes) or str.
    const std::string path = py::isinstance<py::bytes>(payload) ? payload.cast<std::string>()
                                                                : py::str(payload).cast<std::string>();
    check_path(path, "source");
    return voxclone::InputSource::file(path);
  }
  py::buffer_info info = py::buffer(payload).request();
  const std::span<const std::byte> bytes(static_cast<const std::byte*>(info.ptr),
                                         static_cast<std::size_t>(info.size * info.itemsize));
  if (kind == "memory") return voxclone::InputSource::memory(bytes, name);
  if (rate <= 0 || rate > 768000)
    raise(voxclone::Error{voxclone::ErrorCategory::invalid_argument,
           "sample_rate " + std::to_string(rate) + " is outside 1–768000 Hz"});
  if (channels <= 0 || channels > 64)
    raise(voxclone::Error{voxclone::ErrorCategory::invalid_argument,
           "channels " + std::to_string(channels) + " is outside 1–64"});
  return voxclone::InputSource::pcm(bytes, rate, channels,
                                    pcm_format == "s16" ? voxclone::PcmFormat::s16
                                                        : voxclone::PcmFormat::f32,
                                    name);
}

py::bytes to_bytes(const std::vector<std::byte>& v) {
  return {reinterpret_cast<const char*>(v.data()), v.size()};
}

// The review page (voxclone/review.hpp), made with the GIL released: it decodes the input again.
std::string NativeReport::review_html() const {
  auto page = run_released([&](const voxclone::Callbacks& cb) {
    voxclone::ReviewOptions o;
    o.target_lufs = review.target_lufs;
    o.ceiling_dbtp = review.ceiling_dbtp;
    o.callbacks = cb;
    return voxclone::review_page({review.source.get(), &report, review.sample.get(), nullptr}, o);
  }, py::none(), py::none());
  if (!page) raise(page.error());
  return std::move(*page);
}

struct NativeResult {
  voxclone::PrepResult result;
  ReviewSource review;
  void attach(const voxclone::InputSource& src, const voxclone::PrepOptions& o) {
    review.source = std::make_shared<const voxclone::InputSource>(src);
    review.sample = std::make_shared<const voxclone::EncodedSample>(result.sample);
    review.target_lufs = o.normalise.target_lufs;
    review.ceiling_dbtp = o.normalise.ceiling_dbtp;
  }
};

void save_bytes(const std::string& path, std::span<const std::byte> bytes, bool overwrite) {
  check_path(path, "path");
  std::error_code ec;
  if (!overwrite && std::filesystem::exists(path, ec))
    raise(voxclone::Error{voxclone::ErrorCategory::output_failed,
           "'" + path + "' exists; pass overwrite=True to replace it"});
  // The check above gives the clear message; the write's own refusal closes the gap between the
  // two (a file made meanwhile is kept).
  if (auto r = voxclone::write_file_atomically(path, bytes, {.replace_existing = overwrite}); !r)
    raise(r.error());
}

// The options, checked once when made; each call runs on its own Client carrying that call's
// callbacks (cancel for Ctrl-C, progress), which a Client takes only when created.
// like= a path: the example's voice, measured as voxclone.voiceprint() measures it.
voxclone::VoiceprintOptions example_options(const voxclone::Callbacks& cb) {
  voxclone::VoiceprintOptions vo;
  vo.min_speech_seconds = 1.0;  // voxclone.voiceprint()'s default
  vo.callbacks.cancel = cb.cancel;  // Ctrl-C; the example's progress and log are not shown
  return vo;
}

// prepare() and check() alike: the input and options from Python, the call (`library_call`:
// voxclone::prepare or voxclone::check) made with the GIL released and Python's callbacks.
// like= a path ("like_path"): on more than one thread, the example is measured on a thread of
// its own while the library decodes and analyses the input (PrepOptions::like_measuring); on
// one, or when the options will be refused, first, as before (its error then comes first).
template <class Native, class LibraryCall>
Native run_on_input(const std::string& kind, const py::object& payload, const std::string& name,
                    int rate, int channels, const std::string& pcm_format, const py::dict& opts,
                    const py::object& progress, const py::object& log, LibraryCall library_call) {
  voxclone::InputSource src = source_from(kind, payload, name, rate, channels, pcm_format);
  std::optional<voxclone::InputSource> like;
  if (opts.contains("like_path") && !opts["like_path"].is_none())
    like = source_from("file", opts["like_path"], "", 0, 0, "");
  auto example_now = [&] {
    auto v = run_released([&](const voxclone::Callbacks& cb) { return voxclone::voiceprint_of(*like, example_options(cb)); },
                          py::none(), py::none());
    if (!v) raise(v.error());
    return *v;
  };
  voxclone::PrepOptions o;
  try {
    o = options_from(opts);
  } catch (...) {
    if (like) example_now();  // its error came first
    throw;
  }
  if (like) take(opts, "like_name", o.like_name);
  const unsigned threads = o.threads > 0 ? o.threads : std::thread::hardware_concurrency();
  // (Options refused, or a voice chosen by --speaker too, which only validate_options() with the
  // example refuses: the example first.)
  const bool alongside = like && threads > 1 && voxclone::validate_options(o).has_value() &&
                         o.select.speaker == 0 && !o.select.speaker_at_seconds;
  if (like && !alongside) o.like = example_now();
  voxclone::PrepReport partial;  // check(): what was found before it gave up
  auto r = run_released([&](const voxclone::Callbacks& cb) {
    voxclone::PrepOptions with_cb = o;
    with_cb.callbacks = cb;
    // The last copy of the future is with_cb's: it waits for the example's thread.
    if (alongside) with_cb.like_measuring = voxclone::voiceprint_of_async(*like, example_options(cb));
    return library_call(src, with_cb, &partial);
  }, progress, log);
  if (!r && !partial.input_name.empty()) raise(r.error(), std::move(partial));
  if (!r) raise(r.error());
  Native native{std::move(*r), {}};
  native.attach(src, o);
  return native;
}

struct NativeClient {
  voxclone::ClientOptions options;
  std::string base_url;

  template <class Call>
  auto call(const voxclone::Callbacks& cb, Call&& fn) {
    using R = decltype(fn(std::declval<voxclone::Client&>()));
    auto with_cb = options;
    with_cb.callbacks = cb;
    auto client = voxclone::Client::create(with_cb);
    if (!client) {
      voxclone::ApiError e;
      e.category = client.error().category;
      e.message = client.error().message;
      return R(std::unexpected(e));
    }
    return fn(*client);
  }
};

double seconds(std::chrono::milliseconds ms) { return static_cast<double>(ms.count()) / 1000.0; }
// Seconds from Python as milliseconds; a NaN or an infinity cast to an integer is undefined
// behaviour, so it is refused (the Python layer names the argument first).
std::chrono::milliseconds millis(double s, const char* argument) {
  if (!std::isfinite(s) || s < 0 || s > 1e9)
    raise(voxclone::Error{voxclone::ErrorCategory::invalid_argument,
                          std::string(argument) + " must be a finite number of seconds, 0 or more"});
  return std::chrono::milliseconds(static_cast<long long>(s * 1000.0));
}

}  // namespace

PYBIND11_MODULE(_voxclone, m) {
  m.doc() = "voxclone's C++ core (use the `voxclone` package, not this module directly)";
  m.attr("__version__") = std::string(voxclone::version());

  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const LibraryError& e) {
      set_python_error(e);
    }
  });

  py::class_<NativeReport>(m, "NativeReport")
      .def("json", &NativeReport::json, "The report as the CLI's --json document")
      .def("svg", &NativeReport::svg, py::arg("width") = 1200, "The report drawn as an SVG picture")
      .def("review_html", &NativeReport::review_html,
           "The review page: one self-contained HTML document with every voice and cut playable");

  py::class_<NativeResult>(m, "NativeResult")
      .def_property_readonly("data", [](const NativeResult& r) { return to_bytes(r.result.sample.bytes); },
                             "The encoded sample")
      .def_property_readonly("format", [](const NativeResult& r) {
        return std::string(voxclone::to_string(r.result.sample.format));
      })
      .def_property_readonly("size", [](const NativeResult& r) { return r.result.sample.bytes.size(); })
      .def_property_readonly("report", [](const NativeResult& r) { return NativeReport{r.result.report, r.review}; })
      .def("save", [](const NativeResult& r, const std::string& path, bool overwrite) {
        save_bytes(path, r.result.sample.bytes, overwrite);
      }, py::arg("path"), py::arg("overwrite") = false, "Writes the sample atomically");

  m.def("save_bytes", [](const std::string& path, py::bytes data, bool overwrite) {
    std::string_view v = data;
    save_bytes(path, std::as_bytes(std::span(v.data(), v.size())), overwrite);
  }, py::arg("path"), py::arg("data"), py::arg("overwrite") = false,
     "Writes bytes atomically (temporary file, then rename); refuses an existing file unless overwrite");

  m.def("prepare", [](const std::string& kind, const py::object& payload, const std::string& name,
                      int rate, int channels, const std::string& pcm_format, const py::dict& opts,
                      const py::object& progress, const py::object& log) {
    return run_on_input<NativeResult>(kind, payload, name, rate, channels, pcm_format, opts,
                                      progress, log, [](const auto& src, const auto& o, auto*) {
                                        return voxclone::prepare(src, o);
                                      });
  }, "prepare(kind, payload, name, rate, channels, pcm_format, options, progress, log): "
     "voxclone.prepare()'s worker; use that");

  m.def("check", [](const std::string& kind, const py::object& payload, const std::string& name,
                    int rate, int channels, const std::string& pcm_format, const py::dict& opts,
                    const py::object& progress, const py::object& log) {
    return run_on_input<NativeReport>(kind, payload, name, rate, channels, pcm_format, opts,
                                      progress, log,
                                      [](const auto& src, const auto& o, voxclone::PrepReport* partial) {
                                        return voxclone::check(src, o, partial);
                                      });
  }, "check(...): voxclone.check()'s worker; use that");

  // The voiceprint (voxclone/voiceprint.hpp) as its flat numbers; voxclone.Voiceprint wraps them.
  m.def("voiceprint", [](const std::string& kind, const py::object& payload, const std::string& name,
                         int rate, int channels, const std::string& pcm_format, int speaker,
                         double min_speech_seconds, double read_seconds, const py::object& progress,
                         const py::object& log) {
    const voxclone::InputSource src = source_from(kind, payload, name, rate, channels, pcm_format);
    auto r = run_released([&](const voxclone::Callbacks& cb) {
      return voxclone::voiceprint_of(src, {.speaker = speaker, .min_speech_seconds = min_speech_seconds,
                                           .read_seconds = read_seconds, .callbacks = cb});
    }, progress, log);
    if (!r) raise(r.error());
    const auto v = r->vector();
    return std::vector<double>(v.begin(), v.end());
  }, "voiceprint(...): voxclone.voiceprint()'s worker; use that");
  auto voiceprint_from = [](const std::vector<double>& numbers) {
    auto v = voxclone::Voiceprint::from_vector(numbers);
    if (!v) raise(v.error());
    return *v;
  };
  auto numbers_of = [](const voxclone::Voiceprint& v) {
    const auto a = v.vector();
    return std::vector<double>(a.begin(), a.end());
  };
  m.def("voiceprint_similarity", [voiceprint_from](const std::vector<double>& a, const std::vector<double>& b) {
    return voxclone::similarity(voiceprint_from(a), voiceprint_from(b));
  }, "similarity of two voiceprints' numbers");
  m.def("voiceprint_pooled", [voiceprint_from, numbers_of](const std::vector<double>& a, const std::vector<double>& b) {
    return numbers_of(voxclone::pooled(voiceprint_from(a), voiceprint_from(b)));
  }, "two voiceprints' numbers pooled");
  m.def("voiceprint_to_json", [voiceprint_from](const std::vector<double>& a) {
    return voxclone::to_json(voiceprint_from(a));
  }, "a voiceprint's numbers as its JSON text");
  m.def("voiceprint_from_json", [numbers_of](const std::string& text) {
    auto v = voxclone::voiceprint_from_json(text);
    if (!v) raise(v.error());
    return numbers_of(*v);
  }, "a voiceprint's JSON text as its numbers");
  m.attr("same_person_score") = voxclone::kSamePersonScore;
  m.attr("voiceprint_read_seconds") = voxclone::kVoiceprintReadSeconds;

  m.def("warning_codes", [] {
    std::vector<std::string> out;
    for (auto c : voxclone::warning_codes()) out.emplace_back(c);
    return out;
  }, "Every code a report warning may carry");
  m.def("supported_languages", [] {
    std::vector<std::string> out;
    for (auto c : voxclone::supported_languages()) out.emplace_back(c);
    return out;
  }, "The languages the clone endpoint takes");

  py::class_<NativeClient>(m, "NativeClient")
      .def(py::init([](const std::string& token, const std::string& base_url, double timeout,
                       double connect_timeout, int max_attempts, double retry_delay) {
        NativeClient c;
        c.options.token = token;
        c.options.base_url = base_url;
        c.options.timeout = millis(timeout, "timeout");
        c.options.connect_timeout = millis(connect_timeout, "connect_timeout");
        if (max_attempts < 1)
          raise(voxclone::Error{voxclone::ErrorCategory::invalid_argument,
                                "max_attempts must be at least 1"});
        c.options.max_attempts = max_attempts;
        c.options.retry_delay = millis(retry_delay, "retry_delay");
        auto created = voxclone::Client::create(c.options);
        if (!created) raise(created.error());
        c.base_url = created->base_url();
        return c;
      }), "NativeClient(token, base_url, timeout, connect_timeout, max_attempts, retry_delay)")
      .def_property_readonly("base_url", [](const NativeClient& c) { return c.base_url; })
      .def_property_readonly("timeout", [](const NativeClient& c) { return seconds(c.options.timeout); })
      .def("clone", [](NativeClient& c, const py::object& sample, const py::dict& fields,
                       const py::object& progress, bool force) {
        // A prepared Sample goes through the library's verdict (refused unless force); bytes
        // have no report, so they are sent as they are.
        const NativeResult* prepared = py::isinstance<NativeResult>(sample)
                                           ? &sample.cast<const NativeResult&>()
                                           : nullptr;
        voxclone::EncodedSample s;
        if (!prepared) {
          auto pair = sample.cast<py::tuple>();
          const auto held = pair[0].cast<py::bytes>();  // keeps the bytes alive for the view
          const std::string_view data = held;
          const auto* p = reinterpret_cast<const std::byte*>(data.data());
          s.bytes.assign(p, p + data.size());
          s.format = format_of(pair[1].cast<std::string>());
        }
        voxclone::CloneRequest req;
        req.voice_name = fields["voice_name"].cast<std::string>();
        take(fields, "language", req.language);
        take(fields, "text", req.text);
        take(fields, "preview_text", req.preview_text);
        take(fields, "voice_id", req.voice_id);
        take(fields, "space_id", req.space_id);
        take(fields, "description", req.description);
        auto r = run_released([&](const voxclone::Callbacks& cb) {
          return c.call(cb, [&](voxclone::Client& client) {
            return prepared ? client.clone(prepared->result, req, {.force = force})
                            : client.clone(s, req);
          });
        }, progress, py::none());
        if (!r && r.error().category == voxclone::ErrorCategory::bad_voice && prepared) {
          // The library's decision, in Python's words for what to do about it.
          r.error().message =
              voxclone::refusal_message(voxclone::assess(prepared->result.report)) +
              "\nNothing was sent. Prepare another part of the recording (start=, end=, speaker=), "
              "or pass force=True to upload it anyway.";
        }
        if (!r) raise(r.error());
        return py::make_tuple(r->voice_id, r->log_id, r->attempts);
      }, "clone(sample, fields, progress, force) -> (voice_id, log_id, attempts)")
      .def("list_voices", [](NativeClient& c, bool include_system, const py::object& model_type,
                             const std::string& state, int page_size) {
        voxclone::ListVoicesOptions lo;
        lo.include_system_voices = include_system;
        if (!model_type.is_none()) lo.model_type = model_type.cast<std::string>();
        lo.voice_state = state;
        lo.page_size = page_size;
        auto r = run_released([&](const voxclone::Callbacks& cb) {
          return c.call(cb, [&](voxclone::Client& client) { return client.list_voices(lo); });
        }, py::none(), py::none());
        if (!r) raise(r.error());
        py::list out;
        for (const auto& v : *r) {
          py::dict d;
          d["voice_id"] = v.voice_id;
          d["name"] = v.name;
          d["is_system_voice"] = v.is_system_voice;
          d["language_code"] = v.language_code;
          d["language_name"] = v.language_name;
          d["preview_text"] = v.preview_text;
          d["preview_audio"] = v.preview_audio;
          d["available_training_times"] = v.available_training_times;
          d["create_time"] = v.create_time;
          d["update_time"] = v.update_time;
          d["model_type"] = v.model_type;
          d["state"] = v.state;
          out.append(d);
        }
        return out;
      }, "list_voices(include_system, model_type, state, page_size) -> [dict]")
      .def("speak", [](NativeClient& c, const std::string& text, const std::string& voice_id,
                       const std::string& format, const py::object& speed, const py::object& rate) {
        voxclone::SpeechRequest req;
        req.input = text;
        req.voice_id = voice_id;
        req.response_format = format;
        if (!speed.is_none()) req.speed = speed.cast<double>();
        if (!rate.is_none()) req.sample_rate = rate.cast<int>();
        auto r = run_released([&](const voxclone::Callbacks& cb) {
          return c.call(cb, [&](voxclone::Client& client) { return client.speak(req); });
        }, py::none(), py::none());
        if (!r) raise(r.error());
        return py::make_tuple(to_bytes(r->bytes), r->content_type, r->log_id);
      }, "speak(text, voice_id, format, speed, sample_rate) -> (bytes, content_type, log_id)");
}

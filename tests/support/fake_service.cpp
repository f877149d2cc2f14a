#include "support/fake_service.hpp"

// Debian's libcpp-httplib-dev is not header-only: the implementation lives in libcpp-httplib.so,
// built with these three options (see `pkg-config --cflags cpp-httplib`). They change the layout
// of httplib's classes (Request gains an SSL pointer), so this file must see the same ones or
// the Request/Response objects would disagree with the library's code about their members.
#ifndef CPPHTTPLIB_OPENSSL_SUPPORT
#define CPPHTTPLIB_OPENSSL_SUPPORT
#endif
#ifndef CPPHTTPLIB_ZLIB_SUPPORT
#define CPPHTTPLIB_ZLIB_SUPPORT
#endif
#ifndef CPPHTTPLIB_BROTLI_SUPPORT
#define CPPHTTPLIB_BROTLI_SUPPORT
#endif
#include <httplib.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <string_view>

namespace vt {
namespace {

using Json = nlohmann::ordered_json;  // keeps "code" first, as the service writes it

constexpr std::size_t kMaxFileBytes = 10'000'000;  // the contract's "10 MB"
constexpr std::size_t kMaxVoiceNameBytes = 128;
constexpr std::size_t kMaxTextBytes = 1024;

// httplib hands the pre-routing handler and the route handler the same Request on the same
// thread, one after the other. The pre-routing handler keeps the headers as received here and
// then removes Content-Type from the request, so that httplib reads every body raw instead of
// running its own multipart parser: that parser drops malformed parts silently, answers 400
// itself (before we could record anything) when the boundary is missing, and stops reading
// mid-body on errors, which would leave the rest of the body to be read as the next request.
thread_local httplib::Headers tl_received_headers;

bool is_pseudo_header(const std::string& key) {
  // httplib adds these to Request::headers itself; they were not sent by the client.
  return key == "REMOTE_ADDR" || key == "REMOTE_PORT" || key == "LOCAL_ADDR" ||
         key == "LOCAL_PORT";
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && lower(s.substr(0, prefix.size())) == lower(prefix);
}

template <class C>
bool one_of(const std::string& v, const C& allowed) {
  return std::find(std::begin(allowed), std::end(allowed), v) != std::end(allowed);
}

std::string shown(const std::string& s) {
  // Violations quote values; cap them so a 10 MB mistake does not make a 10 MB message.
  return "\"" + (s.size() > 64 ? s.substr(0, 64) + "..." : s) + "\"";
}

// Media type and parameters of a Content-Type value: ("multipart/form-data", {boundary: ..}).
struct MediaType {
  std::string type;  // lower case
  std::map<std::string, std::string> params;  // keys lower case, values unquoted
};

MediaType parse_media_type(std::string_view v) {
  MediaType mt;
  auto semi = v.find(';');
  mt.type = lower(trim(v.substr(0, semi)));
  while (semi != std::string_view::npos) {
    v.remove_prefix(semi + 1);
    semi = v.find(';');
    auto item = trim(v.substr(0, semi));
    auto eq = item.find('=');
    if (eq == std::string_view::npos) continue;
    std::string value(trim(item.substr(eq + 1)));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
      value = value.substr(1, value.size() - 2);
    mt.params[lower(trim(item.substr(0, eq)))] = value;
  }
  return mt;
}

// A Content-Disposition parameter value: a quoted string (with backslash escapes) or a token.
std::optional<std::string> disposition_param(std::string_view header, std::string_view key) {
  std::size_t pos = 0;
  while ((pos = header.find(';', pos)) != std::string_view::npos) {
    ++pos;
    auto rest = header.substr(pos);
    auto name_start = rest.find_first_not_of(" \t");
    if (name_start == std::string_view::npos) break;
    rest.remove_prefix(name_start);
    if (!starts_with_ci(rest, key) || rest.size() <= key.size() || rest[key.size()] != '=')
      continue;
    rest.remove_prefix(key.size() + 1);
    std::string value;
    if (!rest.empty() && rest.front() == '"') {
      for (std::size_t i = 1; i < rest.size() && rest[i] != '"'; ++i) {
        if (rest[i] == '\\' && i + 1 < rest.size()) ++i;
        value += rest[i];
      }
    } else {
      value = std::string(trim(rest.substr(0, rest.find(';'))));
    }
    return value;
  }
  return std::nullopt;
}

// Our own multipart/form-data reader (RFC 7578), so every part is kept in order, byte for byte,
// duplicates included, and a malformed body becomes a recorded violation instead of a silent
// drop. Returns an empty string when the body is well formed, else what is wrong.
std::string parse_multipart(const std::string& body, const std::string& boundary,
                            std::vector<RecordedPart>& parts) {
  const std::string delim = "--" + boundary;
  auto is_delimiter_at = [&](std::size_t p) {
    // A delimiter line is the boundary followed by "--", whitespace or CRLF.
    if (body.compare(p, delim.size(), delim) != 0) return false;
    auto q = p + delim.size();
    return q + 1 < body.size() && (body.compare(q, 2, "--") == 0 || body[q] == '\r' ||
                                   body[q] == ' ' || body[q] == '\t');
  };
  std::size_t p = body.find(delim);
  while (p != std::string::npos && !(p == 0 || body.compare(p - 2, 2, "\r\n") == 0))
    p = body.find(delim, p + 1);
  if (p == std::string::npos || !is_delimiter_at(p))
    return "multipart body has no opening boundary line";
  while (true) {
    auto q = p + delim.size();
    if (body.compare(q, 2, "--") == 0) return "";  // the closing delimiter
    while (q < body.size() && (body[q] == ' ' || body[q] == '\t')) ++q;
    if (body.compare(q, 2, "\r\n") != 0) return "multipart boundary line not ended by CRLF";
    auto header_start = q + 2;
    std::size_t content_start;
    std::string headers;
    if (body.compare(header_start, 2, "\r\n") == 0) {
      content_start = header_start + 2;  // a part without headers
    } else {
      auto header_end = body.find("\r\n\r\n", header_start);
      if (header_end == std::string::npos) return "multipart part headers not terminated";
      headers = body.substr(header_start, header_end + 2 - header_start);
      content_start = header_end + 4;
    }
    auto next = content_start;
    while (true) {
      next = body.find("\r\n" + delim, next);
      if (next == std::string::npos) return "multipart body not closed by its final boundary";
      if (is_delimiter_at(next + 2)) break;
      ++next;
    }
    RecordedPart part;
    bool has_disposition = false;
    for (std::size_t line_start = 0; line_start < headers.size();) {
      auto line_end = headers.find("\r\n", line_start);
      std::string_view line(headers.data() + line_start, line_end - line_start);
      line_start = line_end + 2;
      auto colon = line.find(':');
      if (colon == std::string_view::npos) continue;
      auto name = lower(trim(line.substr(0, colon)));
      auto value = trim(line.substr(colon + 1));
      if (name == "content-type") {
        part.content_type = std::string(value);
      } else if (name == "content-disposition") {
        has_disposition = true;
        if (auto n = disposition_param(value, "name")) part.name = *n;
        if (auto f = disposition_param(value, "filename")) {
          part.filename = *f;
          part.has_filename = true;
        }
      }
    }
    part.content = body.substr(content_start, next - content_start);
    parts.push_back(std::move(part));
    if (!has_disposition) return "multipart part without Content-Disposition";
    p = next + 2;
  }
}

std::optional<long> parse_uint(const std::string& s) {
  if (s.empty() || s.size() > 9 || !std::all_of(s.begin(), s.end(), [](unsigned char c) {
        return std::isdigit(c) != 0;
      }))
    return std::nullopt;
  return std::stol(s);
}

Json error_json(int code, const std::string& msg, const std::string& logid) {
  Json j;
  j["code"] = code;
  j["msg"] = msg;
  j["detail"] = {{"logid", logid}};
  return j;
}

// The contract's code for an HTTP status, for scripted error replies without a body.
std::pair<int, std::string> code_for_status(int status) {
  switch (status) {
    case 400: return {4000, "bad request"};
    case 401: return {4100, "authentication is invalid"};
    case 403: return {4101, "permission denied"};
    case 404: return {4200, "resource not found"};
    case 429: return {4013, "request rate limit exceeded"};
    default: break;
  }
  if (status >= 500) return {5000, "internal server error"};
  return {4000, "bad request"};
}

// Sockets of this process: server-side connections of our port. httplib 0.11 gives a handler
// no access to its socket, and a dropped answer needs one (to end the connection before any
// byte is written), so we look the connection up by its two ports. The in-process client's end
// of the same connection has the ports the other way round, so it is never matched.
std::vector<int> server_connections(int local_port, int remote_port /* -1: any */) {
  std::vector<int> out;
  DIR* dir = opendir("/proc/self/fd");
  if (!dir) return out;
  const int dir_fd = dirfd(dir);
  while (auto* entry = readdir(dir)) {
    char* end = nullptr;
    long fd = std::strtol(entry->d_name, &end, 10);
    if (end == entry->d_name || *end != '\0' || fd == dir_fd) continue;
    sockaddr_in local{}, peer{};
    socklen_t len = sizeof local;
    if (getsockname(static_cast<int>(fd), reinterpret_cast<sockaddr*>(&local), &len) != 0 ||
        local.sin_family != AF_INET || ntohs(local.sin_port) != local_port)
      continue;
    len = sizeof peer;
    if (getpeername(static_cast<int>(fd), reinterpret_cast<sockaddr*>(&peer), &len) != 0)
      continue;  // the listening socket
    if (remote_port >= 0 && ntohs(peer.sin_port) != remote_port) continue;
    out.push_back(static_cast<int>(fd));
  }
  closedir(dir);
  return out;
}

enum class Endpoint { clone, voices, speech, token, device_code, unknown };

}  // namespace

struct FakeService::Answer {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;

  static Answer json(int status, const Json& body) {
    Answer a;
    a.status = status;
    a.body = body.dump();
    return a;
  }
};

std::vector<nlohmann::json> FakeService::default_voices() {
  auto cloned = [](std::string id, std::string name, std::string lang, std::string lang_name,
                   std::string preview, int left, std::int64_t created, std::string model) {
    return nlohmann::json{
        {"voice_id", id},
        {"name", name},
        {"is_system_voice", false},
        {"language_code", lang},
        {"language_name", lang_name},
        {"preview_text", preview},
        {"preview_audio", "https://lf-bot-studio-plugin-resource.coze.cn/obj/tts/preview_" + id +
                              ".mp3?x-expires=1735689600&x-signature=fake%2Bsig"},
        {"available_training_times", left},
        {"create_time", created},
        {"update_time", created + 3600},
        {"model_type", model},
        {"state", "cloned"},
    };
  };
  auto system = [](std::string id, std::string name, std::string lang, std::string lang_name) {
    return nlohmann::json{
        {"voice_id", id},
        {"name", name},
        {"is_system_voice", true},
        {"language_code", lang},
        {"language_name", lang_name},
        {"preview_text", "你好，我是你的专属语音助手。"},
        {"preview_audio",
         "https://lf-bot-studio-plugin-resource.coze.cn/obj/tts/system_" + id + ".mp3"},
        {"available_training_times", 0},
        {"create_time", 1700000000},
        {"update_time", 1700000000},
        {"model_type", "big"},
        {"state", "cloned"},
    };
  };
  std::vector<nlohmann::json> v{
      cloned("7426720361753903001", "Ada reading", "en", "English", "Hello, this is my voice.", 9,
             1733815646, "big"),
      cloned("7426720361753903002", "小明", "zh", "中文", "你好，这是我的声音。", 10, 1733902046,
             "big"),
      cloned("7426720361753903003", "Rosa", "es", "Español", "Hola, esta es mi voz.", 7,
             1733988446, "small"),
      system("7426720361753900101", "Cheerful girl", "zh", "中文"),
      system("7426720361753900102", "Narrator", "en", "English"),
  };
  // The contract says voices "sometimes" carry support_emotions: one does, to keep clients lax.
  nlohmann::json emotion = nlohmann::json::object();
  emotion["emotion"] = "happy";
  emotion["display_name"] = "Happy";
  v[4]["support_emotions"] = nlohmann::json::array({emotion});
  return v;
}

namespace {
std::string default_speech_audio() {
  return std::string("ID3\x04\x00\x00\x00\x00\x00\x00", 10) +
         std::string("\xFF\xF3\x44\xC4", 4) + std::string(412, '\0');
}
}  // namespace

FakeService::FakeService() : server_(std::make_unique<httplib::Server>()) {
  voices_ = default_voices();
  speech_audio_ = default_speech_audio();

  // Enough workers that a few stalled answers plus idle keep-alive connections (each holds a
  // worker in httplib) do not queue the next test request behind them.
  server_->new_task_queue = [] { return new httplib::ThreadPool(16); };
  server_->set_pre_routing_handler([](const httplib::Request& req, httplib::Response&) {
    tl_received_headers.clear();
    for (const auto& h : req.headers)
      if (!is_pseudo_header(h.first)) tl_received_headers.insert(h);
    // See tl_received_headers. The Request object is not const (httplib's process_request owns
    // it and only passes it on by const reference), so changing it here is well defined.
    const_cast<httplib::Request&>(req).headers.erase("Content-Type");
    return httplib::Server::HandlerResponse::Unhandled;
  });
  auto handler = [this](const httplib::Request& req, httplib::Response& res) { handle(req, res); };
  // One catch-all per method: handle() dispatches, so unknown paths are recorded and answered
  // with the contract's 404 JSON like the rest.
  server_->Get(".*", handler);
  server_->Post(".*", handler);
  server_->Put(".*", handler);
  server_->Patch(".*", handler);
  server_->Delete(".*", handler);
  server_->Options(".*", handler);

  port_ = server_->bind_to_any_port("127.0.0.1");
  if (port_ <= 0) throw std::runtime_error("FakeService: cannot bind a port on 127.0.0.1");
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  // The socket already listens (connections would queue), but Server::stop() is a no-op until
  // the accept loop runs, so the destructor could hang if we returned earlier.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!server_->is_running()) {
    if (std::chrono::steady_clock::now() > deadline) {
      thread_.detach();  // cannot stop it; leaking beats hanging the test
      throw std::runtime_error("FakeService: server thread did not start");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

FakeService::~FakeService() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();  // wakes delayed answers and trickles
  server_->stop();   // closes the listening socket; the accept loop then joins the workers
  // A worker idle in keep-alive waits up to 5 s for the client's next request, and one reading
  // a stalled upload up to the read timeout: ending their connections frees them at once.
  for (int fd : server_connections(port_, -1)) ::shutdown(fd, SHUT_RDWR);
  if (thread_.joinable()) thread_.join();
}

std::string FakeService::base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

void FakeService::script(std::vector<Reply> replies) {
  std::lock_guard lock(mutex_);
  for (auto& r : replies) queue_.push_back(std::move(r));
}

std::size_t FakeService::scripted_left() const {
  std::lock_guard lock(mutex_);
  return queue_.size() - queue_pos_;
}

std::vector<RecordedRequest> FakeService::requests() const {
  std::lock_guard lock(mutex_);
  return records_;
}

std::size_t FakeService::request_count() const {
  std::lock_guard lock(mutex_);
  return records_.size();
}

bool FakeService::wait_for_requests(std::size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return cv_.wait_for(lock, timeout, [&] { return records_.size() >= n; });
}

void FakeService::reset() {
  std::lock_guard lock(mutex_);
  queue_.clear();
  queue_pos_ = 0;
  records_.clear();
  ++generation_;
  // Back to the state of a new fake, so no test depends on what ran before it.
  next_voice_id_ = kFirstVoiceId;
  voices_ = default_voices();
  speech_audio_ = default_speech_audio();
  speech_content_type_ = "audio/mpeg";
  speech_audio_set_ = false;
  access_tokens_.clear();
  refresh_tokens_.clear();
  seen_jti_.clear();
  device_script_.clear();
  device_pos_ = 0;
  device_code_.clear();
  const std::string key = oauth.jwt_public_key_pem;
  oauth = OAuthApps{};
  oauth.jwt_public_key_pem = key;
}

void FakeService::set_voices(std::vector<nlohmann::json> voices) {
  std::lock_guard lock(mutex_);
  voices_ = std::move(voices);
}

void FakeService::set_speech_audio(std::string bytes, std::string content_type) {
  std::lock_guard lock(mutex_);
  speech_audio_ = std::move(bytes);
  speech_content_type_ = std::move(content_type);
  speech_audio_set_ = true;
}

std::string FakeService::next_logid() {
  // Same shape as the service's ids (34 characters), distinct per answer so a test can tell
  // which answer's id a client reported.
  char tail[16];
  std::snprintf(tail, sizeof tail, "%010llX", static_cast<unsigned long long>(++logid_counter_));
  return std::string("20241210152726690B6B3D5A") + tail;
}

bool FakeService::sleep_unless_stopping(std::chrono::milliseconds d) const {
  std::unique_lock lock(mutex_);
  return !cv_.wait_for(lock, d, [&] { return stopping_; });
}

bool FakeService::drop_connection(const httplib::Request& req) const {
  auto fds = server_connections(req.local_port, req.remote_port);
  for (int fd : fds) ::shutdown(fd, SHUT_RDWR);
  return !fds.empty();
}

// ---- endpoints: each validates (recording violations) and returns its default answer -------

FakeService::Answer FakeService::answer_clone(RecordedRequest& rec) {
  auto& v = rec.contract_violations;
  auto mt = parse_media_type(rec.content_type);
  if (mt.type != "multipart/form-data") {
    v.push_back("Content-Type is " + shown(rec.content_type) + ", not multipart/form-data");
  } else if (mt.params["boundary"].empty()) {
    v.push_back("Content-Type multipart/form-data has no boundary");
  } else if (auto err = parse_multipart(rec.body, mt.params["boundary"], rec.parts);
             !err.empty()) {
    v.push_back(err);
  }
  if (mt.type == "multipart/form-data") rec.body.clear();  // kept as parts only

  static const std::array<std::string, 9> known{"voice_name", "file",     "audio_format",
                                                "language",   "text",     "preview_text",
                                                "voice_id",   "space_id", "description"};
  static const std::array<std::string, 6> optional_fields{"language", "text",     "preview_text",
                                                          "voice_id", "space_id", "description"};
  static const std::array<std::string, 6> formats{"wav", "mp3", "ogg", "m4a", "aac", "pcm"};
  static const std::array<std::string, 6> languages{"zh", "en", "ja", "es", "id", "pt"};

  std::map<std::string, const RecordedPart*> by_name;
  for (const auto& part : rec.parts) {
    if (!one_of(part.name, known))
      v.push_back("unknown part " + shown(part.name));
    if (by_name.contains(part.name)) {
      v.push_back("part " + shown(part.name) + " sent more than once");
      continue;
    }
    by_name[part.name] = &part;
    if (part.has_filename && part.name != "file")
      v.push_back("file part is named " + shown(part.name) + ", expected \"file\"");
    if (one_of(part.name, optional_fields) && part.content.empty())
      v.push_back(part.name + " sent with an empty value (send optional fields only when given)");
  }
  auto field = [&](const std::string& name) -> const RecordedPart* {
    auto it = by_name.find(name);
    return it == by_name.end() ? nullptr : it->second;
  };
  if (mt.type == "multipart/form-data" && !mt.params["boundary"].empty()) {
    if (auto* p = field("voice_name"); !p) {
      v.push_back("voice_name missing");
    } else if (p->content.empty()) {
      v.push_back("voice_name is empty");
    } else if (p->content.size() > kMaxVoiceNameBytes) {
      v.push_back("voice_name is " + std::to_string(p->content.size()) + " bytes, over 128");
    }
    const auto* format = field("audio_format");
    if (!format) {
      v.push_back("audio_format missing");
    } else if (!one_of(format->content, formats)) {
      v.push_back("audio_format " + shown(format->content) +
                  " is not one of wav mp3 ogg m4a aac pcm");
    }
    if (const auto* file = field("file"); !file) {
      v.push_back("file part missing");
    } else {
      const auto& f = file->content;
      if (!file->has_filename || file->filename.empty())
        v.push_back("file part has no filename");
      else if (file->filename.find_first_of("/\\") != std::string::npos)
        v.push_back("file part filename " + shown(file->filename) + " contains a path");
      if (f.empty()) v.push_back("file is empty");
      if (f.size() > kMaxFileBytes)
        v.push_back("file is " + std::to_string(f.size()) + " bytes, over 10 MB (10000000)");
      if (format && format->content == "wav" && f.compare(0, 4, "RIFF") != 0)
        v.push_back("audio_format wav but the file does not start with RIFF");
      if (format && format->content == "mp3") {
        bool id3 = f.compare(0, 3, "ID3") == 0;
        bool sync = f.size() >= 2 && static_cast<unsigned char>(f[0]) == 0xFF &&
                    (static_cast<unsigned char>(f[1]) & 0xE0) == 0xE0;
        if (!id3 && !sync)
          v.push_back("audio_format mp3 but the file starts neither with ID3 nor a frame sync");
      }
      if (format && format->content == "pcm" && f.size() % 2 != 0)
        v.push_back("audio_format pcm but the file has an odd byte count (" +
                    std::to_string(f.size()) + "); 16-bit samples expected");
    }
    if (const auto* p = field("language"); p && !p->content.empty() &&
                                           !one_of(p->content, languages))
      v.push_back("language " + shown(p->content) + " is not one of zh en ja es id pt");
    if (const auto* p = field("text"); p && p->content.size() > kMaxTextBytes)
      v.push_back("text is " + std::to_string(p->content.size()) + " bytes, over 1024");
  }

  // Success: a retrain keeps the voice's id; a new voice gets the next id.
  Answer a;
  std::string voice_id;
  if (const auto* p = field("voice_id"); p && !p->content.empty())
    voice_id = p->content;
  else
    voice_id = std::to_string(next_voice_id_++);
  Json j;
  j["code"] = 0;
  j["msg"] = "";
  j["data"] = {{"voice_id", voice_id}};
  j["detail"] = {{"logid", rec.logid}};
  a.body = j.dump();
  return a;
}

FakeService::Answer FakeService::answer_voices(RecordedRequest& rec) {
  auto& v = rec.contract_violations;
  auto param = [&](const std::string& k) -> std::optional<std::string> {
    auto it = rec.query_params.find(k);
    if (it == rec.query_params.end()) return std::nullopt;
    return it->second;
  };
  static const std::array<std::string, 5> known{"filter_system_voice", "model_type",
                                                "voice_state", "page_num", "page_size"};
  for (const auto& [k, val] : rec.query_params)
    if (!one_of(k, known)) v.push_back("unknown query parameter " + shown(k));

  bool filter_system = false;  // true filters system voices OUT
  if (auto f = param("filter_system_voice")) {
    if (*f == "true") filter_system = true;
    else if (*f != "false") v.push_back("filter_system_voice " + shown(*f) + " is not a bool");
  }
  std::string model_type;
  if (auto m = param("model_type")) {
    model_type = *m;
    if (model_type != "big" && model_type != "small")
      v.push_back("model_type " + shown(model_type) + " is not big or small");
  }
  std::string state = "cloned";
  if (auto s = param("voice_state")) {
    state = *s;
    if (state != "init" && state != "cloned" && state != "all")
      v.push_back("voice_state " + shown(state) + " is not init, cloned or all");
  }
  long page_num = 1, page_size = 100;
  if (auto p = param("page_num")) {
    auto n = parse_uint(*p);
    if (!n || *n < 1) v.push_back("page_num " + shown(*p) + " is not an integer >= 1");
    else page_num = *n;
  }
  if (auto p = param("page_size")) {
    auto n = parse_uint(*p);
    if (!n || *n < 1 || *n > 100) v.push_back("page_size " + shown(*p) + " is not in 1-100");
    else page_size = *n;
  }

  std::vector<nlohmann::json> matching;
  for (const auto& voice : voices_) {
    if (filter_system && voice.value("is_system_voice", false)) continue;
    if (!model_type.empty() && voice.contains("model_type") && voice["model_type"] != model_type)
      continue;
    if (state != "all" && voice.contains("state") && voice["state"] != state) continue;
    matching.push_back(voice);
  }
  const auto begin = static_cast<std::size_t>((page_num - 1) * page_size);
  auto list = nlohmann::json::array();
  for (auto i = begin; i < matching.size() && i < begin + static_cast<std::size_t>(page_size); ++i)
    list.push_back(matching[i]);
  Json j;
  j["code"] = 0;
  j["msg"] = "";
  j["data"] = {{"voice_list", list}, {"has_more", begin + page_size < matching.size()}};
  j["detail"] = {{"logid", rec.logid}};
  Answer a;
  a.body = j.dump();
  return a;
}

FakeService::Answer FakeService::answer_speech(RecordedRequest& rec) {
  auto& v = rec.contract_violations;
  if (parse_media_type(rec.content_type).type != "application/json")
    v.push_back("Content-Type is " + shown(rec.content_type) + ", not application/json");
  auto body = nlohmann::json::parse(rec.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) {
    v.push_back("body is not a JSON object");
  } else {
    if (!body.contains("input") || !body["input"].is_string())
      v.push_back("input missing or not a string");
    else if (body["input"].get_ref<const std::string&>().empty())
      v.push_back("input is empty");
    else if (auto n = body["input"].get_ref<const std::string&>().size(); n > kMaxTextBytes)
      v.push_back("input is " + std::to_string(n) + " bytes, over 1024");
    if (!body.contains("voice_id") || !body["voice_id"].is_string() ||
        body["voice_id"].get_ref<const std::string&>().empty())
      v.push_back("voice_id missing or not a non-empty string");
    static const std::array<std::string, 4> formats{"wav", "pcm", "ogg_opus", "mp3"};
    if (body.contains("response_format") &&
        (!body["response_format"].is_string() ||
         !one_of(body["response_format"].get<std::string>(), formats)))
      v.push_back("response_format " + body["response_format"].dump() +
                  " is not one of wav pcm ogg_opus mp3");
    if (body.contains("speed") &&
        (!body["speed"].is_number() || body["speed"].get<double>() < 0.5 ||
         body["speed"].get<double>() > 2.0))
      v.push_back("speed " + body["speed"].dump() + " is not a number in 0.5-2");
    static const std::array<long, 7> rates{8000, 16000, 22050, 24000, 32000, 44100, 48000};
    if (body.contains("sample_rate") &&
        (!body["sample_rate"].is_number_integer() ||
         std::find(rates.begin(), rates.end(), body["sample_rate"].get<long>()) == rates.end()))
      v.push_back("sample_rate " + body["sample_rate"].dump() +
                  " is not one of 8000 16000 22050 24000 32000 44100 48000");
    if (body.contains("loudness_rate") &&
        (!body["loudness_rate"].is_number_integer() || body["loudness_rate"].get<long>() < -50 ||
         body["loudness_rate"].get<long>() > 100))
      v.push_back("loudness_rate " + body["loudness_rate"].dump() + " is not an integer in -50-100");
    static const std::array<std::string, 9> emotions{"happy", "sad",     "angry",
                                                     "surprised", "fear", "hate",
                                                     "excited",   "coldness", "neutral"};
    if (body.contains("emotion") &&
        (!body["emotion"].is_string() || !one_of(body["emotion"].get<std::string>(), emotions)))
      v.push_back("emotion " + body["emotion"].dump() + " is not one the service knows");
    if (body.contains("emotion_scale") &&
        (!body["emotion_scale"].is_number() || !body.contains("emotion") ||
         body["emotion_scale"].get<double>() < 1 || body["emotion_scale"].get<double>() > 5))
      v.push_back("emotion_scale " + body["emotion_scale"].dump() +
                  " is not a number in 1-5 beside an emotion");
    static const std::array<std::string, 8> fields{"input", "voice_id", "response_format", "speed",
                                                   "sample_rate", "loudness_rate", "emotion",
                                                   "emotion_scale"};
    for (const auto& [k, val] : body.items())
      if (!one_of(k, fields)) v.push_back("unknown speech field " + shown(k));
  }
  Answer a;  // (mutex_ is held by the caller)
  a.body = speech_audio_;
  a.content_type = speech_content_type_;
  // As the contract says: the audio comes in the format asked for (MP3 when none was).
  const std::string format = body.is_object() && body.contains("response_format") &&
                                     body["response_format"].is_string()
                                 ? body["response_format"].get<std::string>()
                                 : "mp3";
  if (!speech_audio_set_ && format == "wav") {
    // A 44-byte header (the literal is split after each escape that a hex digit would extend:
    // "\x00data" would read as one escape).
    a.body = std::string("RIFF\x44\x00\x00\x00" "WAVEfmt \x10\x00\x00\x00\x01\x00\x01\x00"
                         "\xC0\x5D\x00\x00\x80\xBB\x00\x00\x02\x00\x10\x00" "data\x20\x00\x00\x00", 44) +
             std::string(32, '\0');
    a.content_type = "audio/wav";
  } else if (!speech_audio_set_ && format == "pcm") {
    a.body = std::string(480, '\0');
    a.content_type = "application/octet-stream";
  } else if (!speech_audio_set_ && format == "ogg_opus") {
    a.body = std::string("OggS\x00\x02", 6) + std::string(58, '\0');
    a.content_type = "audio/ogg";
  }
  return a;
}


// ---- sign-in: the JWT exchange, the device flow, refresh ------------------------------------
// Written from RFC 7519/7515 (JWT, RS256), RFC 8628 (device flow) and the SDKs' requests; the
// signature is checked with OpenSSL, independently of the client's own signing code.

namespace {

std::optional<std::string> base64url_decode(std::string_view in) {
  std::string b64(in);
  for (auto& c : b64) {
    if (c == '-') c = '+';
    else if (c == '_') c = '/';
    else if (!std::isalnum(static_cast<unsigned char>(c))) return std::nullopt;
  }
  while (b64.size() % 4 != 0) b64 += '=';
  std::string out(b64.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(b64.data()),
                                static_cast<int>(b64.size()));
  if (n < 0) return std::nullopt;
  std::size_t pad = 0;
  while (pad < 2 && pad < b64.size() && b64[b64.size() - 1 - pad] == '=') ++pad;
  out.resize(static_cast<std::size_t>(n) - pad);
  return out;
}

bool rs256_verifies(const std::string& public_pem, std::string_view signed_part,
                    const std::string& signature) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(public_pem.data(), static_cast<int>(public_pem.size())), &BIO_free);
  if (!bio) return false;
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
      PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr), &EVP_PKEY_free);
  if (!key) return false;
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  return ctx &&
         EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) == 1 &&
         EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                          signature.size(),
                          reinterpret_cast<const unsigned char*>(signed_part.data()),
                          signed_part.size()) == 1;
}

std::int64_t now_unix() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Json oauth_error(const std::string& code, const std::string& message) {
  Json j;
  j["error_code"] = code;
  j["error_message"] = message;
  return j;
}

}  // namespace

void FakeService::script_device(std::vector<std::string> answers) {
  std::lock_guard lock(mutex_);
  for (auto& a : answers) device_script_.push_back(std::move(a));
}

std::size_t FakeService::issued_access_tokens() const {
  std::lock_guard lock(mutex_);
  return access_tokens_.size();
}

bool FakeService::is_issued_access_token(const std::string& token) const {
  std::lock_guard lock(mutex_);
  return access_tokens_.contains(token);
}

std::string FakeService::issue_refresh_token() {
  std::lock_guard lock(mutex_);
  std::string t = "fake-refresh-" + std::to_string(++token_counter_) + "-secret";
  refresh_tokens_[t] = true;
  return t;
}

std::string FakeService::issue_access_token(std::int64_t expires_at) {
  std::lock_guard lock(mutex_);
  std::string t = "fake-access-" + std::to_string(++token_counter_) + "-secret";
  access_tokens_[t] = expires_at;
  return t;
}

bool FakeService::token_accepted(const std::string& authorization) const {
  if (!authorization.starts_with("Bearer ")) return false;
  auto it = access_tokens_.find(authorization.substr(7));
  return it != access_tokens_.end() && now_unix() < it->second;
}

FakeService::Answer FakeService::issue_tokens(bool with_refresh, std::int64_t lifetime) {
  Json j;
  const std::string access = "fake-access-" + std::to_string(++token_counter_) + "-secret";
  // expires_in is an absolute unix time, as the service answers it.
  const std::int64_t expires_at = now_unix() + lifetime;
  access_tokens_[access] = expires_at;
  j["access_token"] = access;
  j["expires_in"] = expires_at;
  j["token_type"] = "Bearer";
  if (with_refresh) {
    const std::string refresh = "fake-refresh-" + std::to_string(++token_counter_) + "-secret";
    refresh_tokens_[refresh] = true;
    j["refresh_token"] = refresh;
  }
  return Answer::json(200, j);
}

FakeService::Answer FakeService::answer_token(RecordedRequest& rec) {
  auto& v = rec.contract_violations;
  if (parse_media_type(rec.content_type).type != "application/json")
    v.push_back("Content-Type is " + shown(rec.content_type) + ", not application/json");
  const auto body = nlohmann::json::parse(rec.body, nullptr, false);
  if (body.is_discarded() || !body.is_object() || !body.contains("grant_type") ||
      !body["grant_type"].is_string()) {
    v.push_back("token request body is not a JSON object with a grant_type");
    return Answer::json(400, oauth_error("invalid_request", "no grant_type"));
  }
  const std::string grant = body["grant_type"].get<std::string>();
  if (grant == "urn:ietf:params:oauth:grant-type:jwt-bearer") return answer_jwt_grant(rec, body);
  if (grant == "urn:ietf:params:oauth:grant-type:device_code") return answer_device_grant(rec, body);
  if (grant == "refresh_token") return answer_refresh_grant(rec, body);
  v.push_back("unknown grant_type " + shown(grant));
  return Answer::json(400, oauth_error("unsupported_grant_type", grant));
}

FakeService::Answer FakeService::answer_jwt_grant(RecordedRequest& rec, const nlohmann::json& body) {
  auto& v = rec.contract_violations;
  auto refuse = [&](const std::string& why) {
    v.push_back(why);
    return Answer::json(401, oauth_error("invalid_client", why));
  };
  auto it = tl_received_headers.find("Authorization");
  if (it == tl_received_headers.end() || !it->second.starts_with("Bearer "))
    return refuse("the JWT exchange has no Authorization: Bearer <JWT>");
  const std::string jwt = it->second.substr(7);
  const auto dot1 = jwt.find('.');
  const auto dot2 = dot1 == std::string::npos ? dot1 : jwt.find('.', dot1 + 1);
  if (dot2 == std::string::npos || jwt.find('.', dot2 + 1) != std::string::npos)
    return refuse("the bearer is not a JWT (three base64url parts)");
  const auto header = base64url_decode(std::string_view(jwt).substr(0, dot1));
  const auto claims = base64url_decode(std::string_view(jwt).substr(dot1 + 1, dot2 - dot1 - 1));
  const auto signature = base64url_decode(std::string_view(jwt).substr(dot2 + 1));
  if (!header || !claims || !signature) return refuse("a JWT part is not base64url");
  rec.jwt_header = nlohmann::json::parse(*header, nullptr, false);
  rec.jwt_claims = nlohmann::json::parse(*claims, nullptr, false);
  const auto& h = rec.jwt_header;
  const auto& c = rec.jwt_claims;
  if (!h.is_object() || !c.is_object()) return refuse("the JWT header or claims are not JSON objects");
  if (oauth.jwt_public_key_pem.empty()) return refuse("no service app is registered");
  if (h.value("alg", "") != "RS256") return refuse("the JWT's alg is not RS256");
  if (h.value("typ", "") != "JWT") return refuse("the JWT's typ is not JWT");
  if (h.value("kid", "") != oauth.jwt_key_id) return refuse("the JWT's kid is not the app's key id");
  if (!rs256_verifies(oauth.jwt_public_key_pem, std::string_view(jwt).substr(0, dot2), *signature))
    return refuse("the JWT's signature does not verify with the app's public key");
  if (c.value("iss", "") != oauth.jwt_client_id) return refuse("the JWT's iss is not the app's client id");
  if (c.value("aud", "") != "127.0.0.1:" + std::to_string(port_))
    return refuse("the JWT's aud " + shown(c.value("aud", "")) + " is not the API host");
  const auto now = now_unix();
  if (!c.contains("iat") || !c["iat"].is_number_integer() ||
      std::llabs(c["iat"].get<std::int64_t>() - now) > 60)
    return refuse("the JWT's iat is missing or not now");
  if (!c.contains("exp") || !c["exp"].is_number_integer() || c["exp"].get<std::int64_t>() <= now ||
      c["exp"].get<std::int64_t>() - c["iat"].get<std::int64_t>() > 86400)
    return refuse("the JWT's exp is missing, past, or more than a day after iat");
  const std::string jti = c.value("jti", "");
  if (jti.size() < 16) return refuse("the JWT's jti is missing or too short to be random");
  if (seen_jti_.contains(jti)) return refuse("the JWT's jti was used before (a replay)");
  seen_jti_[jti] = true;
  if (!oauth.expected_session_name.empty() &&
      c.value("session_name", "") != oauth.expected_session_name)
    return refuse("the JWT's session_name is not the expected one");
  if (!body.contains("duration_seconds") || !body["duration_seconds"].is_number_integer() ||
      body["duration_seconds"].get<std::int64_t>() < 1 ||
      body["duration_seconds"].get<std::int64_t>() > 86399)
    return refuse("duration_seconds is missing or outside 1-86399");
  const std::int64_t lifetime = oauth.access_token_lifetime > 0
                                    ? oauth.access_token_lifetime
                                    : body["duration_seconds"].get<std::int64_t>();
  return issue_tokens(false, lifetime);
}

FakeService::Answer FakeService::answer_device_code(RecordedRequest& rec) {
  auto& v = rec.contract_violations;
  if (parse_media_type(rec.content_type).type != "application/json")
    v.push_back("Content-Type is " + shown(rec.content_type) + ", not application/json");
  if (tl_received_headers.find("Authorization") != tl_received_headers.end())
    v.push_back("a device-code request carries an Authorization header");
  const auto body = nlohmann::json::parse(rec.body, nullptr, false);
  if (body.is_discarded() || !body.is_object() || body.value("client_id", "") != oauth.device_client_id) {
    v.push_back("device code asked for by an unknown client_id");
    return Answer::json(400, oauth_error("invalid_client", "unknown client_id"));
  }
  device_code_ = "fake-device-code-" + std::to_string(++token_counter_) + "-secret";
  Json j;
  j["device_code"] = device_code_;
  j["user_code"] = "WXYZ-" + std::to_string(1000 + token_counter_);
  j["verification_uri"] = "https://www.coze.cn/open/oauth/device";
  j["expires_in"] = now_unix() + oauth.device_code_lifetime;
  j["interval"] = oauth.device_interval;
  return Answer::json(200, j);
}

FakeService::Answer FakeService::answer_device_grant(RecordedRequest& rec, const nlohmann::json& body) {
  auto& v = rec.contract_violations;
  if (tl_received_headers.find("Authorization") != tl_received_headers.end())
    v.push_back("a device-token poll carries an Authorization header");
  if (body.value("client_id", "") != oauth.device_client_id ||
      device_code_.empty() || body.value("device_code", "") != device_code_) {
    v.push_back("device-token poll with an unknown client_id or device_code");
    return Answer::json(400, oauth_error("invalid_grant", "unknown device code"));
  }
  if (device_pos_ < device_script_.size()) {
    const std::string said = device_script_[device_pos_++];
    return Answer::json(400, oauth_error(said, "the device flow says " + said));
  }
  device_code_.clear();  // used up
  const std::int64_t lifetime = oauth.access_token_lifetime > 0 ? oauth.access_token_lifetime : 900;
  return issue_tokens(true, lifetime);
}

FakeService::Answer FakeService::answer_refresh_grant(RecordedRequest& rec, const nlohmann::json& body) {
  auto& v = rec.contract_violations;
  const std::string refresh = body.value("refresh_token", "");
  auto it = refresh_tokens_.find(refresh);
  if (body.value("client_id", "") != oauth.device_client_id || it == refresh_tokens_.end() ||
      !it->second) {
    v.push_back("refresh with an unknown client_id or refresh token");
    return Answer::json(400, oauth_error("invalid_grant", "the refresh token is not valid"));
  }
  it->second = false;  // a refresh token is used once; the answer carries the next one
  const std::int64_t lifetime = oauth.access_token_lifetime > 0 ? oauth.access_token_lifetime : 900;
  return issue_tokens(true, lifetime);
}

// ---- dispatch ------------------------------------------------------------------------------

void FakeService::handle(const httplib::Request& req, httplib::Response& res) {
  RecordedRequest rec;
  rec.method = req.method;
  rec.path = req.path;
  if (auto q = req.target.find('?'); q != std::string::npos) rec.query = req.target.substr(q + 1);
  for (const auto& [k, val] : req.params) rec.query_params.emplace(k, val);  // first one wins
  for (const auto& h : tl_received_headers) rec.headers.insert(h);
  if (auto it = tl_received_headers.find("Content-Type"); it != tl_received_headers.end())
    rec.content_type = it->second;
  rec.body = req.body;
  rec.received = std::chrono::steady_clock::now();

  auto endpoint = Endpoint::unknown;
  if (req.method == "POST" && req.path == "/v1/audio/voices/clone") endpoint = Endpoint::clone;
  if ((req.method == "GET" || req.method == "HEAD") && req.path == "/v1/audio/voices")
    endpoint = Endpoint::voices;
  if (req.method == "POST" && req.path == "/v1/audio/speech") endpoint = Endpoint::speech;
  if (req.method == "POST" && req.path == "/api/permission/oauth2/token") endpoint = Endpoint::token;
  if (req.method == "POST" && (req.path == "/api/permission/oauth2/device/code" ||
                               (req.path.starts_with("/api/permission/oauth2/workspace_id/") &&
                                req.path.ends_with("/device/code"))))
    endpoint = Endpoint::device_code;
  const bool api_call =
      endpoint == Endpoint::clone || endpoint == Endpoint::voices || endpoint == Endpoint::speech;

  std::unique_lock lock(mutex_);
  std::optional<Reply> scripted;
  if (queue_pos_ < queue_.size()) scripted = queue_[queue_pos_++];
  rec.logid = next_logid();

  std::optional<Answer> auth_failure;
  if (api_call) {
    auto it = tl_received_headers.find("Authorization");
    if (it == tl_received_headers.end()) {
      rec.contract_violations.push_back("Authorization header missing");
    } else if (it->second != "Bearer " + expected_token && !token_accepted(it->second)) {
      rec.contract_violations.push_back("Authorization is not \"Bearer <expected token>\"");
    }
    if (!rec.contract_violations.empty()) {
      auth_failure = Answer::json(401, error_json(4100, "authentication is invalid", rec.logid));
    }
  }

  // The endpoint's success answer; it is also the default body of a scripted 2xx reply.
  Answer success;
  const auto voice_id_before = next_voice_id_;
  switch (endpoint) {
    case Endpoint::clone: success = answer_clone(rec); break;
    case Endpoint::voices: success = answer_voices(rec); break;
    case Endpoint::speech: success = answer_speech(rec); break;
    case Endpoint::token: success = answer_token(rec); break;
    case Endpoint::device_code: success = answer_device_code(rec); break;
    case Endpoint::unknown:
      rec.contract_violations.push_back("no such endpoint: " + req.method + " " + req.path);
      success.body = error_json(0, "", rec.logid).dump();
      break;
  }

  Answer answer;
  if (endpoint == Endpoint::unknown) {
    answer = Answer::json(
        404, error_json(4200, "resource not found: " + req.method + " " + req.path, rec.logid));
  } else if (auth_failure) {
    answer = *auth_failure;
  } else if (endpoint == Endpoint::token || endpoint == Endpoint::device_code) {
    answer = success;  // the sign-in answers carry their own OAuth errors
  } else if (!rec.contract_violations.empty()) {
    answer = Answer::json(
        400, error_json(4000, "bad request: " + rec.contract_violations.front(), rec.logid));
  } else {
    answer = success;
  }

  if (scripted) {
    const Reply& r = *scripted;
    Answer s;
    s.status = r.status;
    s.headers = r.headers;
    s.content_type = r.content_type;
    if (r.empty_body || r.huge_body_bytes > 0) {
      s.body.clear();
    } else if (!r.body.empty()) {
      s.body = r.body;
    } else if (r.status >= 200 && r.status < 300) {
      s.body = success.body;  // the endpoint's default answer, with its content type
      s.content_type = success.content_type;
    } else {
      auto [code, msg] = code_for_status(r.status);
      s.body = error_json(code, msg, rec.logid).dump();
    }
    bool default_body = r.body.empty() && !r.empty_body && r.huge_body_bytes == 0;
    bool has_logid_header = std::any_of(r.headers.begin(), r.headers.end(), [](const auto& h) {
      return lower(h.first) == "x-tt-logid";
    });
    if (default_body && !has_logid_header) s.headers.emplace_back("x-tt-logid", rec.logid);
    for (const auto& [k, val] : r.headers)
      if (lower(k) == "x-tt-logid") rec.logid = val;
    if (!default_body && !has_logid_header) rec.logid.clear();  // the answer carries none
    answer = std::move(s);
  } else {
    answer.headers.emplace_back("x-tt-logid", rec.logid);
  }
  // Only a success body that is actually sent uses up a clone's voice id.
  if (answer.body != success.body) next_voice_id_ = voice_id_before;

  const std::size_t index = records_.size();
  const auto generation = generation_;
  records_.push_back(std::move(rec));
  lock.unlock();
  cv_.notify_all();

  send(req, res, index, generation, std::move(answer), scripted ? &*scripted : nullptr);
}

void FakeService::send(const httplib::Request& req, httplib::Response& res, std::size_t index,
                       std::uint64_t generation, Answer a, const Reply* scripted) {
  // Records may have been reset() while we slept: only update the one we pushed.
  auto note = [&](int status, bool dropped) {
    std::lock_guard lock(mutex_);
    if (generation == generation_ && index < records_.size()) {
      records_[index].answer_status = status;
      records_[index].dropped = dropped;
    }
  };
  auto drop_now = [&] {
    note(0, true);
    // httplib still writes a status line to the shut-down socket; it fails and the connection
    // is closed. 200 keeps httplib from treating this as an error to decorate.
    res.status = 200;
    if (drop_connection(req)) return;
    // Could not find our socket (should not happen on Linux): the next best thing is headers
    // promising a body that never comes; the provider's false makes httplib close.
    res.set_content_provider(
        1, "application/json", [](std::size_t, std::size_t, httplib::DataSink&) { return false; });
  };

  const auto delay = scripted ? scripted->delay : std::chrono::milliseconds{0};
  if (delay.count() > 0 && !sleep_unless_stopping(delay)) {
    drop_now();  // shutting down: the service "went away" mid-request
    return;
  }
  const bool drop = scripted && scripted->drop;
  const std::size_t huge = scripted ? scripted->huge_body_bytes : 0;
  if (drop && huge == 0) {
    drop_now();
    return;
  }

  res.status = a.status;
  for (const auto& [k, v] : a.headers) res.set_header(k, v);
  if (huge == 0) {
    res.set_content(a.body, a.content_type);
    note(a.status, false);
    return;
  }

  // A streamed body: chunks of a static buffer of 'x', so 50 MB never sits in memory. With a
  // trickle, 1 KiB chunks with a pause before each but the first; with drop, stop (returning
  // false makes httplib close the connection) once about half the declared length is out.
  note(a.status, drop);
  const auto interval = scripted->trickle_interval;
  const std::size_t chunk = interval.count() > 0 ? 1024 : 64 * 1024;
  res.set_content_provider(
      huge, a.content_type,
      [this, huge, interval, chunk, drop](std::size_t offset, std::size_t length,
                                          httplib::DataSink& sink) {
        static const std::string xs(64 * 1024, 'x');
        if (drop && offset >= huge / 2) return false;
        if (interval.count() > 0 && offset > 0 && !sleep_unless_stopping(interval)) return false;
        {
          std::lock_guard lock(mutex_);
          if (stopping_) return false;
        }
        return sink.write(xs.data(), std::min(length, chunk));
      });
}

}  // namespace vt

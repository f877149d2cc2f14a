// One HTTP exchange over libcurl. The options set here are the money rule's first half: a
// request leaves at most once per call of perform(), on a connection of its own, and what became
// of it is read from libcurl's result in one place (transport_of) so that "provably never
// arrived" is decided once.
#include "service/http.hpp"

#include <cctype>

#include <fmt/format.h>

#include "core/ascii.hpp"
#include "core/log.hpp"
#include "service/request_checks.hpp"
#include "service/curl_handles.hpp"
#include "voxclone/version.hpp"

namespace voxclone::detail {
namespace {

// What the transfer callbacks share during one perform().
struct Transfer {
  const Callbacks* cb;
  Exchange* ex;
  std::size_t max_body;
  bool too_large = false;
  bool cancelled = false;
  curl_off_t uploaded = 0;
  curl_off_t upload_total = 0;
};

size_t on_body(char* data, size_t size, size_t n, void* user) {
  auto& t = *static_cast<Transfer*>(user);
  const std::size_t len = size * n;
  if (t.ex->body.size() + len > t.max_body) {
    t.too_large = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  t.ex->body.append(data, len);
  return len;
}

size_t on_header(char* data, size_t size, size_t n, void* user) {
  auto& t = *static_cast<Transfer*>(user);
  const std::size_t len = size * n;
  std::string_view line(data, len);
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return len;
  const std::string name = to_lower_ascii(std::string(line.substr(0, colon)));
  std::string value(line.substr(colon + 1));
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front())))
    value.erase(0, 1);
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) value.pop_back();
  if (name == "x-tt-logid") t.ex->log_id = value;
  if (name == "retry-after") t.ex->retry_after = value;
  return len;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t ultotal, curl_off_t ulnow) {
  auto& t = *static_cast<Transfer*>(user);
  t.uploaded = ulnow;
  t.upload_total = ultotal;
  if (ultotal > 0)
    progress(*t.cb, Stage::upload, static_cast<double>(ulnow) / static_cast<double>(ultotal));
  if (cancelled(*t.cb)) {
    t.cancelled = true;
    return 1;
  }
  return 0;
}

// Transport failures after which the request provably never reached the service. libcurl sends
// the request only once the connection, TLS included, is set up: every TLS failure (the
// handshake, the certificate's verification, a pinned key, the local CA file) comes before a
// byte of the request has left, so nothing can have been billed.
bool never_arrived(CURLcode code, bool connected) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_CLIENTCERT:
      return true;
    case CURLE_OPERATION_TIMEDOUT:
      return !connected;  // timed out while connecting
    default:
      return false;
  }
}

// curl_slist_append returns the list's head: the same pointer when the list was not empty, and
// null (the list untouched) when it fails.
void add_header(CurlSlistPtr& list, const char* line) {
  if (curl_slist* head = curl_slist_append(list.get(), line);
      head != nullptr && head != list.get()) {
    (void)list.release();
    list.reset(head);
  }
}

// The method and body; the returned form must outlive the transfer.
CurlMimePtr set_body(CURL* c, const Request& request, CurlSlistPtr& headers) {
  if (const auto* json = std::get_if<JsonBody>(&request.body)) {
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, json->text.c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(json->text.size()));
    add_header(headers, "Content-Type: application/json");
    return nullptr;
  }
  if (const auto* form = std::get_if<Form>(&request.body)) {
    CurlMimePtr mime(curl_mime_init(c));
    for (const auto& [name, value] : form->fields) {
      curl_mimepart* p = curl_mime_addpart(mime.get());
      curl_mime_name(p, name.c_str());
      curl_mime_data(p, value.data(), value.size());
    }
    const FormFile& file = form->file;
    curl_mimepart* f = curl_mime_addpart(mime.get());
    curl_mime_name(f, file.field.c_str());
    curl_mime_data(f, reinterpret_cast<const char*>(file.bytes.data()), file.bytes.size());
    curl_mime_filename(f, file.file_name.c_str());
    curl_mime_type(f, file.content_type.c_str());
    curl_easy_setopt(c, CURLOPT_MIMEPOST, mime.get());
    return mime;
  }
  curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
  return nullptr;
}

}  // namespace

Transport transport_of(CURLcode code, bool connected, bool cancelled, bool answer_too_large) {
  if (cancelled) return Transport::cancelled;
  if (code != CURLE_OK && !answer_too_large) {
    if (never_arrived(code, connected)) return Transport::never_arrived;
    return code == CURLE_OPERATION_TIMEDOUT ? Transport::timed_out : Transport::failed;
  }
  if (answer_too_large) return Transport::answer_too_large;
  return Transport::delivered;
}

Exchange perform(const ClientOptions& opt, const Request& request) {
  init_libcurl();
  Exchange ex;
  ex.answer_limit = request.max_answer_bytes;
  CurlMimePtr form;  // declared first: it must outlive the handle that sends it
  CurlPtr h(curl_easy_init());
  if (!h) {
    ex.transport = transport_of(CURLE_FAILED_INIT, false, false, false);
    ex.transport_error = "could not start libcurl";
    return ex;
  }
  char errbuf[CURL_ERROR_SIZE] = {};
  Transfer t{&opt.callbacks, &ex, request.max_answer_bytes};
  const std::string auth = "Authorization: Bearer " + request.bearer;
  const std::string agent = fmt::format("voxclone/{}", version());
  CurlSlistPtr headers;
  if (!request.bearer.empty()) add_header(headers, auth.c_str());
  CURL* c = h.get();
  curl_easy_setopt(c, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(c, CURLOPT_USERAGENT, agent.c_str());
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);  // thread-safe timeouts
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(opt.connect_timeout.count()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(opt.timeout.count()));
  // TLS verification is libcurl's default; say so anyway so no one "fixes" it off.
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  // A fresh connection, never reused: when a reused connection turns out dead, libcurl quietly
  // sends the request again on a new one, and a clone sent twice is billed twice.
  curl_easy_setopt(c, CURLOPT_FRESH_CONNECT, 1L);
  curl_easy_setopt(c, CURLOPT_FORBID_REUSE, 1L);
  // Never follow a redirect: it could carry the token to another host or turn POST into GET.
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &t);
  curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(c, CURLOPT_XFERINFODATA, &t);
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  // Proxies come from the environment (https_proxy, no_proxy, ...) as for the curl tool, but
  // never for plain http: a proxy would read the Authorization header (or a JWT, a refresh
  // token) in clear. Plain http is only ever allowed to a loopback address (check_base_url),
  // which a proxy has no business relaying; an empty CURLOPT_PROXY turns every proxy off,
  // the environment's included.
  if (!is_https_url(request.url)) {
    if (!is_loopback_url(request.url)) {
      ex.transport = Transport::never_arrived;
      ex.transport_error = "plain http:// is only allowed to a loopback address; nothing was sent";
      return ex;
    }
    curl_easy_setopt(c, CURLOPT_PROXY, "");
  }
  form = set_body(c, request, headers);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());

  const CURLcode code = curl_easy_perform(c);
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &ex.status);
  char* ct = nullptr;
  if (curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ct) == CURLE_OK && ct) ex.content_type = ct;
  curl_off_t connect_time = 0;
  curl_easy_getinfo(c, CURLINFO_CONNECT_TIME_T, &connect_time);
  const bool connected = connect_time > 0 || ex.status > 0;
  ex.transport = transport_of(code, connected, t.cancelled, t.too_large);
  if (code != CURLE_OK) ex.transport_error = errbuf[0] ? errbuf : curl_easy_strerror(code);
  ex.request_sent = t.upload_total > 0 && t.uploaded >= t.upload_total;
  return ex;
}

}  // namespace voxclone::detail

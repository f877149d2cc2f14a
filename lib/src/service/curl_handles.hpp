// Internal: one named deleter and unique_ptr alias per libcurl handle, so the service client
// writes no destructor or move by hand; and libcurl's one-time global initialisation.
#pragma once

#include <memory>
#include <mutex>

#include <curl/curl.h>

namespace voxclone::detail {

/// Call before the first libcurl handle is made. curl_global_init is not thread-safe on every
/// build: this runs it exactly once.
inline void init_libcurl() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct CurlCleanup {
  void operator()(CURL* p) const noexcept { curl_easy_cleanup(p); }
};
using CurlPtr = std::unique_ptr<CURL, CurlCleanup>;

struct CurlMimeFree {
  void operator()(curl_mime* p) const noexcept { curl_mime_free(p); }
};
using CurlMimePtr = std::unique_ptr<curl_mime, CurlMimeFree>;

struct CurlSlistFree {
  void operator()(curl_slist* p) const noexcept { curl_slist_free_all(p); }
};
using CurlSlistPtr = std::unique_ptr<curl_slist, CurlSlistFree>;

struct CurlUrlCleanup {
  void operator()(CURLU* p) const noexcept { curl_url_cleanup(p); }
};
using CurlUrlPtr = std::unique_ptr<CURLU, CurlUrlCleanup>;

}  // namespace voxclone::detail

// Internal: one named deleter and unique_ptr alias per libcurl handle, so the service client
// writes no destructor or move by hand.
#pragma once

#include <memory>

#include <curl/curl.h>

namespace voxclone::detail {

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

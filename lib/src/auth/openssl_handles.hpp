// Internal: one named deleter and unique_ptr alias per OpenSSL handle the sign-in code holds,
// so no function frees by hand (as service/curl_handles.hpp does for libcurl).
#pragma once

#include <memory>

#include <openssl/bio.h>
#include <openssl/evp.h>

namespace voxclone::detail {

struct BioFree {
  void operator()(BIO* p) const noexcept { BIO_free(p); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;

struct EvpPkeyFree {
  void operator()(EVP_PKEY* p) const noexcept { EVP_PKEY_free(p); }
};
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, EvpPkeyFree>;

struct EvpMdCtxFree {
  void operator()(EVP_MD_CTX* p) const noexcept { EVP_MD_CTX_free(p); }
};
using EvpMdCtxPtr = std::unique_ptr<EVP_MD_CTX, EvpMdCtxFree>;

}  // namespace voxclone::detail

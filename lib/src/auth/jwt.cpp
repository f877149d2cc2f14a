// The service app's JWT. The signature is OpenSSL's (EVP_DigestSign with SHA-256 over an RSA
// key: RS256); only the JWT's framing (two base64url JSON objects joined by dots) is written
// here, since it is a few lines of string handling.
#include "auth/jwt.hpp"

#include <array>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include "auth/openssl_handles.hpp"

namespace voxclone::detail {
namespace {

// OpenSSL's reason for the last failure ("DECODER routines::unsupported"): never key bytes.
std::string openssl_reason() {
  const unsigned long e = ERR_get_error();
  ERR_clear_error();
  if (e == 0) return "no reason given";
  std::array<char, 256> buf{};
  ERR_error_string_n(e, buf.data(), buf.size());
  return buf.data();
}

Result<EvpPkeyPtr> read_private_key(const std::string& pem) {
  if (pem.empty()) return fail(ErrorCategory::invalid_argument, "the app's private key is empty");
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return fail(ErrorCategory::internal, "OpenSSL could not allocate a buffer");
  EvpPkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (!key)
    return fail(ErrorCategory::invalid_argument,
                fmt::format("the app's private key is not a PEM private key ({})",
                            openssl_reason()));
  if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA)
    return fail(ErrorCategory::invalid_argument,
                "the app's private key is not an RSA key (RS256 needs one)");
  return key;
}

std::string random_hex(std::size_t bytes) {
  std::vector<unsigned char> b(bytes);
  if (RAND_bytes(b.data(), static_cast<int>(b.size())) != 1) return {};
  std::string out;
  for (unsigned char c : b) out += fmt::format("{:02x}", c);
  return out;
}

}  // namespace

std::string base64url(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(bytes[k]); };
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned v = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
    for (int s = 18; s >= 0; s -= 6) out += kAlphabet[(v >> s) & 63];
  }
  if (bytes.size() - i == 1) {
    const unsigned v = byte(i) << 16;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
  } else if (bytes.size() - i == 2) {
    const unsigned v = (byte(i) << 16) | (byte(i + 1) << 8);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
  }
  return out;
}

std::string jwt_audience(std::string_view url) {
  if (auto p = url.find("://"); p != std::string_view::npos) url.remove_prefix(p + 3);
  url = url.substr(0, url.find_first_of("/?#"));
  if (auto at = url.rfind('@'); at != std::string_view::npos) url.remove_prefix(at + 1);
  return std::string(url);
}

Result<void> check_private_key(const std::string& pem) {
  auto k = read_private_key(pem);
  if (!k) return std::unexpected(k.error());
  return {};
}

Result<std::string> sign_jwt(const JwtApp& app, std::string_view audience, std::int64_t now) {
  auto key = read_private_key(app.private_key_pem);
  if (!key) return std::unexpected(key.error());
  const std::string jti = random_hex(16);
  if (jti.empty()) return fail(ErrorCategory::internal, "OpenSSL could not make random bytes");
  nlohmann::ordered_json header = {{"alg", "RS256"}, {"typ", "JWT"}, {"kid", app.public_key_id}};
  nlohmann::ordered_json claims = {{"iss", app.client_id},
                                   {"aud", std::string(audience)},
                                   {"iat", now},
                                   {"exp", now + app.jwt_lifetime.count()},
                                   {"jti", jti}};
  if (!app.session_name.empty()) claims["session_name"] = app.session_name;
  using nlohmann::json;
  const std::string signing_input =
      base64url(header.dump(-1, ' ', false, json::error_handler_t::replace)) + "." +
      base64url(claims.dump(-1, ' ', false, json::error_handler_t::replace));

  EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx) return fail(ErrorCategory::internal, "OpenSSL could not allocate a digest");
  std::size_t sig_len = 0;
  if (EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key->get()) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &sig_len,
                     reinterpret_cast<const unsigned char*>(signing_input.data()),
                     signing_input.size()) != 1)
    return fail(ErrorCategory::internal,
                fmt::format("signing the JWT failed ({})", openssl_reason()));
  std::string sig(sig_len, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &sig_len,
                     reinterpret_cast<const unsigned char*>(signing_input.data()),
                     signing_input.size()) != 1)
    return fail(ErrorCategory::internal,
                fmt::format("signing the JWT failed ({})", openssl_reason()));
  sig.resize(sig_len);
  return signing_input + "." + base64url(sig);
}

}  // namespace voxclone::detail

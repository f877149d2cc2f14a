// RSA key pairs made at test time with OpenSSL, so no private key is ever committed: the
// service app's key the client signs with, and the public half the fake verifies with.
#pragma once

#include <string>

namespace vt {

struct RsaKeyPair {
  std::string private_pem;  // PKCS#8 "BEGIN PRIVATE KEY"
  std::string public_pem;   // SubjectPublicKeyInfo "BEGIN PUBLIC KEY"
};

/// A fresh 2048-bit pair (bits as given); throws std::runtime_error if OpenSSL fails.
RsaKeyPair make_rsa_key_pair(int bits = 2048);

/// One pair per test executable, made on first use (key generation takes a moment).
const RsaKeyPair& test_rsa_key_pair();

}  // namespace vt

// libFuzzer target: reading the sign-in answers (a token, an OAuth error, a device code), the
// stored login file and the SDKs' OAuth config. None may crash or throw, whatever the bytes; a
// token read back has an access token and an absolute expiry (never one from before 2001, which
// would be a duration misread as a time).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "auth/oauth_answer.hpp"
#include "voxclone/auth.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  constexpr std::int64_t kNow = 1'800'000'000;
  const auto t = voxclone::detail::parse_token_answer(text, "log", kNow);
  if (t.token && (t.token->access_token.empty() || t.token->expires_at < 1'000'000'000)) std::abort();
  const auto d = voxclone::detail::parse_device_code_answer(text, kNow);
  if (d.code && (d.code->interval.count() < 1 || d.code->verification_url.empty())) std::abort();
  if (auto l = voxclone::detail::parse_stored_login(text)) {
    // What is read back writes out and reads in again unchanged.
    const auto again = voxclone::detail::parse_stored_login(voxclone::detail::stored_login_json(*l));
    if (!again || again->token.access_token != l->token.access_token ||
        again->token.expires_at != l->token.expires_at)
      std::abort();
  }
  (void)voxclone::parse_oauth_config(text);
  return 0;
}

// Whether this build runs under AddressSanitizer: it makes code 2-3x slower and keeps freed
// memory in quarantine, so time and memory bounds are scaled or skipped there (the normal build
// in CI checks them as written).
#pragma once

#if defined(__SANITIZE_ADDRESS__)
#define VOXCLONE_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define VOXCLONE_TEST_ASAN 1
#endif
#endif

namespace vt {
#ifdef VOXCLONE_TEST_ASAN
inline constexpr bool kAsan = true;
#else
inline constexpr bool kAsan = false;
#endif
/// Time bounds are multiplied by this.
inline constexpr int kSlowdown = kAsan ? 3 : 1;
}  // namespace vt

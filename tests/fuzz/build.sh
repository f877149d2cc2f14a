#!/usr/bin/env bash
# Builds the libFuzzer targets with clang-16 (apt-get install -y clang-16 libclang-rt-16-dev),
# AddressSanitizer and UndefinedBehaviorSanitizer, into BUILD_DIR (default build-fuzz).
#
# libstdc++ 12 hides std::expected unless __cpp_concepts >= 202002L; clang 16 implements what
# that needs (conditionally trivial special members, P0848) but still reports 201907L, so the
# macro is raised by hand. clang 14 (Debian's default) lacks P0848 and cannot build voxclone.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$here/build-fuzz}
cmake -S "$here" -B "$build" -DCMAKE_CXX_COMPILER=clang++-16 -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DVOXCLONE_FUZZ=ON -DVOXCLONE_BUILD_TESTS=OFF -DVOXCLONE_BUILD_TOOLS=OFF -DVOXCLONE_BUILD_EXAMPLES=OFF \
  -DVOXCLONE_INSTALL=OFF -DVOXCLONE_SANITIZE=address,undefined \
  -DCMAKE_CXX_FLAGS="-D__cpp_concepts=202002L -Wno-macro-redefined -fsanitize=fuzzer-no-link" >/dev/null
cmake --build "$build" -j2 --target fuzz_prepare fuzz_answer fuzz_oauth fuzz_base_url fuzz_analysis

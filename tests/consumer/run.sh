#!/usr/bin/env bash
# Installs the build tree into a temporary prefix and builds tests/consumer against it twice:
# with find_package (shared and static), and with pkg-config; then runs each on a fixture.
# Usage: run.sh BUILD_DIR SOURCE_DIR FIXTURE
set -euo pipefail
build=$1 src=$2 fixture=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >/dev/null
# lib/ or Debian's multiarch lib/<triplet>/ (CMakeLists.txt): where the library landed.
libdir=$(dirname "$(find "$work/prefix" -name 'libvoxclone.so' | head -n1)")

echo "== find_package(voxclone CONFIG REQUIRED)"
cmake -S "$src/tests/consumer" -B "$work/b" -DCMAKE_PREFIX_PATH="$work/prefix" \
  -DCMAKE_BUILD_RPATH="$libdir" >/dev/null
cmake --build "$work/b" -j2 >/dev/null
"$work/b/consumer_shared" "$fixture"
"$work/b/consumer_static" "$fixture"

echo "== pkg-config voxclone"
export PKG_CONFIG_PATH="$libdir/pkgconfig"
pkg-config --modversion voxclone
# shellcheck disable=SC2046
g++ -std=c++23 "$src/tests/consumer/main.cpp" -o "$work/pc" $(pkg-config --cflags --libs voxclone) \
  -Wl,-rpath,"$libdir"
"$work/pc" "$fixture"
# The static libvoxclone on the system's shared FFmpeg, libebur128, libaubio and libcurl (the modules its
# Requires.private names; `--static` would want FFmpeg's own static closure, which Debian does
# not ship).
# shellcheck disable=SC2046
g++ -std=c++23 "$src/tests/consumer/main.cpp" -o "$work/pc_static" $(pkg-config --cflags voxclone) \
  "$libdir/libvoxclone.a" $(pkg-config --libs libavformat libavcodec libswresample libavutil libebur128 aubio libcurl)
"$work/pc_static" "$fixture"
echo "consumer builds: all passed"

#!/usr/bin/env bash
# Builds the Debian packages (cpack -G DEB), checks their names, versions, contents, SONAME and
# dpkg-shlibdeps dependencies, simulates `apt-get install` of them, unpacks them into a scratch root (dpkg -x: no root rights and no
# change to this machine), then builds tests/consumer against that root's /usr tree
# (find_package and pkg-config) and runs it and the packaged CLI on a fixture.
# Usage: run.sh BUILD_DIR SOURCE_DIR FIXTURE VERSION
set -euo pipefail
build=$1 src=$2 fixture=$3 version=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

(cd "$work" && cpack --config "$build/CPackConfig.cmake" -G DEB -B "$work/pkgs" >/dev/null)
arch=$(dpkg --print-architecture)
for name in voxclone libvoxclone0 libvoxclone-dev; do
  deb="$work/pkgs/${name}_${version}-1_${arch}.deb"
  [[ -f $deb ]] || fail "no $deb (have: $(ls "$work/pkgs"))"
  [[ $(dpkg-deb -f "$deb" Package) == "$name" ]] || fail "$deb: wrong Package"
  [[ $(dpkg-deb -f "$deb" Version) == "$version-1" ]] || fail "$deb: wrong Version"
  echo "== $name: Depends: $(dpkg-deb -f "$deb" Depends)"
done
cli="$work/pkgs/voxclone_${version}-1_${arch}.deb"
rt="$work/pkgs/libvoxclone0_${version}-1_${arch}.deb"
dev="$work/pkgs/libvoxclone-dev_${version}-1_${arch}.deb"

# Dependencies computed by dpkg-shlibdeps: versioned FFmpeg, curl, libc packages.
for deb in "$cli" "$rt"; do
  deps=$(dpkg-deb -f "$deb" Depends)
  for lib in 'libavformat[0-9]+ \(>= ' 'libavcodec[0-9]+ \(>= ' 'libcurl4 \(>= ' 'libebur128-1 \(>= ' 'libc6 \(>= '; do
    [[ $deps =~ $lib ]] || fail "$(basename "$deb"): Depends lacks ${lib%% *}: $deps"
  done
done
[[ $(dpkg-deb -f "$dev" Depends) == *"libvoxclone0 (= $version-1)"* ]] || fail "libvoxclone-dev must depend on libvoxclone0 (= $version-1)"
[[ $(dpkg-deb -f "$dev" Depends) == *libavformat-dev* ]] || fail "libvoxclone-dev must depend on libavformat-dev (static linking)"

# Contents: each file in its package.
contents() { dpkg-deb -c "$1" | awk '{print $6}' | sed 's|^\./|/|'; }
contents "$cli" | grep -qx '/usr/bin/voxclone' || fail "voxclone lacks /usr/bin/voxclone"
contents "$cli" | grep -q 'libvoxclone' && fail "voxclone must not carry the library"
contents "$rt" | grep -Eq '/libvoxclone\.so\.0$' || fail "libvoxclone0 lacks libvoxclone.so.0"
contents "$rt" | grep -Eq "/libvoxclone\.so\.$version\$" || fail "libvoxclone0 lacks libvoxclone.so.$version"
contents "$rt" | grep -Eq '/libvoxclone\.(so|a)$' && fail "libvoxclone0 must not carry the .so link or .a"
for f in '/libvoxclone\.so$' '/libvoxclone\.a$' '/include/voxclone/prep\.hpp$' '/cmake/voxclone/voxcloneConfig\.cmake$' '/pkgconfig/voxclone\.pc$'; do
  contents "$dev" | grep -Eq "$f" || fail "libvoxclone-dev lacks $f"
done
dpkg-deb --ctrl-tarfile "$rt" | tar -tf - | grep -q shlibs || fail "libvoxclone0 has no shlibs file"

# What README.md's `apt-get install ./voxclone_*.deb` would do, simulated (-s: nothing changes):
# every dependency resolves on this system.
if command -v apt-get >/dev/null; then
  sim=$(apt-get install -s "$cli" "$rt" "$dev" 2>&1) || fail "apt-get install -s failed: $sim"
  for name in voxclone libvoxclone0 libvoxclone-dev; do
    grep -q "^Conf $name (" <<<"$sim" || fail "apt-get install -s would not configure $name: $sim"
  done
fi

# Unpack all three into a scratch root.
root="$work/root"
for deb in "$cli" "$rt" "$dev"; do dpkg -x "$deb" "$root"; done
so=$(find "$root/usr" -name "libvoxclone.so.$version")
soname=$(objdump -p "$so" | awk '/SONAME/ {print $2}')
[[ $soname == "libvoxclone.so.0" ]] || fail "SONAME is '$soname', not libvoxclone.so.0"
libdir=$(dirname "$so")
echo "== SONAME $soname in ${libdir#"$root"}"

"$root/usr/bin/voxclone" --version
"$root/usr/bin/voxclone" check "$fixture" >/dev/null

echo "== tests/consumer against $root/usr (find_package)"
cmake -S "$src/tests/consumer" -B "$work/b" -DCMAKE_PREFIX_PATH="$root/usr" \
  -DCMAKE_BUILD_RPATH="$libdir" >/dev/null
cmake --build "$work/b" -j2 >/dev/null
grep -q "$root/usr" "$work/b/CMakeCache.txt" || fail "the consumer did not find the unpacked tree"
"$work/b/consumer_shared" "$fixture"
"$work/b/consumer_static" "$fixture"

echo "== tests/consumer against $root/usr (pkg-config)"
export PKG_CONFIG_PATH="$libdir/pkgconfig"
[[ $(pkg-config --modversion voxclone) == "$version" ]] || fail "pkg-config version"
# shellcheck disable=SC2046
g++ -std=c++23 "$src/tests/consumer/main.cpp" -o "$work/pc" $(pkg-config --cflags --libs voxclone) \
  -Wl,-rpath,"$libdir"
"$work/pc" "$fixture"
echo "debian packages: all passed"

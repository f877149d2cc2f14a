#!/usr/bin/env bash
# Builds the Debian packages (cpack -G DEB), checks their names, versions, contents, SONAME and
# dpkg-shlibdeps dependencies, runs lintian on each (no errors; the warnings it may give are
# listed below with the reason), checks they are stripped, with the
# library in the multiarch folder and a copyright and changelog each, simulates `apt-get
# install` of them, unpacks them into a scratch root (dpkg -x: no root rights and no change to
# this machine), runs the packaged CLI (--version, a fixture) and shows its man page with
# `man -l`, then builds tests/consumer against that root's /usr tree (find_package and
# pkg-config) and runs it.
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
control=$(dpkg-deb --ctrl-tarfile "$rt" | tar -tf -)  # (grep -q on the pipe would cut tar short)
grep -q shlibs <<<"$control" || fail "libvoxclone0 has no shlibs file"

# Debian's layout: the library in the multiarch folder, a copyright file and a changelog in
# each package's doc folder, a real Maintainer.
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || gcc -print-multiarch)
contents "$rt" | grep -qx "/usr/lib/$multiarch/libvoxclone.so.0" || fail "libvoxclone0: the library is not in /usr/lib/$multiarch"
contents "$dev" | grep -qx "/usr/lib/$multiarch/pkgconfig/voxclone.pc" || fail "libvoxclone-dev: voxclone.pc is not in /usr/lib/$multiarch"
for deb in "$cli" "$rt" "$dev"; do
  name=$(dpkg-deb -f "$deb" Package)
  contents "$deb" | grep -qx "/usr/share/doc/$name/copyright" || fail "$name has no copyright file"
  contents "$deb" | grep -qx "/usr/share/doc/$name/changelog.Debian.gz" || fail "$name has no changelog.Debian.gz"
  maintainer=$(dpkg-deb -f "$deb" Maintainer)
  name_and_address='^[^@<>]+ <[^@ <>]+@[^@ <>]+\.[a-z]+>$'
  [[ $maintainer =~ $name_and_address && $maintainer != *localhost* ]] || fail "$name: Maintainer '$maintainer'"
done
contents "$cli" | grep -qx '/usr/share/zsh/vendor-completions/_voxclone' || fail "voxclone lacks the zsh completion"
contents "$cli" | grep -qx '/usr/share/fish/vendor_completions.d/voxclone.fish' || fail "voxclone lacks the fish completion"

# lintian: no errors, and only these warnings, each for a reason (any other fails the test):
#   - initial-upload-closes-no-bugs: the changelog closes no Debian bug (voxclone is not in
#     Debian's archive; an upload there would name its ITP bug)
#   - maintscript-calls-ldconfig (libvoxclone0): CPack writes postinst/postrm scripts that call
#     ldconfig whenever a package holds a shared library; the package also has the ldconfig
#     trigger Debian uses (cmake/packaging.cmake), so the calls are redundant, not wrong
if command -v lintian >/dev/null; then
  allowed='^(initial-upload-closes-no-bugs|maintscript-calls-ldconfig)$'
  for deb in "$cli" "$rt" "$dev"; do
    out=$(lintian --tag-display-limit 0 "$deb" 2>&1 | grep -v 'running with root privileges') || true
    echo "== lintian $(basename "$deb"):"; [[ -n $out ]] && echo "$out"
    grep -q '^E: ' <<<"$out" && fail "lintian errors on $(basename "$deb")"
    while read -r tag; do
      [[ -z $tag ]] && continue
      [[ $tag =~ $allowed ]] || fail "lintian warning not accounted for: $tag"
    done < <(grep '^W: ' <<<"$out" | awk '{print $3}' | sort -u)
  done
else
  echo "lintian is not installed: skipped (README's test command installs it)" >&2
fi

# (Stripped: checked on the unpacked files below.)

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
for f in "$root/usr/bin/voxclone" "$root/usr/lib/$multiarch/libvoxclone.so.$version"; do
  file "$f" | grep -q ', stripped' || fail "$f is not stripped: $(file "$f")"
done
objdump -h "$root/usr/lib/$multiarch/libvoxclone.a" | grep -q '\.debug_info' && fail "libvoxclone.a keeps its debug sections"
echo "== sizes: $(du -k "$root/usr/bin/voxclone" | cut -f1) KiB voxclone, $(du -k "$root/usr/lib/$multiarch/libvoxclone.a" | cut -f1) KiB libvoxclone.a; packages: $(du -k "$cli" "$rt" "$dev" | awk '{printf "%s %d KiB; ", $2, $1}' | sed "s|$work/pkgs/||g")"
so=$(find "$root/usr" -name "libvoxclone.so.$version")
soname=$(objdump -p "$so" | awk '/SONAME/ {print $2}')
[[ $soname == "libvoxclone.so.0" ]] || fail "SONAME is '$soname', not libvoxclone.so.0"
libdir=$(dirname "$so")
echo "== SONAME $soname in ${libdir#"$root"}"

"$root/usr/bin/voxclone" --version
"$root/usr/bin/voxclone" check "$fixture" >/dev/null
# The man page the package installs, as `man` shows it.
manpage="$root/usr/share/man/man1/voxclone.1.gz"
if [[ -f $manpage ]] && command -v man >/dev/null; then
  shown=$(MANPAGER=cat MANWIDTH=100 LC_ALL=C.UTF-8 man -l "$manpage" 2>&1) || fail "man -l failed: $shown"
  for h in NAME SYNOPSIS COMMANDS ENVIRONMENT FILES 'EXIT STATUS' EXAMPLES; do
    grep -qx "$h" <<<"$shown" || fail "the man page has no $h section"
  done
  grep -q '??' <<<"$shown" && fail "the man page shows '??'"
  echo "== man -l: $(wc -l <<<"$shown") lines"
elif [[ -f $manpage || -f ${manpage%.gz} ]]; then
  echo "man is not installed: the man page was not shown" >&2
else
  contents "$cli" | grep -q man1 && fail "voxclone.1 in the package but not unpacked?"
  echo "no man page in the package (help2man was not installed at build time)" >&2
fi

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

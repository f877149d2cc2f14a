#!/usr/bin/env bash
# `pip install --no-build-isolation .` into a fresh venv (made with --system-site-packages from
# Debian's python3), as README.md says, then imports the installed package from outside the
# source tree and prepares a sample with it. The package's files are copied to a scratch folder
# first (pip builds in place), and setup.py reuses this build's CMake folder
# (VOXCLONE_CMAKE_BUILD_DIR) so nothing is compiled twice.
# Usage: pip_install.sh PYTHON SOURCE_DIR BUILD_DIR FIXTURE
set -euo pipefail
python=$1 src=$2 build=$3 fixture=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/src"
cp -r "$src/pyproject.toml" "$src/setup.py" "$src/README.md" "$src/CMakeLists.txt" "$src/python" "$work/src/"
"$python" -m venv --system-site-packages "$work/venv"
VOXCLONE_CMAKE_BUILD_DIR="$build" "$work/venv/bin/pip" install --no-build-isolation --no-index \
  --disable-pip-version-check -q "$work/src"
cd "$work"
"$work/venv/bin/python" - "$work/venv" "$fixture" <<'PY'
import os, sys
import voxclone
venv, fixture = sys.argv[1], sys.argv[2]
assert voxclone.__file__.startswith(venv), voxclone.__file__
pkg = os.path.dirname(voxclone.__file__)
for f in ("__init__.pyi", "py.typed", "errors.py"):
    assert os.path.exists(os.path.join(pkg, f)), f
s = voxclone.prepare(fixture, format="mp3")
assert s.format == "mp3" and len(s.data) == s.report.output.bytes > 0
assert 10 <= s.duration_seconds <= 30.5
print("installed", voxclone.__version__, "in", pkg, "->", repr(s))
PY
"$work/venv/bin/pip" uninstall -y -q voxclone

# A Python that cannot make wheels (a plain venv: setuptools before 70.1 and no 'wheel'
# package, as pyenv's Pythons often are): pip must say what is missing and how to get it, not
# just "invalid command 'bdist_wheel'".
"$python" -m venv "$work/bare"
if ! "$work/bare/bin/python" -c 'import wheel' 2>/dev/null &&
   ! "$work/bare/bin/python" -c 'from setuptools.command import bdist_wheel' 2>/dev/null; then
  if out=$(VOXCLONE_CMAKE_BUILD_DIR="$build" "$work/bare/bin/pip" install --no-build-isolation \
             --no-index --disable-pip-version-check "$work/src" 2>&1); then
    echo "FAIL: pip install without wheel support succeeded?" >&2; exit 1
  fi
  grep -q "needs the 'wheel' package" <<<"$out" || { echo "FAIL: no explanation: $out" >&2; exit 1; }
  grep -q -- "-m venv --system-site-packages" <<<"$out" || { echo "FAIL: no way out: $out" >&2; exit 1; }
  echo "without wheel support: pip says what is missing"
else
  echo "the bare venv can make wheels here: nothing to explain"
fi
echo "pip install: passed"

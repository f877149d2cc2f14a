#!/usr/bin/env bash
# Remakes docs/example-plot.svg (shown in README.md): `voxclone prep --plot` on a two-voice
# interview fixture. Usage: docs/make_example_plot.sh [path/to/voxclone]  (from the repo root)
set -euo pipefail
cli=${1:-build/tools/voxclone}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$cli" prep testdata/voice/interview2.opus -o "$tmp/sample.wav" --plot "$tmp/example-plot.svg" -q
mv "$tmp/example-plot.svg" docs/example-plot.svg

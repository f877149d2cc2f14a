#!/usr/bin/env bash
# Where the time goes in a long prep: callgrind (instruction counts, repeatable on a busy machine)
# over a 10-minute MP3, summarised per function, both threads included.
#   bench/profile.sh [BUILD_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$here/build}" && pwd)
work=${BENCH_DIR:-/tmp/voxclone-bench}
mkdir -p "$work"
in="$work/long10.mp3"
[[ -s "$in" ]] || ffmpeg -v error -y -stream_loop 9 -i "$here/testdata/speech_long.flac" -t 600 \
  -ac 2 -ar 44100 -c:a libmp3lame -b:a 128k "$in"
out="$work/callgrind.out"
valgrind --tool=callgrind --callgrind-out-file="$out" --separate-threads=no \
  "$build/tools/voxclone" prep "$in" -o "$work/profile.wav" -q -y
callgrind_annotate --inclusive=no "$out" 2>/dev/null | head -n 40

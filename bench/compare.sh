#!/usr/bin/env bash
# Two builds of voxclone side by side on one input, against ffmpeg's reference for it, runs
# alternated so that the machine's drift hits all three alike; prints medians and ratios.
#
#   bench/compare.sh OLD_BUILD_DIR NEW_BUILD_DIR INPUT [decode|naive]
#
# decode: the reference is `ffmpeg -threads 1 -i INPUT -f null -` (long inputs);
# naive:  `ffmpeg -i INPUT -t 30 -ar 24000 -ac 1 out.wav` (short ones). RUNS=9 by default.
set -euo pipefail
old="$1/tools/voxclone" new="$2/tools/voxclone" in="$3" mode="${4:-decode}"
runs=${RUNS:-9}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [[ $mode == naive ]]; then
  ref=(ffmpeg -v error -y -i "$in" -t 30 -ar 24000 -ac 1 "$work/naive.wav")
else
  ref=(ffmpeg -v error -threads 1 -i "$in" -f null -)
fi
declare -A t
timed() {  # timed KEY CMD...: appends the wall time in ms
  local key=$1; shift
  local a b
  a=$(date +%s%N)
  "$@" >/dev/null 2>&1
  b=$(date +%s%N)
  t[$key]+="$(( (b - a) / 1000000 )) "
}
for _ in $(seq "$runs"); do
  timed ref "${ref[@]}"
  # The outputs are removed first: builds since issue 12 refuse to replace a file without -y,
  # and builds before it do not know -y.
  rm -f "$work/old.wav" "$work/new.wav"
  timed old "$old" prep "$in" -o "$work/old.wav" -q
  timed new "$new" prep "$in" -o "$work/new.wav" -q
done
median() { tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
r=$(median "${t[ref]}") o=$(median "${t[old]}") n=$(median "${t[new]}")
printf 'reference %s ms, old %s ms (%.2f), new %s ms (%.2f)\n' "$r" "$o" "$(awk -v a="$o" -v b="$r" 'BEGIN{print a/b}')" \
  "$n" "$(awk -v a="$n" -v b="$r" 'BEGIN{print a/b}')"
cmp -s "$work/old.wav" "$work/new.wav" && echo "samples: identical" || echo "samples: differ"

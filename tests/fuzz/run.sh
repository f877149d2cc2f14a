#!/usr/bin/env bash
# Runs each libFuzzer target for SECONDS (default 60) on its seeds: the committed seeds and
# regressions here plus, for fuzz_prepare, the small files of testdata/. New corpus entries go
# to a temporary folder (not the repo); a crash leaves crash-* in the current folder and fails.
#   tests/fuzz/run.sh [BUILD_DIR] [SECONDS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build-fuzz}
secs=${2:-60}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/prepare" "$work/answer" "$work/oauth" "$work/seed-prepare" "$work/base_url" \
  "$work/analysis"
python3 "$here/make_analysis_seeds.py" "$work/seed-analysis"
# Seeds from testdata: every file under 200 kB, hostile ones included.
find "$root/testdata" -type f -size -200k ! -name '*.tsv' ! -name '*.md' ! -name '*.sh' ! -name '*.py' \
  -exec cp {} "$work/seed-prepare/" \;
status=0
run() {  # run TARGET WORKDIR SEEDS...
  local t=$1 w=$2; shift 2
  echo "== $t for ${secs}s"
  local rc=0
  # The fuzzer's own exit code decides (a pipe here would hide it behind grep's).
  "$build/tests/fuzz/$t" "$w" "$@" -max_total_time="$secs" -rss_limit_mb=2560 -timeout=60 \
    -max_len=262144 -print_final_stats=1 >"$work/$t.log" 2>&1 || rc=$?
  grep -E "^(Done [0-9]+ runs|stat::|==[0-9]+==ERROR|SUMMARY|Test unit written|INFO: seed corpus)" "$work/$t.log" || true
  if [[ $rc -ne 0 ]]; then
    tail -n 60 "$work/$t.log"
    echo "$t: exit $rc"
    status=1
  fi
}
run fuzz_answer "$work/answer" "$here/seeds/answer" "$here/regressions/answer"
run fuzz_oauth "$work/oauth" "$here/seeds/oauth"
run fuzz_base_url "$work/base_url" "$here/seeds/base_url"
run fuzz_analysis "$work/analysis" "$work/seed-analysis" "$here/regressions/analysis"
run fuzz_prepare "$work/prepare" "$work/seed-prepare" "$here/regressions/prepare"
exit $status

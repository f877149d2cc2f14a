#!/usr/bin/env bash
# voxclone's speed and memory benchmark (issue 4). Makes its own inputs from testdata/ with
# ffmpeg (nothing downloaded), runs voxclone and each reference alternately RUNS times, and prints
# medians, ratios against the reference measured in the same run, and peak RSS.
#
#   bench/run.sh [BUILD_DIR]            # default build/; RUNS=7 bench/run.sh for more rounds
#
# Needs: ffmpeg, GNU time (/usr/bin/time: apt-get install -y time). Takes ~12 minutes, a fifth
# of it the loudnorm reference (ffmpeg-normalize's first pass), which is slow by nature.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$here/build}" && pwd)
vox="$build/tools/voxclone"
runs=${RUNS:-5}
note_reps=${NOTE_REPS:-20}  # the two voice notes' commands, each run this many times per round
work=${BENCH_DIR:-/tmp/voxclone-bench}
mkdir -p "$work"
[[ -x /usr/bin/time ]] || { echo "bench: needs GNU time (apt-get install -y time)" >&2; exit 1; }
[[ -x "$vox" ]] || { echo "bench: no $vox; build first" >&2; exit 1; }

# ---- inputs (cached in $work) ------------------------------------------------------------
mk() {  # mk NAME SECONDS: 44.1 kHz stereo 128 kb/s MP3 of the labelled speech, looped
  local out="$work/$1" secs=$2
  [[ -s "$out" ]] && return
  local loops=$(( secs / 60 + 1 ))
  ffmpeg -v error -y -stream_loop "$loops" -i "$here/testdata/speech_long.flac" -t "$secs" \
    -ac 2 -ar 44100 -c:a libmp3lame -b:a 128k "$out"
}
echo "making inputs in $work ..."
mk long60.mp3 3600
mk long120.mp3 7200
# An hour of conversation with music breaks: the voice fixtures (interviews, a panel, a podcast
# with a music intro and outro, a piano interlude) joined and looped to 60 minutes.
if [[ ! -s "$work/conversation60.mp3" ]]; then
  parts=(interview2 podcast_intro panel4 interlude interview3 music_bed interrupted)
  inputs=() ; labels=""
  for i in "${!parts[@]}"; do inputs+=(-i "$here/testdata/voice/${parts[$i]}.opus"); labels+="[$i:a]"; done
  ffmpeg -v error -y "${inputs[@]}" -filter_complex "${labels}concat=n=${#parts[@]}:v=0:a=1[a]" -map "[a]" \
    -ar 44100 -ac 2 -c:a pcm_s16le "$work/conversation_once.wav"
  ffmpeg -v error -y -stream_loop 20 -i "$work/conversation_once.wav" -t 3600 -ac 2 -ar 44100 \
    -c:a libmp3lame -b:a 128k "$work/conversation60.mp3"
  rm -f "$work/conversation_once.wav"
fi
# Ten minutes of that conversation, for the cost of --like (issue 20): the same input with and
# without an 11 s example of one of its voices.
[[ -s "$work/conversation10.mp3" ]] || ffmpeg -v error -y -i "$work/conversation60.mp3" -t 600 -c copy "$work/conversation10.mp3"
mk short60.mp3 60
mk short70.mp3 70
if [[ ! -d "$work/folder" ]]; then
  mkdir -p "$work/folder"
  for i in $(seq -w 1 20); do  # 20 files of 40–78 s, each starting elsewhere in the speech
    ffmpeg -v fatal -y -ss "$(( (10#$i * 3) % 50 ))" -stream_loop 1 -i "$here/testdata/speech_long.flac" \
      -t "$(( 40 + 2 * 10#$i ))" -ac 2 -ar 44100 -c:a libmp3lame -b:a 128k "$work/folder/rec$i.mp3"
  done
fi

# ---- measuring ---------------------------------------------------------------------------
declare -A wall rss cpu
measure() {  # measure KEY CMD...: one run, appends wall seconds, KB and CPU seconds to the key's lists
  local key=$1; shift
  local t
  /usr/bin/time -o "$work/time.txt" -f "%e %M %U %S" "$@" >/dev/null 2>/dev/null
  read -r e m u s < <(tail -n1 "$work/time.txt")
  wall[$key]+="$e "
  rss[$key]+="$m "
  cpu[$key]+="$(awk -v u="$u" -v s="$s" 'BEGIN {print u + s}') "
}
# The same for voxclone reading a producer's output on stdin (its RSS alone, not the producer's).
measure_piped() {  # measure_piped KEY PRODUCER-COMMAND VOXCLONE-ARGS...
  local key=$1 producer=$2; shift 2
  bash -c "$producer" 2>/dev/null | /usr/bin/time -o "$work/time.txt" -f "%e %M %U %S" "$vox" "$@" \
    >/dev/null 2>/dev/null || true
  read -r e m u s < <(tail -n1 "$work/time.txt")
  wall[$key]+="$e "
  rss[$key]+="$m "
  cpu[$key]+="$(awk -v u="$u" -v s="$s" 'BEGIN {print u + s}') "
}
# Two commands of ~0.1 s each (`pair_a`, `pair_b`, arrays), run alternately REPS times and counted
# per run: one run is a few of GNU time's 10 ms ticks, and a ratio of two such medians moved by
# 12 % on one tick (session 23: 1.00, then 1.12 with equal CPU). Wall from the nanosecond clock,
# CPU and RSS from GNU time; alternating run by run lets the host's drift hit both alike.
measure_pair() {  # measure_pair REPS KEY_A KEY_B
  local reps=$1 i k t0 t1 u s mem
  local -A ns=() cs=() peak=()
  for ((i = 0; i < reps; i++)); do
    for k in a b; do
      local -n cmd="pair_$k"
      t0=$(date +%s%N)
      /usr/bin/time -o "$work/time.txt" -f "%M %U %S" "${cmd[@]}" >/dev/null 2>/dev/null
      t1=$(date +%s%N)
      read -r mem u s < <(tail -n1 "$work/time.txt")
      ns[$k]=$(( ${ns[$k]:-0} + t1 - t0 ))
      cs[$k]=$(awk -v c="${cs[$k]:-0}" -v u="$u" -v s="$s" 'BEGIN {print c + u + s}')
      (( mem > ${peak[$k]:-0} )) && peak[$k]=$mem
    done
  done
  for k in a b; do
    local key=$2
    [[ $k == b ]] && key=$3
    wall[$key]+="$(awk -v t="${ns[$k]}" -v n="$reps" 'BEGIN {printf "%.4f", t / n / 1e9}') "
    cpu[$key]+="$(awk -v c="${cs[$k]}" -v n="$reps" 'BEGIN {printf "%.4f", c / n}') "
    rss[$key]+="${peak[$k]} "
  done
}
median() { tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
maxof() { tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -g | tail -n1; }

out="$work/out"
mkdir -p "$out"
notes=("$here/testdata/like/ked_note.opus" "$here/testdata/like/ked_note2.opus")  # one person, two rooms
for r in $(seq "$runs"); do
  echo "round $r of $runs ..."
  # Alternate reference and voxclone so drift in machine load hits both alike.
  measure ff_decode ffmpeg -v error -threads 1 -i "$work/long60.mp3" -f null -
  measure vox_long "$vox" prep "$work/long60.mp3" -o "$out/long.wav" -q -y
  measure ff_ebur128 ffmpeg -v error -nostats -i "$work/long60.mp3" -af ebur128=peak=true -f null -
  measure vox_long "$vox" prep "$work/long60.mp3" -o "$out/long.wav" -q -y
  if [[ $r -eq 1 || -n "${LOUDNORM_EVERY_ROUND:-}" ]]; then
    measure ff_loudnorm ffmpeg -v error -nostats -i "$work/long60.mp3" -af loudnorm=print_format=json -f null -
  fi
  measure vox_1min "$vox" prep "$work/short60.mp3" -o "$out/s.wav" -q -y
  measure ff_decode_conv ffmpeg -v error -threads 1 -i "$work/conversation60.mp3" -f null -
  measure vox_conv "$vox" prep "$work/conversation60.mp3" -o "$out/conv.wav" -q -y
  measure vox_2h "$vox" prep "$work/long120.mp3" -o "$out/l2.wav" -q -y
  measure vox_2h_stdin bash -c "\"$vox\" prep - -o \"$out/l3.wav\" -q -y < \"$work/long120.mp3\""
  measure ff_short ffmpeg -v error -y -i "$work/short70.mp3" -t 30 -ar 24000 -ac 1 "$out/naive.wav"
  measure vox_short "$vox" prep "$work/short70.mp3" -o "$out/s70.wav" -q -y
  measure vox_conv10 "$vox" prep "$work/conversation10.mp3" -o "$out/c10.wav" -q -y
  measure vox_conv10_like "$vox" prep "$work/conversation10.mp3" --like "$here/testdata/like/ked_note.opus" -o "$out/c10l.wav" -q -y
  # --combine of two voice notes against preparing the same two as a batch (a sample each), each
  # NOTE_REPS times, alternately (measure_pair).
  rm -rf "$out/notes"
  pair_a=("$vox" prep "${notes[@]}" --out-dir "$out/notes" --min-seconds 3 -q -y)
  pair_b=("$vox" prep "${notes[@]}" --combine -o "$out/notes_combined.wav" -q -y)
  measure_pair "$note_reps" notes_batch notes_combine
  rm -rf "$out/j1" "$out/j2"
  measure batch_j1 "$vox" prep "$work/folder" --out-dir "$out/j1" -q -y -j 1
  measure batch_j2 "$vox" prep "$work/folder" --out-dir "$out/j2" -q -y -j 2
done

# Ten hours, once, made on the fly and never kept (issue 22: memory must not grow with length):
# the labelled speech looped for 10 h, streamed as MP3 (24 kHz mono 48 kb/s, ~216 MB spooled in
# TMPDIR) into `prep -`, and 10 h of digital silence from lavfi into `check -`, as FLAC and as
# MP3 (44.1 kHz mono 64 kb/s).
echo "ten hours (once) ..."
measure_piped vox_10h "ffmpeg -v error -stream_loop -1 -i '$here/testdata/speech_long.flac' -t 36000 \
  -ac 1 -ar 24000 -c:a libmp3lame -b:a 48k -f mp3 -" prep - -o "$out/l10.wav" -q -y
measure_piped vox_10h_silence "ffmpeg -v error -f lavfi -i anullsrc=r=44100:cl=mono -t 36000 -c:a flac -f flac -" \
  check - -q
measure_piped vox_10h_silence_mp3 "ffmpeg -v error -f lavfi -i anullsrc=r=44100:cl=mono -t 36000 -c:a libmp3lame -b:a 64k -f mp3 -" \
  check - -q

# The split decode (every core) must give exactly what one thread gives: compare the bytes.
"$vox" prep "$work/long60.mp3" -o "$out/long_one_thread.wav" -q -y -j 1
same_bytes=$(cmp -s "$out/long.wav" "$out/long_one_thread.wav" && echo yes || echo NO)

m() { median "${wall[$1]}"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
mib() { awk -v k="$1" 'BEGIN {printf "%.1f", k / 1024}'; }
verdict() { awk -v v="$1" -v lim="$2" -v dir="$3" 'BEGIN {ok = (dir == "le") ? v <= lim : v >= lim; print ok ? "ok" : "MISSED"}'; }

echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); $(ffmpeg -version | head -n1 | cut -d' ' -f1-3); voxclone $("$vox" --version)"
echo "medians of $runs runs (loudnorm: 1 run unless LOUDNORM_EVERY_ROUND=1; the two voice notes: per run, of $note_reps alternated runs a round)"
# CPU s (user + system) shows how much work each command did, and how busy the host was: the
# same work costs more CPU seconds when the host is contended.
printf '%-46s %9s %9s %9s\n' "command" "wall s" "CPU s" "max RSS"
for k in ff_decode vox_long ff_decode_conv vox_conv vox_conv10 vox_conv10_like notes_batch notes_combine ff_ebur128 ff_loudnorm vox_1min vox_2h vox_2h_stdin vox_10h vox_10h_silence vox_10h_silence_mp3 ff_short vox_short batch_j1 batch_j2; do
  printf '%-46s %9s %9s %8s M\n' "$k" "$(m $k)" "$(median "${cpu[$k]}")" "$(mib "$(maxof "${rss[$k]}")")"
done
echo
r1=$(ratio "$(m vox_long)" "$(m ff_decode)")
r2=$(ratio "$(m ff_ebur128)" "$(m vox_long)")
r3=$(ratio "$(m ff_loudnorm)" "$(m vox_long)")
r4=$(ratio "$(m vox_short)" "$(m ff_short)")
r5=$(ratio "$(m batch_j1)" "$(m batch_j2)")
r6=$(ratio "$(m vox_conv)" "$(m ff_decode_conv)")
r7=$(ratio "$(m vox_conv10_like)" "$(m vox_conv10)")
r8=$(ratio "$(m notes_combine)" "$(m notes_batch)")
mem_1=$(maxof "${rss[vox_1min]}"); mem_2=$(maxof "${rss[vox_2h]}"); mem_s=$(maxof "${rss[vox_2h_stdin]}")
spread=$(awk -v a="$mem_1" -v b="$mem_2" 'BEGIN {d = (a > b ? a - b : b - a) / (a < b ? a : b); printf "%.1f", d * 100}')
printf '%-62s %8s  %s\n' "60-min MP3: voxclone / ffmpeg -threads 1 decode (<= 1.0)" "$r1" "$(verdict "$r1" 1.0 le)"
printf '%-62s %8s  %s\n' "60-min conversation + music: voxclone / ffmpeg decode (<= 1.0)" "$r6" "$(verdict "$r6" 1.0 le)"
printf '%-62s %8s  %s\n' "60-min MP3: ffmpeg ebur128 / voxclone (> 1)" "$r2" "$(verdict "$r2" 1.0 ge)"
printf '%-62s %8s  %s\n' "60-min MP3: ffmpeg loudnorm pass 1 / voxclone (>= 20)" "$r3" "$(verdict "$r3" 20 ge)"
printf '%-62s %8s  %s\n' "70-s MP3: voxclone / naive ffmpeg -t 30 (<= 1.5)" "$r4" "$(verdict "$r4" 1.5 le)"
printf '%-62s %8s  %s\n' "10-min conversation: prep --like (11 s note) / prep (<= 1.05)" "$r7" "$(verdict "$r7" 1.05 le)"
# Beside it the CPU ratio: on a busy host the wall ratio reads what the contention does to
# --combine's second thread (session 24, load 10-13: wall 1.05-1.09, CPU 0.98-1.00 in three runs).
r8c=$(ratio "$(median "${cpu[notes_combine]}")" "$(median "${cpu[notes_batch]}")")
printf '%-62s %8s  %s\n' "2 voice notes: prep --combine / prep as a batch (<= 1.05)" "$r8" "$(verdict "$r8" 1.05 le) (CPU $r8c)"
printf '%-62s %8s  %s\n' "20 files: throughput -j 2 / -j 1 (>= 1.7)" "$r5" "$(verdict "$r5" 1.7 ge)"
printf '%-62s %8s  %s\n' "peak RSS 1-min / 2-hour / 2-hour stdin, MiB (<= 64)" "$(mib "$mem_1") / $(mib "$mem_2") / $(mib "$mem_s")" "$(verdict "$(mib "$(printf '%s\n' "$mem_1" "$mem_2" "$mem_s" | sort -g | tail -n1)")" 64 le)"
mem_10=$(maxof "${rss[vox_10h]}"); mem_10s=$(maxof "${rss[vox_10h_silence]}"); mem_10m=$(maxof "${rss[vox_10h_silence_mp3]}")
printf '%-62s %8s  %s\n' "peak RSS 10 h: speech MP3 / silent FLAC / silent MP3, stdin, MiB (<= 64)" "$(mib "$mem_10") / $(mib "$mem_10s") / $(mib "$mem_10m")" "$(verdict "$(mib "$(printf '%s\n' "$mem_10" "$mem_10s" "$mem_10m" | sort -g | tail -n1)")" 64 le)"
printf '%-62s %8s  %s\n' "peak RSS 1-min vs 2-hour spread, % (<= 10)" "$spread" "$(verdict "$spread" 10 le)"
printf '%-62s %8s  %s\n' "60-min MP3: all cores' sample identical to -j 1's" "$same_bytes" "$([[ $same_bytes == yes ]] && echo ok || echo MISSED)"

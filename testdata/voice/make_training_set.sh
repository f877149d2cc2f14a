#!/usr/bin/env bash
# Generates a larger labelled set for fitting the speech/music/speaker
# classifier. Its output is NOT committed.
#
#   bash testdata/voice/make_training_set.sh OUTDIR [N]      (N clips, default 80)
#
# Writes OUTDIR/clipNNN.flac (24 kHz mono, 16-bit FLAC, about 20-40 s each),
# OUTDIR/clipNNN.labels.tsv (same format as the fixtures' labels) and
# OUTDIR/manifest.tsv (one line per clip: file, seconds, scene, voices,
# music, bed level, speech level). Every clip has its own seed (SEED + its
# number; SEED defaults to 1000), so the same N and SEED give the same set.
# The music comes from a pool rendered first (every make_midi.py style with
# seeds that the fixtures do not use, two sung songs and three sox-made
# instrument lines), so the committed fixtures stay unseen.
#
# Scenes, cycled in this order (see the scene_* functions):
#   dialogue x3, bed x3, segments x2, music, monologue, babble, applause,
#   noise, interrupted
# Runs JOBS clips at a time (default 2); 80 clips take about 4-6 minutes on
# two cores. Needs the same tools as make_voice_fixtures.sh, plus flac support
# in sox.
set -euo pipefail
export LC_ALL=C
HERE=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
JOBS=${JOBS:-4}  # most of a TTS job's time is festival start-up, not CPU
SEED=${SEED:-1000}
MIDI_STYLES=(pop_rock solo_piano strings_pad guitar_arp electronic waltz jazz choir_ballad folk_reel)
SCENES=(dialogue dialogue dialogue bed bed bed segments segments music monologue
  babble applause noise interrupted)
FXS=(dry dry room room hall phone far lofi)

# ---------------------------------------------------------------- helpers

# pick_voices K SAME_SEX: PICKED = K voice names of K different persons;
# SAME_SEX=1 takes them all from one sex (if it has enough persons).
pick_voices() {
  local k=$1 same=$2 sex line name persons=" " order=() i j tmp
  PICKED=()
  rand_pick sex M F
  for i in "${!VOICES[@]}"; do order+=("$i"); done
  for ((i = ${#order[@]} - 1; i > 0; i--)); do # Fisher-Yates shuffle
    j=$((RANDOM % (i + 1)))
    tmp=${order[i]} order[i]=${order[j]} order[j]=$tmp
  done
  for i in "${order[@]}"; do
    line=${VOICES[i]}
    name=${line%%|*}
    if [ "$same" = 1 ] && [ "$(echo "$line" | cut -d'|' -f6)" != "$sex" ]; then continue; fi
    case $persons in *" $(echo "$line" | cut -d'|' -f7) "*) continue ;; esac
    persons+="$(echo "$line" | cut -d'|' -f7) "
    PICKED+=("$name")
    if [ ${#PICKED[@]} -eq "$k" ]; then return 0; fi
  done
}

# pick_music VAR: a random piece of the pool
pick_music() {
  local pool=("$POOL"/*.wav)
  printf -v "$1" '%s' "${pool[RANDOM % ${#pool[@]}]}"
  MUSIC_USED+="$(basename "${!1}" .wav) "
}

# music_part SECONDS DB [LAYER]: a random excerpt of a random pool piece at
# the cursor, on LAYER (default music); the cursor moves past it.
music_part() {
  local src start fade_in fade_out
  pick_music src
  rand_sec start 0 12
  rand_pick fade_in 0.05 0.3 1.0
  rand_pick fade_out 0.3 1.0 2.5
  excerpt "$src" "$TL/music.wav" "$start" "$1" "$2" "$fade_in" "$fade_out"
  place "${3:-music}" "$TL/music.wav" "$CUR" music -
  CUR=$PLACED_END
}

# bed START_SAMPLE END_SAMPLE DB: a music bed between two samples
bed() {
  local src secs
  pick_music src
  secs=$(samp2sec $(($2 - $1)))
  excerpt "$src" "$TL/bed.wav" 1 "$secs" "$3" 0.8 1.5
  place bed "$TL/bed.wav" "$1" music -
}

fx_for() { rand_pick "$1" "${FXS[@]}"; }

# ---------------------------------------------------------------- scenes
# Each scene fills the timeline for about $LEN seconds.

scene_monologue() {
  local fx
  pick_voices 1 0
  fx_for fx
  CUR=$(sec2samp 0.4)
  talk main "${PICKED[0]}" "$fx" "$LEN"
}

scene_dialogue() {
  local k same end i v fx lo prev=-1 fxs=()
  rand_pick k 2 2 2 3 3 4
  same=$((RANDOM % 5 < 2 ? 1 : 0))
  pick_voices "$k" "$same"
  for ((i = 0; i < k; i++)); do fx_for fx; fxs+=("$fx"); done
  end=$(sec2samp "$LEN")
  CUR=$(sec2samp 0.3)
  i=0
  while [ "$CUR" -lt "$end" ] || [ "$i" -lt "$k" ]; do
    # the first k turns give everyone a turn; later turns favour voice 0
    if [ "$i" -lt "$k" ]; then
      v=$i
    else
      v=$((RANDOM % (k + 2)))
      if [ "$v" -ge "$k" ]; then v=0; fi
    fi
    if [ "$v" = "$prev" ]; then v=$(((v + 1) % k)); fi
    if [ "$v" = 0 ]; then lo=4; else lo=1.5; fi
    turn "speech-$v" "${PICKED[v]}" "${fxs[v]}" "$lo"
    pause 0.25 1.3
    prev=$v i=$((i + 1))
  done
}

scene_bed() {
  local fx from lead end below tail
  pick_voices 1 0
  fx_for fx
  rand_int below 6 20
  BED_DB=-$below
  rand_sec from 0 2
  rand_sec lead 0.5 3
  from=$(sec2samp "$from")
  CUR=$((from + $(sec2samp "$lead")))
  talk main "${PICKED[0]}" "$fx" "$(awk -v l="$LEN" 'BEGIN { print l * 0.7 }')"
  end=$((CUR + $(sec2samp 1)))
  bed "$from" "$end" "$(db_minus "$SPEECH_DB" "$below")"
  CUR=$end
  if [ $((RANDOM % 3)) -gt 0 ]; then # some clean speech after the bed
    pause 0.3 1.2
    rand_sec tail 4 9
    talk main "${PICKED[0]}" "$fx" "$tail"
  fi
}

scene_segments() {
  local k fx1 fx2 secs db end
  rand_pick k 1 1 2
  pick_voices "$k" 0
  fx_for fx1
  fx_for fx2
  end=$(sec2samp "$LEN")
  CUR=0
  while [ "$CUR" -lt "$end" ]; do
    rand_sec secs 4 11
    rand_int db -6 4
    music_part "$secs" "$((SPEECH_DB + db))"
    if [ "$CUR" -ge $((end - 3 * RATE)) ]; then break; fi
    pause 0.2 1.2
    rand_sec secs 4 10
    turn speech-0 "${PICKED[0]}" "$fx1" "$secs"
    if [ "$k" = 2 ] && [ "$CUR" -lt $((end - 3 * RATE)) ]; then
      pause 0.3 1.0
      rand_sec secs 2 6
      turn speech-1 "${PICKED[1]}" "$fx2" "$secs"
    fi
    pause 0.2 1.2
  done
}

scene_music() {
  local secs left db n=0
  rand_int db 14 26
  CUR=$(sec2samp 0.2)
  while :; do
    left=$(awk -v l="$LEN" -v c="$CUR" -v r="$RATE" 'BEGIN { printf "%.3f", l - c / r }')
    if awk -v x="$left" 'BEGIN { exit !(x < 4) }'; then break; fi
    rand_sec secs 8 18
    secs=$(awk -v s="$secs" -v x="$left" 'BEGIN { print (s < x + 1 ? s : x + 1) }')
    # consecutive pieces alternate between two layers, so that they can
    # overlap by 0.5 s (a crossfade) or leave a 0.5-2 s gap
    music_part "$secs" "-$db" "music$((n % 2))"
    n=$((n + 1))
    if [ $((RANDOM % 3)) -eq 0 ]; then pause 0.5 2.0; else CUR=$((CUR - $(sec2samp 0.5))); fi
  done
}

scene_babble() {
  local fx below n
  rand_int n 3 6
  pick_voices $((n + 1)) 0
  fx_for fx
  rand_int below 8 18
  BED_DB=-$below
  babble "$W/crowd.wav" "$LEN" "${PICKED[@]:1}"
  level "$W/crowd.wav" "$W/crowd.lv.wav" "$(db_minus "$SPEECH_DB" "$below")"
  place crowd "$W/crowd.lv.wav" 0 other -
  CUR=$(sec2samp 1.5)
  talk main "${PICKED[0]}" "$fx" "$(awk -v l="$LEN" 'BEGIN { print l - 5 }')"
}

scene_applause() {
  local fx secs db
  pick_voices 1 0
  fx_for fx
  rand_int secs 4 8
  applause "$W/clap.wav" "$secs" "$CLIP_SEED"
  rand_int db 4 12
  level "$W/clap.wav" "$W/clap.lv.wav" "$(db_minus "$SPEECH_DB" "$db")"
  CUR=$(sec2samp 0.4)
  talk main "${PICKED[0]}" "$fx" "$(awk -v l="$LEN" 'BEGIN { print l * 0.4 }')"
  pause 0.1 0.6
  place crowd "$W/clap.lv.wav" "$CUR" other -
  CUR=$PLACED_END
  pause 0.2 0.8
  talk main "${PICKED[0]}" "$fx" "$(awk -v l="$LEN" 'BEGIN { print l * 0.35 }')"
}

# noise: a speaker, with two noise events: one in a pause of its own, one
# under speech (still labelled speech: the speaker dominates).
scene_noise() {
  local fx kind secs db
  pick_voices 1 0
  fx_for fx
  CUR=$(sec2samp 0.4)
  talk main "${PICKED[0]}" "$fx" "$(awk -v l="$LEN" 'BEGIN { print l * 0.4 }')"
  pause 0.2 0.5
  rand_pick kind traffic rain wind knocks hum
  rand_int secs 3 7
  rand_int db 6 16
  noise_event "$W/noise.wav" "$secs" "$kind"
  level "$W/noise.wav" "$W/noise.lv.wav" "$(db_minus "$SPEECH_DB" "$db")"
  place noise "$W/noise.lv.wav" "$CUR" other -
  CUR=$((PLACED_END - $(sec2samp 1)))
  rand_pick kind traffic rain wind knocks hum
  noise_event "$W/noise2.wav" "$secs" "$kind"
  level "$W/noise2.wav" "$W/noise2.lv.wav" "$(db_minus "$SPEECH_DB" "$((db + 6))")"
  place noise "$W/noise2.lv.wav" "$((CUR + $(sec2samp 2)))" other -
  talk main "${PICKED[0]}" "$fx" "$(awk -v l="$LEN" 'BEGIN { print l * 0.5 }')"
}

scene_interrupted() {
  local fx fx2 n i secs
  pick_voices 2 $((RANDOM % 2))
  fx_for fx
  fx_for fx2
  rand_int n 1 3
  # main speaker's stretches share the length left after the interjections
  # (about 3 s each) and the overshoot of each stretch (about 2 s)
  secs=$(awk -v l="$LEN" -v n="$n" 'BEGIN { s = (l - 3 * n) / (n + 1) - 2; print (s < 3 ? 3 : s) }')
  CUR=$(sec2samp 0.4)
  for ((i = 0; i < n; i++)); do
    talk main "${PICKED[0]}" "$fx" "$secs"
    pause 0.1 0.5
    say other "${PICKED[1]}" "$fx2"
    pause 0.1 0.5
  done
  talk main "${PICKED[0]}" "$fx" "$secs"
}

# ---------------------------------------------------------------- one clip

make_clip() {
  local i=$1 name scene
  name=$(printf 'clip%03d' "$i")
  CLIP_SEED=$((SEED + i))
  RANDOM=$CLIP_SEED
  scene=${SCENES[(i - 1) % ${#SCENES[@]}]}
  rand_int SPEECH_DB -28 -18
  rand_int ROOM_DB -72 -52
  rand_int LEN 20 33
  rand_int SENT_OFF 0 59
  BED_DB=- MUSIC_USED="" PICKED=()
  tl_new "$name"
  "scene_$scene"
  render_timeline "$W/$name.wav" 0.5
  write_labels "$OUT/$name.labels.tsv"
  "${SOX[@]}" "$W/$name.wav" -b 16 "$OUT/$name.flac"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name.flac" "$(samp2sec "$(cat "$TL/total")")" "$scene" \
    "$(echo "${PICKED[*]:-}" | tr ' ' ',')" "$(echo "${MUSIC_USED:-}" | xargs | tr ' ' ',')" \
    "$BED_DB" "$SPEECH_DB" >"$MANI/$name.tsv"
  rm -rf "$TL" "$W"/*.wav
}

# ---------------------------------------------------------------- music pool

# pool_piece NAME: render one piece of the music pool into $POOL/NAME.wav
pool_piece() {
  local name=$1 kind style seed
  IFS=- read -r kind style seed <<<"$name"
  case $kind in
    midi) midi_song "$W/p.wav" "$style" "$seed" 50 ;;
    sung) sung_song "$W/p.wav" choir_ballad "$seed" 40 "$style" ;;
    sox) synth_song "$W/p.wav" "$seed" 40 ;;
  esac
  mv "$W/p.wav" "$POOL/$name.wav"
}

pool_names() {
  local s k
  for s in "${MIDI_STYLES[@]}"; do
    for k in 1 2; do echo "midi-$s-$((SEED + 500 + k))"; done
  done
  echo "sung-kal_diphone-$((SEED + 601))"
  echo "sung-ked_diphone-$((SEED + 602))"
  for k in 1 2 3; do echo "sox-x-$((SEED + 700 + k))"; done
}

# ---------------------------------------------------------------- main

# worker MODE ARG: run one job in its own work directory (called by xargs)
worker() {
  W=$WORK/job-$2
  mkdir -p "$W"
  # shellcheck source=lib.sh
  source "$HERE/lib.sh"
  GEN_SENTENCES=1
  case $1 in
    --piece) pool_piece "$2" ;;
    --clip) make_clip "$2" ;;
  esac
  rm -rf "$W"
}

summary() {
  printf 'file\tseconds\tscene\tvoices\tmusic\tbed_db\tspeech_db\n' >"$OUT/manifest.tsv"
  cat "$MANI"/*.tsv >>"$OUT/manifest.tsv"
  awk -F'\t' 'NR > 1 { n++; t += $2; s[$3] += $2 }
    END { printf "%d clips, %.1f min\n", n, t / 60
          for (k in s) printf "  %-12s %6.1f s\n", k, s[k] }' "$OUT/manifest.tsv"
  cat "$OUT"/clip*.labels.tsv | awk -F'\t' '{ k[$3] += $2 - $1 }
    END { for (x in k) printf "  label %-13s %7.1f s\n", x, k[x] }'
}

main() {
  if [ $# -lt 1 ] || [ "${1:0:2}" = -- ]; then
    sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    exit 2
  fi
  local n=${2:-80} t0=$SECONDS
  mkdir -p "$1"
  OUT=$(readlink -f "$1")
  WORK=$OUT/.work
  POOL=$WORK/pool
  MANI=$WORK/manifest
  export CACHE=$WORK/cache OUT WORK POOL MANI SEED HERE
  rm -rf "$WORK" "$OUT"/clip*.flac "$OUT"/clip*.labels.tsv
  mkdir -p "$POOL" "$MANI" "$CACHE"
  echo "rendering the music pool ..."
  pool_names | xargs -P "$JOBS" -I{} bash "${BASH_SOURCE[0]}" --worker --piece {}
  echo "making $n clips ($JOBS at a time) ..."
  seq 1 "$n" | xargs -P "$JOBS" -I{} bash "${BASH_SOURCE[0]}" --worker --clip {}
  summary
  rm -rf "$WORK"
  echo "done in $((SECONDS - t0)) s"
}

if [ "${1:-}" = --worker ]; then
  worker "$2" "$3"
else
  main "$@"
fi

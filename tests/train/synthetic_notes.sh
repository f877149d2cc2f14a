#!/usr/bin/env bash
# Voice notes of the synthetic voices of testdata/voice/lib.sh, for train_voiceprint.py: more
# speakers for the comparison to learn from than the train split's 21 real people. Every voice
# but fest-ked, flite-rms and slt (flite-slt, fest-slt): the voices of testdata/like/, which the
# tests compare, are held out;
# NOTES notes each in the six rooms of lib.sh (dry, room, hall, phone, far, lofi).
#
#   bash tests/train/synthetic_notes.sh /tmp/vc-tts [NOTES]
#
# Writes OUT/clips/*.wav and OUT/clips/clips.json (speaker = the person behind the voice).
set -euo pipefail
export LC_ALL=C
OUT=$(readlink -f "$1")
NOTES=${2:-6}
HERE=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
W=$(mktemp -d "${TMPDIR:-/tmp}/voxclone-tts-notes.XXXXXX")
trap 'rm -rf "$W"' EXIT
# shellcheck source=../../testdata/voice/lib.sh
source "$HERE/../../testdata/voice/lib.sh"
GEN_SENTENCES=1
mkdir -p "$OUT/clips"
ROOMS=(dry room hall phone far lofi)
index="["
n=0
for line in "${VOICES[@]}"; do
  IFS='|' read -r name _ _ _ _ sex person <<<"$line"
  case $name in fest-ked | flite-rms | flite-slt | fest-slt) continue ;; esac
  for k in $(seq 1 "$NOTES"); do
    RANDOM=$((n * 31 + k)) SENT_OFF=$((n * 7 + k * 3))
    fx=${ROOMS[$(((n + k) % ${#ROOMS[@]}))]}
    tl_new "$name-$k"
    CUR=$(sec2samp 0.4)
    talk "speech-$name" "$name" "$fx" "$(awk -v k="$k" 'BEGIN { printf "%d", 4 + (k * 3) % 9 }')"
    render_timeline "$OUT/clips/$name-$k.wav" 0.5
    [ "$index" = "[" ] || index+=","
    index+=$(printf '{"file":"%s-%d.wav","speaker":"tts/%s","lang":"tts-%s","sex":"%s","room":"%s"}' \
      "$name" "$k" "$person" "$person" "$sex" "$fx")
  done
  n=$((n + 1))
  echo "$name: $NOTES notes" >&2
done
echo "$index]" >"$OUT/clips/clips.json"

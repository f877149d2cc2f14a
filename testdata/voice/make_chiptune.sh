#!/bin/bash
# A chiptune track for the music guard's test (tests/test_content.cpp,
# Cli.ChiptuneTheModelHearsAsSpeechIsRefusedAsMusic): a sawtooth lead in phrases of short notes
# that slide into each other (portamento), 0.25-0.75 s rests between the phrases, over a
# square bass that never stops. Game music of a genre the content model was not trained on: the
# model (session 13) calls most of it clean speech and `prep` made a sample of it; its floor is
# filled (the bass), so the "speech" never falls silent.
#   make_chiptune.sh OUT.opus [SECONDS]      (sox and ffmpeg; RANDOM seeded: the same track)
set -euo pipefail
out=$1
secs=${2:-30}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
R=24000
RANDOM=14
scale=(220 246.94 261.63 293.66 329.63 349.23 392 440 493.88 523.25)  # A minor, an octave down below
lead=()
bass=()
t=0
i=0
prev=4
while (($(echo "$t < $secs" | bc))); do
  notes=$((4 + RANDOM % 6))
  for ((k = 0; k < notes; k++)); do
    d=$(echo "0.125 * (1 + $RANDOM % 3)" | bc -l)
    nxt=$(((prev + RANDOM % 5 - 2 + 10) % 10))
    sox -n -r $R -c 1 "$W/l$i.wav" synth "$d" sawtooth "$(echo "${scale[$prev]} / 2" | bc -l):$(echo "${scale[$nxt]} / 2" | bc -l)" \
      vol 0.3 fade 0.01 "$d" 0.03
    lead+=("$W/l$i.wav")
    prev=$nxt
    i=$((i + 1))
    t=$(echo "$t + $d" | bc -l)
  done
  rest=$(echo "0.25 * (1 + $RANDOM % 3)" | bc -l)
  sox -n -r $R -c 1 "$W/l$i.wav" trim 0 "$rest"
  lead+=("$W/l$i.wav")
  i=$((i + 1))
  t=$(echo "$t + $rest" | bc -l)
done
n=$((secs * 2 + 2))
for ((k = 0; k < n; k++)); do
  b=${scale[$(((k / 4) % 4))]}
  sox -n -r $R -c 1 "$W/b$k.wav" synth 0.5 square "$(echo "$b / 2" | bc -l)" vol 0.04
  bass+=("$W/b$k.wav")
done
sox "${lead[@]}" "$W/lead.wav"
sox "${bass[@]}" "$W/bass.wav"
sox -m "$W/lead.wav" "$W/bass.wav" "$W/mix.wav" trim 0 "$secs" norm -3
ffmpeg -v quiet -y -i "$W/mix.wav" -c:a libopus -b:a 32k "$out"

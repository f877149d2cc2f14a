#!/usr/bin/env bash
# Regenerates testdata/rooms/speech_gated_phone.wav: a voice note on a phone line whose pauses
# are digital silence (a noise gate, or the mu-law zeros of a line that sends nothing between
# words), the shape of the real-voice set's phone and clean notes (issue 20, --combine).
# The words keep the quiet room under them; between sentences every sample is exactly zero.
#
#   bash testdata/rooms/make_gated_note.sh
#
# Needs what testdata/voice/make_voice_fixtures.sh needs (its lib.sh makes the voice, the
# timeline and the labels): espeak-ng, flite, festival + voices, sox, ffmpeg, python3.
# Output: speech_gated_phone.wav (8 kHz mu-law, 300-3400 Hz) and its .labels.tsv.
set -euo pipefail
export LC_ALL=C

HERE=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
cd "$HERE"
W=$(mktemp -d "${TMPDIR:-/tmp}/voxclone-gated.XXXXXX")
trap '[ -n "${KEEP_WORK:-}" ] || rm -rf "$W"' EXIT
# shellcheck source=../voice/lib.sh
source "$HERE/../voice/lib.sh"

name=speech_gated_phone
RANDOM=221 SENT_OFF=$((221 % 20))
tl_new "$name"
CUR=$(sec2samp 0.5)
talk main flite-awb dry 14
render_timeline "$W/$name.dry.wav" 0.6
write_labels "$name.labels.tsv"

# The phone line: 300-3400 Hz at 8 kHz, 16-bit.
ffmpeg -nostdin -hide_banner -loglevel error -y -i "$W/$name.dry.wav" \
  -af "highpass=f=300,highpass=f=300,lowpass=f=3400,lowpass=f=3400" -ar 8000 -c:a pcm_s16le \
  "$W/$name.line.wav"
# The gate: every sample more than 30 ms from a sentence becomes exactly 0.
python3 - "$W/$name.line.wav" "$TL/events.tsv" "$RATE" "$W/$name.gated.wav" <<'PY'
import array, sys, wave
src, events, rate, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
with wave.open(src) as w:
    params = w.getparams()
    x = array.array("h", w.readframes(w.getnframes()))
keep = bytearray(len(x))
margin = params.framerate * 30 // 1000
with open(events) as f:
    for line in f:
        a, b = (int(v) * params.framerate // rate for v in line.split("\t")[:2])
        for i in range(max(0, a - margin), min(len(x), b + margin)):
            keep[i] = 1
for i in range(len(x)):
    if not keep[i]:
        x[i] = 0
with wave.open(out, "wb") as w:
    w.setparams(params)
    w.writeframes(x.tobytes())
PY
# mu-law (a zero stays a zero).
ffmpeg -nostdin -hide_banner -loglevel error -y -i "$W/$name.gated.wav" \
  -fflags +bitexact -flags:a +bitexact -map_metadata -1 -c:a pcm_mulaw "$name.wav"
printf '%-24s %3d labels  %7d bytes\n' "$name.wav" "$(wc -l <"$name.labels.tsv")" "$(stat -c %s "$name.wav")"

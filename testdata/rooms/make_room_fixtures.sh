#!/usr/bin/env bash
# Regenerates the "rooms" fixtures in testdata/rooms/: one synthetic voice talking in a
# reverberant room, another in a larger one, and the same kind of talk over mains hum. None
# holds music, so none may get a music warning (issue 19, item 4); testdata/voice/music_bed_18db.opus is the bed
# that must get one.
#
#   bash testdata/rooms/make_room_fixtures.sh
#
# Needs what testdata/voice/make_voice_fixtures.sh needs (its lib.sh makes the voices, the
# timeline and the labels): espeak-ng, flite, festival + voices, sox, ffmpeg (libopus), python3.
# Output: NAME.opus (24 kHz mono Opus 24 kb/s) and NAME.labels.tsv (the speech as placed, before
# the room: a reverb tail past a clip's end is not labelled).
set -euo pipefail
export LC_ALL=C

HERE=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
cd "$HERE"
W=$(mktemp -d "${TMPDIR:-/tmp}/voxclone-rooms.XXXXXX")
trap '[ -n "${KEEP_WORK:-}" ] || rm -rf "$W"' EXIT
# shellcheck source=../voice/lib.sh
source "$HERE/../voice/lib.sh"

# room NAME SEED VOICE SECONDS SOX_EFFECT...: a monologue, rendered, the effect applied to the
# whole recording (a room or a hum added to it), encoded, labelled.
room() {
  local name=$1 seed=$2 voice=$3 secs=$4
  shift 4
  RANDOM=$seed SENT_OFF=$((seed % 20))
  tl_new "$name"
  CUR=$(sec2samp 0.5)
  talk main "$voice" dry "$secs"
  render_timeline "$W/$name.dry.wav" 1.0
  write_labels "$name.labels.tsv"
  "$@" "$W/$name.dry.wav" "$W/$name.wav"
  encode_opus "$W/$name.wav" "$name.opus" 24
  printf '%-18s %3d labels  %7d bytes\n' "$name.opus" "$(wc -l <"$name.labels.tsv")" "$(stat -c %s "$name.opus")"
}

# A large reverberant room over the whole recording (the settings of tests/realvoice's reverb
# scenes: sox reverb, wet and dry), then back to -1 dBFS peak.
reverberate() { "${SOX[@]}" "$1" "$2" reverb 75 50 95 100 20 0 gain -n -1; }

# A larger, longer room still (sox reverb 80 %, room scale 100 %): the content model alone takes
# every word of it for speech over music; the pauses' spectra (content_pauses.hpp) say it is a
# tail that fades, not a bed.
big_room() { "${SOX[@]}" "$1" "$2" reverb 80 50 100 100 20 0 gain -n -1; }

# Mains hum (50 Hz and its odd harmonics, low-passed) 25 dB under the speech's RMS.
add_hum() {
  local n
  n=$(nsamples "$1")
  "${SOX[@]}" "${NUL[@]}" "${F32[@]}" "$W/hum.raw.wav" synth "${n}s" square 50 lowpass 1000
  level "$W/hum.raw.wav" "$W/hum.wav" "$(db_minus "$SPEECH_DB" 25)"
  "${SOX[@]}" -m "$1" "$W/hum.wav" "${F32[@]}" "$2"
}

room speech_reverb 201 en-us+m3 24 reverberate
room speech_hum 202 fest-slt 24 add_hum
room speech_big_room 211 en-us+f2 24 big_room

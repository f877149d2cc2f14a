#!/usr/bin/env bash
# Regenerates the voice notes in testdata/like/: short recordings of single voices of the
# two-voice fixture testdata/voice/interview2.opus (fest-ked, flite-rms), saying OTHER
# sentences in OTHER rooms, as a user's own voice note of the person they want is; and one of a
# voice interview2 does not hold (fest-slt). The tests
# of --like and --combine (tests/test_voiceprint.cpp, tests/test_cli_like.cpp) use them.
#
#   bash testdata/like/make_like_fixtures.sh
#
# Needs what testdata/voice/make_voice_fixtures.sh needs (festival with festvox-kdlpc16k,
# flite, sox, ffmpeg with libopus, python3). Output: NAME.opus (24 kHz mono Opus 24 kb/s) and
# NAME.labels.tsv, made on the timeline of testdata/voice/lib.sh.
set -euo pipefail
export LC_ALL=C

HERE=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
cd "$HERE"
W=$(mktemp -d "${TMPDIR:-/tmp}/voxclone-like.XXXXXX")
trap '[ -n "${KEEP_WORK:-}" ] || rm -rf "$W"' EXIT
# shellcheck source=../voice/lib.sh
source "$HERE/../voice/lib.sh"

# note NAME VOICE FX SECONDS SEED OFFSET: one voice talking for SECONDS in room FX, with
# sentences from OFFSET of the fixed walk (interview2 starts at 5: these start elsewhere).
note() {
  local name=$1
  RANDOM=$5 SENT_OFF=$6
  tl_new "$name"
  CUR=$(sec2samp 0.4)
  talk "speech-$2" "$2" "$3" "$4"
  render_timeline "$W/$name.wav" 0.5
  write_labels "$name.labels.tsv"
  ffmpeg -nostdin -hide_banner -loglevel error -y -i "$W/$name.wav" \
    -fflags +bitexact -flags:a +bitexact -map_metadata -1 -ar "$RATE" -ac 1 -c:a libopus -b:a 24k "$name.opus"
  printf '%-16s %7.3f s  %8d bytes\n' "$name.opus" "$(samp2sec "$(cat "$TL/total")")" "$(stat -c %s "$name.opus")"
}

note ked_note fest-ked lofi 7 301 31
note ked_note2 fest-ked hall 7 302 44
note rms_note flite-rms dry 7 303 17
# A voice interview2 does not hold (a woman's; interview3's flite-slt is the same person, recorded
# by another engine): an example no voice of interview2 should match.
note slt_note fest-slt room 7 304 23

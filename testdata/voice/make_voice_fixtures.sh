#!/usr/bin/env bash
# Regenerates the labelled voice/music fixtures in testdata/voice/.
#
#   bash testdata/voice/make_voice_fixtures.sh            (all fixtures)
#   bash testdata/voice/make_voice_fixtures.sh NAME...    (only these)
#
# Needs: espeak-ng, flite, festival + festvox-kallpc16k, festvox-kdlpc16k,
# festvox-us-slt-hts, sox, fluidsynth + fluid-soundfont-gm, ffmpeg (libopus),
# python3. See README.md for what each fixture holds and the versions used.
#
# Every fixture is built on a timeline (see lib.sh): speech clips from many
# TTS voices, MIDI music rendered by fluidsynth, sox-made sounds, all placed
# at exact sample offsets over a quiet room tone. NAME.labels.tsv comes from
# the same placements (labels.py), so labels and audio agree to the sample
# (before Opus coding). Output: NAME.opus (24 kHz mono Opus 32 kb/s) and
# NAME.labels.tsv. The script prints the sizes and fails if all the audio in
# this directory together exceeds BUDGET bytes.
set -euo pipefail
export LC_ALL=C

HERE=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
cd "$HERE"
W=$(mktemp -d "${TMPDIR:-/tmp}/voxclone-voice.XXXXXX")
trap '[ -n "${KEEP_WORK:-}" ] || rm -rf "$W"' EXIT
BUDGET=2500000
# shellcheck source=lib.sh
source "$HERE/lib.sh"

# finish NAME: render the current timeline, write NAME.opus and its labels,
# and print check_labels.py's level per label kind (fails on a misfit).
finish() {
  local name=$1
  render_timeline "$W/$name.wav" 0.6
  write_labels "$name.labels.tsv"
  encode_opus "$W/$name.wav" "$name.opus"
  printf '%-22s %7.3f s  %3d labels  %8d bytes\n' "$name.opus" \
    "$(samp2sec "$(cat "$TL/total")")" "$(wc -l <"$name.labels.tsv")" "$(stat -c %s "$name.opus")"
  python3 "$HERE/check_labels.py" "$name.opus" "$name.labels.tsv" | tail -n +2
}

# music_at LAYER SRC START_SEC DUR DB FADE_IN FADE_OUT: place an excerpt of
# SRC at the cursor as music; the cursor moves past it.
music_at() {
  excerpt "$2" "$TL/music.wav" "$3" "$4" "$5" "$6" "$7"
  place "$1" "$TL/music.wav" "$CUR" music -
  CUR=$PLACED_END
}

# bed_under LAYER SRC START_SAMPLE END_SAMPLE DB: music from START to END
# (1 s fade in, 1.5 s fade out) without moving the cursor.
bed_under() {
  local secs
  secs=$(samp2sec $(($4 - $3)))
  excerpt "$2" "$TL/bed.wav" 2 "$secs" "$5" 1 1.5
  place "$1" "$TL/bed.wav" "$3" music -
}

# say_text LAYER VOICE FX TEXT: one given sentence at the cursor
say_text() {
  speech_clip "$2" 1.00 "$3" "$4" "$TL/say.wav"
  place "$1" "$TL/say.wav" "$CUR" speech "$2"
  CUR=$PLACED_END
}

# dialogue "ORDER" "VOICE FX MIN MAX"...: one turn per letter of ORDER
# (a = first voice spec, b = second, ...). A turn is sentences by that voice
# until at least a random MIN..MAX seconds have passed (so it runs a
# sentence past that); gaps between turns are 0.3-1.4 s.
dialogue() {
  local order=$1 letter idx voice fx lo hi secs
  shift
  local specs=("$@")
  for letter in $order; do
    idx=$(($(printf '%d' "'$letter") - 97))
    read -r voice fx lo hi <<<"${specs[idx]}"
    rand_sec secs "$lo" "$hi"
    turn speech-"$voice" "$voice" "$fx" "$secs"
    pause 0.3 1.4
  done
}

# ---------------------------------------------------------------- fixtures

fx_podcast_intro() {
  midi_song "$W/theme.wav" pop_rock 1 70
  RANDOM=101 SENT_OFF=0
  tl_new podcast_intro
  music_at music "$W/theme.wav" 0 18 -17 0.05 1.2
  pause 0.4 0.7
  talk host fest-kal room 25
  pause 0.6 0.8
  music_at music "$W/theme.wav" 48 12 -17 0.3 3
  finish podcast_intro
}

fx_interlude() {
  midi_song "$W/piano.wav" solo_piano 2 45
  RANDOM=102 SENT_OFF=3
  tl_new interlude
  CUR=$(sec2samp 0.5)
  talk a en-gb-x-rp+m7 room 15
  pause 0.8 0.9
  music_at music "$W/piano.wav" 4 24 -21 0.5 2.5
  pause 0.6 0.7
  talk a en-gb-x-rp+m7 room 14
  finish interlude
}

# music_bed_fixture NAME SEED VOICE FX STYLE BED_DB_BELOW_SPEECH BED_TALK CLEAN_TALK
# (the two talk lengths in seconds: over the bed, then without it)
music_bed_fixture() {
  local name=$1 bed_end
  midi_song "$W/bed-$5.wav" "$5" "$2" 70
  RANDOM=$2 SENT_OFF=$(($2 % 13))
  tl_new "$name"
  CUR=$(sec2samp 2.5)
  talk speech "$3" "$4" "$7"
  bed_end=$((CUR + $(sec2samp 1.5)))
  bed_under music "$W/bed-$5.wav" 0 "$bed_end" "$(db_minus "$SPEECH_DB" "$6")"
  CUR=$bed_end
  pause 1.0 1.3
  talk speech "$3" "$4" "$8"
  finish "$name"
}

fx_music_bed() { music_bed_fixture music_bed 103 flite-awb dry guitar_arp 12 37 9; }
fx_music_bed_18db() { music_bed_fixture music_bed_18db 104 en-us+f2 lofi electronic 18 34 8; }

fx_interview2() {
  RANDOM=105 SENT_OFF=5
  tl_new interview2
  CUR=$(sec2samp 0.5)
  dialogue "a b a b a b a" "fest-ked dry 4.5 7.5" "flite-rms room 1.5 3"
  finish interview2
}

fx_interview3() {
  RANDOM=106 SENT_OFF=8
  tl_new interview3
  CUR=$(sec2samp 0.5)
  dialogue "a b a c a b c" "flite-slt dry 4 6.5" "en-gb+f3 phone 2 3.5" "en-us+david room 1.5 3"
  finish interview3
}

fx_panel4() {
  RANDOM=107 SENT_OFF=11
  tl_new panel4
  CUR=$(sec2samp 0.5)
  dialogue "a b c a d b a c d a" "en-us+m3 room 4 6.5" "fest-slt room 1.5 3" \
    "en-gb-x-gbclan+m2 lofi 1.5 2.5" "en-gb-x-rp+f4 hall 1 2"
  finish panel4
}

fx_interrupted() {
  RANDOM=108 SENT_OFF=2
  tl_new interrupted
  CUR=$(sec2samp 0.5)
  talk main flite-kal16 dry 12
  pause 0.2 0.3
  say_text other en-us+belinda room "Sorry, can I just jump in there?"
  pause 0.3 0.4
  talk main flite-kal16 dry 12
  pause 0.2 0.3
  say_text other en-us+belinda room "Wait, that is not what the report said, the numbers in the north were much lower."
  pause 0.4 0.5
  talk main flite-kal16 dry 7
  finish interrupted
}

fx_babble() {
  RANDOM=109 SENT_OFF=4
  babble "$W/crowd.wav" 36 en-us+m3 flite-kal16 en-gb+f3 fest-ked en-029+Andy
  tl_new babble
  level "$W/crowd.wav" "$W/crowd.lv.wav" "$(db_minus "$SPEECH_DB" 12.5)"
  place crowd "$W/crowd.lv.wav" 0 other -
  CUR=$(sec2samp 2)
  talk main en-us+f5 dry 30
  finish babble
}

fx_applause() {
  applause "$W/clap.wav" 6 110
  RANDOM=110 SENT_OFF=6
  tl_new applause
  level "$W/clap.wav" "$W/clap.lv.wav" -23
  CUR=$(sec2samp 0.5)
  talk main en-gb-scotland+m4 hall 12
  pause 0.2 0.4
  place crowd "$W/clap.lv.wav" "$CUR" other -
  CUR=$PLACED_END
  pause 0.3 0.5
  talk main en-gb-scotland+m4 hall 12
  finish applause
}

fx_music_only() {
  sung_song "$W/song.wav" choir_ballad 3 28 kal_diphone
  synth_song "$W/pluck.wav" 111 14
  tl_new music_only
  CUR=$(sec2samp 0.3)
  music_at music "$W/song.wav" 0 27 -19 0.5 2
  CUR=$((CUR - $(sec2samp 1.5)))   # the synth line comes in under the fade
  music_at music2 "$W/pluck.wav" 0 13 -21 0.2 1.5
  finish music_only
}

fx_clean_reference() {
  RANDOM=112 SENT_OFF=9
  tl_new clean_reference
  CUR=$(sec2samp 0.5)
  talk main fest-slt dry 36
  finish clean_reference
}

ALL=(podcast_intro interlude music_bed music_bed_18db interview2 interview3 panel4
  interrupted babble applause music_only clean_reference)

# check_budget: print every audio file's size; fail over BUDGET.
check_budget() {
  local f total=0 n
  for f in *.opus *.ogg *.mp3; do
    [ -e "$f" ] || continue
    n=$(stat -c %s "$f")
    total=$((total + n))
  done
  echo "total audio in testdata/voice: $total bytes (budget $BUDGET)"
  if [ "$total" -gt "$BUDGET" ]; then
    echo "over budget" >&2
    return 1
  fi
}

main() {
  local names=("$@") n
  [ ${#names[@]} -gt 0 ] || names=("${ALL[@]}")
  for n in "${names[@]}"; do
    rm -f "$n.opus" "$n.labels.tsv"
    "fx_$n"
  done
  check_budget
}

main "$@"

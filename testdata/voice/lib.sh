# shellcheck shell=bash
# Shared functions for make_voice_fixtures.sh and make_training_set.sh.
# Source it after setting W (a private work directory). Everything is built
# at 24 kHz mono 32-bit float; times are kept in samples so that the labels
# match the audio exactly.
#
# A recording is built on a "timeline": named layers (one per speaker, one
# for music, one for other sounds ...), each a row of clips at exact sample
# offsets. Every clip placed on a layer is also written to the timeline's
# event list (start, end, kind, speaker); labels.py turns that list into
# NAME.labels.tsv. render_timeline mixes the layers (plus a quiet room tone).
#
# Randomness comes only from bash's RANDOM (seed it with RANDOM=N) and from
# `sox -R`, so a run with the same seed gives the same audio. Functions that
# draw random numbers return through global variables, never through $(...),
# because a subshell would not advance the parent's RANDOM.

VOICE_LIB_DIR=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
RATE=24000
SOX=(sox -R -V1)
F32=(-r "$RATE" -c 1 -b 32 -e floating-point)
NUL=(-r "$RATE" -c 1 -n)  # null input at our rate (sox -n alone is 48 kHz)
SF2=${SF2:-/usr/share/sounds/sf2/FluidR3_GM.sf2}
SPEECH_DB=${SPEECH_DB:--20}   # RMS of every speech clip, dBFS
ROOM_DB=${ROOM_DB:--62}       # room tone under every recording, dBFS
CACHE=${CACHE:-$W/cache}
mkdir -p "$CACHE"

# ---------------------------------------------------------------- numbers

rms_db() { sox "$1" -n stats 2>&1 | awk '/^RMS lev dB/ {print $4}'; }
peak_db() { sox "$1" -n stats 2>&1 | awk '/^Pk lev dB/ {print $4}'; }
nsamples() { soxi -s "$1"; }
sec2samp() { awk -v s="$1" -v r="$RATE" 'BEGIN { printf "%d", s * r + 0.5 }'; }
samp2sec() { awk -v n="$1" -v r="$RATE" 'BEGIN { printf "%.3f", n / r }'; }
db_minus() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a - b }'; }

# rand_int VAR LO HI: VAR = uniform integer in [LO, HI] (from RANDOM)
rand_int() { printf -v "$1" '%d' $(($2 + RANDOM % ($3 - $2 + 1))); }
# rand_sec VAR LO HI: VAR = seconds with 3 decimals, uniform in [LO, HI]
rand_sec() {
  local ms lo hi
  lo=$(awk -v x="$2" 'BEGIN { printf "%d", x * 1000 }')
  hi=$(awk -v x="$3" 'BEGIN { printf "%d", x * 1000 }')
  ms=$((lo + (RANDOM * 32768 + RANDOM) % (hi - lo + 1)))
  printf -v "$1" '%d.%03d' $((ms / 1000)) $((ms % 1000))
}
# rand_pick VAR ITEM...: VAR = one of the items
rand_pick() { local v=$1; shift; local a=("$@"); printf -v "$v" '%s' "${a[RANDOM % ${#a[@]}]}"; }

# level FILE OUT DB: scale FILE so that its RMS is DB dBFS.
level() {
  "${SOX[@]}" "$1" "$2" gain "$(db_minus "$3" "$(rms_db "$1")")"
}

# silence_wav OUT NSAMPLES
silence_wav() { "${SOX[@]}" "${NUL[@]}" "${F32[@]}" "$1" trim 0 "${2}s"; }

# ---------------------------------------------------------------- voices
# One line per voice: name|engine|engine voice|pitch|rate|sex|person
#   espeak: pitch = -p (0-99), rate = -s words per minute
#   flite:  pitch = int_f0_target_mean Hz (- = voice default), rate = duration_stretch
#   fest:   rate = Duration_Stretch (diphone voices) or sox tempo (HTS voice)
# "person" names the recorded human behind a voice: flite-kal16/fest-kal and
# flite-slt/fest-slt are the same person, so they are never two speakers of
# one recording.
VOICES=(
  "en-us+m3|espeak|en-us+m3|42|165|M|espeak-m3"
  "en-gb-x-rp+m7|espeak|en-gb-x-rp+m7|35|150|M|espeak-m7"
  "en-gb-scotland+m4|espeak|en-gb-scotland+m4|48|170|M|espeak-m4"
  "en-gb-x-gbclan+m2|espeak|en-gb-x-gbclan+m2|55|180|M|espeak-m2"
  "en-us+david|espeak|en-us+david|30|145|M|espeak-david"
  "en-029+Andy|espeak|en-029+Andy|50|160|M|espeak-andy"
  "en-us+klatt2|espeak|en-us+klatt2|45|155|M|espeak-klatt2"
  "en-us+f2|espeak|en-us+f2|60|170|F|espeak-f2"
  "en-gb+f3|espeak|en-gb+f3|52|155|F|espeak-f3"
  "en-gb-x-rp+f4|espeak|en-gb-x-rp+f4|66|175|F|espeak-f4"
  "en-us+f5|espeak|en-us+f5|48|150|F|espeak-f5"
  "en-gb+Annie|espeak|en-gb+Annie|58|165|F|espeak-annie"
  "en-us+belinda|espeak|en-us+belinda|55|160|F|espeak-belinda"
  "flite-rms|flite|rms|-|1.00|M|rms"
  "flite-awb|flite|awb|-|1.05|M|awb"
  "flite-kal16|flite|kal16|-|0.95|M|kal"
  "flite-slt|flite|slt|-|1.00|F|slt"
  "fest-kal|fest|kal_diphone|-|1.05|M|kal"
  "fest-ked|fest|ked_diphone|-|1.00|M|ked"
  "fest-slt|fest|cmu_us_slt_arctic_hts|-|1.00|F|slt"
)

# voice_field NAME INDEX (1-based field of the VOICES line)
voice_field() {
  local line
  for line in "${VOICES[@]}"; do
    if [ "${line%%|*}" = "$1" ]; then
      echo "$line" | cut -d'|' -f"$2"
      return
    fi
  done
  echo "unknown voice $1" >&2
  return 1
}

# tts_raw NAME SPEED TEXT OUT: the engine's own output (any rate). SPEED
# scales the voice's base rate (1.1 = 10 % faster).
tts_raw() {
  local name=$1 speed=$2 text=$3 out=$4 engine voice pitch rate
  engine=$(voice_field "$name" 2)
  voice=$(voice_field "$name" 3)
  pitch=$(voice_field "$name" 4)
  rate=$(voice_field "$name" 5)
  case $engine in
    espeak)
      espeak-ng -v "$voice" -p "$pitch" -w "$out" \
        -s "$(awk -v r="$rate" -v s="$speed" 'BEGIN { printf "%d", r * s }')" "$text"
      ;;
    flite)
      local f0=()
      if [ "$pitch" != - ]; then f0=(--setf int_f0_target_mean="$pitch"); fi
      flite -voice "$voice" "${f0[@]}" -t "$text" -o "$out" \
        --setf duration_stretch="$(awk -v r="$rate" -v s="$speed" 'BEGIN { printf "%.3f", r / s }')" \
        2>/dev/null
      ;;
    fest)
      printf '%s\n' "$text" >"$out.txt"
      if [ "${voice%_hts}" != "$voice" ]; then
        text2wave -eval "(voice_$voice)" "$out.txt" -o "$out.hts.wav" 2>/dev/null
        "${SOX[@]}" "$out.hts.wav" "$out" tempo -s \
          "$(awk -v r="$rate" -v s="$speed" 'BEGIN { printf "%.3f", s / r }')"
        rm -f "$out.hts.wav"
      else
        text2wave -eval "(voice_$voice)" \
          -eval "(Parameter.set 'Duration_Stretch $(awk -v r="$rate" -v s="$speed" 'BEGIN { printf "%.3f", r / s }'))" \
          "$out.txt" -o "$out" 2>/dev/null
      fi
      rm -f "$out.txt"
      ;;
  esac
}

# Channel effects, applied to a clip before its ends are trimmed (so a
# reverb tail counts as part of the clip):
#   dry, room (small room), hall (large room), phone (300-3400 Hz band,
#   slight distortion), far (distant talker: low-pass + big room), lofi
#   (cheap microphone: 120-6000 Hz, a bit of compression)
fx_args() {
  case $1 in
    dry) ;;
    room) echo "reverb 30 60 40 100 5 -4" ;;
    hall) echo "reverb 65 40 90 100 20 -3" ;;
    phone) echo "sinc 300-3400 overdrive 4 20 gain -3" ;;
    far) echo "lowpass 2500 reverb 70 50 100 100 10 0" ;;
    lofi) echo "sinc 120-6000 compand 0.02,0.2 -60,-60,-30,-18,0,-8 0" ;;
    *) echo "unknown fx $1" >&2; return 1 ;;
  esac
}

# speech_clip NAME SPEED FX TEXT OUT: a 24 kHz float clip of the sentence,
# channel effect applied, both ends trimmed where the level first/last
# reaches 0.5 % of full scale (the clip peaks at -3 dBFS there, so about
# 43 dB below its peak; short fades avoid clicks), RMS = SPEECH_DB.
# Raw synthesis is cached by (voice, speed, text).
speech_clip() {
  local name=$1 speed=$2 fx=$3 text=$4 out=$5 key raw
  key=$(printf '%s|%s|%s' "$name" "$speed" "$text" | md5sum | cut -c1-16)
  raw=$CACHE/tts-$key.wav
  if [ ! -s "$raw" ]; then
    # write then rename: parallel training-set jobs share the cache
    tts_raw "$name" "$speed" "$text" "$raw.$$.wav"
    mv "$raw.$$.wav" "$raw"
  fi
  # shellcheck disable=SC2046
  "${SOX[@]}" "$raw" "${F32[@]}" "$out.fx.wav" gain -n -3 $(fx_args "$fx") \
    silence 1 0.005 0.5% reverse silence 1 0.005 0.5% fade h 0.03 reverse fade h 0.005
  level "$out.fx.wav" "$out" "$SPEECH_DB"
  rm -f "$out.fx.wav"
}

# ---------------------------------------------------------------- sentences
SENTENCES=(
  "Welcome back to the show, it is good to have you here again."
  "Today we are talking about gardens, bicycles and the price of bread."
  "Did you really drive all the way from Glasgow this morning?"
  "It took us four hours and twenty minutes, mostly because of the rain."
  "The museum opens at nine thirty on weekdays and at ten on Sundays."
  "I think the real question is who pays for it."
  "Yes."
  "Absolutely, and that is exactly what the report found."
  "Could you explain that for someone who has never used one?"
  "We planted three hundred and sixty trees along the river last spring."
  "My grandmother kept bees for almost fifty years."
  "Honestly, I was not sure it would work at all."
  "The train to Manchester leaves from platform seven at a quarter past six."
  "What would you say to a listener who wants to start tomorrow?"
  "Start small, keep notes, and do not be afraid to ask for help."
  "Our survey had two thousand four hundred replies in the first week."
  "That surprised everyone, including the people who designed it."
  "Let me read you a short message from one of our listeners."
  "She writes that the bridge near her house has been closed since March."
  "Is that safe, or is it just a rumour?"
  "The engineers checked it twice and found only minor cracks."
  "Coffee or tea?"
  "Tea, please, with a little milk and no sugar."
  "In nineteen eighty four the village had one shop and a single telephone box."
  "Now there are three cafes, a bakery and a small cinema."
  "Why do you think people moved back to the countryside?"
  "Cheaper houses, faster internet, and a slower pace of life."
  "The recipe needs two eggs, a cup of flour and a pinch of salt."
  "Bake it for twenty five minutes, or until the top turns golden."
  "Right, let us take a short break and come back in a minute."
  "Thank you very much for joining us today."
  "It was a pleasure, thanks for having me."
  "The weather tomorrow will be cloudy with a chance of showers in the afternoon."
  "Temperatures will reach about fourteen degrees in the south."
  "Have you ever tried to fix a watch with your bare hands?"
  "No, but I once rebuilt a motorbike engine in my kitchen."
  "The library lends tools, seeds and even fishing rods these days."
  "That is wonderful, I had no idea."
  "Every Tuesday a group of volunteers repairs broken toys for free."
  "The phone number is oh one two three, four five six, seven eight nine."
  "Please speak slowly and clearly, and keep the microphone close to your mouth."
  "Our next guest has climbed eleven of the highest mountains in Europe."
  "What was the hardest part of the climb?"
  "The last two hundred metres, in thick fog, with no feeling in my fingers."
  "I would do it again tomorrow if I could."
  "The band played until midnight and nobody wanted to go home."
  "Four, three, two, one, and we are live."
  "Sorry, could you repeat the last part of the question?"
  "Of course, I asked whether the project will finish on time."
  "We hope so, but the winter was long and the ground is still wet."
  "Some of the best ideas come from people who are new to the field."
  "The meeting is on the fifth of June at half past two."
  "Really?"
  "I have been reading about old maps, and how sailors used the stars."
  "Remember to switch off the lights when you leave the studio."
  "There are more than seven thousand languages spoken in the world today."
  "Which one would you learn first, if you had the time?"
  "Probably Portuguese, because my neighbours speak it every evening."
  "That brings us to the end of the first part of the programme."
  "Stay with us, there is much more to come after the music."
)
SENT_I=0
SENT_OFF=0
GEN_SENTENCES=${GEN_SENTENCES:-0}
# next_sentence VAR: the next sentence of a fixed walk through SENTENCES
# (step 7 is coprime to the list length, so the walk visits every sentence).
# With GEN_SENTENCES=1 (training set) every other sentence is made up by
# make_sentence instead, for more varied text.
next_sentence() {
  if [ "$GEN_SENTENCES" = 1 ] && [ $((RANDOM % 2)) -eq 0 ]; then
    make_sentence "$1"
  else
    printf -v "$1" '%s' "${SENTENCES[(SENT_I * 7 + SENT_OFF) % ${#SENTENCES[@]}]}"
  fi
  SENT_I=$((SENT_I + 1))
}

# make_sentence VAR: a random sentence from templates (statements,
# questions, numbers, short replies).
W_WHO=("my brother" "the new manager" "our neighbour" "a student from Leeds" "the driver"
  "your aunt" "the mayor" "one of the nurses" "a farmer" "the whole team")
W_DID=("bought" "repaired" "painted" "forgot" "sold" "found" "lost" "borrowed" "cleaned" "ordered")
W_WHAT=("an old piano" "the red bicycle" "a box of apples" "the kitchen table" "two tickets"
  "a broken radio" "the garden fence" "a small boat" "forty chairs" "the blue van")
W_WHEN=("last Tuesday" "this morning" "in the summer of two thousand and nine" "after lunch"
  "on Christmas Eve" "three weeks ago" "just before midnight" "at half past seven" "yesterday")
W_SHORT=("Okay." "Right, exactly." "No, not at all." "Mm, I see." "Sure, why not?" "Good question."
  "That is true." "Wow." "Hang on a second." "I agree with that.")
make_sentence() {
  local who did what when n
  rand_pick who "${W_WHO[@]}"
  rand_pick did "${W_DID[@]}"
  rand_pick what "${W_WHAT[@]}"
  rand_pick when "${W_WHEN[@]}"
  rand_int n 2 9999
  case $((RANDOM % 6)) in
    0) printf -v "$1" '%s' "${who^} $did $what $when." ;;
    1) printf -v "$1" '%s' "Why do you think ${who} $did $what?" ;;
    2) printf -v "$1" '%s' "$when, ${who} $did $what, and it cost $n pounds." ;;
    3) rand_pick "$1" "${W_SHORT[@]}" ;;
    4) printf -v "$1" '%s' "Was it really ${who} who $did $what $when?" ;;
    *) printf -v "$1" '%s' "There were $n people there, and ${who} $did $what for all of them." ;;
  esac
}

# ---------------------------------------------------------------- timeline
# tl_new NAME: start a timeline in $W/tl-NAME; the cursor is at 0 and the
# sentence walk restarts (at SENT_OFF).
tl_new() {
  TL=$W/tl-$1
  rm -rf "$TL"
  mkdir -p "$TL/layers"
  : >"$TL/events.tsv"
  CUR=0
  NCLIP=0
  SENT_I=0
}

# layer_end LAYER: first free sample of the layer
layer_end() { cat "$TL/layers/$1.end" 2>/dev/null || echo 0; }

# place LAYER FILE START KIND SPEAKER: put FILE on LAYER at sample START
# (after anything already on that layer), log the event, set PLACED_END.
place() {
  local layer=$1 file=$2 start=$3 kind=$4 spk=$5 end gap n
  end=$(layer_end "$layer")
  gap=$((start - end))
  if [ "$gap" -lt 0 ]; then
    echo "place: $layer overlaps itself at $start (< $end)" >&2
    return 1
  fi
  NCLIP=$((NCLIP + 1))
  if [ "$gap" -gt 0 ]; then
    silence_wav "$TL/gap$NCLIP.wav" "$gap"
    echo "$TL/gap$NCLIP.wav" >>"$TL/layers/$layer.list"
  fi
  cp "$file" "$TL/clip$NCLIP.wav"
  echo "$TL/clip$NCLIP.wav" >>"$TL/layers/$layer.list"
  n=$(nsamples "$file")
  PLACED_END=$((start + n))
  echo "$PLACED_END" >"$TL/layers/$layer.end"
  if [ "$kind" != none ]; then
    printf '%d\t%d\t%s\t%s\n' "$start" "$PLACED_END" "$kind" "$spk" >>"$TL/events.tsv"
  fi
}

# say LAYER VOICE FX: speak the next sentence at the cursor, move the cursor
# past it. Speed varies per sentence by up to +-8 %.
say() {
  local layer=$1 voice=$2 fx=$3 text speed r=$((RANDOM % 17))
  next_sentence text
  speed=$(awk -v r="$r" 'BEGIN { printf "%.2f", 0.92 + r / 100 }')
  speech_clip "$voice" "$speed" "$fx" "$text" "$TL/say.wav"
  place "$layer" "$TL/say.wav" "$CUR" speech "$voice"
  CUR=$PLACED_END
}

# pause LO HI: move the cursor by a random LO..HI seconds
pause() { local s; rand_sec s "$1" "$2"; CUR=$((CUR + $(sec2samp "$s"))); }

# turn LAYER VOICE FX SECONDS: sentences by one voice, with 0.15-0.8 s
# pauses, until at least SECONDS of the turn have passed.
turn() {
  local layer=$1 voice=$2 fx=$3 until
  until=$((CUR + $(sec2samp "$4")))
  say "$layer" "$voice" "$fx"
  while [ "$CUR" -lt "$until" ]; do
    pause 0.15 0.8
    say "$layer" "$voice" "$fx"
  done
}

# talk LAYER VOICE FX SECONDS: like turn, but a longer monologue in which
# about one pause in four is 1.0-1.8 s (a labelled silence).
talk() {
  local layer=$1 voice=$2 fx=$3 until
  until=$((CUR + $(sec2samp "$4")))
  say "$layer" "$voice" "$fx"
  while [ "$CUR" -lt "$until" ]; do
    if [ $((RANDOM % 4)) -eq 0 ]; then pause 1.0 1.8; else pause 0.15 0.8; fi
    say "$layer" "$voice" "$fx"
  done
}

# render_timeline OUT [TAIL_SECONDS]: mix every layer plus room tone into a
# 24 kHz float WAV; the file ends TAIL seconds after the last clip. Lowers
# the whole mix if its peak is above -1 dBFS. Writes $TL/total (samples).
render_timeline() {
  local out=$1 tail=${2:-0.5} total=0 e l inputs=() pk
  for l in "$TL"/layers/*.end; do
    e=$(cat "$l")
    if [ "$e" -gt "$total" ]; then total=$e; fi
  done
  total=$((total + $(sec2samp "$tail")))
  echo "$total" >"$TL/total"
  for l in "$TL"/layers/*.list; do
    # shellcheck disable=SC2046
    "${SOX[@]}" $(cat "$l") "${l%.list}.wav"
    if [ "$(nsamples "${l%.list}.wav")" -ne "$(cat "${l%.list}.end")" ]; then
      echo "render_timeline: ${l%.list} is not as long as its clips" >&2
      return 1
    fi
    inputs+=(-v 1 "${l%.list}.wav")
  done
  room_tone "$TL/room.wav" "$total" "$ROOM_DB"
  inputs+=(-v 1 "$TL/room.wav")
  "${SOX[@]}" -m "${inputs[@]}" "${F32[@]}" "$TL/mix.wav" pad 0 "${total}s" trim 0 "${total}s"
  pk=$(peak_db "$TL/mix.wav")
  if awk -v p="$pk" 'BEGIN { exit !(p > -1) }'; then
    "${SOX[@]}" "$TL/mix.wav" "$out" gain "$(db_minus -1 "$pk")"
  else
    mv "$TL/mix.wav" "$out"
  fi
}

# room_tone OUT NSAMPLES DB: pink noise, low-passed, at DB dBFS RMS
room_tone() {
  "${SOX[@]}" "${NUL[@]}" "${F32[@]}" "$1.raw.wav" synth "${2}s" pinknoise lowpass 1500 highpass 40
  level "$1.raw.wav" "$1" "$3"
  rm -f "$1.raw.wav"
}

# write_labels OUT.tsv: labels of the current timeline
write_labels() {
  python3 "$VOICE_LIB_DIR/labels.py" "$TL/events.tsv" "$(cat "$TL/total")" "$RATE" >"$1"
}

# ---------------------------------------------------------------- music

# midi_song OUT STYLE SEED SECONDS: render make_midi.py's song with
# fluidsynth; OUT is 24 kHz float mono, peak-normalised. Cached.
midi_song() {
  local out=$1 style=$2 seed=$3 secs=$4 base
  base=$CACHE/midi-$style-$seed-$secs
  if [ ! -s "$base.wav" ]; then
    python3 "$VOICE_LIB_DIR/make_midi.py" "$base" "$style" "$seed" "$secs" >"$base.info"
    fluidsynth -ni -q -F "$base.fs.wav" -r "$RATE" "$SF2" "$base.mid" >/dev/null 2>&1
    "${SOX[@]}" "$base.fs.wav" "${F32[@]}" "$base.wav" remix - gain -n -1
    rm -f "$base.fs.wav"
  fi
  cp "$base.wav" "$out"
}

# sung_song OUT STYLE SEED SECONDS VOICE: the choir_ballad-like song with
# Festival singing its melody (VOICE = a Festival diphone voice), voice
# mixed 3 dB above the band.
sung_song() {
  local out=$1 style=$2 seed=$3 secs=$4 voice=$5 base
  base=$CACHE/midi-$style-$seed-$secs
  midi_song "$out.band.wav" "$style" "$seed" "$secs"
  text2wave -mode singing -eval "(voice_$voice)" "$base.sing.xml" -o "$out.voice.raw.wav" 2>/dev/null
  "${SOX[@]}" "$out.voice.raw.wav" "${F32[@]}" "$out.voice.wav" reverb 50 50 80 100 10 -2
  level "$out.band.wav" "$out.band.lv.wav" -24
  level "$out.voice.wav" "$out.voice.lv.wav" -21
  "${SOX[@]}" -m -v 1 "$out.band.lv.wav" -v 1 "$out.voice.lv.wav" "$out" gain -n -1
  rm -f "$out".band*.wav "$out".voice*.wav
}

# synth_song OUT SEED SECONDS: an instrument line made by sox alone: a
# plucked pentatonic melody over a filtered square-wave bass and a sine pad,
# in a small room. (sox's pluck needs 44.1-48 kHz: built at 48 kHz, then
# resampled.)
synth_song() {
  local out=$1 secs=$3 tempo i n f d root p
  local in48=(-r 48000 -c 1 -n) out48=(-r 48000 -c 1 -b 32 -e floating-point)
  local pent=(0 2 4 7 9 12 14 16 19 21) bass=(0 0 5 7 9 5 7 0)
  local mel=() bas=() pad=()
  RANDOM=$2
  rand_pick tempo 0.30 0.36 0.42 0.5
  rand_int root 45 55
  n=$(awk -v s="$secs" -v t="$tempo" 'BEGIN { printf "%d", s / t + 1 }')
  p=4
  for ((i = 0; i < n; i++)); do
    p=$((p + RANDOM % 5 - 2))
    if ((p < 0)); then p=0; elif ((p > 9)); then p=9; fi
    f=$(midi_hz $((root + 12 + pent[p])))
    d=$tempo
    if [ $((RANDOM % 4)) -eq 0 ]; then d=$(awk -v t="$tempo" 'BEGIN { print t * 2 }'); fi
    "${SOX[@]}" "${in48[@]}" "${out48[@]}" "$out.m$i.wav" synth "$d" pluck "$f" fade 0 "$d" 0.05
    mel+=("$out.m$i.wav")
  done
  d=$(awk -v t="$tempo" 'BEGIN { print t * 8 }')
  for ((i = 0; i * 8 < n; i++)); do
    f=$(midi_hz $((root - 12 + bass[i % 8])))
    "${SOX[@]}" "${in48[@]}" "${out48[@]}" "$out.b$i.wav" synth "$d" square "$f" lowpass 400 \
      fade 0.01 "$d" 0.1 gain -12
    "${SOX[@]}" "${in48[@]}" "${out48[@]}" "$out.p$i.wav" synth "$d" \
      sine "$(awk -v f="$f" 'BEGIN { print f * 4 }')" sine "$(awk -v f="$f" 'BEGIN { print f * 5 }')" \
      sine "$(awk -v f="$f" 'BEGIN { print f * 6 }')" remix - fade 0.3 "$d" 0.3 gain -22
    bas+=("$out.b$i.wav")
    pad+=("$out.p$i.wav")
  done
  "${SOX[@]}" "${mel[@]}" "$out.mel.wav"
  "${SOX[@]}" "${bas[@]}" "$out.bas.wav"
  "${SOX[@]}" "${pad[@]}" "$out.pad.wav"
  "${SOX[@]}" -m -v 1 "$out.mel.wav" -v 1 "$out.bas.wav" -v 1 "$out.pad.wav" "${F32[@]}" "$out.mix.wav" \
    reverb 40 50 60 trim 0 "$secs" gain -n -1
  mv "$out.mix.wav" "$out"
  rm -f "$out".m*.wav "$out".b*.wav "$out".p*.wav
}

# midi_hz NOTE: frequency of a MIDI note number
midi_hz() { awk -v m="$1" 'BEGIN { printf "%.2f", 440 * 2 ^ ((m - 69) / 12) }'; }

# excerpt SRC OUT START_SEC DUR_SEC DB FADE_IN FADE_OUT: a piece of SRC at
# DB dBFS RMS (measured after the fades).
excerpt() {
  "${SOX[@]}" "$1" "$2.cut.wav" trim "$3" "$4" fade t "$6" "$4" "$7"
  level "$2.cut.wav" "$2" "$5"
  rm -f "$2.cut.wav"
}

# ---------------------------------------------------------------- other sounds

# applause OUT SECONDS SEED: 20 clappers, each white noise gated by a fast
# exponential-decay pulse train at its own rate (3.5-6.5 claps/s) and
# band-passed at its own centre, summed and shaped by a swell and a decay.
applause() {
  local out=$1 secs=$2 i rate c inputs=() off
  RANDOM=$3
  "${SOX[@]}" "${NUL[@]}" "${F32[@]}" "$out.noise.wav" synth "$((secs * 25))" whitenoise
  for ((i = 0; i < 20; i++)); do
    rand_sec rate 3.5 6.5
    rand_int c 700 3200
    off=$((i * secs))
    "${SOX[@]}" "$out.noise.wav" "$out.c$i.wav" trim "$off" "$secs" \
      synth "$secs" exp amod "$rate" 0 "$((RANDOM % 100))" 1 50 gain -3 \
      sinc "$((c / 2))-$((c * 2))" gain "-$((RANDOM % 8))"
    inputs+=(-v 1 "$out.c$i.wav")
  done
  "${SOX[@]}" -m "${inputs[@]}" "$out.sum.wav" reverb 40 50 70 100 0 -6 fade t 0.4 "$secs" 2.5
  mv "$out.sum.wav" "$out"
  rm -f "$out".noise.wav "$out".c*.wav
}

# noise_event OUT SECONDS TYPE: a non-speech, non-music sound:
#   traffic (brown noise, slow swells), rain (high-passed pink noise,
#   flickering), wind (low-passed pink noise, gusts), knocks (low thumps,
#   about 3 a second), hum (mains buzz: 50 Hz and harmonics)
noise_event() {
  local out=$1 secs=$2
  case $3 in
    traffic) set -- synth "$secs" brownnoise lowpass 900 tremolo 0.2 70 ;;
    rain) set -- synth "$secs" pinknoise highpass 1200 tremolo 9 35 ;;
    wind) set -- synth "$secs" pinknoise lowpass 500 tremolo 0.35 90 ;;
    knocks) set -- synth "$secs" brownnoise synth "$secs" exp amod 3 0 0 1 40 lowpass 400 ;;
    hum) set -- synth "$secs" square 50 sine 150 sine 250 remix - lowpass 1000 ;;
    *) echo "unknown noise $3" >&2; return 1 ;;
  esac
  "${SOX[@]}" "${NUL[@]}" "${F32[@]}" "$out" "$@" fade t 0.3 "$secs" 0.5 gain -n -3
}

# babble OUT SECONDS VOICE...: every voice talks non-stop (short pauses, its
# own sentence order), all summed, low-passed and reverberated: a crowd.
babble() {
  local out=$1 secs=$2 v saved_tl=$TL saved_cur=$CUR saved_i=$SENT_I saved_n=$NCLIP k=0 lead
  shift 2
  tl_new "babble-$$"
  for v in "$@"; do
    k=$((k + 1))
    SENT_I=$((k * 11))
    lead=$((RANDOM % 9))
    CUR=$(sec2samp "0.$lead")
    while [ "$CUR" -lt "$(sec2samp "$secs")" ]; do
      say "v$k" "$v" dry
      pause 0.1 0.6
    done
  done
  local inputs=() l
  for l in "$TL"/layers/*.list; do
    # shellcheck disable=SC2046
    "${SOX[@]}" $(cat "$l") "${l%.list}.wav"
    inputs+=(-v 1 "${l%.list}.wav")
  done
  "${SOX[@]}" -m "${inputs[@]}" "$out" lowpass 3000 reverb 60 50 100 100 10 0 trim 0 "$secs"
  rm -rf "$TL"
  TL=$saved_tl CUR=$saved_cur SENT_I=$saved_i NCLIP=$saved_n
}

# ---------------------------------------------------------------- output

# encode_opus IN.wav OUT.opus [KBPS]: 24 kHz mono Opus at KBPS kb/s (32 unless given), bit-exact,
# no metadata
encode_opus() {
  ffmpeg -nostdin -hide_banner -loglevel error -y -i "$1" \
    -fflags +bitexact -flags:a +bitexact -map_metadata -1 \
    -ar "$RATE" -ac 1 -c:a libopus -b:a "${3:-32}k" "$2"
}

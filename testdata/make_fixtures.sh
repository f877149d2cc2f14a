#!/usr/bin/env bash
# Regenerates every voxclone test fixture in this directory.
#
#   bash testdata/make_fixtures.sh        (from any directory)
#
# Needs: espeak-ng, sox (with FLAC support), soxi, ffmpeg/ffprobe (libmp3lame,
# libvorbis, libopus, libx264). See README.md for the versions used.
#
# Labelled recordings are built like this: every sentence is spoken by
# espeak-ng, trimmed of leading/trailing digital silence, resampled to the
# file's rate and scaled to the wanted speech RMS; the clips are laid out at
# exact sample offsets (lead, pauses, tail) and mixed over a pink-noise
# "room tone" bed. NAME.labels.tsv gets one line per clip:
#   start_seconds<TAB>end_seconds<TAB>sentence
# where start/end are exactly where the trimmed clip sits in the file.
set -euo pipefail
export LC_ALL=C

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"
W=$(mktemp -d "${TMPDIR:-/tmp}/voxclone-fixtures.XXXXXX")
trap 'rm -rf "$W"' EXIT

# -R: repeatable random numbers (noise, dither); -V1: errors only.
# ffmpeg: bitexact flags and no metadata, so reruns give identical bytes.
SOX=(sox -R -V1)
FF=(ffmpeg -nostdin -hide_banner -loglevel error -y)
EXACT=(-fflags +bitexact -flags:a +bitexact -map_metadata -1)
FLAC_C=(-C 8)

# Size budget: all committed fixtures must stay under 3 MB. Three knobs keep
# the FLACs small (see README.md, "Size budget"):
# Room tone = pink noise low-passed at 1 kHz (HVAC-like rumble; cheap to store).
ROOM_FX=(lowpass "${ROOM_LP:-1000}")
# Speech band limit applied to each espeak clip (espeak is 22.05 kHz anyway).
SPEECH_FX=(sinc "-${SPEECH_LP:-4000}")
# Effective resolution of the 16-bit speech FLACs and of the 24-bit
# speech_quiet.flac: the low bits are left zero, which FLAC stores for free.
EB16=${EB16:-10}
EB24=${EB24:-17}

# ---------------------------------------------------------------- helpers
rms_db() { sox "$1" -n stats 2>&1 | awk '/^RMS lev dB/ {print $4}'; }
samples() { soxi -s "$1"; }
sec2samp() { awk -v s="$1" -v r="$2" 'BEGIN { printf "%d", s * r + 0.5 }'; }
minus() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a - b }'; }

# noise_bed OUT RATE NSAMPLES DBFS  -> float mono pink room tone at DBFS RMS
noise_bed() {
  local out=$1 rate=$2 n=$3 db=$4
  "${SOX[@]}" -r "$rate" -c 1 -n -e floating-point -b 32 "$W/bed0.wav" \
    synth "${n}s" pinknoise "${ROOM_FX[@]}"
  "${SOX[@]}" "$W/bed0.wav" "$out" gain "$(minus "$db" "$(rms_db "$W/bed0.wav")")"
}

# quantise IN OUT CONTAINER_BITS EFFECTIVE_BITS
# Writes a WAV with CONTAINER_BITS whose samples only use the top
# EFFECTIVE_BITS (low bits are zero). FLAC stores such zero low bits for
# free ("wasted bits"), which keeps the committed fixtures small. No dither
# (the room tone, about one quantisation step RMS, does that job); this makes
# the 10-bit room tone measure about 1 dB above its nominal level.
quantise() {
  local in=$1 out=$2 cb=$3 eb=$4 sh k
  sh=$((cb - eb))
  if [ "$sh" -eq 0 ]; then
    "${SOX[@]}" "$in" -b "$cb" "$out"
    return
  fi
  k=$((1 << sh))
  if [ "$eb" -le 16 ] && [ "$cb" -gt 16 ]; then
    # e.g. 16 in 24: dither to 16 bit, then widen exactly (low 8 bits zero)
    "${SOX[@]}" -D "$in" -b 16 "$W/q.wav" vol "$(awk -v k="$k" -v c="$cb" 'BEGIN { printf "%.12f", 2^(c-16)/k }')"
    sox -V1 -D "$W/q.wav" -b "$cb" "$out"
  else
    "${SOX[@]}" -D "$in" -b "$cb" "$W/q.wav" vol "$(awk -v k="$k" 'BEGIN { printf "%.12f", 1/k }')"
    sox -V1 -D "$W/q.wav" -b "$cb" "$out" vol "$k"
  fi
}

# build NAME RATE LEAD TAIL SPEECH_DB ROOM_DB "PAUSES..." "voice|speed|text"...
# Produces $W/NAME.mix.wav (float mono at RATE), $W/NAME.room.wav (the bed
# alone) and ./NAME.labels.tsv. Pauses are used cyclically between clips.
build() {
  local name=$1 rate=$2 lead=$3 tail=$4 sdb=$5 ndb=$6
  local -a pauses
  read -r -a pauses <<<"$7"
  shift 7
  local pos=0 i=0 gap gs n start voice speed text seg tails total
  local labels="$name.labels.tsv"
  : >"$labels"
  rm -f "$W"/seg*.wav
  for spec in "$@"; do
    IFS='|' read -r voice speed text <<<"$spec"
    espeak-ng -v "$voice" -s "$speed" -w "$W/raw.wav" "$text"
    "${SOX[@]}" "$W/raw.wav" -e floating-point -b 32 "$W/trim.wav" \
      silence 1 0.005 0.1% reverse silence 1 0.005 0.1% reverse "${SPEECH_FX[@]}"
    if [ "$rate" -ne "$(soxi -r "$W/trim.wav")" ]; then
      "${SOX[@]}" "$W/trim.wav" -r "$rate" "$W/res.wav" rate -h
    else
      cp "$W/trim.wav" "$W/res.wav"
    fi
    if [ "$i" -eq 0 ]; then gap=$lead; else gap=${pauses[$(((i - 1) % ${#pauses[@]}))]}; fi
    gs=$(sec2samp "$gap" "$rate")
    n=$(samples "$W/res.wav")
    start=$((pos + gs))
    pos=$((start + n))
    seg=$(printf '%s/seg%03d.wav' "$W" "$i")
    "${SOX[@]}" "$W/res.wav" "$seg" gain "$(minus "$sdb" "$(rms_db "$W/res.wav")")" pad "${gs}s"
    awk -v a="$start" -v b="$pos" -v r="$rate" -v t="$text" \
      'BEGIN { printf "%.3f\t%.3f\t%s\n", a / r, b / r, t }' >>"$labels"
    i=$((i + 1))
  done
  tails=$(sec2samp "$tail" "$rate")
  total=$((pos + tails))
  "${SOX[@]}" "$W"/seg*.wav "$W/$name.speech.wav" pad "0" "${tails}s"
  [ "$(samples "$W/$name.speech.wav")" -eq "$total" ] || { echo "length mismatch in $name" >&2; exit 1; }
  noise_bed "$W/$name.room.wav" "$rate" "$total" "$ndb"
  "${SOX[@]}" -m -v 1 "$W/$name.speech.wav" -v 1 "$W/$name.room.wav" "$W/$name.mix.wav"
}

# midi_hz NOTE: the frequency of a MIDI note number
midi_hz() { awk -v m="$1" 'BEGIN { printf "%.2f", 440 * 2 ^ ((m - 69) / 12) }'; }

# tune OUT SECONDS: a plucked pentatonic melody over a square-wave bass and a sine pad, in a
# small room; float mono at 48 kHz (sox's pluck wants 44.1-48 kHz), peak -3 dBFS.
tune() {
  local out=$1 secs=$2 beat=0.35 bar=1.4 i n f
  local in48=(-r 48000 -c 1 -n) as48=(-r 48000 -c 1 -b 32 -e floating-point)
  local melody=(69 72 74 76 79 76 74 72 74 76 79 81 79 76 74 72) bass=(45 45 50 52 53 50 52 45)
  local mel=() low=() pad=()
  n=$(awk -v s="$secs" -v b="$beat" 'BEGIN { printf "%d", s / b + 1 }')
  for ((i = 0; i < n; i++)); do
    f=$(midi_hz "${melody[$((i % ${#melody[@]}))]}")
    "${SOX[@]}" "${in48[@]}" "${as48[@]}" "$W/tune.m$i.wav" synth "$beat" pluck "$f" fade 0 "$beat" 0.05
    mel+=("$W/tune.m$i.wav")
  done
  for ((i = 0; i * 4 < n; i++)); do
    f=$(midi_hz "${bass[$((i % ${#bass[@]}))]}")
    "${SOX[@]}" "${in48[@]}" "${as48[@]}" "$W/tune.b$i.wav" synth "$bar" square "$f" lowpass 400 \
      fade 0.01 "$bar" 0.1 gain -12
    "${SOX[@]}" "${in48[@]}" "${as48[@]}" "$W/tune.p$i.wav" synth "$bar" \
      sine "$(awk -v f="$f" 'BEGIN { print f * 4 }')" sine "$(awk -v f="$f" 'BEGIN { print f * 5 }')" \
      sine "$(awk -v f="$f" 'BEGIN { print f * 6 }')" remix - fade 0.3 "$bar" 0.3 gain -22
    low+=("$W/tune.b$i.wav")
    pad+=("$W/tune.p$i.wav")
  done
  "${SOX[@]}" "${mel[@]}" "$W/tune.mel.wav"
  "${SOX[@]}" "${low[@]}" "$W/tune.low.wav"
  "${SOX[@]}" "${pad[@]}" "$W/tune.pad.wav"
  "${SOX[@]}" -m "$W/tune.mel.wav" "$W/tune.low.wav" "$W/tune.pad.wav" "${as48[@]}" "$out" \
    reverb 40 50 60 trim 0 "$secs" gain -n -3
  rm -f "$W"/tune.*.wav
}

echo "espeak-ng: $(espeak-ng --version | head -1)"
echo "sox:       $(sox --version | head -1)"
echo "ffmpeg:    $(ffmpeg -version | head -1)"

rm -f ./*.flac ./*.mp3 ./*.m4a ./*.ogg ./*.opus ./*.webm ./*.mkv ./*.mp4 ./*.wav ./*.png \
  ./*.labels.tsv ./clip_noext

# ------------------------------------------------------- 1. speech_long
# sparse: 4 sentences / 3.0 s pauses; then (3.0 s) dense: 12 sentences with
# pauses cycling 0.5 0.7 1.4 0.6 0.9 1.8 0.5.
build speech_long 22050 1.0 1.5 -22 -58 \
  "3.0 3.0 3.0 3.0 0.5 0.7 1.4 0.6 0.9 1.8 0.5 0.5 0.7 1.4 0.6" \
  "en-us|150|The old keeper walked slowly along the rocky shore." \
  "en-gb|150|Fresh bread from the bakery smells good every morning." \
  "en-us|155|She painted the small wooden boat a bright blue." \
  "en-gb|150|Our train arrived just before the big storm began." \
  "en-us|173|A soft breeze carried the scent of pine trees." \
  "en-gb|168|The kids built a tall castle out of wet sand." \
  "en-us|173|My grandfather kept his books on the top shelf." \
  "en-us|168|Please water the tomato plants before you leave home." \
  "en-gb|173|The band played softly while people found their seats." \
  "en-us|168|We watched the balloons drift over the quiet town." \
  "en-gb|168|He fixed the broken fence with a heavy hammer." \
  "en-us|173|The museum opens a new dinosaur exhibit next week." \
  "en-us|168|A family of ducks crossed the road in a line." \
  "en-gb|173|The chef added salt and tasted the soup again." \
  "en-us|168|Snow covered the peaks long after spring had come." \
  "en-gb|173|Each evening the baker counts the coins in his box."
quantise "$W/speech_long.mix.wav" "$W/q_out.wav" 16 "$EB16"
sox -V1 "$W/q_out.wav" "${FLAC_C[@]}" speech_long.flac

# ------------------------------------------------------- 2./3. quiet + noisy
QN_PAUSES="0.6 1.2 0.8 1.5"
QUIET_SENTENCES=(
  "en-us|170|The red kite danced high above the green hill."
  "en-gb|170|Warm soup is the best cure for a cold day."
  "en-us|175|Two young foxes played in the tall wet grass."
  "en-gb|170|The bus was late again on a rainy Monday."
  "en-us|170|My sister grows sweet peppers in her garden."
  "en-us|175|A small bell rang when the shop door opened."
)
NOISY_SENTENCES=(
  "en-gb|170|The farmer fed the goats before the sun rose."
  "en-us|175|Blue paint dripped from the brush onto the floor."
  "en-us|170|A quiet river flows past the edge of town."
  "en-gb|170|We found a lost kitten under the front porch."
  "en-us|175|The pilot waved to the crowd as he landed."
  "en-gb|170|Dark clouds rolled in from the sea that night."
)
build speech_quiet 22050 1.0 1.0 -50 -80 "$QN_PAUSES" "${QUIET_SENTENCES[@]}"
quantise "$W/speech_quiet.mix.wav" "$W/q_out.wav" 24 "$EB24"
sox -V1 "$W/q_out.wav" "${FLAC_C[@]}" speech_quiet.flac

build speech_noisy 22050 1.0 1.0 -24 -42 "$QN_PAUSES" "${NOISY_SENTENCES[@]}"
quantise "$W/speech_noisy.mix.wav" "$W/q_out.wav" 16 "$EB16"
sox -V1 "$W/q_out.wav" "${FLAC_C[@]}" speech_noisy.flac

# ------------------------------------------------------- 4. speech_short
build speech_short 22050 1.0 1.0 -22 -58 "0.8" \
  "en-us|150|The library closes early on the last Friday of each month." \
  "en-gb|150|Bring a warm coat because the wind is very cold today."
quantise "$W/speech_short.mix.wav" "$W/q_out.wav" 16 "$EB16"
sox -V1 "$W/q_out.wav" "${FLAC_C[@]}" speech_short.flac

# ------------------------------------------------------- 5. clip (44.1 kHz stereo)
build clip 44100 0.5 0.5 -22 -60 "0.5 0.6 0.5" \
  "en-us|165|The bright morning sun slowly melted the frost on the garden path." \
  "en-gb|163|Please leave your muddy boots by the door before you come inside." \
  "en-us|168|A tiny robin built a careful nest in the old apple tree." \
  "en-gb|163|We will meet at the harbour and sail across the bay together."
quantise "$W/clip.mix.wav" "$W/q_out.wav" 16 "$EB16"
sox -V1 "$W/q_out.wav" -c 2 "${FLAC_C[@]}" clip.flac remix 1 1
CLIP="$W/clip.mix.wav" # float mono 44.1 kHz master for the derived files
CLIP_N=$(samples "$CLIP")
CLIP_DUR=$(awk -v n="$CLIP_N" 'BEGIN { printf "%.6f", n / 44100 }')

# ------------------------------------------------------- derived from clip
# 6. MP3 with a PNG cover (ID3v2 APIC)
"${FF[@]}" -f lavfi -i "color=c=blue:s=64x64:r=1" -frames:v 1 "$W/cover.png"
"${FF[@]}" -i "$CLIP" -i "$W/cover.png" -map 0:a -map 1:v "${EXACT[@]}" \
  -ac 2 -ar 44100 -c:a libmp3lame -b:a 64k \
  -c:v png -disposition:v attached_pic -metadata:s:v title="Album cover" \
  -metadata:s:v comment="Cover (front)" -id3v2_version 3 clip_cover.mp3

# 7. AAC-LC in M4A
"${FF[@]}" -i "$CLIP" "${EXACT[@]}" -ac 2 -ar 48000 -c:a aac -profile:a aac_low -b:a 48k clip.m4a

# 8. Ogg Vorbis mono, lowest quality
"${FF[@]}" -i "$CLIP" "${EXACT[@]}" -ac 1 -ar 44100 -c:a libvorbis -q:a 0 clip.ogg

# 9. Opus in WebM
"${FF[@]}" -i "$CLIP" "${EXACT[@]}" -ac 2 -ar 48000 -c:a libopus -b:a 24k clip.webm

# 10. Matroska with two audio streams: clip (default) + room tone only
"${SOX[@]}" -r 16000 -c 1 -n -e floating-point -b 32 "$W/tone16k0.wav" \
  synth "$CLIP_DUR" pinknoise "${ROOM_FX[@]}"
"${SOX[@]}" "$W/tone16k0.wav" "$W/room16k.wav" gain "$(minus -60 "$(rms_db "$W/tone16k0.wav")")"
"${FF[@]}" -i "$CLIP" -i "$W/room16k.wav" -map 0:a -map 1:a "${EXACT[@]}" \
  -c:a libopus -ac:a:0 2 -ar:a:0 48000 -b:a:0 32k -ac:a:1 1 -ar:a:1 16000 -b:a:1 12k \
  -disposition:a:0 default -disposition:a:1 0 \
  -metadata:s:a:0 language=eng -metadata:s:a:1 title="room tone" clip.mkv

# 11. MP4: H.264 video (stream 0) + AAC mono (stream 1)
"${FF[@]}" -f lavfi -i "color=c=green:s=64x64:r=5:d=$CLIP_DUR" -i "$CLIP" \
  -map 0:v -map 1:a "${EXACT[@]}" -flags:v +bitexact -threads 1 \
  -c:v libx264 -preset ultrafast -pix_fmt yuv420p -b:v 16k -g 50 \
  -c:a aac -ac 1 -ar 44100 -b:a 32k -t "$CLIP_DUR" clip_video.mp4

# 12. telephone: 8 kHz G.711 mu-law, 300-3400 Hz
"${SOX[@]}" "$CLIP" -r 8000 "$W/tel.wav" sinc 300-3400 rate -h
"${FF[@]}" -i "$W/tel.wav" "${EXACT[@]}" -ac 1 -ar 8000 -c:a pcm_mulaw clip_mulaw.wav

# 13. 5.1: speech in FC, -65 dBFS room tone in FL FR LFE BL BR
for ch in 1 2 3 4 5; do
  "${SOX[@]}" -r 44100 -c 1 -n -e floating-point -b 32 "$W/r51_0.wav" \
    synth "${CLIP_N}s" pinknoise "${ROOM_FX[@]}" delay "0.0${ch}"
  "${SOX[@]}" "$W/r51_0.wav" "$W/r51_$ch.wav" gain "$(minus -65 "$(rms_db "$W/r51_0.wav")")" trim 0 "${CLIP_N}s"
done
"${SOX[@]}" -M "$W/r51_1.wav" "$W/r51_2.wav" "$CLIP" "$W/r51_3.wav" "$W/r51_4.wav" "$W/r51_5.wav" \
  "$W/six.wav"
"${FF[@]}" -i "$W/six.wav" "${EXACT[@]}" \
  -af "channelmap=map=0|1|2|3|4|5:channel_layout=5.1" \
  -ar 48000 -c:a aac -b:a "${BR51:-64k}" clip_51.m4a

# 14. content, not extension, decides
cp clip.ogg clip_ogg_named.mp3
cp clip.webm clip_noext

# 15. short 192 kHz float stereo tone
"${SOX[@]}" -r 192000 -c 2 -n -e floating-point -b 32 tone_192k_float.wav synth 0.25 sine 1000 gain -6

# ------------------------------------------------------- bad / special inputs
: >empty.wav
cat >not_audio.wav <<'EOF'
This is not a WAV file.
It is plain text that only pretends to be audio by its name.
voxclone must reject it with a clear error instead of crashing.
EOF
"${FF[@]}" -f lavfi -i "testsrc=s=64x64:r=1" -frames:v 1 "${EXACT[@]}" -flags:v +bitexact picture_only.png
"${FF[@]}" -f lavfi -i "testsrc=s=64x64:r=5:d=1" "${EXACT[@]}" -flags:v +bitexact -threads 1 \
  -c:v libx264 -preset ultrafast -pix_fmt yuv420p -b:v 16k -an video_only.mp4

# 20. truncated MP3 (labels describe the full, untruncated recording)
build truncated_full 22050 0.5 1.0 -22 -58 "0.6 0.5 0.7" \
  "en-us|150|The ferry crossed the harbour slowly through the thick grey fog." \
  "en-gb|150|My neighbour plays the piano every afternoon after lunch." \
  "en-us|155|A warm cup of cocoa tastes perfect on a snowy evening." \
  "en-gb|150|The hikers reached the top of the ridge just after noon." \
  "en-us|150|Our teacher read a funny story about a clever green frog." \
  "en-gb|155|The market sells apples and pears from the nearby farms."
"${FF[@]}" -i "$W/truncated_full.mix.wav" "${EXACT[@]}" -ac 1 -c:a libmp3lame -b:a 48k "$W/full.mp3"
FULL_BYTES=$(stat -c %s "$W/full.mp3")
head -c $((FULL_BYTES * 60 / 100)) "$W/full.mp3" >truncated.mp3

# 21. hard-clipped clip (mono 22.05 kHz, +24 dB)
"${SOX[@]}" "$CLIP" -r 22050 "$W/clip22.wav" rate -h
sox -R -V1 "$W/clip22.wav" -b 16 "${FLAC_C[@]}" clipped.flac gain 24

# 22. room tone only
noise_bed "$W/room.wav" 22050 $((15 * 22050)) -50
quantise "$W/room.wav" "$W/q_out.wav" 16 "$EB16"
sox -V1 "$W/q_out.wav" "${FLAC_C[@]}" room_tone.flac

# 23. digital silence: exact zeros (-D: no dither)
sox -V1 -D -r 16000 -c 1 -n -b 16 "${FLAC_C[@]}" digital_silence.flac trim 0 12

# 24. a screen capture's two audio streams: a:0 (default, "Desktop audio") is music only,
# a:1 ("Microphone") is clip's speech
tune "$W/tune.wav" "$CLIP_DUR"
"${FF[@]}" -i "$W/tune.wav" -i "$CLIP" -map 0:a -map 1:a "${EXACT[@]}" \
  -c:a libopus -ar 48000 -ac:a:0 2 -b:a:0 12k -ac:a:1 1 -b:a:1 16k \
  -disposition:a:0 default -disposition:a:1 0 -metadata:s:a:0 title="Desktop audio" \
  -metadata:s:a:1 title="Microphone" -metadata:s:a:1 language=eng two_streams.mkv

# 25. a loud intro, then clean speech (the verdict judges what is kept, not the whole file): a
# sentence under a loud noise bed (pink noise at -22 dBFS, as loud as the speech: a busy street,
# a fan next to the microphone) that runs on for 14 s from the start (fading out over its last
# 0.5 s), 1.2 s of quiet room, then 4 sentences in the quiet room (-60 dBFS room tone). The noise
# runs long enough for the speech detector's floor (the quietest second within 8 s) to follow
# it, so the whole input's SNR is low. Opus at 6 kb/s keeps it within the budget (the analysis
# listens below 4 kHz).
build noisy_intro 24000 0.5 0.8 -22 -60 "12.0 0.6 0.8 0.5" \
  "en-us|160|A loud truck rolled past the little corner cafe." \
  "en-us|160|Inside the studio the air was calm and very still." \
  "en-gb|158|She read each line slowly and clearly into the microphone." \
  "en-us|162|Nothing but her voice could be heard in the quiet room." \
  "en-gb|160|The recording ended with a short and gentle laugh."
NOISE_END=$(awk -F'\t' 'NR == 2 { printf "%.3f", $1 - 1.2 }' noisy_intro.labels.tsv)
NI_N=$(samples "$W/noisy_intro.mix.wav")
"${SOX[@]}" -r 24000 -c 1 -n -e floating-point -b 32 "$W/ni_noise0.wav" synth "${NI_N}s" pinknoise
"${SOX[@]}" "$W/ni_noise0.wav" "$W/ni_noise1.wav" gain "$(minus -22 "$(rms_db "$W/ni_noise0.wav")")" \
  trim 0 "$NOISE_END" fade t 0 "$NOISE_END" 0.5 \
  pad 0 "$(awk -v n="$NI_N" -v e="$NOISE_END" 'BEGIN { printf "%.6f", n / 24000 - e }')"
"${SOX[@]}" -m -v 1 "$W/noisy_intro.mix.wav" -v 1 "$W/ni_noise1.wav" "$W/ni_mix.wav" trim 0 "${NI_N}s"
"${FF[@]}" -i "$W/ni_mix.wav" "${EXACT[@]}" -ac 1 -c:a libopus -b:a 6k noisy_intro.opus

# ------------------------------------------------------- summary
# The files of this folder; voice/ and hostile/ have scripts (and budgets) of their own.
FIXTURES=()
for f in *; do
  [ -f "$f" ] || continue
  case $f in make_fixtures.sh | make_hostile.sh | README.md) ;; *) FIXTURES+=("$f") ;; esac
done
echo
printf '%-28s %10s\n' FILE BYTES
for f in "${FIXTURES[@]}"; do
  printf '%-28s %10d\n' "$f" "$(stat -c %s "$f")"
done
total=$(du -cb "${FIXTURES[@]}" | tail -1 | cut -f1)
printf '%-28s %10d bytes  (du -ch: %s; whole testdata dir du -sh: %s)\n' TOTAL "$total" \
  "$(du -ch "${FIXTURES[@]}" | tail -1 | cut -f1)" "$(du -sh . | cut -f1)"
if [ "$total" -ge 3000000 ]; then
  echo "ERROR: fixtures total $total bytes, over the 3 MB budget" >&2
  exit 1
fi

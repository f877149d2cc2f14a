#!/bin/bash
# Speech under steady noise nearly as loud as the voice, for the refusal's wording
# (tests/test_content.cpp, Cli.SpeechUnderLoudSteadyNoiseIsRefusedAsThatNotAsMusic):
# testdata/speech_long.flac with sox's pink noise 4 dB under its RMS (pauses included) mixed in.
# Session 14's limit: the music guard (speech that never pauses is music) refused it as "the
# recording is music".
#   make_speech_under_noise.sh [OUT.opus]      (sox and ffmpeg; sox -R: the same noise every run)
set -euo pipefail
HERE=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
out=${1:-$HERE/speech_under_noise.opus}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
sox -R -V1 "$HERE/../speech_long.flac" -r 24000 -b 32 -e floating-point "$W/speech.wav"
rms=$(sox "$HERE/../speech_long.flac" -n stats 2>&1 | awk '/^RMS lev dB/ {print $4}')
sox -R -V1 -r 24000 -c 1 -n -b 32 -e floating-point "$W/pink.wav" synth "$(soxi -D "$W/speech.wav")" pinknoise
pink=$(sox "$W/pink.wav" -n stats 2>&1 | awk '/^RMS lev dB/ {print $4}')
sox -R -V1 "$W/pink.wav" "$W/noise.wav" gain "$(awk -v s="$rms" -v p="$pink" 'BEGIN { printf "%.2f", s - 4 - p }')"
sox -R -V1 -m "$W/speech.wav" "$W/noise.wav" "$W/mix.wav"
ffmpeg -v error -y -i "$W/mix.wav" -c:a libopus -b:a 24k -map_metadata -1 -fflags +bitexact -flags:a +bitexact "$out"
printf '%s: %d bytes\n' "$out" "$(stat -c %s "$out")"

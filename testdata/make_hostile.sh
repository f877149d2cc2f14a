#!/usr/bin/env bash
# Hostile inputs for voxclone's robustness tests (issue 6): files that lie about themselves or
# are extreme. Small on disk; some decode to a lot. Run from anywhere; writes into testdata/hostile/.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p hostile
cd hostile
py() { python3 - "$@"; }

# A WAV whose header claims 10 hours (and a RIFF size to match) but holds 1 s of audio.
py <<'PY'
import struct, math
rate, secs_claimed = 16000, 36000
data = b''.join(struct.pack('<h', int(8000*math.sin(2*math.pi*440*i/rate))) for i in range(rate))
claimed = rate * 2 * secs_claimed
hdr = b'RIFF' + struct.pack('<I', min(claimed + 36, 0xFFFFFFFF)) + b'WAVE'
hdr += b'fmt ' + struct.pack('<IHHIIHH', 16, 1, 1, rate, rate * 2, 2, 16)
hdr += b'data' + struct.pack('<I', min(claimed, 0xFFFFFFFF))
open('claims_10_hours.wav', 'wb').write(hdr + data)

def wav(name, rate, channels, bits=16, fmt_tag=1, frames=1000):
    block = channels * bits // 8
    body = b'\x00' * (frames * max(block, 1))
    h = b'RIFF' + struct.pack('<I', 36 + len(body)) + b'WAVE'
    h += b'fmt ' + struct.pack('<IHHIIHH', 16, fmt_tag, channels, rate, (rate * block) & 0xFFFFFFFF, block & 0xFFFF, bits)
    h += b'data' + struct.pack('<I', len(body))
    open(name, 'wb').write(h + body)

wav('rate_1hz.wav', 1, 1)
wav('rate_4ghz.wav', 4_000_000_000, 1)
wav('channels_0.wav', 16000, 0)
wav('channels_65535.wav', 16000, 65535, frames=2)
wav('bits_0.wav', 16000, 1, bits=0)
wav('format_tag_bogus.wav', 16000, 1, fmt_tag=0x7777)
# A WAV that ends inside its header.
open('header_cut.wav', 'wb').write(open('rate_1hz.wav', 'rb').read()[:30])
PY

# Three hours of pure digital silence is made by tests/test_hostile.cpp at run time (6 MB as
# FLAC: too big to keep here).
# An audio stream with no packets at all, in Matroska and in MP4.
ffmpeg -v error -y -f lavfi -i anullsrc=r=16000:cl=mono -t 1 -c:a flac -map 0 -frames:a 0 empty_stream.mkv
ffmpeg -v error -y -f lavfi -i color=c=red:s=32x32:r=1 -f lavfi -i anullsrc=r=16000:cl=mono -t 1 \
  -map 0:v -map 1:a -c:v libx264 -preset ultrafast -c:a aac -frames:a 0 -shortest empty_audio_with_video.mp4 || true
# An MP3 that is only its ID3 tag with the cover picture: clip_cover.mp3 cut right after the tag
# (the tag's size is a syncsafe integer in bytes 6-9 of its header).
py <<'PY'
b = open('../clip_cover.mp3', 'rb').read()
assert b[:3] == b'ID3'
size = (b[6] << 21) | (b[7] << 14) | (b[8] << 7) | b[9]
open('picture_only.mp3', 'wb').write(b[:10 + size])
PY
ls -l

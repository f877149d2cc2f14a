#!/usr/bin/env python3
"""How much of a clean voice note is still heard as speech with a room under it.

    /usr/bin/python3 tests/realvoice/room_check.py DUMP CLIPS_DIR [--snr 40 30 25 20] [--notes 12]

DUMP is build/tests/dump_features; CLIPS_DIR a folder of voice notes made by voice_clips.py (its
clips.json says each note's room: only the "clean" ones are used). Each note is heard as it is
and with a continuous room (audio.room_tone: pink noise, 40-1500 Hz) at each SNR under its active
speech level; the table gives, summed over the notes, the seconds the content analysis
(`dump_features --timeline`) calls speech, and "other sound". A note is the voice of one person
talking in a quiet room, so every second of the words should stay speech down to a room 20 dB under
the voice (real rooms are often 25-35 dB under it). Use the tune split's notes to choose; quote the
test split's.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import audio  # noqa: E402


def kinds_seconds(dump, path):
    out = subprocess.run([dump, "--timeline", path], check=True, capture_output=True, text=True).stdout
    secs = {}
    for line in out.splitlines():
        if line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) >= 3:
            secs[parts[2]] = secs.get(parts[2], 0.0) + float(parts[1]) - float(parts[0])
    return secs


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dump")
    ap.add_argument("clips")
    ap.add_argument("--snr", type=float, nargs="+", default=[40, 30, 25, 20])
    ap.add_argument("--notes", type=int, default=12, help="at most this many clean notes")
    a = ap.parse_args()
    notes = [c for c in json.load(open(os.path.join(a.clips, "clips.json"))) if c.get("room") == "clean"]
    notes = notes[: a.notes]
    if not notes:
        sys.exit("no clean notes in " + a.clips)
    columns = [None] + a.snr
    speech = {c: 0.0 for c in columns}
    other = {c: 0.0 for c in columns}
    total = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for i, note in enumerate(notes):
            path = os.path.join(a.clips, note["file"])
            x = audio.decode(path)
            total += len(x) / audio.RATE
            level = audio.active_rms_db(x)
            for c in columns:
                if c is None:
                    secs = kinds_seconds(a.dump, path)
                else:
                    y = x + audio.room_tone(len(x), 7919 * i + int(c), db=level - c)
                    wav = os.path.join(tmp, "room.flac")
                    audio.write_flac(wav, y)
                    secs = kinds_seconds(a.dump, wav)
                speech[c] += secs.get("speech", 0.0)
                other[c] += secs.get("other", 0.0)
    head = "room under the voice".ljust(24) + "".join(("none" if c is None else f"{c:g} dB").rjust(9) for c in columns)
    print(f"{len(notes)} clean notes, {total:.1f} s")
    print(head)
    print("speech found, s".ljust(24) + "".join(f"{speech[c]:9.1f}" for c in columns))
    print("other sound, s".ljust(24) + "".join(f"{other[c]:9.1f}" for c in columns))


if __name__ == "__main__":
    main()

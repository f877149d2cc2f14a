#!/usr/bin/python3
"""Isolated letters over mains hum, for the hum test (tests/test_content.cpp,
Cli.LettersUnderMainsHumMakeASample): one synthetic voice (espeak-ng) says letters one at a time,
0.6-1.2 s apart, louder and softer (up to 14 dB), each with a small room's tail, in a quiet room (pink noise at -62 dBFS), over a 60 Hz mains hum and its odd
harmonics up to the 11th (each 0.6 times the one before, as tests/realvoice/audio.py's hum) about
26 dB under the letters' RMS, at 59.97 Hz (the grid's frequency drifts).

The shape of the real-voice tune scenes that were refused (session 14, noise14: `klettres`
letters over hum, "found 4.6 s of speech"): the energy detector's floor is the hum, 12 dB over
the room the letters are recorded in, so the quieter half of each letter falls under its margin.

    /usr/bin/python3 testdata/rooms/make_letters_hum.py [OUT.opus]   (espeak-ng, sox, ffmpeg, numpy)

Writes letters_hum.opus (24 kHz mono Opus 24 kb/s) next to this script unless told where.
Seeded: the same file.
"""
import os
import sys
import tempfile

import numpy as np

from fixture_audio import RATE, pink, rms_db, spoken, write_opus

HERE = os.path.dirname(os.path.abspath(__file__))
LETTERS = "ABCDEFGHIJKLMNOPRSTUVWYZ"
ROUNDS = 2
SPEECH_DB = -20.0
SOFTER_DB = 14.0
HUM_UNDER_DB = 26.0
REVERB = "40"  # sox reverb: reverberance 40 %
ROOM_DB = -62.0
MAINS_HZ = 59.97


def letter(text, voice, work, db):
    """One letter as espeak-ng says it, with a small room's tail (fixture_audio.spoken)."""
    return spoken(text, voice, work, db, 140, 0.6, REVERB)


def main():
    rng = np.random.default_rng(15)
    with tempfile.TemporaryDirectory() as work:
        pieces = []
        for _ in range(ROUNDS):
            for ch in LETTERS:
                pieces.append(np.zeros(int(rng.uniform(0.6, 1.2) * RATE)))
                # said louder and softer, as a person spelling does: up to 14 dB under the loudest
                pieces.append(letter(ch, "en-us+m3", work, SPEECH_DB - rng.uniform(0, SOFTER_DB)))
        pieces.append(np.zeros(int(0.8 * RATE)))
        speech = np.concatenate(pieces)
        n = len(speech)
        room = pink(n, rng)
        room *= 10 ** ((ROOM_DB - rms_db(room)) / 20)
        t = np.arange(n) / RATE
        ph = rng.uniform(0, 2 * np.pi, 6)
        hum = sum((0.6 ** k) * np.sin(2 * np.pi * MAINS_HZ * (2 * k + 1) * t + ph[k]) for k in range(6))
        hum *= 10 ** ((SPEECH_DB - HUM_UNDER_DB - rms_db(hum)) / 20)
        mix = (speech + room + hum).astype(np.float32)
        out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "letters_hum.opus")
        write_opus(mix, work, out)
        print("%s: %.1f s, %d bytes" % (out, n / RATE, os.path.getsize(out)))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Words said one at a time, the second half over a sparse music bed with rests, for the bed test
(tests/test_content.cpp, Warnings.ASparseBedWithRestsIsNotCleanSpeech): one synthetic voice
(espeak-ng) says short words, 0.3-0.9 s apart, each with a small room's tail, in a quiet room
(pink noise at -62 dBFS); from the middle on, a bed 18 dB under the words' RMS: notes (a few
decaying harmonics, two or three a second, overlapping, from one pentatonic scale) that fall
silent for 0.5-1.0 s every 2-4 s.

The shape of the real-voice tune scenes kept whole with no warning (session 19: rv9 tune bed18-01,
a rock track with rests, bed12-01): 2 s at a time the bed looks like a room to the content model,
and its rests are the quietest frames around every word, so the pauses look clean.

    /usr/bin/python3 testdata/rooms/make_sparse_bed.py [OUT.opus]   (espeak-ng, sox, ffmpeg, numpy)

Writes sparse_bed.opus (24 kHz mono Opus 24 kb/s, as letters_hum.opus) and sparse_bed.labels.tsv next to this script
unless told where. Seeded: the same file.
"""
import os
import sys
import tempfile

import numpy as np

from fixture_audio import RATE, pink, rms_db, spoken, write_opus

HERE = os.path.dirname(os.path.abspath(__file__))
WORDS = ("table window garden river paper yellow morning simple number letter purple basket "
         "doctor pencil market silver winter summer thunder orange little camera music forest "
         "bottle rabbit kitchen travel button candle monkey pocket").split()
SPEECH_DB = -20.0
BED_UNDER_DB = 18.0
REVERB = "30"  # sox reverb: reverberance 30 %
ROOM_DB = -62.0
SCALE_HZ = (196.0, 220.0, 261.6, 293.7, 329.6, 392.0, 440.0, 523.3)


def word(text, voice, work, db):
    """One word as espeak-ng says it, with a small room's tail (fixture_audio.spoken)."""
    return spoken(text, voice, work, db, 150, 0.4, REVERB)


def sparse_bed(n, rng):
    """Notes with rests: each a few harmonics decaying over ~1.5 s, overlapping (a piano with its
    pedal down), all silent at a rest."""
    out = np.zeros(n)
    t = 0.0
    next_rest = rng.uniform(2, 4)
    while t < n / RATE:
        if t >= next_rest:
            t += rng.uniform(0.5, 1.0)  # the bed rests
            next_rest = t + rng.uniform(2, 4)
            continue
        f0 = SCALE_HZ[int(rng.integers(len(SCALE_HZ)))]
        length = int(min(rng.uniform(0.8, 1.4), next_rest - t + 0.05) * RATE)
        a = int(t * RATE)
        m = min(length, n - a)
        if m > 0:
            tt = np.arange(m) / RATE
            note = sum((0.5 ** k) * np.sin(2 * np.pi * f0 * (k + 1) * tt) for k in range(4))
            env = np.exp(-tt / 0.7) * np.minimum(1.0, tt / 0.01)
            # the note ends before a rest: a short release, not a click
            env *= np.minimum(1.0, (m - np.arange(m)) / (0.02 * RATE))
            out[a:a + m] += note * env
        t += rng.uniform(0.3, 0.6)
    return out


def main():
    rng = np.random.default_rng(19)
    with tempfile.TemporaryDirectory() as work:
        pieces, labels, at = [], [], 0
        for i, w in enumerate(WORDS):
            gap = np.zeros(int(rng.uniform(0.3, 0.9) * RATE))
            y = word(w, "en-us+m3", work, SPEECH_DB - rng.uniform(0, 6))
            pieces += [gap, y]
            at += len(gap)
            labels.append((at, at + len(y)))
            at += len(y)
        pieces.append(np.zeros(int(0.8 * RATE)))
        speech = np.concatenate(pieces)
        n = len(speech)
        room = pink(n, rng)
        room *= 10 ** ((ROOM_DB - rms_db(room)) / 20)
        bed_start = labels[len(labels) // 2][0] - int(0.5 * RATE)
        bed = np.zeros(n)
        bed[bed_start:] = sparse_bed(n - bed_start, rng)
        bed *= 10 ** ((SPEECH_DB - BED_UNDER_DB - rms_db(bed[bed_start:])) / 20)
        mix = (speech + room + bed).astype(np.float32)
        out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "sparse_bed.opus")
        write_opus(mix, work, out)
        # labels as the other voice fixtures: start, end, kind, who
        with open(os.path.splitext(out)[0] + ".labels.tsv", "w") as f:
            for a, e in labels:
                kind = "speech_music" if a >= bed_start else "speech"
                f.write("%.3f\t%.3f\t%s\tespeak-m3\n" % (a / RATE, e / RATE, kind))
        print("%s: %.1f s, bed from %.2f s, %d bytes" % (out, n / RATE, bed_start / RATE, os.path.getsize(out)))


if __name__ == "__main__":
    main()

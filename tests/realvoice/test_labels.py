#!/usr/bin/env python3
"""make_set's labels: a clip standing on a DC offset (klettres/hu's letters stand on 0.02, -34
dBFS) is labelled speech only where its words are, not over the whole pedestal, and a clip with no
offset keeps its silence; the mixture keeps the clip as it is. Run by ctest (tests/CMakeLists.txt, realvoice_labels)."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import audio  # noqa: E402
import make_set  # noqa: E402

RATE = audio.RATE


def main():
    # 2 s on a 0.02 pedestal, a 0.4 s 200 Hz "letter" in its middle (at -20 dBFS), as the
    # klettres/hu clips are; placed 1 s into a 4 s scene.
    t = np.arange(2 * RATE) / RATE
    clip = np.full(len(t), 0.02, dtype=np.float32)
    word = (t >= 0.8) & (t < 1.2)
    clip[word] += (0.1 * np.sin(2 * np.pi * 200 * t[word])).astype(np.float32)
    s = make_set.Scene(np.random.default_rng(1))
    s.place("v:someone", clip, RATE, "speech", "someone")
    n = 4 * RATE
    labels = audio.frame_db(s.speech_alone(n))
    at = lambda sec: labels[int(round(sec / 0.01))]  # noqa: E731
    failures = []
    # The pedestal around the word: not speech (the scorer's threshold lies 25 dB under the speech).
    for sec in (1.1, 1.5, 2.5, 2.9):
        if at(sec) > -60:
            failures.append(f"the pedestal at {sec} s is labelled {at(sec):.1f} dB (want under -60)")
    # The word: as loud as it is (-23 dBFS RMS for a 0.1 sine).
    if not -26 < at(2.0) < -20:
        failures.append(f"the word at 2.0 s is labelled {at(2.0):.1f} dB (want -23)")
    # A word whose waveform leans to one side (a mean of +0.03 over its 0.3 s) in a clip with no
    # offset: its silence stays silent (the clip's mean, taken off, laid a pedestal over it).
    lean = np.zeros(2 * RATE, dtype=np.float32)
    w = (t >= 0.5) & (t < 0.8)
    lean[w] = (0.03 + 0.1 * np.sin(2 * np.pi * 200 * t[w])).astype(np.float32)
    s2 = make_set.Scene(np.random.default_rng(1))
    s2.place("v:someone", lean, 0, "speech", "someone")
    quiet = audio.frame_db(s2.speech_alone(2 * RATE))[int(1.0 / 0.01):int(1.9 / 0.01)]
    if quiet.max() > -60:
        failures.append(f"the silence after a lopsided word is labelled {quiet.max():.1f} dB (want under -60)")
    # The mixture keeps the clip as it was (the sound voxclone gets is not changed).
    mix = s.render(None, n)
    if abs(float(np.mean(mix[RATE:RATE + RATE // 2])) - 0.02) > 1e-6:
        failures.append("the mixture lost the clip's DC offset")
    for f in failures:
        print("FAIL:", f)
    print("ok" if not failures else f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

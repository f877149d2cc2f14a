#!/usr/bin/python3
"""Session 26 (phone26): one person on a phone line, for the false alarms of the phone steps.
make_set.py's `phone` kind is always two people; this copies one-person scenes (single, reverb,
hum, noise, intro, bed*) through the same line (audio.telephone(): 300-3400 Hz, 8 kHz mu-law),
labels unchanged but "phone": true, as OUT_DIR/ph_NAME.flac + .json.

    /usr/bin/python3 tests/realvoice/phone_one.py /tmp/rv9/tune /tmp/x/ph1/tune single-01 hum-02 ...
"""
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import audio  # noqa: E402

src, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
for name in sys.argv[3:]:
    y = audio.telephone(audio.decode(os.path.join(src, name + ".flac")))
    peak = float(np.max(np.abs(y)))
    if peak > 0.89:  # as make_set.py
        y *= np.float32(0.89 / peak)
    meta = json.load(open(os.path.join(src, name + ".json")))
    meta["phone"] = True
    audio.write_flac(os.path.join(out, "ph_" + name + ".flac"), y)
    with open(os.path.join(out, "ph_" + name + ".json"), "w") as f:
        json.dump(meta, f)
    print(name)

#!/usr/bin/python3
"""Session 29 (phone29): where each labelled person's speech goes in the analysis' timeline, per
voice (v0: no voice), in seconds; M = the scene's main person, o = anyone else.

    /usr/bin/python3 tests/realvoice/where_speech_goes.py build/tools/dump_features SET_DIR/tune phone-01 phone-02 ...
"""
import collections
import json
import os
import subprocess
import sys

dump, folder = sys.argv[1], sys.argv[2]
for name in sys.argv[3:]:
    meta = json.load(open(os.path.join(folder, name + ".json")))
    out = subprocess.run([dump, "--timeline", os.path.join(folder, name + ".flac")],
                         capture_output=True, text=True, check=True).stdout
    segs = []
    for line in out.splitlines():
        p = line.split("\t")
        if len(p) >= 4:
            segs.append((float(p[0]), float(p[1]), int(p[3])))
    tab = collections.defaultdict(lambda: collections.defaultdict(float))
    for e in meta["events"]:
        if e[2] != "speech" or len(e) < 4:
            continue
        start, end, who = e[0], e[1], e[3]
        key = "M" if who == meta["main"] else "o"
        for a, b, voice in segs:
            overlap = min(b, end) - max(a, start)
            if overlap > 0:
                tab[voice][key] += overlap
    print(f"{name}: " + " | ".join(f"v{v}: M{tab[v]['M']:.1f} o{tab[v]['o']:.1f}" for v in sorted(tab)))

#!/usr/bin/python3
"""Session 29 (phone29): in scenes of 3 voices or more, whether later voices are one person. Each
voice's timeline speech (`voxclone check --json`) cut out and joined with 0.3 s gaps, its
voiceprint read from all of it (`voiceprint_tool --read-seconds 0`), and the similarity() of every
pair of voices (`voiceprint_tool --scores`); each voice's labelled speech by person (M = the main
person). A measure from outside the library, not its own call (speaker_voiceprint).

    /usr/bin/python3 tests/realvoice/voice_pairs.py build/tools/voxclone build/tests/train/voiceprint_tool \\
        SET_DIR/tune WORK_DIR phone-01 phone-07 ...
"""
import collections
import json
import os
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import audio  # noqa: E402

vox, tool, folder, work = sys.argv[1:5]
os.makedirs(work, exist_ok=True)
RATE = 24000  # audio.decode's
for name in sys.argv[5:]:
    path = os.path.join(folder, name + ".flac")
    meta = json.load(open(os.path.join(folder, name + ".json")))
    report = json.loads(subprocess.run([vox, "check", "--json", path], capture_output=True, text=True).stdout)
    content = report["results"][0]["report"]["content"]
    voices = content["speakers"]
    if len(voices) < 3:
        continue
    y = audio.decode(path)
    files, labels = [], {}
    for v in voices:
        k = v["speaker"]
        segs = [(t["start_seconds"], t["end_seconds"]) for t in content["timeline"] if t.get("speaker") == k]
        parts = []
        for a, b in segs:
            parts += [y[int(a * RATE):int(b * RATE)], np.zeros(int(0.3 * RATE), np.float32)]
        out = os.path.join(work, f"{name}_{k}.flac")
        audio.write_flac(out, np.concatenate(parts) if parts else np.zeros(RATE, np.float32))
        files.append(out)
        tab = collections.defaultdict(float)
        for e in meta["events"]:
            if e[2] != "speech" or len(e) < 4:
                continue
            who = "M" if e[3] == meta["main"] else e[3]
            for a, b in segs:
                tab[who] += max(0.0, min(b, e[1]) - max(a, e[0]))
        labels[k] = " ".join(f"{w} {s:.1f}" for w, s in sorted(tab.items(), key=lambda x: -x[1]) if s > 0.5)
    lines = os.path.join(work, "lines.jsonl")
    with open(lines, "w") as f:
        f.write(subprocess.run([tool, "--read-seconds", "0"] + files, capture_output=True, text=True).stdout)
    scores = [json.loads(l) for l in subprocess.run([tool, "--scores", lines], capture_output=True, text=True).stdout.splitlines()]
    print(f"{name}: " + "; ".join(f"v{v['speaker']} {v['talk_seconds']:.0f} s [{labels[v['speaker']]}]" for v in voices))
    for i in range(len(voices)):
        for k in range(i + 1, len(voices)):
            print(f"   v{i + 1}-v{k + 1} {scores[i][k]:.2f}")

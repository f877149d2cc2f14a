#!/usr/bin/python3
"""Session 30 (syl30): how much of each labelled person's clean heard speech the content analysis
calls speech, per reader type (klettres' letters `alpha` and syllables `syllab`, the other
packages by name), from the timeline `voxclone check --json` reports.

    /usr/bin/python3 tests/realvoice/reader_speech.py build/tools/voxclone SET_DIR/tune [SET_DIR/tune ...] \
        [--json OUT] [--scenes] [--jobs 2]

Per 10 ms frame of a person's heard speech (score.py's heard_frames: within HEARD_DB of the
scene's speech level) with no music, applause or other person over it, the kind of the timeline
stretch it falls in: speech of voice 1 (`v1`), of another voice (`vN`), speech with no voice
(`v0`), speech over music (`som`), music, other sound, silence; `refused` where `check` gives no
timeline. `check`, not `dump_features --timeline`: only the CLI leaves mains hum out of the frames
(mains_hum.hpp), and under hum the two disagree (session 30, a syllable reader under hum, g1064
hum-04: 12.9 s "other" by dump_features, 0.8 s by check). Printed per reader type for the scenes'
main people (M) and the others (o); --scenes prints every main person's line too.
"""
import argparse
import collections
import concurrent.futures
import glob
import json
import os
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import score  # noqa: E402  (heard_frames)

COLUMNS = ["v1", "vN", "v0", "som", "music", "other", "silence", "refused"]


def reader_type(person):
    parts = person.split("/")
    if parts[0] == "klettres" and len(parts) >= 3:
        return f"klettres/{parts[2]}"
    return parts[0]


def frame_kinds(voxclone, flac, n):
    """Per 10 ms frame: the timeline's column name (COLUMNS); "refused" where check gives none."""
    out = subprocess.run([voxclone, "check", flac, "--json", "-q"], capture_output=True, text=True).stdout
    kinds = np.full(n, "refused", dtype=object)
    try:
        timeline = json.loads(out)["results"][0]["report"]["content"]["timeline"]
    except (ValueError, KeyError, IndexError, TypeError):
        return kinds
    for s in timeline:
        i, j = int(round(s["start_seconds"] / 0.01)), int(round(s["end_seconds"] / 0.01))
        if s["kind"] == "speech":
            col = "v1" if s["speaker"] == 1 else "v0" if not s["speaker"] else "vN"
        else:
            col = {"speech_over_music": "som"}.get(s["kind"], s["kind"])
        kinds[i:j] = col
    return kinds


def one(voxclone, path):
    meta = json.load(open(path[:-5] + ".json"))
    heard = score.heard_frames(meta)
    n = len(heard)
    kinds = frame_kinds(voxclone, path, n)
    who_at = collections.defaultdict(lambda: np.zeros(n, dtype=bool))
    over = np.zeros(n, dtype=bool)  # music or applause
    for a, b, k, who in meta["events"]:
        i, j = int(a / 0.01), int(b / 0.01)
        if k == "speech":
            who_at[who][i:j] = True
        elif k in ("music", "applause"):
            over[i:j] = True
    rows = []
    for person, own in who_at.items():
        others = np.zeros(n, dtype=bool)
        for p2, o2 in who_at.items():
            if p2 != person:
                others |= o2
        frames = np.flatnonzero(heard & own & ~others & ~over)
        tab = dict.fromkeys(COLUMNS, 0.0)
        for col in kinds[frames]:
            tab[col] += 0.01
        rows.append({"scene": os.path.basename(path)[:-5], "set": os.path.dirname(path), "person": person,
                     "type": reader_type(person), "main": person == meta["main"], "heard": 0.01 * len(frames), **tab})
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("voxclone")
    ap.add_argument("sets", nargs="+")
    ap.add_argument("--json")
    ap.add_argument("--scenes", action="store_true")
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args()
    paths = sorted(p for s in a.sets for p in glob.glob(os.path.join(s, "*.flac")))
    with concurrent.futures.ThreadPoolExecutor(a.jobs) as ex:
        rows = [r for rs in ex.map(lambda p: one(a.voxclone, p), paths) for r in rs]
    if a.json:
        json.dump(rows, open(a.json, "w"), indent=1)
    tot = collections.defaultdict(lambda: dict.fromkeys(["heard"] + COLUMNS, 0.0))
    for r in rows:
        for key in ((r["type"], "M" if r["main"] else "o"), ("all", "M" if r["main"] else "o")):
            for c in ["heard"] + COLUMNS:
                tot[key][c] += r[c]
    print(f"{'readers':18} {'':2} {'heard s':>8} " + " ".join(f"{c:>7}" for c in COLUMNS) + "   (% of heard)")
    for key in sorted(tot):
        t = tot[key]
        h = max(t["heard"], 1e-9)
        print(f"{key[0]:18} {key[1]:2} {t['heard']:8.1f} " + " ".join(f"{100 * t[c] / h:6.1f}%" for c in COLUMNS))
    if a.scenes:
        for r in rows:
            if r["main"]:
                print(f"{'/'.join(r['set'].rstrip('/').split('/')[-2:])} {r['scene']:14} {r['person']:26} heard {r['heard']:5.1f} "
                      + " ".join(f"{c} {r[c]:4.1f}" for c in COLUMNS))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Same person or not, on voice notes of real people: the voiceprint's error rates.

    /usr/bin/python3 tests/realvoice/eval_voiceprint.py build/tests/voiceprint_tool /tmp/vc/test/clips [-v]

The notes come from voice_clips.py (5-15 s each, clean, phone, reverb or noisy, two notes of a
person never sharing a recording). The C++ tool measures every note's voiceprint and scores
every pair with voxclone::similarity(); this script only counts. Pairs: same = one speaker,
two notes; different = speakers of two languages (two speakers of one language may be one
person: left out). Prints the equal error rate (the threshold where false accepts and false
rejects are equal), the rates at the library's own threshold (kSamePersonScore, 0.5), and the
same for the hardest pairs: different people of the same sex.
"""
import argparse
import json
import os
import subprocess
import sys

import numpy as np

THRESHOLD = 0.5   # voxclone::kSamePersonScore


def voiceprints(tool, folder):
    """Every note's voiceprint line (cached beside the notes as voiceprints.jsonl)."""
    index = json.load(open(os.path.join(folder, "clips.json")))
    cache = os.path.join(folder, "voiceprints.jsonl")
    files = [os.path.join(folder, c["file"]) for c in index]
    if not os.path.exists(cache) or os.path.getmtime(cache) < os.path.getmtime(tool):
        out = subprocess.run([tool] + files, check=True, capture_output=True, text=True).stdout
        with open(cache, "w") as f:
            f.write(out)
    return index, cache


def eer(same, diff):
    """(equal error rate, threshold there)."""
    same, diff = np.sort(np.asarray(same)), np.sort(np.asarray(diff))
    best = (1.0, 0.0)
    for t in np.unique(np.concatenate([same, diff])):
        frr = np.mean(same < t)
        far = np.mean(diff >= t)
        e = max(frr, far)
        if e < best[0]:
            best = ((frr + far) / 2, float(t))
    return best


def pairs(index, scores, keep=lambda a, b: True):
    same, diff = [], []
    for i, a in enumerate(index):
        for j in range(i + 1, len(index)):
            b = index[j]
            s = min(scores[i][j], scores[j][i])
            if not keep(a, b):
                continue
            if a["speaker"] == b["speaker"]:
                same.append(s)
            elif a["lang"] != b["lang"]:
                diff.append(s)
    return same, diff


def report(label, same, diff):
    e, t = eer(same, diff)
    frr = float(np.mean(np.asarray(same) < THRESHOLD)) if same else 0.0
    far = float(np.mean(np.asarray(diff) >= THRESHOLD)) if diff else 0.0
    print(f"{label:28s} {len(same):5d} same {len(diff):6d} different   EER {100 * e:5.1f} % (at {t:.2f})   "
          f"at {THRESHOLD}: false rejects {100 * frr:5.1f} %, false accepts {100 * far:5.1f} %")
    return {"same": len(same), "different": len(diff), "eer": e, "eer_threshold": t,
            "false_reject": frr, "false_accept": far}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("tool")
    ap.add_argument("folder")
    ap.add_argument("--json")
    ap.add_argument("-v", action="store_true")
    ap.add_argument("--room-pairs", action="store_true",
                    help="also each pair of rooms: every pair of notes whose two rooms are those (either order)")
    args = ap.parse_args()
    index, cache = voiceprints(args.tool, args.folder)
    lines = [json.loads(l) for l in open(cache)]
    failed = [l for l in lines if "voiceprint" not in l]
    for l in failed:
        print(f"no voiceprint: {os.path.basename(l['file'])}: {l.get('error')}", file=sys.stderr)
    rows = subprocess.run([args.tool, "--scores", cache], check=True, capture_output=True, text=True).stdout
    scores = [json.loads(r) for r in rows.splitlines()]
    ok = [i for i, l in enumerate(lines) if "voiceprint" in l]
    index = [index[i] for i in ok]
    scores = [[scores[i][j] for j in ok] for i in ok]
    print(f"{len(index)} notes of {len(set(c['speaker'] for c in index))} speakers "
          f"({len(failed)} without a voiceprint)")
    out = {"notes": len(index), "failed": len(failed)}
    out["all"] = report("all pairs", *pairs(index, scores))
    out["same_sex"] = report("different people: same sex", *pairs(index, scores, lambda a, b: a["sex"] == b["sex"]))
    out["other_room"] = report("same person: other room", *pairs(
        index, scores, lambda a, b: a["speaker"] != b["speaker"] or a["room"] != b["room"]))
    for room in ("clean", "phone", "reverb", "noisy"):
        out[room] = report(f"one note {room}", *pairs(index, scores, lambda a, b, r=room: r in (a["room"], b["room"])))
    if args.room_pairs:
        rooms = ("clean", "phone", "reverb", "noisy")
        for k, r1 in enumerate(rooms):
            for r2 in rooms[k:]:
                out[f"{r1}-{r2}"] = report(f"rooms {r1}-{r2}", *pairs(
                    index, scores, lambda a, b, x=(r1, r2): sorted((a["room"], b["room"])) == sorted(x)))
    if args.v:
        for i, a in enumerate(index):
            mine = [scores[i][j] for j, b in enumerate(index) if j != i and b["speaker"] == a["speaker"]]
            other = [(scores[i][j], b["speaker"]) for j, b in enumerate(index) if b["lang"] != a["lang"]]
            top = max(other) if other else (0, "")
            print(f"  {a['file']:34s} {a['room']:7s} own {min(mine) if mine else 0:.2f}-{max(mine) if mine else 0:.2f}"
                  f"  closest other {top[0]:.2f} ({top[1]})")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()

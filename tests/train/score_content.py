#!/usr/bin/python3
"""Scores the content analysis against labelled fixtures: per-block kind accuracy (speech vs
music vs speech over music vs other), and how the speakers found map onto the labelled voices.

    /usr/bin/python3 tests/train/score_content.py build/tests/dump_features testdata/voice
"""
import collections
import glob
import os
import subprocess
import sys

BLOCK = 0.4
KIND_IDS = {0: "silence", 1: "speech", 2: "music", 3: "speech_music", 4: "other"}


def near_boundary(path, n, collar):
    """Blocks within `collar` seconds of a change of kind in the labels (the usual scoring
    collar of segmentation benchmarks: a boundary 0.2 s off is not a wrong second)."""
    rows = [l.rstrip("\n").split("\t") for l in open(path) if l.strip()]
    edges = [float(r[0]) for r in rows] + [float(r[1]) for r in rows]
    return [any(b * BLOCK - collar < t < (b + 1) * BLOCK + collar for t in edges) for b in range(n)]


def labels_per_block(path, n):
    rows = [l.rstrip("\n").split("\t") for l in open(path) if l.strip()]
    out = []
    for b in range(n):
        a, e = b * BLOCK, (b + 1) * BLOCK
        cover = collections.Counter()
        for r in rows:
            o = min(e, float(r[1])) - max(a, float(r[0]))
            if o > 0:
                cover[(r[2], r[3] if len(r) > 3 else "-")] += o
        gap = BLOCK - sum(cover.values())
        if gap > 0:
            cover[("silence", "-")] += gap
        out.append(cover.most_common(1)[0][0])
    return out


def main():
    args = sys.argv[1:]
    collar = 0.0
    if args and args[0].startswith("--collar="):
        collar = float(args.pop(0).split("=")[1])
    dump, dirs = args[0], args[1:]
    total_ok = total = 0
    for d in dirs:
        for lab in sorted(glob.glob(os.path.join(d, "*.labels.tsv"))):
            stem = lab[: -len(".labels.tsv")]
            audio = [p for p in glob.glob(stem + ".*") if not p.endswith(".tsv")][0]
            out = subprocess.run([dump, "--timeline", audio], capture_output=True, text=True).stdout
            blocks = [l for l in out.split("\n") if l.startswith("# blocks")][0].split()[2:]
            pred = [(KIND_IDS[int(x.split(":")[0])], int(x.split(":")[1])) for x in blocks]
            truth = labels_per_block(lab, len(pred))
            edge = near_boundary(lab, len(pred), collar) if collar > 0 else [False] * len(pred)
            ok = n = 0
            conf = collections.Counter()
            kinds = collections.Counter()
            for (pk, ps), (tk, ts), near in zip(pred, truth, edge):
                if tk == "silence" or (near and pk != tk):
                    continue
                n += 1
                ok += pk == tk
                if pk != tk:
                    kinds[(tk, pk)] += 1
                if tk in ("speech", "speech_music") and pk in ("speech", "speech_music"):
                    conf[(ts, ps)] += 1
            total_ok += ok
            total += n
            talk = collections.Counter()
            for (t, p), c in conf.items():
                talk[t] += c
            top_true = talk.most_common(1)[0][0] if talk else "-"
            by_pred = collections.defaultdict(collections.Counter)
            for (t, p), c in conf.items():
                by_pred[p][t] += c
            desc = []
            for p in sorted(by_pred):
                tot = sum(by_pred[p].values())
                maj, cnt = by_pred[p].most_common(1)[0]
                desc.append(f"S{p}={maj}:{100 * cnt / tot:.0f}%/{tot}")
            s1 = by_pred.get(1)
            s1_ok = s1 and s1.most_common(1)[0][0] == top_true
            print(f"{os.path.basename(stem):16} kinds {100.0 * ok / max(1, n):5.1f}%  voices {len(talk)} found {len([p for p in by_pred if p > 0])}  "
                  f"top={'ok' if s1_ok else 'WRONG'}  " + " ".join(desc))
            if kinds:
                print("    wrong: " + ", ".join(f"{t}->{p} {c}" for (t, p), c in kinds.most_common()))
    print(f"all: kinds {100.0 * total_ok / max(1, total):.1f}% of {total} non-silent blocks"
          + (f" (wrong blocks within {collar} s of a labelled boundary not counted)" if collar else ""))


main()

#!/usr/bin/python3
"""Session 30 (phone30): step 12d's grouping of voice 1's turns by the phone band's finer cepstrum,
redone in numpy over three views (c1..c19, c1..c12, c13..c19), against the labels.

    for X in SET/tune/*.flac: dump_features --timeline X > D/NAME.tl; --frames > D/NAME.fr;
                              --cepstra > D/NAME.cp
    /usr/bin/python3 tests/realvoice/band_views.py SET/tune D [SET2/tune D2 ...]

Per scene with 12 judged turns or more in voice 1: voice 1's main-person / other voiced seconds
in judged turns (M, o), and per view the grouping's strength over made-up turns (the library's
ratio, reproduced to about 0.05: turns from the frames as speaker_turns.cpp's frame_turns,
each turn's mean cepstrum seen through the spread of its blocks about it, weighted 2-means from
30 starts, 12 rotations of the blocks cut into the same turn sizes), the smaller group's share of
the voiced seconds and what it holds (M, o). The library's own figures came from a temporary
stderr line in mark_band_group_of_voice_one, not committed.
"""
import glob, json, os, sys
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from voice_turns import labelled  # noqa: E402

B, F = 0.4, 0.04
VIEWS = {"all": slice(0, 19), "lo": slice(0, 12), "hi": slice(12, 19)}


def load(setdir, dd, name):
    d = labelled(setdir, dd, name)
    d["cp"] = np.loadtxt(f"{dd}/{name}.cp", ndmin=2)
    d["main"] = d["people"].index(d["meta"]["main"])
    return d


def turns(d):
    fr, spk, cp = d["fr"], d["spk"], d["cp"]
    n = min(len(spk), len(cp))
    lvl, voiced = fr[:, 1], fr[:, 2] > 0
    gate = np.median(lvl[voiced]) - 25
    out, open_, silent = [], False, 0
    for k in range(min(len(fr), n * 10)):
        v = spk[k // 10]
        if v > 0 and v != 1:
            open_, silent = False, 0
            continue
        if v == 1 and (voiced[k] or lvl[k] > gate):
            if not open_ or silent >= 13:
                out.append([k // 10, k // 10, 0, []])
            open_, silent = True, 0
            out[-1][1] = k // 10
            out[-1][2] += voiced[k]
            if voiced[k]:
                out[-1][3].append(d["who"][k])
        else:
            silent += 1
    res = []
    for a, e, nv, lab in out:
        bl = [b for b in range(a, e + 1) if spk[b] == 1 and cp[b, 1] > 0]
        if nv < 10 or not bl:
            continue
        lab = np.array(lab)
        lab = lab[lab >= 0]
        res.append(dict(blocks=bl, maj=np.bincount(lab).argmax() if len(lab) else -1))
    return res


def kmeans(X, w, starts=30, seed=27):
    rng = np.random.default_rng(seed)
    Z = X - np.average(X, 0, w)
    T = (w[:, None] * Z ** 2).sum()
    best = (np.inf, None)
    for _ in range(starts):
        g = rng.integers(0, 2, len(Z))
        for _ in range(50):
            if g.min() == g.max():
                break
            c = [np.average(Z[g == k], 0, w[g == k]) for k in (0, 1)]
            ng = np.stack([((Z - ck) ** 2).sum(1) for ck in c], 1).argmin(1)
            if (ng == g).all():
                break
            g = ng
        if g.min() == g.max():
            continue
        W = sum((w[g == k][:, None] * (Z[g == k] - np.average(Z[g == k], 0, w[g == k])) ** 2).sum() for k in (0, 1))
        if W < best[0]:
            best = (W, g.copy())
    return (1 - best[0] / T, best[1]) if best[1] is not None else (0.0, np.zeros(len(Z), int))


def grouping(d, ts, dims, rotations=12):
    cp = d["cp"]
    sizes = [len(t["blocks"]) for t in ts]
    allb = [b for t in ts for b in t["blocks"]]
    S, C = cp[allb, 2:][:, dims], cp[allb, 1]

    def means(offset):
        X, W, i = [], [], offset
        for sz in sizes:
            idx = [(i + k) % len(allb) for k in range(sz)]
            i = (i + sz) % len(allb)
            X.append(S[idx].sum(0) / C[idx].sum())
            W.append(C[idx].sum())
        return np.array(X), np.array(W)

    X, W = means(0)
    R, i = [], 0
    for u, sz in enumerate(sizes):
        for _ in range(sz):
            if C[i] >= 3:
                R.append(S[i] / C[i] - X[u])
            i += 1
    R = np.array(R)
    Li = np.linalg.inv(np.linalg.cholesky(R.T @ R / len(R) + 1e-6 * np.eye(R.shape[1])))
    real, g = kmeans(X @ Li.T, W)
    made = np.mean([kmeans(means(len(allb) * r // (rotations + 1))[0] @ Li.T, W)[0] for r in range(1, rotations + 1)])
    return real / made, g, W


def main(argv):
    for setdir, dd in zip(argv[::2], argv[1::2]):
        tag = os.path.basename(os.path.dirname(setdir.rstrip("/")))
        for p in sorted(glob.glob(dd + "/*.cp")):
            name = os.path.basename(p)[:-3]
            d = load(setdir, dd, name)
            ts = turns(d)
            if len(ts) < 12:
                continue
            maj = np.array([t["maj"] for t in ts])
            line = None
            for view, dims in VIEWS.items():
                ratio, g, W = grouping(d, ts, dims)
                if line is None:
                    line = (f"{tag}/{name:12s} v1 M{W[maj == d['main']].sum() * F:.1f} "
                            f"o{W[(maj != d['main']) & (maj >= 0)].sum() * F:.1f}")
                small = 0 if W[g == 0].sum() <= W[g == 1].sum() else 1
                m = g == small
                line += (f" | {view} {ratio:.2f} sh{W[m].sum() / W.sum():.2f} small "
                         f"M{W[m & (maj == d['main'])].sum() * F:.1f} o{W[m & (maj != d['main']) & (maj >= 0)].sum() * F:.1f}")
            print(line, flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])

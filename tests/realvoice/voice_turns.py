#!/usr/bin/python3
"""Session 26 (phone26): voice 1's turns, who speaks in each and what can be measured, for two
people on a phone line (or of one sex) heard as one voice.

    dump_features --timeline X.flac > D/X.tl; dump_features --frames X.flac > D/X.fr;
    dump_features --timbre X.flac > D/X.tb                                   (each scene)
    /usr/bin/python3 tests/realvoice/voice_turns.py turns SET_DIR D [NAMES...]   # every turn
    /usr/bin/python3 tests/realvoice/voice_turns.py pitch SET_DIR D [SET_DIR D ...]
    /usr/bin/python3 tests/realvoice/voice_turns.py lean SET_DIR D [SET_DIR D ...]

A turn is a run of voice 1's speech (40 ms frames voiced or within 25 dB of the recording's voiced
level, in voice 1's blocks) between pauses of 0.5 s or more, or another voice's blocks; judged
with 10 voiced frames or more. Per turn: the labels' person, the voiced frames' median pitch
(semitones) and its spread, the level, and the blocks' mean MFCC c1..c12 + log pitch.
`pitch`: per voice 1, the best cut of its turns' median pitch in two (each side 20 % of the voiced
frames or more): the sides' gap over their pooled spread, the gap in semitones, how far the cut
agrees with the labels; and, given the labels, how well each measure orders the two people's
turns (AUC). `lean`: per turn, its squared Mahalanobis distance to the nearest other voice less
that to the rest of voice 1, over the median turn's (speaker_turns.cpp, turns_like_another_voice).
"""
import collections, glob, json, os, sys
import numpy as np

B, F = 0.4, 0.04
PAUSE, GATE_DB, MIN_VOICED = 0.5, 25.0, 10


def labelled(setdir, dumpdir, name):
    """A scene's dumped voices per block and frames, and each frame's labelled person (-1: none)."""
    tl = open(f"{dumpdir}/{name}.tl").read().splitlines()
    line = [l for l in tl if l.startswith("# blocks")][0].split()[2:]
    spk = np.array([int(x.split(":")[1]) for x in line])
    fr = np.loadtxt(f"{dumpdir}/{name}.fr", ndmin=2)
    meta = json.load(open(f"{setdir}/{name}.json"))
    people = [p["id"] for p in meta["people"]]
    who = -np.ones(len(fr), int)
    for a, e, k, w in meta["events"]:
        if k == "speech" and w in people:
            who[int(a / F):int(e / F) + 1] = people.index(w)
    return dict(name=name, spk=spk, fr=fr, meta=meta, people=people, who=who)


def load(setdir, dumpdir, name):
    d = labelled(setdir, dumpdir, name)
    d["tb"] = np.loadtxt(f"{dumpdir}/{name}.tb", ndmin=2)
    return d


def turns(d, voice=1):
    fr, spk = d["fr"], d["spk"]
    lvl, pit = fr[:, 1], fr[:, 2]
    voiced = pit > 0
    ref = np.median(lvl[voiced]) if voiced.any() else -30
    active = (lvl > ref - GATE_DB) | voiced
    blk = np.minimum((np.arange(len(fr)) * F / B).astype(int), len(spk) - 1)
    inv, other = spk[blk] == voice, (spk[blk] > 0) & (spk[blk] != voice)
    pause = int(round(PAUSE / F))
    out, cur, silent = [], [], 0
    for i in range(len(fr)):
        if other[i]:
            if cur: out.append(cur); cur = []
            silent = 0
        elif inv[i] and active[i]:
            if silent >= pause and cur: out.append(cur); cur = []
            cur.append(i); silent = 0
        else:
            silent += 1
    if cur: out.append(cur)
    res = []
    for t in map(np.array, out):
        v = t[voiced[t]]
        if len(v) < MIN_VOICED: continue
        lab = d["who"][v]; lab = lab[lab >= 0]
        c = np.bincount(lab, minlength=len(d["people"])) if len(lab) else np.zeros(len(d["people"]))
        st = 12 * np.log2(pit[v])
        res.append(dict(a=t[0] * F, e=t[-1] * F, n=len(v), maj=int(c.argmax()) if c.sum() else -1,
                        pur=c.max() / max(c.sum(), 1), p50=np.median(st),
                        piqr=np.subtract(*np.percentile(st, [75, 25])), lvl=np.median(lvl[v])))
    return res


def scenes(pairs):
    for setdir, dumpdir in zip(pairs[::2], pairs[1::2]):
        for p in sorted(glob.glob(dumpdir + "/*.tl")):
            name = os.path.basename(p)[:-3]
            yield f"{os.path.basename(os.path.dirname(setdir.rstrip('/')))}/{name}", load(setdir, dumpdir, name)


def best_cut(x, w, least):
    o = np.argsort(x); xs, ws = x[o], w[o]
    best = None
    for k in range(1, len(xs)):
        a, b = ws[:k], ws[k:]
        if a.sum() < least or b.sum() < least: continue
        ma, mb = (xs[:k] * a).sum() / a.sum(), (xs[k:] * b).sum() / b.sum()
        sd = np.sqrt(((a * (xs[:k] - ma) ** 2).sum() + (b * (xs[k:] - mb) ** 2).sum()) / ws.sum())
        s = (mb - ma) / max(sd, 1e-3)
        if best is None or s > best[0]: best = (s, o[:k], o[k:], mb - ma)
    return best


def auc(a, b):
    a, b = np.asarray(a), np.asarray(b)
    v = (a[:, None] > b[None, :]).mean() + 0.5 * (a[:, None] == b[None, :]).mean()
    return max(v, 1 - v)


def pitch(pairs):
    for label, d in scenes(pairs):
        ts = turns(d)
        if len(ts) < 4: continue
        maj = np.array([t["maj"] for t in ts]); w = np.array([t["n"] for t in ts], float)
        c = np.bincount(maj[maj >= 0], weights=w[maj >= 0], minlength=len(d["people"]))
        minor = np.sort(c)[-2] / c.sum() if len(c) > 1 else 0.0
        x = np.array([t["p50"] for t in ts])
        cut = best_cut(x, w, 0.2 * w.sum())
        line = f"{label:22s} turns {len(ts):3d} someone else {minor:.2f}"
        if cut:
            s, lo, hi, gap = cut
            agree = sum(np.bincount(np.maximum(maj[side], 0), weights=w[side]).max() for side in (lo, hi)) / w.sum()
            line += f" | cut {s:4.2f} gap {gap:5.2f} st agrees {agree:.2f}"
        if minor >= 0.10:
            two = np.argsort(c)[-2:]
            for f in ("p50", "piqr", "lvl"):
                v = np.array([t[f] for t in ts])
                line += f" | {f} AUC {auc(v[maj == two[0]], v[maj == two[1]]):.2f}"
        print(line)


def lean(pairs):
    rows = []
    for label, d in scenes(pairs):
        tb = d["tb"]; cnt = tb[:, 1]
        spk = d["spk"][:len(tb)]; n = len(spk)
        ok = cnt[:n] >= 3
        x = np.zeros((n, 13)); x[ok] = tb[:n][ok, 2:15] / cnt[:n][ok, None]
        v1 = ok & (spk == 1)
        others = [o for o in (ok & (spk == k) for k in range(2, spk.max() + 1)) if o.sum() >= 10]
        if not others or v1.sum() < 20: continue
        res = np.vstack([x[m] - x[m].mean(0) for m in [v1] + others])
        si = np.linalg.inv(np.cov(res.T) + 1e-4 * np.eye(13))
        md = lambda a, b: (a - b) @ si @ (a - b)
        judged = []
        for t in turns(d):
            bl = np.arange(int(t["a"] / B), min(n, int(t["e"] / B) + 1)); bl = bl[v1[bl]]
            if len(bl) < 2: continue
            rest = v1.copy(); rest[bl] = False
            m = x[bl].mean(0)
            judged.append((t["maj"], t["n"], min(md(m, x[o].mean(0)) for o in others) - md(m, x[rest].mean(0))))
        if len(judged) < 4: continue
        labs = [j for j in judged if j[0] >= 0]
        own = np.bincount([j[0] for j in labs], weights=[j[1] for j in labs]).argmax()
        med = np.median([j[2] for j in judged])
        rows += [(label, j[0] == own, j[1], j[2] / med) for j in judged]
    for share in (0.2, 0.3, 0.4, 0.5, 0.6):
        under = [r for r in rows if r[3] < share]
        print(f"lean under {share} of the median turn's: someone else's voiced frames "
              f"{sum(r[2] for r in under if not r[1])}/{sum(r[2] for r in rows if not r[1])} "
              f"({dict(collections.Counter(r[0] for r in under if not r[1]))}), voice 1's own "
              f"{sum(r[2] for r in under if r[1])}/{sum(r[2] for r in rows if r[1])} in "
              f"{len(set(r[0] for r in under if r[1]))} scenes")


if __name__ == "__main__":
    what, rest = sys.argv[1], sys.argv[2:]
    if what == "turns":
        names = rest[2:] or sorted(os.path.basename(p)[:-3] for p in glob.glob(rest[1] + "/*.tl"))
        for name in names:
            d = load(rest[0], rest[1], name)
            print(f"== {name} people {d['people']} main {d['meta']['main']}")
            for t in turns(d):
                print(f"  {t['a']:7.2f}-{t['e']:7.2f} voiced {t['n']:4d} person {t['maj']} ({t['pur']:.2f}) "
                      f"pitch {t['p50']:6.2f} st spread {t['piqr']:5.2f} level {t['lvl']:6.1f} dB")
    elif what == "pitch":
        pitch(rest)
    elif what == "lean":
        lean(rest)

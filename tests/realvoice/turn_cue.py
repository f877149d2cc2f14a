#!/usr/bin/python3
"""Session 22 (mix22): does a voice's *turns* tell two people from one? Measures, for every voice
`dump_features --timeline` reports with 8 s or more, the turn-constrained split of its blocks
(full-covariance Gaussians on the 0.4 s blocks' mean MFCC c1..c12 + log2 pitch, each turn wholly
in one group) against the same blocks cut into made-up turns (rotated against the turns' edges),
and labels each voice by the scene's events (LUMP: 10 % or more of its blocks someone else).

    dump_features --timeline X.flac > D/X.tl; dump_features --timbre X.flac > D/X.tb   (each scene)
    /usr/bin/python3 tests/realvoice/turn_cue.py SET_DIR D [SET_DIR D ...]

Prints per voice: turns, blocks, the split's gain per block, the made-up turns' mean, their ratio
(speaker_turns.cpp on branch mix22-turns marks a voice of 8+ turns at a ratio of 1.25 or more).
"""
import glob, json, os, sys
import numpy as np
B = 0.4
def load(setdir, dumpdir, name):
    tl = open(f"{dumpdir}/{name}.tl").read().splitlines()
    line = [l for l in tl if l.startswith("# blocks")][0].split()[2:]
    kinds = np.array([int(x.split(":")[0]) for x in line]); spk = np.array([int(x.split(":")[1]) for x in line])
    tb = np.loadtxt(f"{dumpdir}/{name}.tb", ndmin=2)
    n = min(len(spk), len(tb)); kinds, spk, tb = kinds[:n], spk[:n], tb[:n]
    cnt = tb[:, 1]; s = tb[:, 2:15]; ss = tb[:, 15:28]
    meta = json.load(open(f"{setdir}/{name}.json"))
    people = [p["id"] for p in meta["people"]]
    ov = np.zeros((n, len(people)))
    for a, e, k, who in meta["events"]:
        if k != "speech" or who not in people: continue
        j = people.index(who)
        for b in range(int(a / B), min(n, int(e / B) + 1)):
            ov[b, j] += max(0, min(e, (b + 1) * B) - max(a, b * B))
    truth = np.where(ov.max(1) > 0.1, ov.argmax(1), -1)
    return dict(name=name, kinds=kinds, spk=spk, cnt=cnt, s=s, ss=ss, meta=meta, people=people, truth=truth, ov=ov)

GAP = 1  # blocks of no voice bridged inside a turn
def units_of(d, r):
    spk, kinds = d["spk"], d["kinds"]
    idx = np.where(spk == r)[0]
    units = []; cur = [idx[0]] if len(idx) else []
    for a, b in zip(idx[:-1], idx[1:]):
        between = spk[a + 1:b]
        if b - a - 1 <= GAP and not (between > 0).any(): cur.append(b)
        else: units.append(cur); cur = [b]
    if cur: units.append(cur)
    return units

MINU = 3  # judged blocks a turn needs
PRIORW = 20.0  # points of the voice covariance prior
STARTS = 20
def gauss_ll(X, w, prior):
    nk = w.sum(); mu = (w[:, None] * X).sum(0) / nk
    C = ((w[:, None] * (X - mu)).T @ (X - mu) + PRIORW * prior) / (nk + PRIORW)
    Ci = np.linalg.inv(C); _, ld = np.linalg.slogdet(C)
    return -0.5 * (np.einsum("ij,jk,ik->i", X - mu, Ci, X - mu) + ld)

def refine(UX, X, owner, prior, lab):
    U = len(UX)
    for it in range(40):
        L = []
        for k in (0, 1):
            w = (lab[owner] == k).astype(float)
            if w.sum() < 5: return None, None
            L.append(gauss_ll(X, w, prior))
        per_unit = np.array([[L[k][owner == i].sum() for k in (0, 1)] for i in range(U)])
        new = per_unit.argmax(1)
        if new.min() == new.max(): return None, None
        if (new == lab).all(): break
        lab = new
    return sum(per_unit[i, lab[i]] for i in range(U)), lab
def split(UX, seed=7, extra=()):
    rng = np.random.default_rng(seed)
    X = np.concatenate(UX); prior = np.cov(X.T) + 1e-6 * np.eye(X.shape[1])
    owner = np.concatenate([np.full(len(u), i) for i, u in enumerate(UX)]); U = len(UX)
    ll1 = gauss_ll(X, np.ones(len(X)), prior).sum()
    inits = [rng.integers(0, 2, U) for _ in range(STARTS)]
    # unit means split along random directions of the whitened space
    M = np.array([u.mean(0) for u in UX]); Wi = np.linalg.cholesky(np.linalg.inv(prior))
    Mw = M @ Wi
    for _ in range(STARTS):
        v = rng.normal(size=Mw.shape[1]); p = Mw @ v; inits.append((p > np.median(p)).astype(int))
    inits += list(extra)
    best = (-np.inf, None)
    for lab in inits:
        lab = np.array(lab)
        if lab.min() == lab.max(): continue
        ll2, l = refine(UX, X, owner, prior, lab)
        if l is not None and ll2 > best[0]: best = (ll2, l)
    return ll1, best[0], best[1]

def cue(d, r):
    units = []; whos = []
    for u in units_of(d, r):
        u = [b for b in u if d["cnt"][b] >= 3 and d["kinds"][b] == 1]
        if len(u) >= MINU:
            units.append(u); tr = d["truth"][u]; tr = tr[tr >= 0]; whos.append(np.bincount(tr).argmax() if len(tr) else -1)
    if len(units) < 4: return None
    UX = [d["s"][u] / d["cnt"][u][:, None] for u in units]
    X = np.concatenate(UX); sizes = [len(u) for u in UX]; nb = len(X)
    whos = np.array(whos)
    ll1, ll2, lab = split(UX)
    if lab is None: return None
    g = (ll2 - ll1) / nb
    rots = []
    for k in range(6):
        sh = int((k + 1) * nb / (6 + 1)); Xr = np.roll(X, sh, 0)
        parts = np.split(Xr, np.cumsum(sizes)[:-1])
        a, b, l = split(parts, seed=11 + k)
        if l is not None: rots.append((b - a) / nb)
    return dict(g=g, rot=np.array(rots), units=len(units), nb=nb, lab=lab, whos=whos)
for setdir, dumpdir in zip(sys.argv[1::2], sys.argv[2::2]):
    for f in sorted(glob.glob(f"{dumpdir}/*.tb")):
        n = os.path.basename(f)[:-3]; d = load(setdir, dumpdir, n)
        for r in sorted(set(d["spk"][d["spk"] > 0])):
            blk = np.where(d["spk"] == r)[0]
            if len(blk) * 0.4 < 8: continue
            t = d["truth"][blk]; t = t[t >= 0]
            if len(t) == 0: continue
            cn = np.sort(np.bincount(t))[::-1]; minor = cn[1] / cn.sum() if len(cn) > 1 else 0
            c = cue(d, r)
            if c is None: continue
            tag = "LUMP" if minor >= 0.1 else "one"
            z = (c["g"] - c["rot"].mean()) / (c["rot"].std() + 1e-3)
            sh = " ".join(f"{l}{'ab'[w] if 0 <= w < 2 else 'x'}" for l, w in zip(c["lab"], c["whos"]))
            print(f"{tag} {dumpdir[-6:]:6} {n:14} r{r} minor={minor:.2f} units={c['units']:2d} nb={c['nb']:3d} g={c['g']:.3f} rot={c['rot'].mean():.3f}+-{c['rot'].std():.3f} ratio={c['g']/c['rot'].mean():.2f} z={z:.1f} :: {sh}", flush=True)

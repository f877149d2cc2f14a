#!/usr/bin/python3
"""Session 27 (phone27): two people on a phone line heard as one voice, measured per labelled turn
in the phone band (tests/realvoice/README.md, "Session 27: ...").

    band_turns.py features SET_DIR OUT.pkl        # per labelled turn (a run of one person's
                                                  # utterances, gaps under 0.5 s): MFCCs of 24 mel
                                                  # bands over 300-3400 Hz, the finer cepstrum
                                                  # c1..c19 of 24 bands over 100-3800 Hz (the
                                                  # voiceprint's), centroid, tilt; and the frames
    band_turns.py fisher OUT.pkl NAME...          # per scene: each cepstrum's Fisher ratio between
                                                  # the two people's turns, leave-one-turn-out
                                                  # nearest-mean accuracy under their pooled spread
    band_turns.py ratio [fine|cep] [DIMS] [--white|--block|--diag] OUT.pkl...
                                                  # the turns grouped in two without the labels
                                                  # (weighted 2-means), the grouping's share of the
                                                  # scatter against that of made-up turns (the
                                                  # frames rotated against the turns' edges), how far
                                                  # the groups agree with the labels
Numpy only; audio through tests/realvoice/audio.py (ffmpeg).
"""
import glob, json, os, pickle, sys
import numpy as np
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import audio

SR, N, HOP = 8000, 256, 80
LO, HI, NB, NC = 300.0, 3400.0, 24, 12


def mel(f): return 2595 * np.log10(1 + f / 700.0)
def imel(m): return 700 * (10 ** (m / 2595.0) - 1)


def filterbank(lo=LO, hi=HI, nb=NB):
    f = np.arange(N // 2 + 1) * SR / N
    edges = imel(np.linspace(mel(lo), mel(hi), nb + 2))
    fb = np.zeros((nb, len(f)))
    for i in range(nb):
        a, c, b = edges[i], edges[i + 1], edges[i + 2]
        fb[i] = np.clip(np.minimum((f - a) / (c - a), (b - f) / (b - c)), 0, None)
    return fb


FB = filterbank()
FB2 = filterbank(100.0, 3800.0, 24)
K = np.arange(NB)
DCT = np.cos(np.pi / NB * (K[None, :] + 0.5) * np.arange(NB)[:, None])
BAND = (np.arange(N // 2 + 1) * SR / N >= LO) & (np.arange(N // 2 + 1) * SR / N <= HI)
FREQ = np.arange(N // 2 + 1) * SR / N


def lpc_formants(fr, order=10):
    x = np.append(fr[0], fr[1:] - 0.63 * fr[:-1]) * np.hamming(len(fr))
    r = np.correlate(x, x, "full")[len(x) - 1:len(x) + order]
    if r[0] <= 0: return [np.nan] * 3
    a = np.zeros(order + 1); a[0] = 1; e = r[0]
    for i in range(1, order + 1):
        k = -(r[i] + a[1:i] @ r[i - 1:0:-1]) / e
        a[1:i + 1] = a[1:i + 1] + k * np.append(a[i - 1:0:-1], 1)
        e *= 1 - k * k
        if e <= 0: return [np.nan] * 3
    rt = np.roots(a); rt = rt[np.imag(rt) > 0]
    fq = np.angle(rt) * SR / (2 * np.pi); bw = -np.log(np.abs(rt)) * SR / np.pi
    fq = np.sort(fq[(bw < 400) & (fq > 200) & (fq < 3600)])
    return list(fq[:3]) + [np.nan] * (3 - len(fq[:3]))


def features(x):
    n = (len(x) - N) // HOP + 1
    idx = np.arange(N)[None, :] + HOP * np.arange(n)[:, None]
    fr = x[idx]
    spec = np.abs(np.fft.rfft(fr * np.hamming(N), axis=1)) ** 2 + 1e-12
    db = 10 * np.log10(spec[:, BAND].sum(1))
    lb = np.log(FB @ spec.T + 1e-10).T
    cep = (DCT @ lb.T).T[:, 1:NC + 1]
    lb2 = np.log(FB2 @ spec.T + 1e-10).T
    fine = (DCT @ lb2.T).T[:, 1:20]
    sb = spec[:, BAND]; fb = FREQ[BAND]
    cent = (sb * fb).sum(1) / sb.sum(1)
    lf = np.log(fb); lf = lf - lf.mean()
    tilt = (np.log(sb) - np.log(sb).mean(1, keepdims=True)) @ lf / (lf @ lf)
    return fr, db, cep, cent, tilt, fine


def turns_of(meta, gap=0.5):
    ev = [e for e in meta["events"] if e[2] == "speech"]
    ev.sort()
    out = []
    for a, e, k, w in ev:
        if out and out[-1][2] == w and a - out[-1][1] < gap:
            out[-1][1] = e
        else:
            out.append([a, e, w])
    return out


def scene(path, formants=True):
    meta = json.load(open(path[:-5] + ".json"))
    x = audio.decode(path, SR)
    fr, db, cep, cent, tilt, fine = features(x)
    ref = np.percentile(db, 95)
    rows = []
    fsel, fturn = [], []
    for a, e, w in turns_of(meta):
        i0, i1 = int(a * SR / HOP), min(len(db), int(e * SR / HOP))
        sel = np.arange(i0, i1); sel = sel[db[sel] > ref - 30]
        if len(sel) < 30: continue
        fsel.append(sel); fturn.append(np.full(len(sel), len(rows)))
        f = []
        if formants:
            fm = np.array([lpc_formants(fr[i]) for i in sel[::2]])
            f = list(np.nanmedian(fm, 0))
        rows.append(dict(a=a, e=e, who=w, n=len(sel), cep=cep[sel].mean(0), cvar=cep[sel].var(0), fine=fine[sel].mean(0),
                         cent=np.median(cent[sel]), tilt=np.median(tilt[sel]), fmt=f if f else [0.0, 0.0, 0.0]))
    if fsel:
        idx = np.concatenate(fsel)
        frames = dict(turn=np.concatenate(fturn), fine=fine[idx].astype(np.float32), cep=cep[idx].astype(np.float32))
    else:
        frames = None
    return meta, rows, frames




def vec(r, what):
    if what == "cep": return r["cep"]
    if what == "fmt": return np.array(r["fmt"])
    if what == "ct": return np.array([r["cent"], r["tilt"]])
    if what == "fine": return r["fine"][:12]
    if what == "all": return np.concatenate([r["cep"], np.array(r["fmt"]) / 300.0, [r["cent"] / 300, r["tilt"]]])

def fisher(a, b):
    na, nb = len(a), len(b)
    w = (a.var(0, ddof=1) * (na - 1) + b.var(0, ddof=1) * (nb - 1)) / (na + nb - 2)
    return (a.mean(0) - b.mean(0)) ** 2 / np.maximum(w, 1e-9)

def split_stat(X, w, starts=60, seed=1, standardise=True):
    """Best weighted 2-means split of rows X (standardised per column): 1 - W/T, and the sides."""
    rng = np.random.default_rng(seed)
    Z = X - np.average(X, 0, w)
    if standardise: Z = Z / np.sqrt(np.average(Z ** 2, 0, w) + 1e-12)
    T = (w[:, None] * Z ** 2).sum()
    best = (np.inf, None)
    n = len(Z)
    for s in range(starts):
        g = rng.integers(0, 2, n)
        for it in range(50):
            if g.min() == g.max(): break
            c = [np.average(Z[g == k], 0, w[g == k]) for k in (0, 1)]
            d = np.stack([((Z - ck) ** 2).sum(1) for ck in c], 1)
            ng = d.argmin(1)
            if (ng == g).all(): break
            g = ng
        if g.min() == g.max(): continue
        W = sum((w[g == k][:, None] * (Z[g == k] - np.average(Z[g == k], 0, w[g == k])) ** 2).sum() for k in (0, 1))
        if W < best[0]: best = (W, g.copy())
    return 1 - best[0] / T, best[1]



def means(F, turn, k):
    n = np.bincount(turn, minlength=k).astype(float)
    m = np.stack([np.bincount(turn, weights=F[:, d], minlength=k) for d in range(F.shape[1])], 1) / np.maximum(n, 1)[:, None]
    return m[n > 0], n[n > 0]

def between(F, turn, k, Wi):
    m, n = means(F, turn, k)
    g = np.average(m, 0, n)
    z = (m - g) @ Wi
    return (n * (z ** 2).sum(1)).sum() / n.sum()



def cmd_fisher(argv):
    d = pickle.load(open(argv[0], "rb"))
    for name in argv[1:]:
        s = d[name]; rows = s["rows"]; people = s["people"]
        who = np.array([people.index(r["who"]) for r in rows]); n = np.array([r["n"] for r in rows])
        c = np.bincount(who, weights=n); o = np.argsort(c)[::-1]
        for what in ("cep", "fine"):
            X = np.array([r[what] for r in rows])
            F = fisher(X[who == o[0]], X[who == o[1]])
            # LOO nearest class mean under pooled within-class cov (shrunk)
            ok = 0
            for i in range(len(rows)):
                m = np.ones(len(rows), bool); m[i] = False
                A, B = X[m & (who == o[0])], X[m & (who == o[1])]
                R = np.vstack([A - A.mean(0), B - B.mean(0)]); C = np.cov(R.T); C = 0.5 * C + 0.5 * np.diag(np.diag(C))
                Ci = np.linalg.inv(C)
                da = (X[i] - A.mean(0)) @ Ci @ (X[i] - A.mean(0)); db = (X[i] - B.mean(0)) @ Ci @ (X[i] - B.mean(0))
                ok += (da < db) == (who[i] == o[0])
            print(f"{name:12s} {what:5s} turns {len(rows)} F " + " ".join(f"{v:4.1f}" for v in F) + f" | LOO {ok/len(rows):.2f}")


def cmd_ratio(argv):
    feat = argv[0] if argv[0] in ("fine", "cep") else "fine"
    DIMS = int(argv[1]) if len(argv) > 1 and argv[1].isdigit() else 12
    WHITE0 = "--white" in argv
    for f in [a for a in argv if a.endswith(".pkl")]:
        d = pickle.load(open(f, "rb"))
        tag = os.path.basename(f)[:-4]
        for name, s in d.items():
            fr = s["frames"]
            if fr is None: continue
            F = fr[feat][:, :DIMS].astype(float); turn = fr["turn"]; k = turn.max() + 1
            if k < 6: continue
            rows = s["rows"]; people = s["people"]
            who = np.array([people.index(r["who"]) for r in rows])
            # within-turn frame covariance, whitening
            m, n = means(F, turn, k)
            R = F - m[turn] if len(m) == k else None
            C = np.cov(R.T) + 1e-6 * np.eye(DIMS)
            Wi = np.linalg.cholesky(np.linalg.inv(C))
            WHITE = WHITE0
            if WHITE:
                F = F @ Wi; Wi = np.eye(DIMS); m, n = means(F, turn, k)
            if "--block" in argv:
                # block means (40 frames of 10 ms) within turns, their covariance about the turn means
                bm, bt = [], []
                for t in range(k):
                    idx = np.flatnonzero(turn == t)
                    for j in range(0, len(idx), 40):
                        ch = idx[j:j + 40]
                        if len(ch) >= 10: bm.append(F[ch].mean(0)); bt.append(t)
                bm = np.array(bm); bt = np.array(bt)
                Rb = bm - m[bt]
                Cb = np.cov(Rb.T) + 1e-6 * np.eye(DIMS)
                Wb = np.linalg.cholesky(np.linalg.inv(Cb))
                F = F @ Wb; Wi = np.eye(DIMS); m, n = means(F, turn, k); WHITE = True
            if "--diag" in argv:
                F = F / np.sqrt(np.diag(C)); Wi = np.diag(1 / np.sqrt(np.diag(C))); m, n = means(F, turn, k); WHITE = True
            b_real = between(F, turn, k, Wi)
            s_real, g = split_stat(m, n, starts=30, standardise=not WHITE)
            rng = np.random.default_rng(5)
            sizes = np.bincount(turn)
            bs, ss = [], []
            for r in range(12):
                off = rng.integers(len(F) // 10, len(F) - len(F) // 10)
                Fr = np.roll(F, off, 0)
                mm, nn = means(Fr, turn, k)
                bs.append(between(Fr, turn, k, Wi)); ss.append(split_stat(mm, nn, starts=30, standardise=not WHITE)[0])
            line = f"{tag:6s} {name:14s} turns {k:3d}"
            if len(people) > 1:
                c = np.bincount(who, weights=n, minlength=len(people)); o = np.argsort(c)[::-1]
                agree = max((g == (who == o[0])).mean(), (g != (who == o[0])).mean())
                line += f" minor {c[o[1]]/c.sum():.2f} agree {agree:.2f}"
            else:
                line += " " * 23
            line += f" | split {s_real:.3f} / made-up {np.mean(ss):.3f} = {s_real/np.mean(ss):.2f} | between {b_real:.3f} / {np.mean(bs):.3f} = {b_real/np.mean(bs):.2f}"
            print(line, flush=True)


def cmd_features(argv):
    setdir, path = argv
    res = {}
    for p in sorted(glob.glob(setdir + "/*.flac")):
        name = os.path.basename(p)[:-5]
        meta, rows, frames = scene(p, formants=False)
        res[name] = dict(people=[q["id"] for q in meta["people"]], main=meta.get("main"), kind=meta["kind"], rows=rows,
                         frames=frames)
        print(name, len(rows), file=sys.stderr)
    pickle.dump(res, open(path, "wb"))


if __name__ == "__main__":
    dict(features=cmd_features, fisher=cmd_fisher, ratio=cmd_ratio)[sys.argv[1]](sys.argv[2:])

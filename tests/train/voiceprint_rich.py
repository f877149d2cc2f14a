#!/usr/bin/python3
"""A richer voiceprint than the library's 39 numbers, measured on the TUNE split (session 18).

    # the notes and voiceprint caches as tests/train/README.md makes them for train_voiceprint.py
    /usr/bin/python3 tests/train/voiceprint_rich.py --tool build/tests/voiceprint_tool \
        --train /tmp/vc/train/clips /tmp/vcm/train/clips --tune /tmp/vc/tune/clips --cache /tmp/vp18/frames

A developer's experiment, not part of the library or of CI. Session 9 tried richer statistics
on 37 training voices (21 real) and all overfit; since session 16 the train split has 55 real
people with a room under every note. This script asks the question again with the shipped
back-end for every candidate, so that only the numbers differ:

  features (per note; frames as voiceprint_experiments.py measures them: 40 ms frames of the note
  at 8 kHz, 24 mel bands 100-3800 Hz, the frames voiced and within 45 dB of the loudest):
    lib39    the library's voiceprint (voiceprint_tool's cache, voiceprints.jsonl beside the notes)
    m19      MFCC c1..c19 mean + spread
    m19p     + log2 pitch mean, spread, 10th / 50th / 90th percentile
    m19pd    + spread of the deltas (c1..c19)
    cmn      spread + delta spread + pitch (cepstral mean normalised: no mean, the room's tilt out)
    lib39+X  the library's numbers beside X
    a19pd    m19pd over every talk frame (within 30 dB of the loudest), voiced or not
    dsd12    the delta spread of c1..c12 only (what the library's own cepstra could give)
    gmm      (--gmm) GMM-UBM supervectors, 32 Gaussians, reduced to 200 numbers by PCA
  back-end (train_voiceprint.py's): standardised, LDA with the within-speaker scatter shrunk,
    the cosine, AS-norm against the train notes (each side's closest `top`, floors at the 1st
    percentile), its log-odds (slope at the equal-error point) fused 0.75 with the old comparison
    (join_model.hpp on lib39) as shipped;
  channel compensation: NAP (the k leading within-speaker directions, which across four rooms are
    mostly the rooms', projected out before the LDA); a two-covariance (PLDA) score in place of
    the cosine with AS-norm; the candidate's log-odds fused 0.5 with the shipped score's
    (--fused-grid: over the whole grid too).

Figures: the equal error rate over eval_voiceprint.py's pairs (same speaker; speakers of two
languages), the same for people of one sex, and the --like ranking of tests/train/README.md: an
example note, the same person's note in another room, and every other person's (another
language's) note in that same room; how often the right note scores above the other. The
shipped comparison's own figures come from the tool (`--scores`) on the same notes.
"""
import argparse
import json
import os
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train_voiceprint import (cohort_floors, eer, eer_of, fit_lda, join_model_logits, logistic_slope,  # noqa: E402
                              normalised, pair_scores, ranking, unit)
from voiceprint_experiments import decode, frames_of, gmm_supervectors, mel_filters, voiced  # noqa: E402

SHRINKS = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
KEEPS = (16, 20, 24, 30, 36, 48)
TOPS = (20, 50)
FUSE = 0.75


def frames(folder, cache):
    """Every note's frames (level, c0..c19, voicing, log2 pitch), cached as npz per note."""
    index = json.load(open(os.path.join(folder, "clips.json")))
    out, filters = [], mel_filters(24, 100, 3800)
    for c in index:
        path = os.path.join(cache, folder.strip("/").replace("/", "_") + "_" + c["file"] + ".npz")
        if not os.path.exists(path):
            level, cep, voicing, pitch = frames_of(decode(os.path.join(folder, c["file"])), filters)
            np.savez(path, level=level, cep=cep, voicing=voicing, pitch=pitch)
        z = np.load(path)
        out.append((z["level"], z["cep"], z["voicing"], z["pitch"]))
    return index, out


def library(folder):
    """The library's 39 numbers of every note (None where it gave no voiceprint)."""
    out = []
    for line in open(os.path.join(folder, "voiceprints.jsonl")):
        v = json.loads(line).get("voiceprint")
        out.append(np.concatenate([v["mean"], v["spread"], v["piece_spread"]]) if v else None)
    return out


def voiced_frames(fr, cmn):
    """c1..c19 and their deltas of the voiced frames (less their mean when `cmn`), for a GMM."""
    level, cep, voicing, _ = fr
    sel = voiced(level, voicing)
    c = cep[:, 1:20]
    d = np.zeros_like(c)
    d[1:-1] = (c[2:] - c[:-2]) / 2
    x = c[sel] - (c[sel].mean(0) if cmn else 0)
    return np.hstack([x, d[sel]])


def stats(fr):
    level, cep, voicing, pitch = fr
    sel = voiced(level, voicing)
    c = cep[:, 1:20]
    d = np.zeros_like(c)
    d[1:-1] = (c[2:] - c[:-2]) / 2
    p = pitch[sel]
    talk = level > level.max() - 30  # every frame of the talk, voiced or not (fricatives too)
    return {"mean": c[sel].mean(0), "sd": c[sel].std(0), "dsd": d[sel].std(0),
            "pitch": np.array([p.mean(), p.std(), *np.percentile(p, [10, 50, 90])]),
            "amean": c[talk].mean(0), "asd": c[talk].std(0), "adsd": d[talk].std(0),
            "dsd12": d[sel][:, :12].std(0)}


FEATURES = {
    "lib39": [],
    "m19": ["mean", "sd"],
    "m19p": ["mean", "sd", "pitch"],
    "m19pd": ["mean", "sd", "dsd", "pitch"],
    "cmn": ["sd", "dsd", "pitch"],
    "lib39+m19p": ["lib", "mean", "sd", "pitch"],
    "lib39+m19pd": ["lib", "mean", "sd", "dsd", "pitch"],
    "lib39+pitch": ["lib", "pitch"],
    "lib39+dsd": ["lib", "dsd", "pitch"],
    "a19pd": ["amean", "asd", "adsd", "pitch"],
    "m19pd+a19": ["mean", "sd", "dsd", "amean", "asd", "adsd", "pitch"],
    "lib39+a19pd": ["lib", "amean", "asd", "adsd", "pitch"],
    "lib39+dsd12+pitch": ["lib", "dsd12", "pitch"],
    "lib39+dsd12": ["lib", "dsd12"],
}


def vectors(name, libs, st):
    if name == "lib39":
        return np.array(libs)
    return np.array([np.concatenate([lib if k == "lib" else s[k] for k in FEATURES[name]]) for lib, s in zip(libs, st)])


def nap(xt, labels, k):
    """(centre, scale, P): standardise, then project out the k leading within-speaker directions."""
    center, scale = xt.mean(0), xt.std(0) + 1e-6
    z = (xt - center) / scale
    lab = np.array(labels)
    within = np.vstack([z[lab == s] - z[lab == s].mean(0) for s in sorted(set(labels))])
    v = np.linalg.svd(within, full_matrices=False)[2][:k]
    return center, scale, np.eye(z.shape[1]) - v.T @ v


def plda(zu, zt, between):
    """The two-covariance log-likelihood ratio of LDA-projected, length-normalised vectors."""
    mu = zt.mean(0)
    a, b = zu - mu, np.maximum(between, 1e-6)
    s = np.zeros((len(a), len(a)))
    for d in range(a.shape[1]):
        xi, xj, bd = a[:, d][:, None], a[:, d][None, :], b[d]
        det = (bd + 1) ** 2 - bd * bd
        s += -0.5 * (((bd + 1) * (xi ** 2 + xj ** 2) - 2 * bd * xi * xj) / det - (xi ** 2 + xj ** 2) / (bd + 1))
        s += -0.5 * np.log(det / (bd + 1) ** 2)
    return s


def same_sex(index):
    return lambda i, j: index[i]["sex"] == index[j]["sex"]


def calibrated(logits, index):
    """1/(1+exp(-(L - shift))), shift at the tune equal-error point (as kFuseShift)."""
    same, diff = pair_scores(logits, index)
    _, shift = eer(same, diff)
    return 1 / (1 + np.exp(-(logits - shift)))


def backend(xt, lt, xu, iu, shrink, keep, top, comp=None):
    """AS-norm scores of the tune notes, the cosine, and the z's (for PLDA)."""
    if comp is not None:
        c0, s0, p0 = comp
        xt, xu = ((xt - c0) / s0) @ p0, ((xu - c0) / s0) @ p0
    center, scale, proj, ev = fit_lda(xt, lt, shrink)
    p = proj[:, :keep]
    zt, zu = unit(xt, center, scale, p), unit(xu, center, scale, p)
    return normalised(zu, zt, top, cohort_floors(zt, top, 1)), zu @ zu.T, zu, zt, ev[:keep]


def report(name, c, index, fused=None):
    e, es = eer_of(c, index), eer_of(c, index, same_sex(index))
    line = f"{name:46s} EER {100 * e:5.1f} %  same sex {100 * es:5.1f} %"
    if fused is not None:
        prob = calibrated(fused, index)
        r, rs, n, ns = ranking(prob, index, 0.8, apart="lang")
        line += (f"  | fused 0.75: EER {100 * eer_of(fused, index):5.1f} %  same sex "
                 f"{100 * eer_of(fused, index, same_sex(index)):5.1f} %  ranking {100 * r:5.1f} % "
                 f"(both >= 0.8: {100 * rs:5.1f} % of {ns}; {n} triples)")
    print(line, flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tool", required=True, help="voiceprint_tool, for the shipped comparison's scores")
    ap.add_argument("--train", nargs="+", required=True)
    ap.add_argument("--tune", required=True)
    ap.add_argument("--cache", required=True, help="a folder for the notes' frames")
    ap.add_argument("--only", nargs="*", help="feature sets to run (default: all)")
    ap.add_argument("--fused-grid", action="store_true", help="the grid's EERs fused 0.5 with the shipped score")
    ap.add_argument("--gmm", action="store_true", help="also GMM-UBM supervectors (32 Gaussians; PCA to 200)")
    args = ap.parse_args()
    os.makedirs(args.cache, exist_ok=True)

    def load(folder):
        index, fr = frames(folder, args.cache)
        libs = library(folder)
        keep = [i for i, v in enumerate(libs) if v is not None]
        return [index[i] for i in keep], [libs[i] for i in keep], [stats(fr[i]) for i in keep], keep, [fr[i] for i in keep]

    train = [load(f) for f in args.train]
    it = [c for t in train for c in t[0]]
    lt = [c["speaker"] for c in it]
    libt = [v for t in train for v in t[1]]
    stt = [s for t in train for s in t[2]]
    frt = [f for t in train for f in t[4]]
    iu, libu, stu, kept_u, fru = load(args.tune)
    if args.gmm:
        for cmn in (False, True):
            st, su = gmm_supervectors([voiced_frames(f, cmn) for f in frt], [voiced_frames(f, cmn) for f in fru])
            mu = st.mean(0)
            pcs = np.linalg.svd(st - mu, full_matrices=False)[2][:200]
            for i, x in enumerate(list(st - mu) + list(su - mu)):
                (stt if i < len(st) else stu)[i if i < len(st) else i - len(st)][f"gmm{int(cmn)}"] = pcs @ x
            FEATURES[f"gmm{'-cmn' if cmn else ''}"] = [f"gmm{int(cmn)}"]
            FEATURES[f"lib39+gmm{'-cmn' if cmn else ''}"] = ["lib", f"gmm{int(cmn)}"]
    print(f"train: {len(it)} notes of {len(set(lt))} people; tune: {len(iu)} notes of "
          f"{len({c['speaker'] for c in iu})} people (with a library voiceprint)", flush=True)

    shipped = np.array(json.loads("[" + ",".join(subprocess.run(
        [args.tool, "--scores", os.path.join(args.tune, "voiceprints.jsonl")], check=True,
        capture_output=True, text=True).stdout.split()) + "]"))[np.ix_(kept_u, kept_u)]
    shipped = np.minimum(shipped, shipped.T)
    r, rs, n, ns = ranking(shipped, iu, 0.8, apart="lang")
    print(f"{'shipped (voiceprint_tool --scores)':46s} EER {100 * eer_of(shipped, iu):5.1f} %  same sex "
          f"{100 * eer_of(shipped, iu, same_sex(iu)):5.1f} %  ranking {100 * r:5.1f} % (both >= 0.8: "
          f"{100 * rs:5.1f} % of {ns}; {n} triples)", flush=True)
    old = join_model_logits(np.array(libu))

    for name in args.only or FEATURES:
        xt, xu = vectors(name, libt, stt), vectors(name, libu, stu)
        grid = []
        for shrink in SHRINKS:
            for keep in KEEPS:
                if keep > xt.shape[1]:
                    continue
                for top in TOPS:
                    s, _, _, _, _ = backend(xt, lt, xu, iu, shrink, keep, top)
                    grid.append((eer_of(s, iu), shrink, keep, top))
        e, shrink, keep, top = min(grid)
        if args.fused_grid:
            ship = np.log(np.clip(shipped, 1e-6, 1 - 1e-6) / (1 - np.clip(shipped, 1e-6, 1 - 1e-6)))
            fg = []
            for _, sh, k, tp in grid:
                sg = backend(xt, lt, xu, iu, sh, k, tp)[0]
                sa, da = pair_scores(sg, iu)
                _, tg = eer(sa, da)
                fg.append(eer_of(0.5 * logistic_slope(sa, da, tg) * (sg - tg) + 0.5 * ship, iu))
            print(f"  fused 0.5 with the shipped log-odds over the grid: mean {100 * np.mean(fg):.1f} %, "
                  f"median {100 * np.median(fg):.1f} %, worst {100 * max(fg):.1f} %", flush=True)
        print(f"{name} ({xt.shape[1]} numbers): grid mean {100 * np.mean([g[0] for g in grid]):.1f} %, "
              f"best {100 * e:.1f} % at shrink {shrink:g}, {keep} directions, top {top}", flush=True)
        s, cos, zu, zt, ev = backend(xt, lt, xu, iu, shrink, keep, top)
        same, diff = pair_scores(s, iu)
        _, t = eer(same, diff)
        logits = logistic_slope(same, diff, t) * (s - t)
        report(f"  {name} AS-norm", s, iu, FUSE * logits + (1 - FUSE) * old)
        ship = np.log(np.clip(shipped, 1e-6, 1 - 1e-6) / (1 - np.clip(shipped, 1e-6, 1 - 1e-6)))
        for w in (0.25, 0.5):
            report(f"  {name} AS-norm {w:g} + shipped {1 - w:g} (log-odds)", w * logits + (1 - w) * ship, iu,
                   w * logits + (1 - w) * ship)
        report(f"  {name} cosine", cos, iu)
        report(f"  {name} AS-norm alone (ranking)", s, iu, logits)
        report(f"  {name} PLDA (length-normalised)", plda(zu, zt, ev), iu)
        for k in (2, 4, 8):
            comp = nap(xt, lt, k)
            best = min((eer_of(backend(xt, lt, xu, iu, sh, keep, top, comp)[0], iu), sh) for sh in SHRINKS)
            print(f"  {name} NAP {k} directions, best shrink {best[1]:g}: EER {100 * best[0]:5.1f} %", flush=True)


if __name__ == "__main__":
    main()

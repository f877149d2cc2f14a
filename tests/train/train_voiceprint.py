#!/usr/bin/python3
"""Fits the voiceprint comparison and writes lib/src/voiceprint/voiceprint_model.hpp.

A voiceprint (lib/include/voxclone/voiceprint.hpp) holds 39 numbers of a voice: the mean and
spread of its voiced frames' MFCC c1..c12 and log2 pitch, and their mean spread inside 2 s
pieces. Two notes of one person differ by what was said and by the room and microphone (a phone
line, reverb, noise, a tilted spectrum); linear discriminant analysis on notes of the TRAIN
split's speakers (voice_clips.py: each person in four rooms) and of synthetic voices
(synthetic_notes.sh: 16 more speakers, six rooms; the voices the tests compare held out) finds the directions in which
people differ more than one person's notes do, whitened so one person's notes spread with unit
variance. Two voices are compared by the cosine of their projections (Dehak et al. 2011).

How many directions to keep, and the cosine at which two notes are called one person (the
equal-error point), are chosen on the TUNE split; the slope that maps the cosine to a 0-1 score
is fitted on train pairs (logistic regression, one variable). Quote figures on the test split
with tests/realvoice/eval_voiceprint.py, never with this script.

    /usr/bin/python3 tests/realvoice/voice_clips.py /tmp/vc --split train --per-speaker 8
    /usr/bin/python3 tests/realvoice/voice_clips.py /tmp/vc2 --split train --per-speaker 16 --seed 2
    /usr/bin/python3 tests/realvoice/voice_clips.py /tmp/vc --split tune --split test --per-speaker 6 --scenes 5
    bash tests/train/synthetic_notes.sh /tmp/vc-tts 6
    cmake --build build --target voiceprint_tool
    /usr/bin/python3 tests/train/train_voiceprint.py --tool build/tests/voiceprint_tool \
        --train /tmp/vc/train/clips /tmp/vc2/train/clips /tmp/vc-tts/clips --tune /tmp/vc/tune/clips \
        --out lib/src/voiceprint/voiceprint_model.hpp

Deterministic (no randomness). Needs Debian's python3 and numpy.
"""
import argparse
import hashlib
import json
import os
import subprocess

import numpy as np

DIMS = 13
KEEP_TRIED = [4, 6, 8, 10, 12, 14, 16, 20, 24, 30]


def load(tool, folder):
    """(vectors, index) of a folder of notes: the tool's voiceprints, cached as voiceprints.jsonl."""
    index = json.load(open(os.path.join(folder, "clips.json")))
    cache = os.path.join(folder, "voiceprints.jsonl")
    if not os.path.exists(cache):
        files = [os.path.join(folder, c["file"]) for c in index]
        out = subprocess.run([tool] + files, check=True, capture_output=True, text=True).stdout
        with open(cache, "w") as f:
            f.write(out)
    vecs, keep = [], []
    for c, line in zip(index, open(cache)):
        j = json.loads(line)
        if "voiceprint" not in j:
            continue
        v = j["voiceprint"]
        vecs.append(np.concatenate([v["mean"], v["spread"], v["piece_spread"]]))
        keep.append(c)
    return np.array(vecs), keep


def fit_lda(x, labels):
    center = x.mean(axis=0)
    scale = x.std(axis=0) + 1e-6
    z = (x - center) / scale
    sw = np.zeros((z.shape[1], z.shape[1]))
    sb = np.zeros_like(sw)
    n_within = 0
    for spk in sorted(set(labels)):
        m = z[[i for i, l in enumerate(labels) if l == spk]]
        c = m.mean(axis=0)
        d = m - c
        sw += d.T @ d
        sb += len(m) * np.outer(c, c)
        n_within += len(m) - 1
    sw /= max(1, n_within)
    sb /= len(z)
    ew, vw = np.linalg.eigh(sw + 1e-3 * np.eye(len(sw)))
    white = vw / np.sqrt(ew)
    eb, vb = np.linalg.eigh(white.T @ sb @ white)
    order = np.argsort(eb)[::-1]
    return center, scale, white @ vb[:, order], eb[order]


def cosines(x, center, scale, proj):
    z = ((x - center) / scale) @ proj
    z /= np.linalg.norm(z, axis=1, keepdims=True) + 1e-12
    return z @ z.T


def pair_scores(c, index):
    same, diff = [], []
    for i in range(len(index)):
        for j in range(i + 1, len(index)):
            if index[i]["speaker"] == index[j]["speaker"]:
                same.append(c[i, j])
            elif index[i]["lang"] != index[j]["lang"]:
                diff.append(c[i, j])
    return np.array(same), np.array(diff)


def eer(same, diff):
    best = (1.0, 0.0)
    for t in np.unique(np.concatenate([same, diff])):
        frr, far = np.mean(same < t), np.mean(diff >= t)
        if max(frr, far) < best[0]:
            best = (max(frr, far), float(t))
    frr, far = np.mean(same < best[1]), np.mean(diff >= best[1])
    return (frr + far) / 2, best[1]


def logistic_slope(same, diff, threshold):
    """The slope a of 1/(1+exp(-a(c - threshold))) that best predicts same/different (Newton)."""
    x = np.concatenate([same, diff]) - threshold
    y = np.concatenate([np.ones(len(same)), np.zeros(len(diff))])
    w = np.concatenate([np.full(len(same), 0.5 / len(same)), np.full(len(diff), 0.5 / len(diff))])
    a = 1.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-a * x))
        g = np.sum(w * (p - y) * x)
        h = np.sum(w * p * (1 - p) * x * x) + 1e-9
        a -= g / h
    return float(a)


def fingerprint(folders):
    h = hashlib.sha256()
    for folder in folders:
        with open(os.path.join(folder, "voiceprints.jsonl"), "rb") as f:
            h.update(f.read())
    return h.hexdigest()[:16]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tool", required=True)
    ap.add_argument("--train", nargs="+", required=True, help="folders of train-split notes")
    ap.add_argument("--tune", required=True)
    ap.add_argument("--out")
    args = ap.parse_args()
    loaded = [load(args.tool, t) for t in args.train]
    xt = np.concatenate([x for x, _ in loaded])
    it = [c for _, i in loaded for c in i]
    xu, iu = load(args.tool, args.tune)
    labels = [c["speaker"] for c in it]
    center, scale, proj, ev = fit_lda(xt, labels)
    print(f"train: {len(xt)} notes of {len(set(labels))} speakers; eigenvalues {np.round(ev[:20], 2)}")
    best = None
    for keep in KEEP_TRIED:
        p = proj[:, :keep]
        e_train, _ = eer(*pair_scores(cosines(xt, center, scale, p), it))
        e_tune, t = eer(*pair_scores(cosines(xu, center, scale, p), iu))
        print(f"  keep {keep:2d}: train EER {100 * e_train:5.1f} %, tune EER {100 * e_tune:5.1f} % at cosine {t:.3f}")
        if best is None or e_tune < best[0] - 1e-9:
            best = (e_tune, keep, t)
    e_tune, keep, threshold = best
    p = proj[:, :keep]
    slope = logistic_slope(*pair_scores(cosines(xt, center, scale, p), it), threshold)
    print(f"chosen on tune: keep {keep}, same person from cosine {threshold:.3f} (tune EER {100 * e_tune:.1f} %); "
          f"slope {slope:.2f} (train)")
    if not args.out:
        return
    fmt = lambda a: ", ".join(f"{float(v):.6g}f" for v in np.ravel(a))
    with open(args.out, "w") as f:
        f.write(f"""// Generated by tests/train/train_voiceprint.py (see its recipe). Do not edit by hand.
// The voiceprint comparison: a voiceprint's 39 numbers (mean, spread and 2 s piece spread of its
// voiced frames' MFCC c1..c12 and log2 pitch), less kCenter, divided by kScale, projected on
// kKept discriminant directions in which one person's notes (in four rooms) spread with unit
// variance; two voices score 1/(1+exp(-kSlope (cosine - kThreshold))). Fitted on {len(xt)} notes
// of {len(set(labels))} speakers of the train split; kKept and kThreshold chosen on the tune split
// (EER {100 * e_tune:.1f} % there). Training voiceprints fingerprint {fingerprint(args.train + [args.tune])}.
#pragma once

#include <array>

namespace voxclone::detail::voiceprint_model {{

inline constexpr int kInputs = {xt.shape[1]};
inline constexpr int kKept = {keep};
inline constexpr std::array<float, kInputs> kCenter = {{{fmt(center)}}};
inline constexpr std::array<float, kInputs> kScale = {{{fmt(scale)}}};
/// Row-major [input][direction].
inline constexpr std::array<float, kInputs * kKept> kProjection = {{{fmt(p)}}};
inline constexpr double kThreshold = {threshold:.6g};
inline constexpr double kSlope = {slope:.6g};

}}  // namespace voxclone::detail::voiceprint_model
""")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()

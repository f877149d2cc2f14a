#!/usr/bin/env python3
"""Fits voxclone's content classifier and writes lib/src/analyse/content_model.hpp.

The classifier is two logistic regressions over the 0.4 s block features that
`dump_features` prints (lib/src/analyse/content_features.cpp): "is music playing"
and "is someone speaking". Small on purpose: 15 weights each over classic,
interpretable speech/music cues, so it cannot learn the quirks of synthetic voices.

Recipe (tests/train/README.md):
    bash testdata/voice/make_training_set.sh /tmp/vc-train        # labelled mixes
    python3 tests/train/train_content.py --dump build/tests/dump_features \
        --train /tmp/vc-train --test testdata/voice \
        --out lib/src/analyse/content_model.hpp

Needs python3 and numpy (Debian: python3-numpy). Deterministic: plain gradient descent
from zero weights.
"""
import argparse
import glob
import os
import subprocess
import sys

import numpy as np

BLOCK = 0.4
KINDS = ["silence", "speech", "music", "speech_music", "other"]


def read_labels(path):
    out = []
    with open(path) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 3:
                continue
            out.append((float(parts[0]), float(parts[1]), parts[2]))
    return out


def block_kinds(labels, n_blocks):
    """The kind covering most of each block (silence where nothing is labelled)."""
    kinds = []
    for b in range(n_blocks):
        a, e = b * BLOCK, (b + 1) * BLOCK
        cover = {k: 0.0 for k in KINDS}
        for s, t, k in labels:
            o = min(e, t) - max(a, s)
            if o > 0 and k in cover:
                cover[k] += o
        cover["silence"] += max(0.0, BLOCK - sum(cover.values()))
        kinds.append(max(cover, key=cover.get))
    return kinds


def load(dirs, dump):
    rows, kinds, names = [], [], None
    for d in dirs:
        for lab in sorted(glob.glob(os.path.join(d, "*.labels.tsv"))):
            stem = lab[: -len(".labels.tsv")]
            audio = [p for p in glob.glob(stem + ".*") if not p.endswith(".tsv")]
            if not audio:
                continue
            out = subprocess.run([dump, audio[0]], check=True, capture_output=True, text=True).stdout
            lines = out.strip().split("\n")
            names = lines[0].split("\t")[1:]
            data = np.array([[float(v) for v in l.split("\t")[1:]] for l in lines[1:]], dtype=np.float64)
            rows.append(data)
            kinds += block_kinds(read_labels(lab), len(data))
    return np.vstack(rows), np.array(kinds), names


def fit_logistic(x, y, weight, l2=1e-3, steps=4000, rate=0.5):
    w = np.zeros(x.shape[1] + 1)
    xb = np.hstack([x, np.ones((len(x), 1))])
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(xb @ w)))
        grad = xb.T @ ((p - y) * weight) / weight.sum() + l2 * np.r_[w[:-1], 0.0]
        w -= rate * grad
    return w


def predict(w, x):
    return 1.0 / (1.0 + np.exp(-(np.hstack([x, np.ones((len(x), 1))]) @ w)))


def balanced(y):
    pos = max(1, y.sum())
    neg = max(1, len(y) - y.sum())
    return np.where(y > 0, len(y) / (2 * pos), len(y) / (2 * neg))


def report(tag, kinds, music_p, speech_p):
    ok = 0
    conf = {}
    for k, m, s in zip(kinds, music_p, speech_p):
        truth_music = k in ("music", "speech_music")
        truth_speech = k in ("speech", "speech_music")
        good = (m > 0.5) == truth_music and (s > 0.5) == truth_speech
        ok += good
        guess = {(False, True): "speech", (True, False): "music", (True, True): "speech_music",
                 (False, False): "other"}[(bool(m > 0.5), bool(s > 0.5))]
        conf[(k, guess)] = conf.get((k, guess), 0) + 1
    print(f"{tag}: {ok}/{len(kinds)} blocks right ({100.0 * ok / max(1, len(kinds)):.1f} %)")
    for k in KINDS[1:]:
        row = [conf.get((k, g), 0) for g in ("speech", "music", "speech_music", "other")]
        if sum(row):
            print(f"  {k:>13}: speech {row[0]:5d} music {row[1]:5d} speech_music {row[2]:5d} other {row[3]:5d}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dump", required=True)
    ap.add_argument("--train", nargs="+", required=True)
    ap.add_argument("--test", nargs="*", default=[])
    ap.add_argument("--out")
    a = ap.parse_args()

    x, kinds, names = load(a.train, a.dump)
    keep = kinds != "silence"
    x, kinds = x[keep], kinds[keep]
    mean, std = x.mean(axis=0), x.std(axis=0) + 1e-6
    z = (x - mean) / std
    y_music = np.isin(kinds, ["music", "speech_music"]).astype(float)
    y_speech = np.isin(kinds, ["speech", "speech_music"]).astype(float)
    w_music = fit_logistic(z, y_music, balanced(y_music))
    w_speech = fit_logistic(z, y_speech, balanced(y_speech))
    report("train", kinds, predict(w_music, z), predict(w_speech, z))
    if a.test:
        xt, kt, _ = load(a.test, a.dump)
        keep = kt != "silence"
        zt = (xt[keep] - mean) / std
        report("test", kt[keep], predict(w_music, zt), predict(w_speech, zt))
    for tag, w in (("music", w_music), ("speech", w_speech)):
        order = np.argsort(-np.abs(w[:-1]))
        print(f"{tag} weights: " + ", ".join(f"{names[i]} {w[i]:+.2f}" for i in order))
    if a.out:
        def arr(v):
            return ", ".join(f"{float(t):.6g}f" for t in v)
        with open(a.out, "w") as f:
            f.write(f"""// Generated by tests/train/train_content.py from the recipe in tests/train/README.md.
// Do not edit by hand: rebuild with the script. Two logistic regressions over the standardised
// block features of analyse/content_features.hpp, in its column order.
#pragma once

#include <array>

#include "analyse/content_features.hpp"

namespace voxclone::detail::content_model {{

inline constexpr std::array<float, kContentFeatures> kMean = {{{arr(mean)}}};
inline constexpr std::array<float, kContentFeatures> kScale = {{{arr(std)}}};
inline constexpr std::array<float, kContentFeatures + 1> kMusic = {{{arr(w_music)}}};
inline constexpr std::array<float, kContentFeatures + 1> kSpeech = {{{arr(w_speech)}}};

}}  // namespace voxclone::detail::content_model
""")
        print(f"wrote {a.out}")


if __name__ == "__main__":
    sys.exit(main())

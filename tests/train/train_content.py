#!/usr/bin/env python3
"""Fits voxclone's content classifier and writes lib/src/analyse/content_model.hpp.

The classifier is a tiny neural network (18 block features -> 12 tanh units -> 2
sigmoid outputs: "is music playing", "is someone speaking") over the 0.4 s block
features that `dump_features` prints (lib/src/analyse/content_features.cpp). Small on
purpose: 254 weights over classic, interpretable speech/music cues. (Two logistic
regressions over the same features scored 76.5 % of the fixtures' blocks; the hidden
layer, which lets a cue count only beside another, e.g. steady lines only where the
pauses stand above the noise floor, scores 86-87 %.)

Recipe (tests/train/README.md):
    SEED=1000 bash testdata/voice/make_training_set.sh /tmp/vc-train 80    # labelled mixes
    SEED=3000 bash testdata/voice/make_training_set.sh /tmp/vc-train2 160
    SEED=5000 bash testdata/voice/make_training_set.sh /tmp/vc-train3 240
    python3 tests/train/train_content.py --dump build/tests/dump_features \
        --train /tmp/vc-train /tmp/vc-train2 /tmp/vc-train3 --test testdata/voice \
        --out lib/src/analyse/content_model.hpp

Needs Debian's python3 and numpy (python3-numpy): run it with /usr/bin/python3.
Deterministic: a fixed seed and full-batch Adam.
"""
import argparse
import glob
import hashlib
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
            audio = [p for p in glob.glob(stem + ".*") if not p.endswith((".tsv", ".json"))]
            if not audio:
                continue
            out = subprocess.run([dump, audio[0]], check=True, capture_output=True, text=True).stdout
            lines = out.strip().split("\n")
            names = lines[0].split("\t")[1:]
            data = np.array([[float(v) for v in l.split("\t")[1:]] for l in lines[1:]], dtype=np.float64)
            rows.append(data)
            kinds += block_kinds(read_labels(lab), len(data))
    return np.vstack(rows), np.array(kinds), names


HERE = os.path.dirname(os.path.abspath(__file__))
FEATURE_CODE = os.path.join(HERE, "..", "..", "lib", "src", "analyse", "content_features.cpp")


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()[:16]


def feature_code_digest():
    return digest(FEATURE_CODE)


def write_manifest(dirs, path):
    """Lists every training file (its folder's name, its name, the label file's digest and the
    audio's size) and returns the manifest's own digest."""
    lines = ["# The content model's training files: folder, name, labels SHA-256 (16), audio bytes.",
             "# Written by tests/train/train_content.py; the recipe is in tests/train/README.md."]
    for d in dirs:
        for lab in sorted(glob.glob(os.path.join(d, "*.labels.tsv"))):
            stem = lab[: -len(".labels.tsv")]
            audio = [p for p in glob.glob(stem + ".*") if not p.endswith((".tsv", ".json"))]
            size = os.path.getsize(audio[0]) if audio else 0
            lines.append(f"{os.path.basename(os.path.normpath(d))}\t{os.path.basename(stem)}\t{digest(lab)}\t{size}")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return digest(path)


def fit_network(z, y, weight, hidden=12, steps=3000, l2=1e-3, seed=0):
    """Full-batch Adam on the weighted cross-entropy of both outputs."""
    rng = np.random.default_rng(seed)
    params = [rng.normal(0, 0.5, (z.shape[1], hidden)), np.zeros(hidden),
              rng.normal(0, 0.5, (hidden, 2)), np.zeros(2)]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    for it in range(1, steps + 1):
        w1, b1, w2, b2 = params
        h = np.tanh(z @ w1 + b1)
        p = 1.0 / (1.0 + np.exp(-(h @ w2 + b2)))
        g = (p - y) * weight / len(z)
        gh = g @ w2.T * (1 - h * h)
        grads = [z.T @ gh + l2 * w1, gh.sum(0), h.T @ g + l2 * w2, g.sum(0)]
        for i, (param, grad) in enumerate(zip(params, grads)):
            m[i] = 0.9 * m[i] + 0.1 * grad
            v[i] = 0.999 * v[i] + 0.001 * grad * grad
            param -= 0.01 * (m[i] / (1 - 0.9 ** it)) / (np.sqrt(v[i] / (1 - 0.999 ** it)) + 1e-8)
    return params


def predict(params, z):
    w1, b1, w2, b2 = params
    return 1.0 / (1.0 + np.exp(-(np.tanh(z @ w1 + b1) @ w2 + b2)))


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
    ap.add_argument("--train", nargs="+", required=True, help="generated clips (synthetic voices)")
    ap.add_argument("--real", nargs="*", default=[],
                    help="real people's scenes (tests/realvoice/to_labels.py), weighted by --real-weight")
    ap.add_argument("--real-weight", type=float, default=2.0,
                    help="weight of a real block against a generated one (there are fewer of them, "
                         "and real voices are what the tool meets)")
    ap.add_argument("--hidden", type=int, default=12)
    ap.add_argument("--steps", type=int, default=3000)
    ap.add_argument("--test", nargs="*", default=[])
    ap.add_argument("--out")
    ap.add_argument("--manifest", default=os.path.join(HERE, "content_manifest.txt"),
                    help="where the list of training files and their digests is written (with --out)")
    a = ap.parse_args()

    x, kinds, names = load(a.train, a.dump)
    real = np.zeros(len(kinds), dtype=bool)
    if a.real:
        xr, kr, _ = load(a.real, a.dump)
        x, kinds = np.vstack([x, xr]), np.concatenate([kinds, kr])
        real = np.concatenate([real, np.ones(len(kr), dtype=bool)])
    keep = kinds != "silence"
    x, kinds, real = x[keep], kinds[keep], real[keep]
    source_weight = np.where(real, a.real_weight, 1.0)
    mean, std = x.mean(axis=0), x.std(axis=0) + 1e-6
    z = (x - mean) / std
    y = np.stack([np.isin(kinds, ["music", "speech_music"]), np.isin(kinds, ["speech", "speech_music"])],
                 axis=1).astype(float)
    weight = np.stack([balanced(y[:, 0]), balanced(y[:, 1])], axis=1) * source_weight[:, None]
    net = fit_network(z, y, weight, hidden=a.hidden, steps=a.steps)
    p = predict(net, z)
    report("train", kinds, p[:, 0], p[:, 1])
    if a.test:
        xt, kt, _ = load(a.test, a.dump)
        keep = kt != "silence"
        pt = predict(net, (xt[keep] - mean) / std)
        report("test", kt[keep], pt[:, 0], pt[:, 1])
    if a.out:
        manifest = write_manifest(a.train + a.real, a.manifest)
        feature_code = feature_code_digest()
        quoted = ", ".join(f'"{n}"' for n in names)

        def arr(v):
            return ", ".join(f"{float(t):.6g}f" for t in np.asarray(v).ravel())
        w1, b1, w2, b2 = net
        with open(a.out, "w") as f:
            f.write(f"""// Generated by tests/train/train_content.py from the recipe in tests/train/README.md.
// Do not edit by hand: rebuild with the script. A network over the standardised block features
// of analyse/content_features.hpp (in its column order): {z.shape[1]} inputs, {len(b1)} tanh units,
// 2 logistic outputs (0: music is playing, 1: someone is speaking). Trained on {len(z)} blocks
// ({int(real.sum())} of them from real people's scenes, each weighing {a.real_weight:g}), {a.steps} steps.
// The contract (test_internals checks it): the features by name, in the order they were fitted,
// a digest of the code that computes them, and a digest of the training manifest
// (tests/train/content_manifest.txt). Change either and the test fails until this is rebuilt.
#pragma once

#include <array>
#include <string_view>

#include "analyse/content_features.hpp"

namespace voxclone::detail::content_model {{

inline constexpr std::array<std::string_view, kContentFeatures> kFeatureNames = {{{quoted}}};
/// SHA-256 (first 16 hex digits) of lib/src/analyse/content_features.cpp when this was fitted.
inline constexpr std::string_view kFeatureCodeDigest = "{feature_code}";
/// SHA-256 (first 16 hex digits) of tests/train/content_manifest.txt.
inline constexpr std::string_view kManifestDigest = "{manifest}";
inline constexpr int kHidden = {len(b1)};
inline constexpr std::array<float, kContentFeatures> kMean = {{{arr(mean)}}};
inline constexpr std::array<float, kContentFeatures> kScale = {{{arr(std)}}};
/// Input-to-hidden weights, row-major [feature][unit].
inline constexpr std::array<float, kContentFeatures * kHidden> kHiddenWeights = {{{arr(w1)}}};
inline constexpr std::array<float, kHidden> kHiddenBias = {{{arr(b1)}}};
/// Hidden-to-output weights, row-major [unit][output].
inline constexpr std::array<float, kHidden * 2> kOutputWeights = {{{arr(w2)}}};
inline constexpr std::array<float, 2> kOutputBias = {{{arr(b2)}}};

}}  // namespace voxclone::detail::content_model
""")
        print(f"wrote {a.out}")


if __name__ == "__main__":
    sys.exit(main())

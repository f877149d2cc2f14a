#!/usr/bin/python3
"""Fits voxclone's speaker projection and writes lib/src/analyse/speaker_model.hpp.

The speaker clustering (lib/src/analyse/speakers.cpp) compares 2 s pieces of speech. A piece is
described by the mean and spread of its voiced frames' MFCCs and log pitch (26 numbers, from the
sums the voice meter keeps per 0.4 s block), less the recording's own average (a microphone or a
phone line shifts every voice alike). Most of what differs between two pieces of one person is
what they said, not who said it; linear discriminant analysis finds the directions in which
pieces of different people differ more than pieces of the same person, and scales them so that
one person's pieces spread with unit variance. In that space, two clusters of pieces are one
voice when the distance between their centres is no larger than their sizes allow (a chi-squared
test: speakers.cpp).

Recipe (tests/train/README.md): scenes of real people from the TRAIN split only, and the
generated clips of the content model's training set (synthetic voices, for volume)
    /usr/bin/python3 tests/realvoice/make_set.py /tmp/rv --split train --per-kind 6
    /usr/bin/python3 tests/train/train_speakers.py --dump build/tests/dump_features \
        --train /tmp/rv/train /tmp/vc-train /tmp/vc-train2 /tmp/vc-train3 \
        --out lib/src/analyse/speaker_model.hpp

Needs Debian's python3 and numpy. Deterministic (no randomness).
"""
import argparse
import glob
import hashlib
import json
import os
import subprocess
import sys

import numpy as np

BLOCK = 0.4
DIMS = 13          # MFCC c1..c12 and log2 pitch (voice_meter.hpp: kTimbreDims)
PIECE_BLOCKS = 5   # 2 s, as speakers.cpp cuts them
MIN_FRAMES = 6     # voiced frames a piece needs (speakers.cpp: kMinPieceFrames)
KEEP = 10          # discriminant directions kept


def dump_blocks(dump, path):
    out = subprocess.run([dump, "--timbre", path], check=True, capture_output=True, text=True).stdout
    rows = [list(map(float, line.split("\t"))) for line in out.splitlines() if line.strip()]
    a = np.array(rows, dtype=np.float64)
    return a[:, 1], a[:, 2:2 + DIMS], a[:, 2 + DIMS:2 + 2 * DIMS]


def piece_vector(count, s, sq):
    mean = s / count
    std = np.sqrt(np.maximum(sq / count - mean * mean, 1e-6))
    return np.concatenate([mean, std])


def block_speakers(meta, n):
    """The speaker covering most of each block (None where nobody speaks most of it)."""
    who = [None] * n
    for b in range(n):
        a, e = b * BLOCK, (b + 1) * BLOCK
        cover = {}
        for s, t, k, spk in meta["events"]:
            if k != "speech":
                continue
            o = min(e, t) - max(a, s)
            if o > 0:
                cover[spk] = cover.get(spk, 0.0) + o
        if cover:
            best = max(cover, key=cover.get)
            if cover[best] >= 0.5 * BLOCK and len(cover) == 1:
                who[b] = best
    return who


def read_meta(audio_path):
    """A real-voice scene's NAME.json, or a generated clip's NAME.labels.tsv as the same events."""
    stem = os.path.splitext(audio_path)[0]
    if os.path.exists(stem + ".json"):
        with open(stem + ".json") as f:
            return json.load(f)
    events = []
    with open(stem + ".labels.tsv") as f:
        for line in f:
            a, b, kind, who = line.rstrip("\n").split("\t")[:4]
            if kind in ("speech", "speech_music"):
                events.append([float(a), float(b), "speech", who])
    return {"events": events}


def scene_files(folder):
    return sorted(f for f in glob.glob(os.path.join(folder, "*.*"))
                  if os.path.splitext(f)[1] in (".flac", ".opus", ".wav", ".ogg")
                  and (os.path.exists(os.path.splitext(f)[0] + ".json") or
                       os.path.exists(os.path.splitext(f)[0] + ".labels.tsv")))


def pieces_of(dump, flac):
    """(vectors less the recording's mean, speaker labels) of one scene's pieces."""
    meta = read_meta(flac)
    count, sums, sqs = dump_blocks(dump, flac)
    who = block_speakers(meta, len(count))
    vecs, labels = [], []
    b = 0
    while b < len(who):
        if who[b] is None:
            b += 1
            continue
        e = b
        while e < len(who) and who[e] == who[b]:
            e += 1
        length = e - b
        parts = (length + PIECE_BLOCKS - 1) // PIECE_BLOCKS
        for i in range(parts):
            x, y = b + length * i // parts, b + length * (i + 1) // parts
            c = count[x:y].sum()
            if c >= MIN_FRAMES:
                vecs.append(piece_vector(c, sums[x:y].sum(axis=0), sqs[x:y].sum(axis=0)))
                labels.append(who[b])
        b = e
    if not vecs:
        return None, None
    v = np.array(vecs)
    return v - v.mean(axis=0), labels


def fit(groups):
    """LDA: returns (scale, projection) with unit within-speaker variance in the kept directions."""
    x = np.concatenate([v for v, _ in groups])
    scale = x.std(axis=0) + 1e-6
    sw = np.zeros((x.shape[1], x.shape[1]))
    sb = np.zeros_like(sw)
    n_within = 0
    for v, labels in groups:
        z = v / scale
        for spk in sorted(set(labels)):
            m = z[[i for i, l in enumerate(labels) if l == spk]]
            if len(m) < 2:
                continue
            c = m.mean(axis=0)
            d = m - c
            sw += d.T @ d
            sb += len(m) * np.outer(c, c)   # the recording's mean is 0 after the subtraction
            n_within += len(m) - 1
    sw /= max(1, n_within)
    sb /= len(x)
    # Whiten the within-speaker scatter, then the directions of largest between-speaker spread.
    ew, vw = np.linalg.eigh(sw + 1e-3 * np.eye(len(sw)))
    white = vw / np.sqrt(ew)
    eb, vb = np.linalg.eigh(white.T @ sb @ white)
    order = np.argsort(eb)[::-1][:KEEP]
    proj = white @ vb[:, order]
    return scale, proj, eb[order]


def separation(groups, scale, proj):
    """Mean squared distance of same-speaker and of different-speaker piece pairs, projected."""
    same, diff = [], []
    for v, labels in groups:
        z = (v / scale) @ proj
        for i in range(len(z)):
            for j in range(i + 1, min(len(z), i + 40)):
                d = float(np.sum((z[i] - z[j]) ** 2))
                (same if labels[i] == labels[j] else diff).append(d)
    return np.mean(same), np.mean(diff)


def fingerprint(paths):
    h = hashlib.sha256()
    for p in paths:
        h.update(os.path.basename(p).encode())
        with open(p, "rb") as f:
            h.update(hashlib.sha256(f.read()).digest())
    return h.hexdigest()[:16]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dump", required=True)
    ap.add_argument("--train", nargs="+", required=True)
    ap.add_argument("--tune", nargs="*", default=[])
    ap.add_argument("--out")
    args = ap.parse_args()
    files = [f for d in args.train for f in scene_files(d)]
    groups = []
    for f in files:
        v, labels = pieces_of(args.dump, f)
        if v is not None and len(set(labels)) >= 1:
            groups.append((v, labels))
    npieces = sum(len(v) for v, _ in groups)
    scale, proj, ev = fit(groups)
    s, d = separation(groups, scale, proj)
    print(f"train: {len(groups)} scenes, {npieces} pieces; eigenvalues {np.round(ev, 2)}; "
          f"same-speaker pairs {s:.1f}, different {d:.1f} (squared distance)")
    for t in args.tune:
        tg = [pieces_of(args.dump, f) for f in scene_files(t)]
        tg = [g for g in tg if g[0] is not None]
        s, d = separation(tg, scale, proj)
        print(f"tune {t}: same-speaker pairs {s:.1f}, different {d:.1f}")
    if not args.out:
        return
    fmt = lambda a: ", ".join(f"{float(v):.6g}f" for v in np.ravel(a))
    with open(args.out, "w") as f:
        f.write(f"""// Generated by tests/train/train_speakers.py from the recipe in tests/train/README.md.
// Do not edit by hand: rebuild with the script. The speaker projection: a piece's 26 numbers
// (the mean and spread of its voiced frames' MFCC c1..c12 and log2 pitch, less the recording's
// average), divided by kScale and projected on kKept discriminant directions in which one
// person's pieces spread with unit variance. Fitted on {npieces} pieces of {len(groups)} scenes of real
// people, train split only (training set fingerprint {fingerprint(files)}).
#pragma once

#include <array>

namespace voxclone::detail::speaker_model {{

inline constexpr int kInputs = {2 * DIMS};
inline constexpr int kKept = {KEEP};
inline constexpr std::array<float, kInputs> kScale = {{{fmt(scale)}}};
/// Row-major [input][direction].
inline constexpr std::array<float, kInputs * kKept> kProjection = {{{fmt(proj)}}};

}}  // namespace voxclone::detail::speaker_model
""")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    sys.exit(main())

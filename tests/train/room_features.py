#!/usr/bin/python3
"""Which voice numbers hold across rooms (issue 20, session 28): F-ratios on notes whose words
were rendered in all four rooms (voice_clips.py --all-rooms).

    /usr/bin/python3 tests/realvoice/voice_clips.py /tmp/ar --split train --per-speaker 4 --seed 805 --all-rooms
    /usr/bin/python3 tests/train/room_features.py --tool build/tests/voiceprint_tool \
        --dump build/tests/dump_features /tmp/ar/train/clips [more folders] [--cepstra]

Per number: F = the variance of the people's means over the mean variance of one person's notes
(every room, every word), and the room share = the mean variance of one note's words across its
four rooms over that within-person variance (1: one person's notes differ only by the room).

1. The voiceprint's 99 numbers (the tool's voiceprints, cached as voiceprints.jsonl as
   train_voiceprint.py caches them).
2. Summaries of log2 pitch from the voice meter's frames (dump_features --frames, cached as
   NAME.frames.tsv beside each note): over every voiced frame (what the voiceprint keeps), the
   voiced frames the speech detector calls speech, and those within 6 / 10 dB of the 90th
   percentile of their level (the direct sound; a reverb's tail and a quiet steady tone left out);
   and the change, in semitones, of each summary between a note's clean words and the same words
   in another room.
3. (--cepstra) Candidate cepstra in numpy (24 mel bands, c1..c19, 8 kHz, the voice meter's 40 ms
   frames and voicing): the mean over voiced frames of 100-3800 Hz (the voiceprint's), of
   300-3400 Hz (the band every room keeps), over onset frames (the first three voiced frames of
   a run: the direct sound before a room's reverb builds), over the loud frames, and the spread.
   Each family (and the mean and spread with each) is also judged whole: an LDA fitted on two
   thirds of the people, the cosine's EER on the other third's pairs of other rooms and other words.
"""
import argparse
import json
import os
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../realvoice"))
import train_voiceprint as tv  # noqa: E402

NAMES = ([f"mean.{d}" for d in [f"c{i}" for i in range(1, 13)] + ["log2 pitch"]]
         + [f"spread.{d}" for d in [f"c{i}" for i in range(1, 13)] + ["log2 pitch"]]
         + [f"piece_spread.{d}" for d in [f"c{i}" for i in range(1, 13)] + ["log2 pitch"]]
         + [f"cepstrum_mean.c{i}" for i in range(1, 20)] + [f"cepstrum_spread.c{i}" for i in range(1, 20)]
         + [f"delta_spread.c{i}" for i in range(1, 20)] + ["pitch p10", "pitch p50", "pitch p90"])
PITCH_SUMMARIES = ["voiced mean", "voiced median", "speech mean", "speech loud6 mean", "speech loud10 mean",
                   "speech loud6 median", "speech p10", "speech loud10 p10", "speech p90"]
LOUD_PERCENTILE = 90


def ratios(x, people, words):
    """(F, room share) of every column of x."""
    names = sorted(set(people))
    means = np.array([x[people == p].mean(axis=0) for p in names])
    within = np.mean([x[people == p].var(axis=0) for p in names], axis=0)
    room = np.mean([x[words == w].var(axis=0) for w in set(words)], axis=0)
    return means.var(axis=0) / within, room / within


def frames_of(dump, path):
    cache = path[:-len(".flac")] + ".frames.tsv"
    if not os.path.exists(cache):
        with open(cache, "w") as f:
            subprocess.run([dump, "--frames", path], check=True, stdout=f)
    return np.loadtxt(cache, ndmin=2)


def pitch_summaries(t):
    """PITCH_SUMMARIES of one note's frames (time, level dB, pitch Hz, voicing, lines, flux, speech)."""
    level, pitch, speech = t[:, 1], t[:, 2], t[:, 6] > 0
    voiced = pitch > 0
    said = voiced & speech
    if said.sum() < 5:
        return None
    lp = np.log2(np.where(voiced, pitch, 1.0))
    loud = np.percentile(level[said], LOUD_PERCENTILE)

    def within(db):
        m = said & (level >= loud - db)
        return m if m.sum() >= 5 else said
    return [lp[voiced].mean(), np.median(lp[voiced]), lp[said].mean(), lp[within(6)].mean(), lp[within(10)].mean(),
            np.median(lp[within(6)]), np.percentile(lp[said], 10), np.percentile(lp[within(10)], 10),
            np.percentile(lp[said], 90)]


def room_changes(x, words, rooms, k):
    """Semitones from a note's clean words to the same words in each other room: (mean, sd, > 2)."""
    out = {}
    for room in ("phone", "reverb", "noisy"):
        d = []
        for w in set(words):
            a, b = x[(words == w) & (rooms == "clean"), k], x[(words == w) & (rooms == room), k]
            if len(a) and len(b):
                d.append(12 * (b[0] - a[0]))
        d = np.array(d)
        out[room] = (d.mean(), d.std(), np.mean(np.abs(d) > 2))
    return out


# --cepstra: the candidates, in numpy (audio.decode at the voice meter's 8 kHz).
RATE, HOP, WINDOW, FFT, BANDS, CEPSTRA = 8000, 320, 380, 512, 24, 19


def filterbank(low, high):
    mel = lambda f: 2595 * np.log10(1 + f / 700)  # noqa: E731
    edges = 700 * (10 ** (np.linspace(mel(low), mel(high), BANDS + 2) / 2595) - 1)
    bins = np.fft.rfftfreq(FFT, 1 / RATE)
    return np.array([np.clip(np.minimum((bins - a) / (b - a), (c - bins) / (c - b)), 0, None)
                     for a, b, c in zip(edges, edges[1:], edges[2:])])


def cepstra(path, t):
    import audio
    x = audio.decode(path, RATE)
    n = len(t)
    padded = np.concatenate([np.zeros((WINDOW - HOP) // 2), x, np.zeros(WINDOW)])
    at = np.minimum(np.arange(n)[:, None] * HOP + np.arange(WINDOW)[None, :], len(padded) - 1)
    power = np.abs(np.fft.rfft(padded[at] * np.hanning(WINDOW + 2)[1:-1], FFT)) ** 2
    dct = np.cos(np.pi * np.arange(CEPSTRA + 1)[:, None] * (np.arange(BANDS)[None, :] + 0.5) / BANDS)
    voiced, level = t[:, 2] > 0, t[:, 1]
    run = np.zeros(n, int)
    for i in range(n):
        run[i] = run[i - 1] + 1 if i and voiced[i] else int(voiced[i])
    loud = np.percentile(level[voiced], LOUD_PERCENTILE)
    chosen = {"voiced": voiced, "onset3": voiced & (run <= 3), "loud6": voiced & (level >= loud - 6)}
    out = {}
    for band, fb in (("100-3800", filterbank(100, 3800)), ("300-3400", filterbank(300, 3400))):
        c = (np.log(power @ fb.T + 1e-10) @ dct.T)[:, 1:]
        for name, m in chosen.items():
            out[f"{band} {name} mean"] = c[m if m.sum() >= 3 else voiced].mean(axis=0)
        out[f"{band} spread"] = c[voiced].std(axis=0)
    return out


def held_out_eer(x, people, words, rooms, langs, keep, seed=951):
    """An LDA (shrink 0.3) on two thirds of the people; the cosine's EER on the other third:
    same = one person, other room, other words; different = people of two languages."""
    names = sorted(set(people))
    rng = np.random.default_rng(seed)
    held = set(rng.choice(names, size=len(names) // 3, replace=False))
    fit = np.array([p not in held for p in people])
    center, scale, proj, _ = tv.fit_lda(x[fit], list(people[fit]), 0.3)
    z = tv.unit(x[~fit], center, scale, proj[:, :keep])
    s, at = z @ z.T, np.where(~fit)[0]
    same, diff = [], []
    for a in range(len(at)):
        for b in range(a + 1, len(at)):
            i, j = at[a], at[b]
            if people[i] == people[j] and rooms[i] != rooms[j] and words[i] != words[j]:
                same.append(s[a, b])
            elif langs[i] != langs[j]:
                diff.append(s[a, b])
    return tv.eer(np.array(same), np.array(diff))[0]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folders", nargs="+", help="voice_clips.py --all-rooms clip folders")
    ap.add_argument("--tool", required=True, help="voiceprint_tool")
    ap.add_argument("--dump", required=True, help="dump_features")
    ap.add_argument("--cepstra", action="store_true")
    args = ap.parse_args()
    notes, prints, summaries, ceps = [], [], [], []
    for folder in args.folders:
        tv.load_rich(args.tool, folder)
        index = json.load(open(os.path.join(folder, "clips.json")))
        for c, line in zip(index, open(os.path.join(folder, "voiceprints.jsonl"))):
            v = json.loads(line).get("voiceprint")
            t = frames_of(args.dump, os.path.join(folder, c["file"]))
            p = pitch_summaries(t)
            if not v or v.get("version") != 2 or p is None:
                continue
            notes.append(c)
            prints.append(tv.rich_numbers(v))
            summaries.append(p)
            if args.cepstra:
                ceps.append(cepstra(os.path.join(folder, c["file"]), t))
    people = np.array([c["speaker"] for c in notes])
    words = np.array([f"{c['speaker']}#{c['words']}" for c in notes])
    rooms = np.array([c["room"] for c in notes])
    langs = np.array([c["lang"] for c in notes])
    print(f"{len(notes)} notes of {len(set(people))} people, each note's words in {len(set(rooms))} rooms")

    x = np.array(prints)
    f, share = ratios(x, people, words)
    print("\n1. The voiceprint's numbers, best F first")
    for k in np.argsort(-f):
        print(f"  {NAMES[k]:22s} F {f[k]:5.2f}   room share {share[k]:.2f}")

    x = np.array(summaries)
    f, share = ratios(x, people, words)
    print("\n2. Log2 pitch summaries (semitones from the clean words: mean, sd, share over 2)")
    for k, name in enumerate(PITCH_SUMMARIES):
        ch = room_changes(x, words, rooms, k)
        print(f"  {name:20s} F {f[k]:5.2f}   room share {share[k]:.2f}   "
              + "   ".join(f"{r} {m:+.2f} sd {s:.2f} >2: {o:.2f}" for r, (m, s, o) in ch.items()))

    if args.cepstra:
        print("\n3. Candidate cepstra (medians over c1..c19; held-out EER: LDA of 16 and 24 directions)")
        families = list(ceps[0]) + ["100-3800 voiced mean+100-3800 spread"] + [
            f"100-3800 voiced mean+100-3800 spread+{k}" for k in
            ("300-3400 voiced mean", "100-3800 onset3 mean", "100-3800 loud6 mean")]
        for name in families:
            x = np.array([np.concatenate([c[k] for k in name.split("+")]) for c in ceps])
            f, share = ratios(x[:, :CEPSTRA], people, words)
            e = [held_out_eer(x, people, words, rooms, langs, keep) for keep in (16, 24)]
            print(f"  {name:62s} F {np.median(f):.2f} (c1-6 {np.median(f[:6]):.2f})   room share {np.median(share):.2f} "
                  f"(c1-6 {np.median(share[:6]):.2f})   EER {100 * e[0]:.1f} / {100 * e[1]:.1f} %")


if __name__ == "__main__":
    main()

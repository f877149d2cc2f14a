#!/usr/bin/python3
"""Does a cepstral mean over loud frames pay in the voiceprint's own back-end? (issue 20, session 29)

    /usr/bin/python3 tests/realvoice/voice_clips.py /tmp/vp29/vc --split train --per-speaker 6 --seed 1045
    /usr/bin/python3 tests/realvoice/voice_clips.py /tmp/vp29/vcm --split train --per-speaker 6 --seed 1046 --more-people
    /usr/bin/python3 tests/realvoice/voice_clips.py /tmp/vp29/a --split tune --scenes 5 --seed 1041
    /usr/bin/python3 tests/realvoice/voice_clips.py /tmp/vp29/b --split tune --scenes 5 --seed 1043
    /usr/bin/python3 tests/realvoice/voice_clips.py /tmp/vp29/c --split tune --seed 1044
    /usr/bin/python3 tests/train/loud_cepstra.py --tool build/tests/voiceprint_tool --dump build/tests/dump_features \
        --train /tmp/vp29/vc/train/clips /tmp/vp29/vcm/train/clips \
        --tune /tmp/vp29/a/tune/clips /tmp/vp29/b/tune/clips /tmp/vp29/c/tune/clips

A developer's measurement, not part of the library or of CI. Session 28 (room_features.py
--cepstra) found one candidate that added something beside the voiceprint's cepstral mean and
spread: the mean over the loud voiced frames (within 6 dB of the note's 90th percentile of voiced
level: the direct sound, a reverb's tail and a quiet steady tone left out), -0.6 / -1.5 points on
20 held-out people with a bare LDA and cosine, the size of the noise there. This asks the
question the way it would land: the richer comparison (train_voiceprint.py's fit_rich: LDA with
shrunk within-speaker scatter, AS-norm against the train notes, its log-odds fused 0.5 with the
shipped comparison's) refitted on the library's 99 numbers (the control: the same train notes,
the same grid) and on the 99 numbers with the candidate beside them or in place of the cepstral
mean, chosen on the FIRST tune folder only and reported on every tune folder (the later ones are
fresh). Each variant's pooled EER over the tune folders is set against the control's, with an
interval from resampling the tune people (--bootstrap); main's own errors are broken down by what
the notes say (letters and syllables, or sentences) and by their voiced seconds. Caches: the
tool's voiceprints.jsonl and dump_features' NAME.frames.tsv beside the notes (as
room_features.py keeps them) and loud_cepstra.npz per folder.

Candidates (numpy, 24 mel bands c1..c19 over 100-3800 Hz of the voice meter's 40 ms frames, its
voicing and levels from dump_features --frames, as room_features.py computes them):
  loud6     the voiced frames within 6 dB of the note's 90th percentile of voiced level
  block6    the voiced frames within 6 dB of the loudest voiced frame of their own 0.4 s block (what
            a streaming voice meter could keep per block without a second pass)
  loud6b    loud6 over 300-3400 Hz (the band every room keeps)
  speech    the voiced frames the speech detector calls speech (tones and tails in pauses left out)
  pitch_speech, pitch_loud10   (only "=": in place of the 10th / 50th / 90th percentiles of log2
            pitch) over the voiced frames the speech detector calls speech, and over those within
            10 dB of their 90th percentile of level
"""
import argparse
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../realvoice"))
import room_features as rf  # noqa: E402
import train_voiceprint as tv  # noqa: E402

SHRINKS = tv.RICH_SHRINK_TRIED
KEEPS = tv.RICH_KEEP_TRIED
TOPS = tv.RICH_TOP_TRIED
THRESHOLD = 0.5  # kSamePersonScore


def candidates(path, t):
    """The candidate means of one note (frames t: time, level dB, pitch Hz, voicing, lines, flux, speech)."""
    import audio
    x = audio.decode(path, rf.RATE)
    n = len(t)
    padded = np.concatenate([np.zeros((rf.WINDOW - rf.HOP) // 2), x, np.zeros(rf.WINDOW)])
    at = np.minimum(np.arange(n)[:, None] * rf.HOP + np.arange(rf.WINDOW)[None, :], len(padded) - 1)
    power = np.abs(np.fft.rfft(padded[at] * np.hanning(rf.WINDOW + 2)[1:-1], rf.FFT)) ** 2
    dct = np.cos(np.pi * np.arange(rf.CEPSTRA + 1)[:, None] * (np.arange(rf.BANDS)[None, :] + 0.5) / rf.BANDS)
    voiced, level, speech = t[:, 2] > 0, t[:, 1], t[:, 6] > 0
    if voiced.sum() < 3:
        return None
    loud = np.percentile(level[voiced], 90)
    block_top = np.full(n, -np.inf)
    for b in range(0, n, 10):
        v = voiced[b:b + 10]
        if v.any():
            block_top[b:b + 10] = level[b:b + 10][v].max()
    chosen = {"voiced": voiced, "loud6": voiced & (level >= loud - 6),
              "block6": voiced & (level >= block_top - 6), "speech": voiced & speech}
    out = {}
    for band, fb in (("", rf.filterbank(100, 3800)), ("b", rf.filterbank(300, 3400))):
        c = (np.log(power @ fb.T + 1e-10) @ dct.T)[:, 1:]
        for name, m in chosen.items():
            if band and name != "loud6":
                continue
            out[name + band] = c[m if m.sum() >= 3 else voiced].mean(axis=0)
    return out


def load(tool, dump, folder):
    """(99 numbers, candidates, index) of a folder's notes with a format-2 voiceprint."""
    x, index = tv.load_rich(tool, folder)
    voiced = {}
    for line in open(os.path.join(folder, "voiceprints.jsonl")):
        j = json.loads(line)
        if "voiceprint" in j:
            voiced[os.path.basename(j["file"])] = j["voiceprint"]["speech_seconds"]
    index = [dict(c, voiced_seconds=voiced[c["file"]]) for c in index]
    cache = os.path.join(folder, "loud_cepstra.npz")
    if os.path.exists(cache):
        z = np.load(cache)
        cand = {k: z[k] for k in z.files}
    else:
        rows = [candidates(os.path.join(folder, c["file"]), rf.frames_of(dump, os.path.join(folder, c["file"])))
                for c in index]
        cand = {k: np.array([r[k] for r in rows]) for k in rows[0]}
        np.savez(cache, **cand)
    for name, rows in zip(("pitch_speech", "pitch_loud10"),
                          zip(*[pitch_of(rf.frames_of(dump, os.path.join(folder, c["file"]))) for c in index])):
        cand[name] = np.array(rows)
    return x, cand, index


def pitch_of(t):
    """The 10th, 50th and 90th percentiles of log2 pitch over the voiced frames the speech detector
    calls speech, and over those within 10 dB of their 90th percentile of level (session 28's
    pitch fault: a steady tone in the pauses and a reverb's tail are voiced too)."""
    level, pitch, speech = t[:, 1], t[:, 2], t[:, 6] > 0
    said = (pitch > 0) & speech
    if said.sum() < 5:
        said = pitch > 0
    loud = said & (level >= np.percentile(level[said], 90) - 10)
    lp = np.log2(np.where(pitch > 0, pitch, 1.0))
    return [np.percentile(lp[m], [10, 50, 90]) for m in (said, loud if loud.sum() >= 5 else said)]


def inputs(x, cand, variant):
    """The back-end's inputs of one variant: the 99 numbers ("lib"), a candidate beside them
    ("+NAME"), or in place of the voiceprint's cepstral mean ("=NAME": columns 39-57)."""
    if variant == "lib":
        return x
    name = variant[1:]
    if variant[0] == "+":
        return np.hstack([x, cand[name]])
    y = x.copy()
    if name.startswith("pitch"):
        y[:, -3:] = cand[name]
    else:
        y[:, 39:39 + rf.CEPSTRA] = cand[name]
    return y


def shipped_rich_logits(x):
    """The library's own score (voiceprint.cpp's similarity(), as log-odds) from the headers."""
    ship = tv.shipped_logits(x[:, :39])
    num, arr = tv.header_reader(tv.RICH_MODEL)
    keep, top = int(num("kKept")), int(num("kCohortTop"))
    z = tv.unit(x, arr("kCenter"), arr("kScale"), arr("kProjection").reshape(-1, keep))
    s = tv.normalised(z, arr("kCohort").reshape(-1, keep), top, (num("kCohortMeanFloor"), num("kCohortSpreadFloor")))
    w = num("kFuseWeight")
    return w * num("kSlope") * (s - num("kThreshold")) + (1 - w) * ship - num("kFuseShift")


def figures(logits, index):
    same, diff = tv.pair_scores(logits, index)
    p_same, p_diff = 1 / (1 + np.exp(-same)), 1 / (1 + np.exp(-diff))
    other_room = tv.eer_of(logits, index, lambda i, j: index[i]["room"] != index[j]["room"])
    return (100 * tv.eer(same, diff)[0], 100 * tv.same_sex_eer(logits, index), 100 * other_room,
            100 * np.mean(p_same < THRESHOLD), 100 * np.mean(p_diff >= THRESHOLD))


def pairs_of(index, people):
    """(person of a, person of b, same) of eval_voiceprint.py's pairs, persons as indices of `people`."""
    out = []
    for i in range(len(index)):
        for j in range(i + 1, len(index)):
            a, b = index[i], index[j]
            if a["speaker"] == b["speaker"] or a["lang"] != b["lang"]:
                out.append((i, j, people.index(a["speaker"]), people.index(b["speaker"]), a["speaker"] == b["speaker"]))
    return np.array(out)


def weighted_eer(score, same, weight):
    """The EER (the mean of the two rates where the larger is least) of weighted pairs."""
    order = np.argsort(score, kind="stable")
    s, y, w = score[order], same[order], weight[order]
    ws, wd = np.where(y, w, 0.0), np.where(y, 0.0, w)
    frr = np.concatenate([[0.0], np.cumsum(ws)]) / max(ws.sum(), 1e-12)   # same pairs below each cut
    far = 1 - np.concatenate([[0.0], np.cumsum(wd)]) / max(wd.sum(), 1e-12)
    k = int(np.argmin(np.maximum(frr, far)))
    return (frr[k] + far[k]) / 2


def bootstrap(scored, tunes, rounds, seed=1047):
    """Each variant's pooled EER over every tune folder less the refit control's ("lib"), with a
    95 % interval from resampling the tune people (a person drawn k times weighs k in each of its
    pairs: k for its own pairs, k times the other's count for a pair of two people)."""
    people = sorted({c["speaker"] for _, _, i in tunes for c in i})
    sets = [pairs_of(i, people) for _, _, i in tunes]
    same = np.concatenate([p[:, 4].astype(bool) for p in sets])
    scores = {v: np.concatenate([f[p[:, 0], p[:, 1]] for f, p in zip(fs, sets)]) for v, fs in scored.items()}
    pa = np.concatenate([p[:, 2] for p in sets])
    pb = np.concatenate([p[:, 3] for p in sets])
    rng = np.random.default_rng(seed)
    diffs = {v: [] for v in scored if v != "lib"}
    for _ in range(rounds):
        k = np.bincount(rng.integers(0, len(people), len(people)), minlength=len(people)).astype(float)
        w = np.where(same, k[pa], k[pa] * k[pb])
        base = weighted_eer(scores["lib"], same, w)
        for v in diffs:
            diffs[v].append(weighted_eer(scores[v], same, w) - base)
    one = np.ones(len(same))
    print(f"\npooled over the tune folders, {len(people)} people; EER less the refit on the 99 numbers (lib), "
          f"95 % interval over {rounds} resamplings of the people:")
    print(f"  {'lib':16s} {100 * weighted_eer(scores['lib'], same, one):5.2f} %")
    for v, d in diffs.items():
        lo, hi = np.percentile(d, [2.5, 97.5])
        print(f"  {v:16s} {100 * weighted_eer(scores[v], same, one):5.2f} %   "
              f"{100 * (weighted_eer(scores[v], same, one) - weighted_eer(scores['lib'], same, one)):+5.2f} "
              f"[{100 * lo:+5.2f}, {100 * hi:+5.2f}]")


def breakdown(tunes, logits):
    """Where main's errors are, pooled over the tune folders: the EER of the pairs whose two notes
    are both spoken letters or syllables (klettres) or both sentences (tuxpaint, pocketsphinx),
    and by the shorter note's voiced seconds (thirds of the pairs)."""
    same, diff = [], []
    for (x, _, index), f in zip(tunes, logits):
        seconds = [c["voiced_seconds"] for c in index]
        for i in range(len(index)):
            for j in range(i + 1, len(index)):
                a, b = index[i], index[j]
                kind = {a["speaker"].startswith("klettres"), b["speaker"].startswith("klettres")}
                row = (f[i, j], "letters" if kind == {True} else "sentences" if kind == {False} else "mixed",
                       min(seconds[i], seconds[j]))
                if a["speaker"] == b["speaker"]:
                    same.append(row)
                elif a["lang"] != b["lang"]:
                    diff.append(row)
    print("\nmain (shipped), pooled over the tune folders: EER by material and by the shorter note's voiced seconds")
    for kind in ("letters", "sentences", "mixed"):
        s = np.array([r[0] for r in same if r[1] == kind])
        d = np.array([r[0] for r in diff if r[1] == kind])
        if len(s) and len(d):
            print(f"  {kind:10s} {len(s):4d} same {len(d):5d} different   EER {100 * tv.eer(s, d)[0]:5.1f} %")
    cuts = np.percentile([r[2] for r in same + diff], [100 / 3, 200 / 3])
    for lo, hi in zip([0, *cuts], [*cuts, 1e9]):
        s = np.array([r[0] for r in same if lo <= r[2] < hi])
        d = np.array([r[0] for r in diff if lo <= r[2] < hi])
        print(f"  voiced {lo:4.1f}-{min(hi, 99):4.1f} s {len(s):4d} same {len(d):5d} different   EER {100 * tv.eer(s, d)[0]:5.1f} %")


def refit(xt, labels, xs, ship, choose):
    """The back-end refitted on train inputs xt (LDA shrinkage, directions, AS-norm cohort on the
    grid), chosen on the first tune folder's fused EER: the fused log-odds on each tune folder and
    the (shrink, keep, top) chosen."""
    best = None
    for shrink in SHRINKS:
        center, scale, proj, _ = tv.fit_lda(xt, labels, shrink)
        for keep in KEEPS:
            p = proj[:, :keep]
            cohort = tv.unit(xt, center, scale, p)
            zs = [tv.unit(x, center, scale, p) for x in xs]
            for top in TOPS:
                floors = tv.cohort_floors(cohort, top, tv.BOUND_PERCENTILE)
                s0 = tv.normalised(zs[0], cohort, top, floors)
                same, diff = tv.pair_scores(s0, choose)
                _, threshold = tv.eer(same, diff)
                slope = tv.logistic_slope(same, diff, threshold)
                fused0 = tv.RICH_FUSE_WEIGHT * slope * (s0 - threshold) + (1 - tv.RICH_FUSE_WEIGHT) * ship[0]
                e, shift = tv.eer(*tv.pair_scores(fused0, choose))
                if best is None or e < best[0] - 1e-9:
                    best = (e, (shrink, keep, top), [
                        tv.RICH_FUSE_WEIGHT * slope * (tv.normalised(z, cohort, top, floors) - threshold)
                        + (1 - tv.RICH_FUSE_WEIGHT) * sh - shift for z, sh in zip(zs, ship)])
    return best[2], best[1]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tool", required=True)
    ap.add_argument("--dump", required=True)
    ap.add_argument("--train", nargs="+", required=True)
    ap.add_argument("--tune", nargs="+", required=True, help="the first chooses; every one is reported")
    ap.add_argument("--bootstrap", type=int, default=1000, help="resamplings of the tune people (0: none)")
    ap.add_argument("--variants", nargs="+",
                    default=["lib", "+loud6", "=loud6", "+block6", "=block6", "+loud6b", "+speech", "=speech",
                             "=pitch_speech", "=pitch_loud10"])
    args = ap.parse_args()
    train = [load(args.tool, args.dump, f) for f in args.train]
    tunes = [load(args.tool, args.dump, f) for f in args.tune]
    labels = [c["speaker"] for _, _, i in train for c in i]
    names = [os.path.basename(os.path.dirname(os.path.dirname(f.rstrip("/")))) for f in args.tune]
    print(f"train {sum(len(i) for _, _, i in train)} notes of {len(set(labels))} people; tune "
          + ", ".join(f"{n} {len(i)} notes" for n, (_, _, i) in zip(names, tunes)))
    ship = [tv.shipped_logits(x[:, :39]) for x, _, _ in tunes]
    head = "EER / same sex / other room / FR / FA at 0.5"
    print(f"\n{'variant':18s} " + "   ".join(f"{n}: {head}" for n in names))
    print(f"{'main (shipped)':18s} " + "   ".join(
        " / ".join(f"{v:4.1f}" for v in figures(shipped_rich_logits(x), i)) for x, _, i in tunes))
    breakdown(tunes, [shipped_rich_logits(x) for x, _, _ in tunes])
    choose = tunes[0][2]
    scored = {}
    for variant in args.variants:
        xt = np.vstack([inputs(x, c, variant) for x, c, _ in train])
        xs = [inputs(x, c, variant) for x, c, _ in tunes]
        fused, (shrink, keep, top) = refit(xt, labels, xs, ship, choose)
        scored[variant] = fused
        print(f"{variant:18s} " + "   ".join(" / ".join(f"{v:4.1f}" for v in figures(f, i))
                                           for f, (_, _, i) in zip(fused, tunes))
              + f"   (shrink {shrink:g}, {keep} directions, top {top})", flush=True)
    if args.bootstrap and "lib" in scored:
        bootstrap(scored, tunes, args.bootstrap)


if __name__ == "__main__":
    main()

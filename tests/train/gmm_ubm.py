#!/usr/bin/python3
"""Does a frame-level model (a GMM-UBM) keep more of a voice from 5-15 s notes? (issue 20, session 30)

    /usr/bin/python3 tests/realvoice/voice_clips.py /tmp/vp30/vc --split train --per-speaker 6 --seed 1101
    /usr/bin/python3 tests/realvoice/voice_clips.py /tmp/vp30/vcm --split train --per-speaker 6 --seed 1102 --more-people
    /usr/bin/python3 tests/realvoice/voice_clips.py /tmp/vp30/a --split tune --seed 1103     # and b 1104, c 1105,
    #   d 1106, e 1107 (d and e made after the variants were chosen on a, b and c)
    /usr/bin/python3 tests/train/gmm_ubm.py --tool /tmp/base30/voiceprint_tool --dump /tmp/base30/dump_features \
        --train /tmp/vp30/vc/train/clips /tmp/vp30/vcm/train/clips \
        --tune /tmp/vp30/{a,b,c}/tune/clips \
        --variants llr:voiced:64x16 llr:voiced:64x32 llr:voiced:128x32 llr:voiced:64x32:asnorm \
                   llr:voiced:delta:64x32 sv:voiced:64x32:40 sv:voiced:cmn:64x32:40
    /usr/bin/python3 tests/train/gmm_ubm.py ... --tune /tmp/vp30/{a,b,c,d,e}/tune/clips --fresh-from 3 --breakdown \
        --variants llr:voiced:128x32 llr:voiced:128x32:linear llr:voiced:64x32 sv:voiced:64x32:40
    /usr/bin/python3 tests/train/gmm_ubm.py ... --tune /tmp/vp30/{a,b,c,d,e}/tune/clips --fresh-from 3 \
        --variants llr:voiced:128x32:linear:seed1108 llr:voiced:128x32:linear:seed1109 llr:voiced:256x32:linear
    /usr/bin/python3 tests/train/gmm_ubm.py ... --tune /tmp/vp30/{a,b,c,d,e}/tune/clips --bootstrap 0 --per-person \
        --variants llr:voiced:128x32:linear

A developer's measurement, not part of the library or of CI. Sessions 27-29 found that the
voiceprint's per-note statistics (99 numbers: cepstral mean and spread, pitch percentiles) do not
get better with other frames or bands, and that the error follows the seconds of voiced speech a
note holds (about 5 s). A frame-level model is the one idea they left: a universal background
model (UBM, a diagonal GMM fitted by EM on the train notes' frames) whose means are MAP-adapted to
each note (relevance factor R: a component a note's frames hardly visit keeps the UBM's mean, so a
short note is not read as a voice with no vowel it did not say). Two ways to compare two notes:

  sv:FRAMES[:cmn]:NxR:K   the adapted means as a supervector (each component's shift in UBM
               spreads, times the square root of its weight), reduced to its first K principal
               directions over the train notes, beside the 99 numbers in the voiceprint's own
               back-end (loud_cepstra.py's refit: LDA with shrunk scatter, AS-norm against the
               train notes, fused 0.5 with the shipped comparison's log-odds), chosen on the first
               tune folder exactly as loud_cepstra.py chooses the control ("alone+ship": the
               supervector without the 99 numbers, still fused with the shipped comparison)
  llr:FRAMES[:cmn|dense|delta|asnorm|linear]:NxR   the log-likelihood ratio: the mean over one
               note's frames of log p(x | the other note's adapted GMM) - log p(x | UBM) (each
               frame's top 5 UBM components), both ways averaged; fused with the control's
               log-odds, control + w * slope * (llr - t), the threshold t, slope and weight w
               chosen on the first tune folder ("main+": fused with the shipped comparison's
               log-odds instead). asnorm: AS-norm of the llr against the train notes (top 50);
               linear: its first-order approximation from each note's per-component counts and
               sums (what a voiceprint could hold instead of its frames); seedS: the UBM's EM
               started from another draw of frames (default 1101)

The frames are the voice meter's own (dump_features --frames: 40 ms hop; voicing, level and the
speech flag), with c1..c19 of 24 mel bands over 100-3800 Hz computed in numpy as
room_features.py does; FRAMES "voiced" keeps the voiced frames the speech detector calls speech,
"speech" every frame it calls speech; "cmn" subtracts each note's own mean (a room or microphone
moved out; the 99 numbers keep the mean); "dense" 25 ms windows every 10 ms, each with the flags
of the meter's frame it falls in (not the meter's frames: four times as many); "delta" adds each
frame's change. Caches: frame_cepstra[_dense].npz beside the notes, with loud_cepstra.py's and
room_features.py's. The pooled EER over the tune folders less the control's, with a 95 %
interval over resamplings of the tune people, is loud_cepstra.py's (--fresh-from K: also over
the folders from the K+1th on only).
"""
import argparse
import contextlib
import io
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../realvoice"))
import loud_cepstra as lc  # noqa: E402
import room_features as rf  # noqa: E402
import train_voiceprint as tv  # noqa: E402

TOP_COMPONENTS = 5


def frame_cepstra(path, t, dense):
    """c1..c19 of every frame of one note, and which frames are voiced speech, and speech. dense:
    25 ms windows every 10 ms, each with the flags of the meter's 40 ms frame it falls in."""
    import audio
    x = audio.decode(path, rf.RATE)
    hop, window = (80, 200) if dense else (rf.HOP, rf.WINDOW)
    n = len(t) * rf.HOP // hop
    meter = np.minimum((np.arange(n) * hop + hop // 2) // rf.HOP, len(t) - 1)
    padded = np.concatenate([np.zeros((window - hop) // 2), x, np.zeros(window)])
    at = np.minimum(np.arange(n)[:, None] * hop + np.arange(window)[None, :], len(padded) - 1)
    power = np.abs(np.fft.rfft(padded[at] * np.hanning(window + 2)[1:-1], rf.FFT)) ** 2
    dct = np.cos(np.pi * np.arange(rf.CEPSTRA + 1)[:, None] * (np.arange(rf.BANDS)[None, :] + 0.5) / rf.BANDS)
    c = (np.log(power @ rf.filterbank(100, 3800).T + 1e-10) @ dct.T)[:, 1:]
    speech = t[meter, 6] > 0
    voiced = (t[meter, 2] > 0) & speech
    if voiced.sum() < 10:
        voiced = t[meter, 2] > 0
    return c.astype(np.float32), voiced, speech | voiced


def load_frames(dump, folder, index, dense=False):
    """Every note's frames (cached per folder)."""
    cache = os.path.join(folder, "frame_cepstra_dense.npz" if dense else "frame_cepstra.npz")
    if os.path.exists(cache):
        z = np.load(cache, allow_pickle=True)
        if list(z["files"]) == [c["file"] for c in index]:
            return [(z["c"][a:b], z["voiced"][a:b], z["speech"][a:b])
                    for a, b in zip(z["starts"][:-1], z["starts"][1:])]
    rows = [frame_cepstra(os.path.join(folder, c["file"]), rf.frames_of(dump, os.path.join(folder, c["file"])), dense)
            for c in index]
    starts = np.cumsum([0] + [len(r[0]) for r in rows])
    np.savez(cache, files=np.array([c["file"] for c in index]), starts=starts,
             c=np.vstack([r[0] for r in rows]), voiced=np.concatenate([r[1] for r in rows]),
             speech=np.concatenate([r[2] for r in rows]))
    return rows


def note_frames(row, which, cmn, delta=False):
    c, voiced, speech = row
    c = c.astype(np.float64)
    if delta:
        d = np.zeros_like(c)
        d[1:-1] = (c[2:] - c[:-2]) / 2
        c = np.hstack([c, d])
    f = c[voiced if which == "voiced" else speech]
    return f - f.mean(axis=0) if cmn else f


def log_gauss(x, w, mu, var):
    """log(w_k N(x | mu_k, var_k)) of every frame and component."""
    inv = 1 / var
    return (np.log(w) - 0.5 * (np.log(2 * np.pi * var).sum(axis=1) + (mu ** 2 * inv).sum(axis=1)))[None, :] \
        - 0.5 * (x ** 2) @ inv.T + x @ (mu * inv).T


def fit_ubm(x, n, iterations=25, seed=1101):
    """A diagonal GMM of n components by EM from k-means++-like seeds; variances floored."""
    rng = np.random.default_rng(seed)
    floor = 0.01 * x.var(axis=0)
    mu = x[rng.choice(len(x), n, replace=False)]
    var = np.tile(x.var(axis=0), (n, 1))
    w = np.full(n, 1 / n)
    for _ in range(iterations):
        lg = log_gauss(x, w, mu, var)
        top = lg.max(axis=1, keepdims=True)
        p = np.exp(lg - top)
        p /= p.sum(axis=1, keepdims=True)
        nk = p.sum(axis=0) + 1e-6
        mu = (p.T @ x) / nk[:, None]
        var = np.maximum((p.T @ x ** 2) / nk[:, None] - mu ** 2, floor)
        w = nk / nk.sum()
    return w, mu, var


def posteriors(x, ubm):
    lg = log_gauss(x, *ubm)
    top = lg.max(axis=1, keepdims=True)
    p = np.exp(lg - top)
    return p / p.sum(axis=1, keepdims=True)


def adapted(x, ubm, relevance):
    """MAP-adapted means of one note."""
    w, mu, var = ubm
    p = posteriors(x, ubm)
    nk = p.sum(axis=0)
    ex = (p.T @ x) / np.maximum(nk, 1e-9)[:, None]
    a = (nk / (nk + relevance))[:, None]
    return a * ex + (1 - a) * mu


def supervector(m, ubm):
    w, mu, var = ubm
    return (np.sqrt(w)[:, None] * (m - mu) / np.sqrt(var)).ravel()


def llr_cross(means, frames, ubm):
    """score[i, j]: mean over frame set j of log p(x | model i) - log p(x | UBM), over each
    frame's TOP_COMPONENTS UBM components (only the means are adapted)."""
    w, mu, var = ubm
    inv = 1 / var
    const = np.log(w) - 0.5 * np.log(2 * np.pi * var).sum(axis=1)
    m = np.array(means)                                       # models x components x dims
    quad_m = -0.5 * (m ** 2 * inv[None]).sum(axis=2)          # models x components
    out = np.zeros((len(m), len(frames)))
    for j, x in enumerate(frames):
        quad_x = -0.5 * (x ** 2) @ inv.T                      # frames x components
        base_all = const[None] + quad_x + x @ (mu * inv).T - 0.5 * (mu ** 2 * inv).sum(axis=1)[None]
        top = np.argsort(-base_all, axis=1)[:, :TOP_COMPONENTS]
        base = np.logaddexp.reduce(np.take_along_axis(base_all, top, axis=1), axis=1)
        xi = x[:, None, :] * inv[None]                        # frames x components x dims
        xt = np.take_along_axis(xi, top[:, :, None], axis=1)  # frames x top x dims
        mt = m[:, top, :]                                     # models x frames x top x dims
        lin = np.einsum("ftd,mftd->mft", xt, mt)
        la = (const + 0)[top][None] + np.take_along_axis(quad_x, top, axis=1)[None] + lin \
            + quad_m[:, top]
        out[:, j] = (np.logaddexp.reduce(la, axis=2) - base[None]).mean(axis=1)
    return out


def linear_llr(means, frames, ubm):
    """The first-order (linear) approximation of llr_cross from each note's counts and sums per
    component (Glembek et al. 2009): what a voiceprint could hold instead of its frames."""
    w, mu, var = ubm
    shift = np.array([(m - mu) / var for m in means])                  # notes x components x dims
    stats = []
    for x in frames:
        p = posteriors(x, ubm)
        stats.append((p.T @ x - p.sum(axis=0)[:, None] * mu) / len(x))
    return np.einsum("icd,jcd->ij", shift, np.array(stats))


def as_norm(raw, to_cohort, from_cohort, top):
    """AS-norm of a symmetric score matrix: each side's mean and spread over its top cohort scores."""
    side = (to_cohort + from_cohort.T) / 2                    # notes x cohort
    best = np.sort(side, axis=1)[:, -top:]
    mean, spread = best.mean(axis=1), best.std(axis=1) + 1e-9
    return 0.5 * ((raw - mean[:, None]) / spread[:, None] + (raw - mean[None, :]) / spread[None, :])


# loud_cepstra.py's refit of the back-end on train inputs xt: fused log-odds on each tune folder.
backend = lc.refit


def fuse_llr(control, llr, choose):
    """control + w * slope * (llr - t): t and slope from the first folder's llr pairs, w on its fused EER."""
    same, diff = tv.pair_scores(llr[0], choose)
    _, t = tv.eer(same, diff)
    slope = tv.logistic_slope(same, diff, t)
    best = None
    for w in (0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0):
        e, shift = tv.eer(*tv.pair_scores(control[0] + w * slope * (llr[0] - t), choose))
        if best is None or e < best[0] - 1e-9:
            best = (e, w, shift)
    _, w, shift = best
    alone = [slope * (s - t) for s in llr]
    return [c + w * slope * (s - t) - shift for c, s in zip(control, llr)], alone, w


def breakdown(tunes, logits, name):
    """loud_cepstra.py's breakdown (letters or sentences, voiced seconds) of these scores."""
    text = io.StringIO()
    with contextlib.redirect_stdout(text):
        lc.breakdown(tunes, logits)
    print(text.getvalue().replace("main (shipped)", name), end="", flush=True)


def per_person(scored, tunes):
    """Each tune person's false rejects (their same pairs) and false accepts (their different
    pairs) at 0.5, pooled over the tune folders, for every variant."""
    people = sorted({c["speaker"] for _, _, i in tunes for c in i})
    print(f"\nper person, pooled over the tune folders: false rejects / false accepts at 0.5 (%)")
    print(f"  {'person':28s} " + "  ".join(f"{v[:24]:>24s}" for v in scored))
    for person in people:
        cells = []
        for fs in scored.values():
            fr, fa = [], []
            for f, (_, _, index) in zip(fs, tunes):
                for i in range(len(index)):
                    for j in range(i + 1, len(index)):
                        a, b = index[i], index[j]
                        if person not in (a["speaker"], b["speaker"]):
                            continue
                        if a["speaker"] == b["speaker"]:
                            fr.append(f[i, j] < 0)
                        elif a["lang"] != b["lang"]:
                            fa.append(f[i, j] >= 0)
            cells.append(f"{100 * np.mean(fr):5.1f} / {100 * np.mean(fa):5.1f}")
        print(f"  {person:28s} " + "  ".join(f"{c:>24s}" for c in cells))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--tool", required=True)
    ap.add_argument("--dump", required=True)
    ap.add_argument("--train", nargs="+", required=True)
    ap.add_argument("--tune", nargs="+", required=True, help="the first chooses; every one is reported")
    ap.add_argument("--bootstrap", type=int, default=1000, help="resamplings of the tune people (0: none)")
    ap.add_argument("--variants", nargs="+",
                    default=["sv:voiced:64x16:40", "sv:voiced:cmn:64x16:40", "llr:voiced:64x16",
                             "llr:voiced:cmn:64x16"],
                    help="sv:FRAMES[:cmn]:NxR:K or llr:FRAMES[:cmn]:NxR (FRAMES voiced or speech)")
    ap.add_argument("--fresh-from", type=int, default=0, help="also pool the tune folders from this one on")
    ap.add_argument("--per-person", action="store_true", help="each tune person's FR / FA at 0.5, every variant")
    ap.add_argument("--breakdown", action="store_true", help="EER by material and voiced seconds, control and llr")
    args = ap.parse_args()
    train = [lc.load(args.tool, args.dump, f) for f in args.train]
    tunes = [lc.load(args.tool, args.dump, f) for f in args.tune]
    labels = [c["speaker"] for _, _, i in train for c in i]
    names = [os.path.basename(os.path.dirname(os.path.dirname(f.rstrip("/")))) for f in args.tune]
    print(f"train {len(labels)} notes of {len(set(labels))} people; tune "
          + ", ".join(f"{n} {len(i)} notes" for n, (_, _, i) in zip(names, tunes)), flush=True)
    choose = tunes[0][2]
    ship = [tv.shipped_logits(x[:, :39]) for x, _, _ in tunes]
    head = "EER / same sex / other room / FR / FA at 0.5"
    print(f"\n{'variant':26s} " + "   ".join(f"{n}: {head}" for n in names))

    def show(name, scores, note=""):
        print(f"{name:26s} " + "   ".join(" / ".join(f"{v:4.1f}" for v in lc.figures(f, i))
                                         for f, (_, _, i) in zip(scores, tunes)) + note, flush=True)

    main_scores = [lc.shipped_rich_logits(x) for x, _, _ in tunes]
    show("main (shipped)", main_scores)
    on_main = {"lib": main_scores}
    xt = np.vstack([x for x, _, _ in train])
    control, choice = backend(xt, labels, [x for x, _, _ in tunes], ship, choose)
    show("control (99 refitted)", control, f"   {choice}")
    if args.breakdown:
        breakdown(tunes, control, "the control")
    scored = {"lib": control}
    ubms = {}
    train_means = {}
    for variant in args.variants:
        parts = variant.split(":")
        kind, which, cmn, dense, delta = parts[0], parts[1], "cmn" in parts, "dense" in parts, "delta" in parts
        n, relevance = (float(v) for v in [p for p in parts if "x" in p][0].split("x"))
        n = int(n)
        seed = int(([p[4:] for p in parts if p.startswith("seed")] or ["1101"])[0])
        key = (which, cmn, dense, delta, n, seed)
        rows_t = [r for f, (_, _, i) in zip(args.train, train) for r in load_frames(args.dump, f, i, dense)]
        rows_s = [load_frames(args.dump, f, i, dense) for f, (_, _, i) in zip(args.tune, tunes)]
        train_f = [note_frames(r, which, cmn, delta) for r in rows_t]
        tune_f = [[note_frames(r, which, cmn, delta) for r in rows] for rows in rows_s]
        if key not in ubms:
            pool = np.vstack(train_f)
            ubms[key] = fit_ubm(pool, n, seed=seed)
            print(f"  UBM {key}: {len(pool)} train frames, {np.mean([len(f) for f in tune_f[0]]):.0f} a tune note",
                  flush=True)
        ubm = ubms[key]
        if kind == "sv":
            k = int(parts[-1])
            st = np.array([supervector(adapted(f, ubm, relevance), ubm) for f in train_f])
            ss = [np.array([supervector(adapted(f, ubm, relevance), ubm) for f in fs]) for fs in tune_f]
            mean = st.mean(axis=0)
            _, _, vt = np.linalg.svd(st - mean, full_matrices=False)
            pca = vt[:k].T
            inputs_t = np.hstack([xt, (st - mean) @ pca])
            inputs_s = [np.hstack([x, (s - mean) @ pca]) for (x, _, _), s in zip(tunes, ss)]
            fused, choice = backend(inputs_t, labels, inputs_s, ship, choose)
            scored[variant] = fused
            show(variant, fused, f"   {choice}")
            only, choice = backend((st - mean) @ pca, labels, [(s - mean) @ pca for s in ss], ship, choose)
            show(variant + " alone+ship", only, f"   {choice}")
        else:
            means = [[adapted(f, ubm, relevance) for f in fs] for fs in tune_f]
            score = linear_llr if "linear" in parts else llr_cross
            llr = [(lambda r: (r + r.T) / 2)(score(m, fs, ubm)) for m, fs in zip(means, tune_f)]
            if "asnorm" in parts:
                mkey = key + (relevance,)
                if mkey not in train_means:
                    train_means[mkey] = [adapted(f, ubm, relevance) for f in train_f]
                cm = train_means[mkey]
                llr = [as_norm(r, llr_cross(m, train_f, ubm), llr_cross(cm, fs, ubm), 50)
                       for r, m, fs in zip(llr, means, tune_f)]
            fused, alone, w = fuse_llr(control, llr, choose)
            scored[variant] = fused
            show(variant, fused, f"   (w {w:g})")
            show(variant + " alone", alone)
            on_main[variant], _, w = fuse_llr(main_scores, llr, choose)
            show(variant + " main+", on_main[variant], f"   (w {w:g})")
            if args.breakdown:
                breakdown(tunes, fused, variant + " fused with the control")
    if args.per_person:
        per_person(scored, tunes)
    if args.bootstrap:
        lc.bootstrap(scored, tunes, args.bootstrap)
        if args.fresh_from:
            print(f"\nthe same over the tune folders from the {args.fresh_from + 1}th on only (made after the variants were chosen):")
            k = args.fresh_from
            lc.bootstrap({v: f[k:] for v, f in scored.items()}, tunes[k:], args.bootstrap)
        if len(on_main) > 1:
            print("\nthe same with main (the shipped headers) as \"lib\" and each llr fused with main's log-odds:")
            lc.bootstrap(on_main, tunes, args.bootstrap)


if __name__ == "__main__":
    main()

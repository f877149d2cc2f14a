#!/usr/bin/python3
"""What was tried for a better voiceprint (issue 20, session 9), on the TUNE split only.

    # the notes and the voiceprint caches as tests/train/README.md makes them for
    # train_voiceprint.py (its voiceprints.jsonl beside each folder's notes), then:
    /usr/bin/python3 tests/train/voiceprint_experiments.py \
        --train /tmp/vc/train/clips /tmp/vc2/train/clips /tmp/vc-tts/clips --tune /tmp/vc/tune/clips

A developer's experiment, not part of the library or of CI. It measures, in numpy, voiceprints
richer than the library's 39 numbers, each fitted on the train folders and scored on the tune
folder by the equal error rate of eval_voiceprint.py's pairs (same speaker; different
speakers of different languages):

  - frame statistics over ALL voiced 40 ms frames of a note (not 2 s pieces): MFCC c1..c19 of
    the note at 8 kHz (24 mel bands, 100-3800 Hz, or 300-3400 Hz: the phone band for every
    note), their mean and standard deviation, full covariance or its matrix logarithm, the
    spread of their deltas, pitch (mean, spread, 10th and 90th percentiles); with cepstral
    mean normalisation (no mean) or without; then LDA on train (whitened within-speaker
    scatter) and the cosine, keeping 10-36 directions;
  - a GMM-UBM supervector (32 diagonal Gaussians on mean-normalised c1..c19 and deltas,
    trained on the train notes' frames; relevance-MAP means, Campbell's scaling), scored by
    the cosine, with 0-80 within-speaker directions projected out (NAP);
  - the library's own voiceprints (voiceprint_tool's cache, voiceprints.jsonl beside the
    notes) with a two-covariance (PLDA) score instead of the cosine;
  - the learning curve: the library's LDA fitted on 8, 12, 16 or all 21 real train speakers;
  - (session 10) symmetric score normalisation (S-norm): each cosine less the mean of both notes'
    cosines against a cohort of train notes (all, or each note's 20-200 closest), over their spread.

Figures (session 9, tune split, 96 notes of 16 people) are in tests/realvoice/README.md. None
beat the library's comparison (17.7 %), so none was adopted. Needs Debian's python3, numpy
and ffmpeg.
"""
import argparse
import json
import os
import subprocess

import numpy as np

RATE, WIN, NFFT, HOP = 8000, 380, 512, 320  # as the library's voice meter frames its 8 kHz copy


def decode(path):
    out = subprocess.run(["ffmpeg", "-v", "error", "-i", path, "-ac", "1", "-ar", str(RATE), "-f", "f32le", "-"],
                         capture_output=True, check=True).stdout
    return np.frombuffer(out, np.float32)


def mel_filters(n, lo, hi):
    mel = lambda f: 2595 * np.log10(1 + f / 700)  # noqa: E731
    hz = lambda m: 700 * (10 ** (m / 2595) - 1)  # noqa: E731
    edges = hz(np.linspace(mel(lo), mel(hi), n + 2))
    bins = np.fft.rfftfreq(NFFT, 1 / RATE)
    return np.array([np.clip(np.minimum((bins - a) / (b - a), (c - bins) / (c - b)), 0, None)
                     for a, b, c in zip(edges, edges[1:], edges[2:])])


def frames_of(x, filters):
    """(level dB, c0..c19, voicing, log2 pitch) per 40 ms frame."""
    n = 1 + max(0, (len(x) - WIN) // HOP)
    f = x[np.arange(WIN)[None, :] + HOP * np.arange(n)[:, None]]
    level = 10 * np.log10((f[:, 30:350] ** 2).mean(1) + 1e-12)
    window = np.hanning(WIN + 2)[1:-1]
    power = np.abs(np.fft.rfft(f * window, NFFT)) ** 2
    k = filters.shape[0]
    dct = np.cos(np.pi * np.outer(np.arange(20), np.arange(k) + 0.5) / k)
    cep = np.log10(power @ filters.T + 1e-10) @ dct.T
    acf = np.fft.irfft(power, NFFT)[:, :140]
    wacf = np.correlate(window, window, "full")[WIN - 1:WIN + 139]
    r = acf / (acf[:, :1] + 1e-20) / (wacf / wacf[0])
    lag = r[:, 19:130].argmax(1) + 19
    return level, cep, r[:, 19:130].max(1), np.log2(RATE / lag)


def voiced(level, voicing):
    sel = (voicing > 0.55) & (level > level.max() - 45)
    return sel if sel.sum() >= 10 else level > level.max() - 30


def note_vector(fr, parts):
    level, cep, voicing, pitch = fr
    sel = voiced(level, voicing)
    c = cep[sel][:, 1:20]
    allc = cep[:, 1:20]
    delta = np.zeros_like(allc)
    delta[1:-1] = (allc[2:] - allc[:-2]) / 2
    cov = np.cov((c - c.mean(0)).T) + 1e-4 * np.eye(19)
    w, v = np.linalg.eigh(cov)
    iu = np.triu_indices(19)
    p = pitch[sel]
    have = {"mean": c.mean(0), "sd": c.std(0), "cov": cov[iu], "logcov": ((v * np.log(w)) @ v.T)[iu],
            "dsd": delta[sel].std(0), "pitch": np.array([p.mean(), p.std(), np.percentile(p, 10), np.percentile(p, 90)])}
    return np.concatenate([have[k] for k in parts])


def eer(same, diff):
    same, diff = np.sort(same), np.sort(diff)
    t = np.unique(np.concatenate([same, diff]))
    frr = np.searchsorted(same, t, "left") / len(same)
    far = 1 - np.searchsorted(diff, t, "left") / len(diff)
    k = np.argmin(np.maximum(frr, far))
    return (frr[k] + far[k]) / 2


def pair_eer(index, scores):
    same, diff = [], []
    for i, a in enumerate(index):
        for j in range(i + 1, len(index)):
            b = index[j]
            if a["speaker"] == b["speaker"]:
                same.append(scores[i, j])
            elif a["lang"] != b["lang"]:
                diff.append(scores[i, j])
    return eer(np.array(same), np.array(diff))


def fit_lda(x, labels):
    """(centre, scale, directions, between-speaker variances): whitened within-speaker scatter."""
    mu, sd = x.mean(0), x.std(0) + 1e-9
    z = (x - mu) / sd
    lab = np.array(labels)
    sw = np.zeros((z.shape[1],) * 2)
    sb = np.zeros_like(sw)
    m = z.mean(0)
    for spk in set(labels):
        zs = z[lab == spk]
        ms = zs.mean(0)
        sw += (zs - ms).T @ (zs - ms)
        sb += len(zs) * np.outer(ms - m, ms - m)
    sw = sw / len(z) + 1e-3 * np.trace(sw / len(z)) / len(sw) * np.eye(len(sw))
    li = np.linalg.inv(np.linalg.cholesky(sw))
    ev, vec = np.linalg.eigh(li @ (sb / len(z)) @ li.T)
    order = np.argsort(ev)[::-1]
    return mu, sd, li.T @ vec[:, order], ev[order]


def cosine(z):
    z = z / np.linalg.norm(z, axis=1, keepdims=True)
    return z @ z.T


def best_lda_eer(xt, lt, xu, iu, keeps=(10, 16, 20, 24, 30, 36)):
    mu, sd, w, _ = fit_lda(xt, lt)
    return {k: pair_eer(iu, cosine(((xu - mu) / sd) @ w[:, :k])) for k in keeps if k <= w.shape[1]}


def load_notes(folder):
    index = json.load(open(os.path.join(folder, "clips.json")))
    return [decode(os.path.join(folder, c["file"])) for c in index], index


def gmm_supervectors(train_frames, tune_frames, components=32, iterations=15):
    def loglik(x, w, mu, var):
        return (np.log(w) - 0.5 * np.sum(np.log(2 * np.pi * var), 1)
                - 0.5 * ((x * x) @ (1 / var).T - 2 * x @ (mu / var).T + np.sum(mu * mu / var, 1)))

    def posteriors(x, ubm):
        ll = loglik(x, *ubm)
        g = np.exp(ll - ll.max(1, keepdims=True))
        return g / g.sum(1, keepdims=True)

    allx = np.vstack(train_frames)
    rng = np.random.default_rng(0)
    ubm = (np.full(components, 1 / components), allx[rng.choice(len(allx), components, replace=False)],
           np.tile(allx.var(0), (components, 1)))
    for _ in range(iterations):
        g = posteriors(allx, ubm)
        n = g.sum(0) + 1e-6
        mu = g.T @ allx / n[:, None]
        ubm = (n / n.sum(), mu, np.maximum(g.T @ (allx * allx) / n[:, None] - mu * mu, 1e-3 * allx.var(0)))

    def supervector(x, relevance=16):
        w, mu, var = ubm
        g = posteriors(x, ubm)
        n = g.sum(0)
        a = (n / (n + relevance))[:, None]
        adapted = a * (g.T @ x) / np.maximum(n, 1e-6)[:, None] + (1 - a) * mu
        return (np.sqrt(w)[:, None] * (adapted - mu) / np.sqrt(var)).ravel()

    return np.array([supervector(x) for x in train_frames]), np.array([supervector(x) for x in tune_frames])


def library_voiceprints(folder):
    index = json.load(open(os.path.join(folder, "clips.json")))
    x, kept = [], []
    for c, line in zip(index, open(os.path.join(folder, "voiceprints.jsonl"))):
        v = json.loads(line).get("voiceprint")
        if v:
            x.append(np.concatenate([v["mean"], v["spread"], v["piece_spread"]]))
            kept.append(c)
    return np.array(x), kept


def two_covariance_scores(z, between):
    """Log-likelihood ratio, same speaker against two, of LDA-whitened vectors (within = I)."""
    s = np.zeros((len(z), len(z)))
    for d, b in enumerate(np.maximum(between, 1e-6)):
        xi, xj = z[:, d][:, None], z[:, d][None, :]
        det = (b + 1) ** 2 - b * b
        s += -0.5 * (((b + 1) * (xi ** 2 + xj ** 2) - 2 * b * xi * xj) / det - (xi ** 2 + xj ** 2) / (b + 1))
        s += -0.5 * np.log(det / (b + 1) ** 2)
    return s


def snorm_eers(xt, lt, xu, iu, k=24, tops=(20, 50, 200, None)):
    """EER of the LDA cosine (k directions, as shipped) without and with S-norm against the train notes."""
    mu, sd, w, _ = fit_lda(xt, lt)
    unit = lambda x: (lambda p: p / (np.linalg.norm(p, axis=1, keepdims=True) + 1e-12))(((x - mu) / sd) @ w[:, :k])  # noqa: E731
    zu, zt = unit(xu), unit(xt)
    c, cohort = zu @ zu.T, np.sort(zu @ zt.T, axis=1)[:, ::-1]
    result = {"none": pair_eer(iu, c)}
    for top in tops:
        m, s = cohort[:, :top].mean(1), cohort[:, :top].std(1) + 1e-6
        result[f"top{top or 'all'}"] = pair_eer(iu, 0.5 * ((c - m[:, None]) / s[:, None] + (c - m[None, :]) / s[None, :]))
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--train", nargs="+", required=True)
    ap.add_argument("--tune", required=True)
    args = ap.parse_args()
    train = [load_notes(f) for f in args.train]
    audio_t = [x for a, _ in train for x in a]
    index_t = [c for _, i in train for c in i]
    audio_u, index_u = load_notes(args.tune)
    labels = [c["speaker"] for c in index_t]
    show = lambda name, r: print(f"{name:44s} " + " ".join(f"{k}:{100 * e:.1f}" for k, e in r.items()), flush=True)  # noqa: E731

    for lo, hi in ((100, 3800), (300, 3400)):
        filters = mel_filters(24, lo, hi)
        ft = [frames_of(x, filters) for x in audio_t]
        fu = [frames_of(x, filters) for x in audio_u]
        for parts in (["mean", "sd"], ["mean", "sd", "pitch"], ["mean", "sd", "dsd", "pitch"], ["sd", "dsd", "pitch"],
                      ["mean", "cov", "pitch"], ["mean", "logcov", "pitch"], ["cov", "pitch"]):
            xt = np.array([note_vector(f, parts) for f in ft])
            xu = np.array([note_vector(f, parts) for f in fu])
            show(f"{lo}-{hi} Hz {'+'.join(parts)} ({xt.shape[1]})", best_lda_eer(xt, labels, xu, index_u))
        if lo == 100:
            def normalised(f):
                level, cep, voicing, _ = f
                c = cep[:, 1:20]
                d = np.zeros_like(c)
                d[1:-1] = (c[2:] - c[:-2]) / 2
                sel = voiced(level, voicing)
                return np.hstack([c[sel] - c[sel].mean(0), d[sel]])
            st, su = gmm_supervectors([normalised(f) for f in ft], [normalised(f) for f in fu])
            result = {"cos": pair_eer(index_u, cosine(su))}
            lab = np.array(labels)
            within = np.vstack([st[lab == s] - st[lab == s].mean(0) for s in set(labels)])
            vt = np.linalg.svd(within, full_matrices=False)[2]
            for k in (5, 10, 20, 40, 80):
                result[f"nap{k}"] = pair_eer(index_u, cosine(su - (su @ vt[:k].T) @ vt[:k]))
            show("GMM-UBM 32 supervector", result)

    lib = [library_voiceprints(f) for f in args.train]
    xt = np.vstack([x for x, _ in lib])
    lt = [c["speaker"] for _, i in lib for c in i]
    xu, iu = library_voiceprints(args.tune)
    mu, sd, w, ev = fit_lda(xt, lt)
    show("library voiceprint, LDA + cosine", best_lda_eer(xt, lt, xu, iu))
    plda = {}
    for k in (8, 12, 16, 20, 24, 30):
        z = ((xu - mu) / sd) @ w[:, :k] - (((xt - mu) / sd) @ w[:, :k]).mean(0)
        plda[k] = pair_eer(iu, two_covariance_scores(z, ev[:k]))
    show("library voiceprint, LDA + two-covariance", plda)
    show("library voiceprint, LDA + cosine, S-norm", snorm_eers(xt, lt, xu, iu))
    real = sorted({s for s, c in zip(lt, [c for _, i in lib for c in i]) if not s.startswith("tts/")})
    rng = np.random.default_rng(0)
    for n in (8, 12, 16, len(real)):
        runs = []
        for _ in range(5 if n < len(real) else 1):
            keep = set(rng.choice(real, n, replace=False)) | {s for s in lt if s.startswith("tts/")}
            m = [i for i, s in enumerate(lt) if s in keep]
            runs.append(min(best_lda_eer(xt[m], [lt[i] for i in m], xu, iu, (10, 16, 20, 24)).values()))
        print(f"learning curve: {n:2d} real train speakers (+ synthetic): tune EER {100 * np.mean(runs):.1f} %", flush=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Every piece edge score.py calls "in speech", with what lies around it.

    /usr/bin/python3 tests/realvoice/edges_in_speech.py VOXCLONE SET_DIR/SPLIT [--json SCORE_JSON]

For each scene with an edge in speech (from SCORE_JSON, score.py's --json of the same binary and
set, or found by running VOXCLONE prep on every scene), prints the scene kind, its noise (make_set's
noise_db: the noise's level under the speech), the detector's floor and speech level from the
report, and for each such edge: whether it is the sample's first or last edge or one inside it,
the gap to the neighbouring piece in the input (a shortened pause or a barrier cut out), the
nearest places on either side the scorer would accept and the labelled pause there, the labelled
utterances around it, the clean speech's 10 ms levels around it (what the scorer judges) and the
mixture's 100 Hz-4 kHz levels (what the speech detector sees, an FFT band-pass here) beside its
floor. Tune and train sets only: the test split is scored, never looked into.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import audio  # noqa: E402
import score  # noqa: E402


def band(x, rate, lo=100.0, hi=4000.0):
    spec = np.fft.rfft(x)
    freq = np.fft.rfftfreq(len(x), 1.0 / rate)
    spec[(freq < lo) | (freq > hi)] = 0
    return np.fft.irfft(spec, len(x))


def level_db(x, rate, t0, t1):
    seg = x[max(0, int(t0 * rate)):max(0, int(t1 * rate))]
    return 10 * np.log10(np.mean(seg * seg) + 1e-20) if len(seg) else -200.0


def report_of(voxclone, flac):
    with tempfile.TemporaryDirectory() as tmp:
        p = subprocess.run([voxclone, "prep", flac, "-o", os.path.join(tmp, "s.wav"), "--json", "-q"],
                           capture_output=True, text=True)
    try:
        return json.loads(p.stdout)["results"][0].get("report")
    except (ValueError, KeyError, IndexError):
        return None


def describe(voxclone, set_dir, name):
    flac = os.path.join(set_dir, name + ".flac")
    with open(flac[:-5] + ".json") as f:
        meta = json.load(f)
    rep = report_of(voxclone, flac)
    if not rep or "window" not in rep:
        return
    pieces = rep["window"]["pieces"]
    env = np.asarray(meta["speech_db_10ms"], dtype=np.float32)
    level = score.speech_level(env)
    x = audio.decode(flac).astype(np.float64)
    xb = band(x, audio.RATE)
    print(f"== {name} kind={meta['kind']} noise_db={meta.get('noise_db')} clean speech level {level:.1f} dB; "
          f"detector floor {rep['analysis']['noise_floor_dbfs']} dBFS, speech {rep['window']['speech_level_dbfs']} dBFS")
    # The frames the scorer accepts an edge at (as score.judge, per frame).
    thr = np.empty(len(env))
    for k in range(len(env)):
        around = env[max(0, k - 150): k + 151]
        thr[k] = max(level - score.EDGE_DEPTH_DB, float(np.percentile(around, 10)) + score.EDGE_FLOOR_DB)
    ok = np.array([env[max(0, k - score.EDGE_REACH): k + score.EDGE_REACH + 1].max() <= thr[k] for k in range(len(env))])
    for p, (a, b) in enumerate(pieces):
        for side, t in (("start", a), ("end", b)):
            i = int(round(t / 0.01))
            if t <= 0.02 or t >= meta["seconds"] - 0.02 or i >= len(env) or ok[i]:
                continue
            role = ("first" if p == 0 and side == "start" else
                    "last" if p == len(pieces) - 1 and side == "end" else "inside")
            gap = (pieces[p + 1][0] - b if side == "end" and p + 1 < len(pieces) else
                   a - pieces[p - 1][1] if side == "start" and p > 0 else None)
            lo = i
            while lo > 0 and not ok[lo]:
                lo -= 1
            hi = i
            while hi < len(env) - 1 and not ok[hi]:
                hi += 1
            k = lo if side == "start" else hi  # the pause on the piece's outer side
            pa = k
            while pa > 0 and ok[pa - 1]:
                pa -= 1
            pb = k
            while pb < len(env) - 1 and ok[pb + 1]:
                pb += 1
            near = [(round(e[0], 2), round(e[1], 2)) for e in meta["events"] if e[2] == "speech" and e[0] - 1.0 < t < e[1] + 1.0]
            clean = " ".join(f"{env[q]:.0f}" for q in range(i - 10, i + 11, 2) if 0 <= q < len(env))
            mix = " ".join(f"{level_db(xb, audio.RATE, t + d - 0.01, t + d + 0.01):.0f}" for d in np.arange(-0.2, 0.21, 0.04))
            floor = np.percentile([level_db(xb, audio.RATE, t + d, t + d + 0.02) for d in np.arange(-1.5, 1.5, 0.02)], 10)
            print(f"  {role:6} {side:5} {t:.2f} s; gap to the next piece {gap if gap is None else round(gap, 2)} s; "
                  f"scorer's nearest pause frames {lo * 0.01:.2f} / {hi * 0.01:.2f} s ({t - lo * 0.01:+.2f}, {hi * 0.01 - t:+.2f}); "
                  f"the pause on the outer side {pa * 0.01:.2f}-{pb * 0.01:.2f} s")
            print(f"         utterances near: {near}")
            print(f"         clean speech, 20 ms steps from -0.1 s: {clean}  (threshold {thr[i]:.1f})")
            print(f"         mixture 100 Hz-4 kHz, 40 ms steps from -0.2 s: {mix}  (its floor {floor:.1f})")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("voxclone")
    ap.add_argument("set_dir")
    ap.add_argument("--json", help="score.py's --json of the same binary and set")
    args = ap.parse_args()
    if args.json:
        with open(args.json) as f:
            names = [r["name"] for r in json.load(f)["scenes"] if r.get("edges_in_speech")]
    else:
        names = sorted(n[:-5] for n in os.listdir(args.set_dir) if n.endswith(".flac"))
    for name in names:
        describe(args.voxclone, args.set_dir, name)


if __name__ == "__main__":
    main()

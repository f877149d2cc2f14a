#!/usr/bin/python3
"""Bed scenes with a short music sting inserted among their clean words (session 29, bed29).

    /usr/bin/python3 tests/realvoice/sting_scenes.py IN_DIR OUT_DIR [--seed 1029] [--db 0]

For every bedNN scene of IN_DIR (make_set.py's output, one split's folder), a copy in OUT_DIR with
a sting: an excerpt of 1.5-4 s of the split's music (sources.music), 0.05 s fade in, 0.3 s fade
out, its RMS `--db` from the scene's speech level, inserted at the middle of the widest pause
between the words of the clean part (at least 3 s from the recording's start and from the bed),
everything after it moved on. The sting is labelled music, so score.py counts it in music_kept.
A jingle between a reader's words is what content_bed_split.cpp's held-syllable step must not
turn into speech (session 28's review: "a sting of up to 4 s could become speech").
"""
import argparse
import glob
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import audio  # noqa: E402
import sources  # noqa: E402

RATE = audio.RATE


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("inp")
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=1029)
    ap.add_argument("--db", type=float, default=0.0, help="the sting's RMS over the speech's, dB")
    ap.add_argument("--split", default="tune")
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    music = sources.music(args.split)
    os.makedirs(args.out, exist_ok=True)
    for path in sorted(glob.glob(os.path.join(args.inp, "bed[0-9]*.json"))):
        meta = json.load(open(path))
        bed = meta.get("bed_start")
        words = sorted((a, b) for a, b, k, _ in meta["events"] if k == "speech")
        # The pauses of the clean part (the bed comes second in make_set.py's bed scenes).
        gaps = [(b2 - a1, a1, b2) for (_, a1), (b2, _) in zip(words, words[1:])
                if a1 >= 3.0 and bed is not None and b2 <= bed - 3.0]
        if not gaps:
            print(f"  {meta['name']}: no pause in its clean part", flush=True)
            continue
        _, a1, b2 = max(gaps)
        at = (a1 + b2) / 2
        x = audio.decode(os.path.splitext(path)[0] + ".flac")
        env = np.asarray(meta["speech_db_10ms"], dtype=np.float32)
        act = env[env > env.max() - 35]
        speech_db = float(10 * np.log10(np.mean(10 ** (act / 10))))
        seconds = float(rng.uniform(1.5, 4.0))
        src = audio.decode(music[int(rng.integers(len(music)))])
        n = int(seconds * RATE)
        if len(src) < n + RATE:
            src = np.tile(src, n // max(1, len(src)) + 2)
        s0 = int(rng.integers(0, len(src) - n))
        sting = src[s0:s0 + n].astype(np.float64)
        sting *= 10 ** ((speech_db + args.db - audio.active_rms_db(sting.astype(np.float32))) / 20)
        t = np.arange(n) / RATE
        sting *= np.minimum(1.0, np.minimum(t / 0.05, (seconds - t) / 0.3))
        # Whole 10 ms frames, so the speech envelope stays aligned.
        frames = int(round(seconds / 0.01))
        n = frames * 240
        sting = np.pad(sting, (0, max(0, n - len(sting))))[:n].astype(np.float32)
        p = int(round(at / 0.01)) * 240
        mix = np.concatenate([x[:p], sting, x[p:]])
        shift = frames * 0.01
        at = p / RATE
        events = [[a + shift if a >= at else a, b + shift if b > at else b, k, who]
                  for a, b, k, who in meta["events"]]
        events.append([at, at + seconds, "music", "-"])
        events.sort(key=lambda e: e[0])
        meta["events"] = events
        meta["bed_start"] = bed + shift
        meta["seconds"] = len(mix) / RATE
        i = p // 240
        meta["speech_db_10ms"] = list(env[:i]) + [-120.0] * frames + list(env[i:])
        meta["speech_db_10ms"] = [float(v) for v in meta["speech_db_10ms"]]
        meta["sting"] = [round(at, 3), round(seconds, 3), args.db]
        audio.write_flac(os.path.join(args.out, meta["name"] + ".flac"), mix)
        with open(os.path.join(args.out, meta["name"] + ".json"), "w") as f:
            json.dump(meta, f)
        print(f"  {meta['name']}: a sting of {seconds:.1f} s at {at:.1f} s", flush=True)


if __name__ == "__main__":
    main()

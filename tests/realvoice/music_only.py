#!/usr/bin/env python3
"""Music alone must never make a sample: runs `voxclone check` on every track of the unseen music
(sources.UNSEEN_MUSIC_PACKAGES, never tuned on) and counts the tracks refused for holding no
speech (exit 5). A track that `check` calls usable would be cloned as a voice.

    music_only.py build/tools/voxclone [--split tune]   # --split: the split's own music instead
"""
import argparse
import concurrent.futures
import json
import subprocess

import sources


def verdict(voxclone, path):
    r = subprocess.run([voxclone, "check", path, "--json"], capture_output=True, text=True)
    try:
        res = json.loads(r.stdout)["results"][0]
    except (ValueError, KeyError, IndexError):
        return r.returncode, "(no report)"
    err = res.get("error") or {}
    return r.returncode, err.get("message", "usable").split(": ", 1)[-1]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("voxclone")
    ap.add_argument("--split", choices=["train", "tune", "test"])
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    tracks = sources.music(args.split) if args.split else sources.unseen_music()
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        results = list(pool.map(lambda t: verdict(args.voxclone, t), tracks))
    refused = 0
    for track, (code, why) in zip(tracks, results):
        refused += code == 5
        print(f"{code}  {track}: {why}")
    print(f"\nmusic-only tracks refused (exit 5): {refused}/{len(tracks)}")


if __name__ == "__main__":
    main()

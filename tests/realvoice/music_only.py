#!/usr/bin/env python3
"""Music alone must never make a sample: runs `voxclone prep` on every track of the unseen music
(sources.UNSEEN_MUSIC_PACKAGES, never tuned on), or of a list of files, and counts the tracks
it made a sample of (exit 0: music that would be cloned as a voice), and the refusals that name
music or say there is no speech.

    music_only.py build/tools/voxclone [--split tune | --files LIST]
"""
import argparse
import concurrent.futures
import json
import os
import subprocess
import tempfile

import sources


def verdict(voxclone, path):
    with tempfile.TemporaryDirectory() as tmp:
        r = subprocess.run([voxclone, "prep", path, "-o", os.path.join(tmp, "s.wav"), "--json"],
                           capture_output=True, text=True)
    try:
        res = json.loads(r.stdout)["results"][0]
    except (ValueError, KeyError, IndexError):
        return r.returncode, "(no report)"
    err = res.get("error")
    if err:
        return r.returncode, err.get("message", "").split(": ", 1)[-1]
    return r.returncode, "SAMPLE MADE"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("voxclone")
    ap.add_argument("--split", choices=["train", "tune", "test"])
    ap.add_argument("--files", help="a file listing the tracks, one path per line")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    if args.files:
        tracks = [line.strip() for line in open(args.files) if line.strip()]
    else:
        tracks = sources.music(args.split) if args.split else sources.unseen_music()
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        results = list(pool.map(lambda t: verdict(args.voxclone, t), tracks))
    made = named = 0
    for track, (code, why) in zip(tracks, results):
        made += code == 0
        named += code != 0 and ("music" in why or "no speech" in why)
        print(f"{code}  {track}: {why}")
    print(f"\nmusic-only tracks made into a sample: {made}/{len(tracks)}; "
          f"refused as music or no speech: {named}/{len(tracks)}")


if __name__ == "__main__":
    main()

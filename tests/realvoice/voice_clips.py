#!/usr/bin/python3
"""Short voice notes and 2-4 person scenes of real people, for the voiceprint (issue 20).

    /usr/bin/python3 tests/realvoice/voice_clips.py OUT --split test [--per-speaker 6] [--scenes 3] [--seed 1]

Writes OUT/SPLIT/clips/*.flac (+ clips.json): for every speaker of the split, `--per-speaker`
voice notes of 5-15 s, each made of that person's utterances from its own share of their files
(two notes of one person never hold the same recording), in a "room" taken in turn from
clean, phone (300-3400 Hz, 8 kHz mu-law, ffmpeg), reverb (sox, a different room each time) and
noisy (pink room noise 25-35 dB down, a tilt of the spectrum and another level), so that a
same-person pair is two files, usually from two rooms or microphones.

And OUT/SPLIT/scenes/*.flac (+ NAME.json as make_set.py writes them, with "wanted": the person
to keep): `--scenes` conversations of each of two_same, two_mixed, three and four people, made
(make_set.make_scene) only from the OTHER half of each speaker's files, so an example note of a
person is never a recording heard in the scene.

A speaker's files are halved by a hash of the file name: notes from one half, scenes from the
other. With --more-people, only the train split's game characters (sources.MORE_PEOPLE) and notes of
all their files (they are in no scene). Speakers of one language may be one person (two klettres sets): pairs of them are
neither same nor different for the scorer (eval_voiceprint.py) and a scene never holds both.
"""
import argparse
import hashlib
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import audio  # noqa: E402
import make_set  # noqa: E402
import sources  # noqa: E402

RATE = audio.RATE
ROOMS = ["clean", "phone", "reverb", "noisy"]
SCENE_KINDS = ["two_same", "two_mixed", "three", "four"]


def half_of(path):
    """'note' or 'scene', from a hash of the file's path."""
    return "note" if int(hashlib.sha1(path.encode()).hexdigest()[:6], 16) % 2 == 0 else "scene"


def with_files(spk, half):
    s = dict(spk)
    s["files"] = [f for f in spk["files"] if half_of(f) == half] or spk["files"][:1]
    return s


def in_room(x, room, rng):
    if room == "phone":
        return audio.telephone(x)
    if room == "reverb":
        return audio.reverb(x, amount=int(rng.uniform(40, 90)), room=int(rng.uniform(50, 100)))
    if room == "noisy":
        tilt = ["bass", f"{rng.uniform(-6, 6):.1f}", "treble", f"{rng.uniform(-6, 6):.1f}"]
        y = audio.run_filter(x, tilt, tool="sox")
        return y + audio.room_tone(len(y), rng.integers(1 << 30), db=audio.active_rms_db(x) - rng.uniform(25, 35))
    return x


def make_note(spk, files, seconds, room, rng, rooms=None):
    """A voice note: utterances of `files` (repeated when few) with short gaps, in `room`; with
    `rooms`, the same words in each of them, as a list (every room's own rng draws follow)."""
    parts, total = [np.zeros(int(rng.uniform(0.3, 0.8) * RATE), np.float32)], 0
    order = list(rng.permutation(len(files)))
    k = 0
    cache = {}
    while total < seconds * RATE:
        path = files[order[k % len(order)]]
        k += 1
        if path not in cache:
            x = audio.trim(audio.decode(path))
            cache[path] = audio.scale_to(x, -20.0) if len(x) > RATE // 4 else None
        x = cache[path]
        if x is None:
            if k > 4 * len(files):
                return None
            continue
        if total > 4 * RATE and total + len(x) > seconds * RATE:
            break   # the note stays within 5-15 s
        parts.append(x)
        gap = np.zeros(int(rng.uniform(0.15, 0.6) * RATE), np.float32)
        parts.append(gap)
        total += len(x) + len(gap)
    parts.append(np.zeros(int(rng.uniform(0.3, 0.8) * RATE), np.float32))
    x = np.concatenate(parts)
    x = x + audio.room_tone(len(x), rng.integers(1 << 30), db=-65.0)
    if rooms is not None:
        return [finish_note(in_room(x, r, rng), rng) for r in rooms]
    return finish_note(in_room(x, room, rng), rng)


def finish_note(x, rng):
    """A note's level: somewhere in -30 to -16 dBFS, peaks under 0.89."""
    x = audio.scale_to(x, float(rng.uniform(-30, -16)))
    peak = float(np.max(np.abs(x)))
    return x * np.float32(0.89 / peak) if peak > 0.89 else x


def make_notes(people, folder, per_speaker, rng, all_rooms=False):
    os.makedirs(folder, exist_ok=True)
    index = []
    for spk in people:
        # A train-only person is in no scene of the notes' (voice_clips.py --more-people makes
        # none): all their files make notes.
        files = spk["files"] if spk.get("train_only") else \
            [f for f in spk["files"] if half_of(f) == "note"] or spk["files"]
        shares = np.array_split(np.array(files)[rng.permutation(len(files))], per_speaker)
        first_room = int(rng.integers(len(ROOMS)))
        for i in range(per_speaker):
            share = list(shares[i]) if len(shares[i]) else files
            room = ROOMS[(first_room + i) % len(ROOMS)]
            seconds = float(rng.uniform(5, 15))
            if all_rooms:
                # The same words in every room (train notes for the voiceprint's projection: a
                # person's notes then differ by the room alone as well as by the words and room).
                xs = make_note(spk, share, seconds, room, rng, rooms=ROOMS)
                made = [] if xs is None else [(f"-{i + 1:02d}-{r}", r, x) for r, x in zip(ROOMS, xs)]
            else:
                x = make_note(spk, share, seconds, room, rng)
                made = [] if x is None else [(f"-{i + 1:02d}", room, x)]
            for suffix, r, x in made:
                name = spk["id"].replace("/", "_") + suffix + ".flac"
                audio.write_flac(os.path.join(folder, name), x)
                index.append({"file": name, "speaker": spk["id"], "lang": spk["lang"], "sex": spk["sex"],
                              "room": r, "seconds": round(len(x) / RATE, 2), "files": share,
                              **({"words": i + 1} if all_rooms else {})})
                print(f"  {name}: {r}, {len(x) / RATE:.1f} s", flush=True)
    with open(os.path.join(folder, "clips.json"), "w") as f:
        json.dump(index, f, indent=1)


def make_scenes(people, folder, per_kind, rng, music):
    os.makedirs(folder, exist_ok=True)
    voices = make_set.Voices([with_files(p, "scene") for p in people], rng, "scene")
    for kind in SCENE_KINDS:
        for i in range(per_kind):
            made = make_set.make_scene(kind, voices, music, rng)
            if made is None:
                break
            mix, speech, meta = made
            name = f"{kind}-{i + 1:02d}"
            meta["name"] = name
            meta["wanted"] = meta["main"]
            meta["speech_db_10ms"] = [round(float(v), 1) for v in audio.frame_db(speech)]
            audio.write_flac(os.path.join(folder, name + ".flac"), mix)
            with open(os.path.join(folder, name + ".json"), "w") as f:
                json.dump(meta, f)
            print(f"  {name}: {meta['seconds']:.1f} s, {meta['speakers']} people", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--split", action="append", choices=["train", "tune", "test"])
    ap.add_argument("--per-speaker", type=int, default=6)
    ap.add_argument("--scenes", type=int, default=0, help="scenes of each kind (2-4 people)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--more-people", action="store_true",
                    help="only the train split's more people (sources.MORE_PEOPLE: game characters' lines)")
    ap.add_argument("--all-rooms", action="store_true",
                    help="each note's words in all four rooms (four notes, NAME-NN-ROOM.flac; for training)")
    args = ap.parse_args()
    inventory = sources.inventory(more_people=args.more_people)
    if args.more_people:
        inventory = [s for s in inventory if s.get("train_only")]
    for split in args.split or ["test"]:
        people = [s for s in inventory if s["split"] == split]
        salt = "more:" if args.more_people else ""
        seed = int(hashlib.sha1(f"notes:{salt}{split}:{args.seed}".encode()).hexdigest()[:8], 16)
        rng = np.random.default_rng(seed)
        print(f"{split}: {len(people)} speakers", flush=True)
        if args.per_speaker > 0:
            make_notes(people, os.path.join(args.out, split, "clips"), args.per_speaker, rng, args.all_rooms)
        if args.scenes > 0:
            make_scenes(people, os.path.join(args.out, split, "scenes"), args.scenes, rng,
                        sources.music(split))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Builds the real-voice evaluation set: labelled scenes made of real people's recordings.

    /usr/bin/python3 tests/realvoice/make_set.py OUT_DIR [--split test] [--seed 1]

Needs the Debian packages listed in tests/realvoice/README.md (sources.py finds their files) and
ffmpeg, sox, fluidsynth + fluid-soundfont-gm, python3-numpy. Nothing is downloaded.

Every speaker belongs to exactly one split (sources.py: train, tune or test, by a hash of the
speaker's name), and a scene only ever holds speakers of one split, so a figure quoted on the test
split comes from voices that no constant was tuned on. Each scene is OUT_DIR/SPLIT/NAME.flac with
NAME.json beside it: what it holds (every clip placed, at its exact offset), who should be kept,
and the level envelope of its speech (for judging where cuts fall). score.py reads both.

Scene kinds (each with real voices; music is real recordings from Debian packages, or MIDI
rendered by fluidsynth; applause is synthesised):
  single      one person, 40-70 s, natural pauses
  two_same    two people of the same sex, turns of 1-4 utterances; the first talks most
  two_mixed   a man and a woman
  three, four three or four people, mixed sexes
  phone       two_same through a telephone line (300-3400 Hz, 8 kHz mu-law)
  reverb      single in a reverberant room
  hum         single with mains hum (50 or 60 Hz) under it
  noise       single over steady background noise (fan, air conditioning, hiss) 12-25 dB down
  bed12..20   single whose second half has a music bed 12/15/18/20 dB under the speech
  bedall      single entirely over a bed 12-18 dB down (no clean speech exists)
  intro       music intro and outro around one person
  applause    a host and a guest, applause or laughter between turns (real recordings)
  crowd       single over the murmur of 4-7 other people of the split talking at once, reverberant,
              10-20 dB under the speech (a party, a café, a conference hall): background voices,
              not music, not more voices to count (not in the default kinds: new in session 17, so
              the default sets rebuild as before; ask for it with --kinds)
"""
import argparse
import hashlib
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import audio  # noqa: E402
import sources  # noqa: E402

RATE = audio.RATE
SPEECH_DB = -20.0   # active-speech RMS of every utterance, before a per-speaker offset

KINDS = ["single", "two_same", "two_mixed", "three", "four", "phone", "reverb", "hum",
         "bed12", "bed15", "bed18", "bed20", "bedall", "intro", "applause", "noise"]
MORE_KINDS = ["crowd"]
# --room-under LO HI: the room tone LO-HI dB under SPEECH_DB instead of at -62 dBFS (42 dB under),
# to probe clean speech whose pauses sit 28-36 dB under the words (session 26, fp26)
ROOM_UNDER = None
ROOM_RNG = None


# The span the DC offset is measured over (a moving mean, within the clip). Not the clip's mean:
# a clip whose words' waveform leans to one side has a mean its silence lacks, and subtracting it
# laid a pedestal 15 dB over a clean klettres/nl tail (rv9 tune bed15-03, 8.56 s: -60 -> -45 dB);
# nor the median (a drift after a word stays). Edges "in speech" by the labels, one binary
# (tests/realvoice/README.md, session 26, edg26b), tune t601 / t602 / rv9 tune and train: 0.05 s
# 2 / 3 / 1 and 4, 0.2 s 3 / 3 / 1 and 5 (a longer window leaks less of a word cut off at a
# clip's end into its fade, t602 noise-02, but leaves more drift), median - / 6 / - and 6.
OFFSET_SECONDS = 0.05


def without_offset(x):
    """x less its moving mean over OFFSET_SECONDS (DC and a drift under ~10 Hz: no voice)."""
    x = np.asarray(x, dtype=np.float64)
    half = int(OFFSET_SECONDS * RATE) // 2
    c = np.concatenate(([0.0], np.cumsum(x)))
    i = np.arange(len(x))
    lo, hi = np.maximum(0, i - half), np.minimum(len(x), i + half + 1)
    return (x - (c[hi] - c[lo]) / (hi - lo)).astype(np.float32)


class Scene:
    """Layers of clips at exact sample offsets, and the event list that labels them."""

    def __init__(self, rng):
        self.rng = rng
        self.layers = {}      # name -> list of (offset, array)
        self.events = []      # (start_s, end_s, kind, speaker)
        self.cursor = 0

    def place(self, layer, x, at, kind, speaker="-"):
        self.layers.setdefault(layer, []).append((at, x))
        if kind:
            self.events.append((at / RATE, (at + len(x)) / RATE, kind, speaker))
        return at + len(x)

    def speech_alone(self, n=None):
        """The voices alone, for the labels (speech_db_10ms): without the clips' DC offsets."""
        return self.render([k for k in self.layers if k.startswith("v:")], n, without_dc=True)

    def length(self):
        return max((at + len(x) for clips in self.layers.values() for at, x in clips), default=0)

    def render(self, layer_names=None, n=None, without_dc=False):
        """`without_dc`: each clip less its DC offset and slow drift (without_offset). Some
        packages' clips stand on a DC offset (klettres/hu's 2 s letters on 0.02, -34 dBFS, 10-13
        dB under the letter's own level; also klettres/nds, /ml, some tuxpaint voices) or drift
        under 10 Hz after a word: nothing a listener hears or a speech band holds, which the
        clean speech's 10 ms levels otherwise counted as speech (session 26, edg26b: 44 of the
        train guard's 48 edges "in speech" lay on it, the same binary cutting the same
        mixtures). The mixture keeps the clips as they are."""
        n = n or self.length()
        out = np.zeros(n, dtype=np.float32)
        for name, clips in self.layers.items():
            if layer_names is not None and name not in layer_names:
                continue
            for at, x in clips:
                m = min(len(x), n - at)
                if m > 0:
                    out[at:at + m] += without_offset(x)[:m] if without_dc else x[:m]
        return out


class Voices:
    """One split's speakers, their utterances decoded once and levelled."""

    def __init__(self, speakers, rng, split):
        self.split = split
        self.speakers = speakers
        self.rng = rng
        self.cache = {}

    def utterance(self, spk):
        files = spk["files"]
        path = files[int(self.rng.integers(len(files)))]
        if path not in self.cache:
            x = audio.trim(audio.decode(path))
            self.cache[path] = audio.scale_to(x, SPEECH_DB) if len(x) > RATE // 4 else None
        x = self.cache[path]
        return x if x is not None else self.utterance(spk)

    def pick(self, count, sex=None, exclude=()):
        """`count` speakers of different languages (two folders of one language may be one
        person), none of whose language is in `exclude`."""
        pool = [s for s in self.speakers if (sex is None or s["sex"] == sex) and s["lang"] not in exclude]
        order = self.rng.permutation(len(pool))
        out, langs = [], set()
        for i in order:
            if pool[i]["lang"] not in langs:
                out.append(pool[i])
                langs.add(pool[i]["lang"])
            if len(out) == count:
                return out
        return None


def talk(scene, voices, people, seconds, share, layer_of=None, gap=(0.1, 0.7), turn_gap=(0.25, 0.9),
         between_turns=None):
    """A conversation of `seconds`: turns of 1-4 utterances; people[0] gets about `share` of the
    talk. `between_turns(scene)` may place something (applause) between turns."""
    offsets = {p["id"]: float(voices.rng.uniform(-3, 3)) for p in people}
    end = scene.cursor + int(seconds * RATE)
    talked = {p["id"]: 0 for p in people}
    last = None
    while scene.cursor < end:
        if len(people) == 1:
            who = people[0]
        else:
            # The one furthest behind their share talks next (never twice in a row): people[0]
            # gets `share`, the others split the rest.
            total = sum(talked.values()) + 1
            want = {p["id"]: share if p is people[0] else (1 - share) / (len(people) - 1) for p in people}
            cands = [p for p in people if p is not last]
            who = min(cands, key=lambda p: talked[p["id"]] / total - want[p["id"]] + voices.rng.uniform(0, 0.05))
        if last is not None and who is not last:
            scene.cursor += int(voices.rng.uniform(*turn_gap) * RATE)
            if between_turns:
                between_turns(scene)
        for _ in range(int(voices.rng.integers(2, 7))):
            x = voices.utterance(who) * np.float32(10 ** (offsets[who["id"]] / 20))
            scene.cursor = scene.place((layer_of or (lambda p: "v:" + p["id"]))(who), x, scene.cursor,
                                       "speech", who["id"])
            talked[who["id"]] += len(x)
            scene.cursor += int(voices.rng.uniform(*gap) * RATE)
        last = who
    return talked


def music_clip(music, rng, seconds, db, fade_in=1.0, fade_out=1.5):
    """An excerpt of a random music recording, at `db` dBFS RMS, with fades."""
    path = music[int(rng.integers(len(music)))]
    x = audio.decode(path)
    n = int(seconds * RATE)
    if len(x) < n + RATE:
        x = np.tile(x, n // max(1, len(x)) + 2)
    a = int(rng.integers(0, len(x) - n))
    y = x[a:a + n].copy()
    # Level from the music itself (its quiet passages count), then the fades.
    y *= np.float32(10 ** ((db - audio.rms_db(y)) / 20))
    t = np.arange(n) / RATE
    env = np.minimum(1.0, np.minimum(t / max(fade_in, 1e-3), (seconds - t) / max(fade_out, 1e-3)))
    return (y * env.astype(np.float32)).astype(np.float32)


def crowd(voices, people, n, rng, db):
    """The murmur of `people` all talking at once for `n` samples, each with their own short
    gaps, mixed, through a reverberant room and levelled to `db` dBFS RMS."""
    out = np.zeros(n, dtype=np.float32)
    for p in people:
        at = int(rng.uniform(0, 1.5) * RATE)
        gain = np.float32(10 ** (rng.uniform(-4, 4) / 20))
        while at < n:
            x = voices.utterance(p) * gain
            m = min(len(x), n - at)
            out[at:at + m] += x[:m]
            at += len(x) + int(rng.uniform(0.1, 0.8) * RATE)
    out = audio.reverb(out, amount=int(rng.uniform(40, 70)), room=int(rng.uniform(60, 100)))[:n]
    out = np.pad(out, (0, n - len(out)))
    return audio.scale_to(out, db)


def make_scene(kind, voices, music, rng):
    """Returns (scene, meta) or None when this split lacks the people for it."""
    s = Scene(rng)
    meta = {"kind": kind}
    s.cursor = int(rng.uniform(0.5, 1.5) * RATE)
    sexes = ["F", "M"]
    if kind in ("single", "reverb", "hum", "noise", "bed12", "bed15", "bed18", "bed20", "bedall", "intro", "applause",
                "crowd"):
        people = voices.pick(1, sex=sexes[int(rng.integers(2))]) or voices.pick(1)
    elif kind in ("two_same", "phone"):
        sex = sexes[int(rng.integers(2))]
        people = voices.pick(2, sex=sex) or voices.pick(2, sex=sexes[1 - sexes.index(sex)])
    elif kind == "two_mixed":
        a, b = voices.pick(1, sex="F"), voices.pick(1, sex="M")
        people = a + b if a and b and a[0]["lang"] != b[0]["lang"] else None
        if people and rng.integers(2):
            people = people[::-1]
    elif kind in ("three", "four"):
        people = voices.pick(3 if kind == "three" else 4)
    if not people:
        return None
    main = people[0]
    if kind == "intro":
        clip = music_clip(music, rng, rng.uniform(8, 14), SPEECH_DB - 2, 0.5, 2.0)
        s.cursor = s.place("music", clip, s.cursor, "music") + int(rng.uniform(0.4, 1.0) * RATE)
    seconds = rng.uniform(40, 70) if len(people) == 1 else rng.uniform(70, 110)
    between = None
    if kind == "applause":
        real = sources.effects("applause", voices.split) + sources.effects("laughter", voices.split)

        def between(scene):
            # Real applause or laughter when the packages are there, else synthesised applause.
            if real and rng.integers(3):
                path = real[int(rng.integers(len(real)))]
                clip = audio.scale_to(audio.trim(audio.decode(path)), SPEECH_DB - rng.uniform(0, 6))
                kind = "applause"
            else:
                clip = audio.applause(rng.uniform(1.5, 3.5), rng, db=SPEECH_DB - rng.uniform(0, 6))
                kind = "applause"
            scene.cursor = scene.place("other", clip, scene.cursor, kind)
            scene.cursor += int(rng.uniform(0.2, 0.6) * RATE)
        # a host and a guest, applause at every change
        guest = voices.pick(1, exclude={main["lang"]})
        people = [main] + guest
    share = 0.62 if len(people) > 1 else 1.0
    talk_start = s.cursor
    talk(s, voices, people, seconds, share, between_turns=between)
    talk_end = s.cursor
    if kind == "intro":
        clip = music_clip(music, rng, rng.uniform(6, 12), SPEECH_DB - 2, 1.0, 2.5)
        s.cursor = s.place("music", clip, s.cursor, "music")
    if kind.startswith("bed"):
        bed_db = float(kind[3:]) if kind != "bedall" else float(rng.choice([12, 15, 18]))
        a = talk_start if kind == "bedall" else talk_start + (talk_end - talk_start) // 2
        a = max(0, a - int(0.8 * RATE))
        clip = music_clip(music, rng, (talk_end + RATE - a) / RATE, SPEECH_DB - bed_db)
        s.place("music", clip, a, "music")
        meta["bed_db"] = bed_db
        meta["bed_start"] = a / RATE
    n = s.cursor + int(rng.uniform(0.8, 1.5) * RATE)
    if kind == "crowd":
        others = voices.pick(int(rng.integers(4, 8)), exclude={main["lang"]}) or voices.pick(3, exclude={main["lang"]})
        if not others:
            return None
        crowd_db = float(rng.uniform(10, 20))
        s.place("crowd", crowd(voices, others, n, rng, SPEECH_DB - crowd_db), 0, "crowd")
        meta["crowd_db"] = crowd_db
        meta["crowd"] = [p["id"] for p in others]
    speech = s.speech_alone(n)
    room_db = -62.0
    if ROOM_UNDER is not None:
        # --room-under: a louder room, drawn from its own generator so the scenes stay the same
        room_db = SPEECH_DB - float(ROOM_RNG.uniform(*ROOM_UNDER))
        meta["room_db"] = room_db
    mix = s.render(None, n) + audio.room_tone(n, rng.integers(1 << 30), db=room_db)
    if kind == "reverb":
        mix = audio.reverb(mix, amount=int(rng.uniform(50, 80)), room=int(rng.uniform(70, 100)))
        meta["reverb"] = True
    if kind == "hum":
        mains = float(rng.choice([50.0, 60.0]))
        mix += audio.hum(n, rng, db=SPEECH_DB - rng.uniform(22, 30), mains=mains)
        meta["hum_hz"] = mains
    if kind == "noise":
        noise_db = float(rng.uniform(12, 25))
        mix += audio.steady_noise(n, rng, db=SPEECH_DB - noise_db)
        meta["noise_db"] = noise_db
    if kind == "phone":
        mix = audio.telephone(mix)
        meta["phone"] = True
    peak = float(np.max(np.abs(mix)))
    if peak > 0.89:
        mix *= np.float32(0.89 / peak)
        speech *= np.float32(0.89 / peak)
    talked = {}
    for (a, b, k, who) in s.events:
        if k == "speech":
            talked[who] = talked.get(who, 0.0) + (b - a)
    meta.update({
        "people": [{"id": p["id"], "sex": p["sex"], "source": p["source"],
                    "talk_seconds": round(talked.get(p["id"], 0.0), 3)} for p in people],
        "speakers": len(people),
        "main": max(talked, key=talked.get),
        "events": [[round(a, 4), round(b, 4), k, w] for a, b, k, w in sorted(s.events)],
        "seconds": n / RATE,
    })
    return mix, speech, meta


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--split", action="append", choices=["train", "tune", "test"])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--per-kind", type=int, default=4, help="scenes of each kind per split")
    ap.add_argument("--kinds", nargs="*", default=KINDS, choices=KINDS + MORE_KINDS)
    ap.add_argument("--unseen-music", action="store_true",
                    help="music from sources.UNSEEN_MUSIC_PACKAGES (never tuned on) instead of the split's")
    ap.add_argument("--music-files", help="music from this list of files (one path per line) instead")
    ap.add_argument("--more-people", action="store_true",
                    help="the train split also draws on sources.MORE_PEOPLE (train-only voices)")
    ap.add_argument("--room-under", nargs=2, type=float, metavar=("LO", "HI"),
                    help="the room tone LO-HI dB under the speech level (default: at -62 dBFS)")
    args = ap.parse_args()
    if args.room_under:
        global ROOM_UNDER, ROOM_RNG
        ROOM_UNDER = tuple(args.room_under)
        ROOM_RNG = np.random.default_rng(args.seed + 7919)
    inventory = sources.inventory(more_people=args.more_people)
    for split in args.split or ["tune", "test"]:
        if args.music_files:
            music = [line.strip() for line in open(args.music_files) if line.strip()]
        else:
            music = sources.unseen_music() if args.unseen_music else sources.music(split)
        if not music:
            sys.exit("no music found: install the packages in tests/realvoice/README.md")
        people = [s for s in inventory if s["split"] == split]
        counts = {x: sum(1 for s in people if s["sex"] == x) for x in "FM"}
        print(f"{split}: {len(people)} speakers ({counts['F']} women, {counts['M']} men)", flush=True)
        seed = int(hashlib.sha1(f"{split}:{args.seed}".encode()).hexdigest()[:8], 16)
        rng = np.random.default_rng(seed)
        voices = Voices(people, rng, split)
        folder = os.path.join(args.out, split)
        os.makedirs(folder, exist_ok=True)
        for kind in args.kinds:
            for i in range(args.per_kind):
                made = make_scene(kind, voices, music, rng)
                if made is None:
                    print(f"  {kind}: not enough speakers in {split}", flush=True)
                    break
                mix, speech, meta = made
                name = f"{kind}-{i + 1:02d}"
                meta.update({"name": name, "split": split})
                # The speech alone, as 10 ms levels: where the words are, for judging cuts.
                meta["speech_db_10ms"] = [round(float(v), 1) for v in audio.frame_db(speech)]
                audio.write_flac(os.path.join(folder, name + ".flac"), mix)
                with open(os.path.join(folder, name + ".json"), "w") as f:
                    json.dump(meta, f)
                print(f"  {name}: {meta['seconds']:.1f} s, {meta['speakers']} speaker(s)", flush=True)


if __name__ == "__main__":
    main()

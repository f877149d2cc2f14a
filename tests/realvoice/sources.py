"""Where the real voices and the real music come from: files of installed Debian packages.

Speakers (each a person recorded by a package's authors; grouped by folder or language):
  klettres-data            letters and syllables, one folder per language and set
                           (/usr/share/klettres/LANG/alpha|syllab): a native speaker each
  gcin-voice               Mandarin syllables, two credited readers (3.ogg, 5.ogg)
  kajongg                  Mahjong calls in English and German (voices female2, male2)
  tuxpaint-stamps-default  spoken descriptions of the stamps, one speaker per language
                           (/usr/share/tuxpaint/stamps/**/NAME_desc_LANG.ogg)
  pocketsphinx-testdata    read sentences of one LibriVox reader
Music (real recordings, split by track like the speakers):
  asc-music, singularity-music, fretsonfire-songs-muldjord (rock songs, sung)
Applause and laughter (real recordings, split by file):
  gemdropx, foobillardplus-data, circuslinux-data, lmms-common (applause);
  scratch, btanks-data (laughter)
(qabcs-data is not used: its uniform pitch suggests synthetic voices.)

The split: a speaker's split comes from a hash of their LANGUAGE (not of the folder), so
everyone who might be the same person (a language's recordings in two packages) lands in the
same split, and a scene never holds two speakers of one language. (The hash's salt, "-3", was
chosen among eight before anything was scored, as the one giving every split both sexes.) 50 % of the languages train,
25 % tune, 25 % test. Sex comes from the median pitch of a speaker's files (under 165 Hz: M),
cached in ~/.cache/voxclone-realvoice/pitch.json.
"""
import glob
import hashlib
import json
import os
import re

import numpy as np

import audio

CACHE = os.path.join(os.path.expanduser("~"), ".cache", "voxclone-realvoice")
MIN_FILES = 12       # a speaker needs this many recordings to make a scene from
PITCH_SPLIT_HZ = 165.0


def split_of(key):
    """train, tune or test, from a hash of the key (a language, or a group of one person's files)."""
    h = int(hashlib.sha1(("voxclone-realvoice-3:" + key).encode()).hexdigest()[:8], 16) % 4
    return ["train", "train", "tune", "test"][h]


def _language(code):
    return re.split(r"[_-]", code.lower())[0]


def _candidates():
    """(speaker id, language, files) for every speaker found on this machine."""
    out = []
    for d in sorted(glob.glob("/usr/share/klettres/*/")):
        lang = os.path.basename(d.rstrip("/"))
        for part in ("alpha", "syllab"):
            files = sorted(glob.glob(os.path.join(d, part, "*.ogg")))
            if files:
                out.append((f"klettres/{lang}/{part}", _language(lang), files))
    # gcin-voice: Mandarin syllables, two credited readers (3.ogg a man, 5.ogg a woman)
    for who in ("3", "5"):
        files = sorted(glob.glob(f"/usr/share/gcin-voice/ogg/*/{who}.ogg"))
        if files:
            out.append((f"gcin/{who}", "zh", files))
    # kajongg: Mahjong calls; only the two voices whose folders surely hold one person each
    for who in ("female2", "male2"):
        files = sorted(glob.glob(f"/usr/share/kajongg/voices/{who}/*.ogg") +
                       glob.glob(f"/usr/share/kajongg/voices/de/{who}/*.ogg"))
        if files:
            out.append((f"kajongg/{who}", "kajongg", files))
    by_lang = {}
    for f in glob.glob("/usr/share/tuxpaint/stamps/**/*_desc_*.ogg", recursive=True):
        lang = f.rsplit("_desc_", 1)[1][:-4]
        by_lang.setdefault(lang, []).append(f)
    for lang, files in sorted(by_lang.items()):
        out.append((f"tuxpaint/{lang}", _language(lang), sorted(files)))
    libri = sorted(glob.glob("/usr/share/pocketsphinx/test/data/librivox/*.wav"))
    if libri:
        out.append(("pocketsphinx/librivox", "en-librivox", libri))
    return [c for c in out if len(c[2]) >= MIN_FILES or c[0].startswith("pocketsphinx")]


def _pitch(files, cache):
    key = hashlib.sha1("\n".join(files).encode()).hexdigest()
    if key not in cache:
        pick = files[:: max(1, len(files) // 12)][:12]
        f0 = [audio.median_pitch(audio.trim(audio.decode(f))) for f in pick]
        f0 = [v for v in f0 if v > 0]
        cache[key] = float(np.median(f0)) if f0 else 0.0
    return cache[key]


def inventory():
    """Every speaker: {id, lang, source, split, sex, pitch_hz, files}."""
    os.makedirs(CACHE, exist_ok=True)
    path = os.path.join(CACHE, "pitch.json")
    cache = json.load(open(path)) if os.path.exists(path) else {}
    speakers = []
    for sid, lang, files in _candidates():
        f0 = _pitch(files, cache)
        if f0 <= 0:
            continue
        speakers.append({"id": sid, "lang": lang, "source": sid.split("/")[0], "split": split_of(lang),
                         "sex": "M" if f0 < PITCH_SPLIT_HZ else "F", "pitch_hz": round(f0, 1),
                         "files": files})
    with open(path, "w") as f:
        json.dump(cache, f)
    return speakers


def music(split=None):
    """Real music recordings; with `split`, only the tracks of that split (by a hash of the file)."""
    files = sorted(glob.glob("/usr/share/games/asc/music/*.mp3") +
                   glob.glob("/usr/share/games/singularity/music/**/*.ogg", recursive=True) +
                   glob.glob("/usr/share/games/fretsonfire/data/songs/muldjord/*/song.ogg"))
    if split is None:
        return files
    return [f for f in files if split_of("music:" + os.path.basename(os.path.dirname(f)) + "/" +
                                         os.path.basename(f)) == split]


# Music of five more packages, kept out of every split: no constant or weight has seen it. It is
# a second test of the music rules (make_set.py --unseen-music): other genres (orchestral,
# chiptune, electronic) than the three packages above.
UNSEEN_MUSIC_PACKAGES = "wesnoth-1.16-music xmoto-data torus-trooper-data mu-cade-data noiz2sa-data"


def unseen_music(min_seconds=25.0):
    """Tracks of UNSEEN_MUSIC_PACKAGES at least `min_seconds` long (music, not jingles)."""
    files = sorted(glob.glob("/usr/share/games/wesnoth/*/data/core/music/*.ogg") +
                   glob.glob("/usr/share/games/xmoto/Textures/Musics/*.ogg") +
                   glob.glob("/usr/share/games/torus-trooper/sounds/musics/*.ogg") +
                   glob.glob("/usr/share/games/mu-cade/sounds/musics/*.ogg") +
                   glob.glob("/usr/share/games/noiz2sa/sounds/*.ogg"))
    return [f for f in files if audio.duration(f) >= min_seconds]


def effects(kind, split):
    """Real applause or laughter recordings of `split` (by a hash of the file)."""
    files = {"applause": ["/usr/share/games/gemdropx/sounds/applause.wav",
                          "/usr/share/games/foobillardplus/data/applause.wav",
                          "/usr/share/games/circuslinux/data/sounds/applause.wav",
                          "/usr/share/lmms/samples/misc/applause01.ogg"],
             "laughter": sorted(glob.glob("/usr/share/scratch/Media/Sounds/Human/Laugh-*")) +
                         sorted(glob.glob("/usr/share/games/btanks/data/sounds/laugh0*.ogg"))}[kind]
    files = [f for f in files if os.path.exists(f)]
    mine = [f for f in files if split_of(kind + ":" + os.path.basename(f)) == split]
    return mine or files


if __name__ == "__main__":
    for s in inventory():
        print(f"{s['split']:5} {s['sex']} {s['pitch_hz']:6.1f} Hz {len(s['files']):4} files  {s['id']}")
    for sp in ("train", "tune", "test"):
        print(sp, "music:", len(music(sp)))
    print("unseen music:", len(unseen_music()))

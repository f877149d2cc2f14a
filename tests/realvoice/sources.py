"""Where the real voices and the real music come from: files of installed Debian packages.

Speakers (each a person recorded by a package's authors; grouped by folder or language):
  klettres-data            letters and syllables, one folder per language and set
                           (/usr/share/klettres/LANG/alpha|syllab): a native speaker each
  gcin-voice               Mandarin syllables, two credited readers (3.ogg, 5.ogg)
  kajongg                  Mahjong calls in English and German (voices female2, male2)
  tuxpaint-stamps-default  spoken descriptions of the stamps, one speaker per language
                           (/usr/share/tuxpaint/stamps/**/NAME_desc_LANG.ogg)
  pocketsphinx-testdata    read sentences of one LibriVox reader
More people, TRAIN split only (sessions 15 and 18; sources.inventory(more_people=True)): the spoken
lines of game characters, one actor each as far as the packages tell (files in a character's
folder, or of one name family), for the voiceprint and the speaker space to learn from:
  megaglest-data           unit voice lines ("_ack", "_select", work lines; no cries, deaths,
                           animals or monsters): 19 voices (MORE_PEOPLE)
  nexuiz-data              eight player models' team calls, the male announcer, the tutorial's
                           narrator (inside data.pk3: extracted once into the cache)
  warzone2100-data         the console voice, the commander, the pilots, two taunting voices
                           (inside base.wz: extracted once into the cache)
  0ad-data                 (session 18) the citizens' lines of four civilisations, seven
                           credited actors (gui/credits/texts/audio.json: the Greek woman, and
                           a woman and a man each for Latin, Napatan and Persian; the Greek
                           man's four lines are too few); lines more than 25 % above their
                           actor's median pitch left out (shouted orders, raised questions)
                           (inside public.zip, 3.2 GB: the voices extracted once into the cache)
They are never in a tune or test scene or note: their split is "train" whatever their language
(English, as the train split's klettres/en; tune's LibriVox reader and test's kajongg voices
are other people), and the lists of the other splits are unchanged.
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
import sys
import zipfile

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


# More people (train split only): (speaker id, package, where, file-name pattern). `where` is a
# folder (or several, joined by "|": one person's lines spread over folders) under the package's
# root, or inside its archive; a file belongs when its name matches the pattern. Chosen by
# folder and name only (no recording was scored to pick them): unit lines ("_ack", "_select",
# work) of human characters; creatures, monsters, robots and AI voices left out (processed),
# and the units whose lines are copies or re-recordings of one set (a "_berserk" unit, the
# "stickfighter_*" files of four units) are one person.
_MG = "/usr/share/games/megaglest/techs/megapack/"
_MG_LINES = r"_(ack|select|build|harvest|work_start|work_end)\d*\.(wav|ogg)$"
_NX = ("nexuiz-data", "/usr/share/games/nexuiz/data/data.pk3")
_WZ = ("warzone2100-data", "/usr/share/games/warzone2100/base.wz")
_0AD = ("0ad-data", "/usr/share/games/0ad/mods/public/public.zip")
MORE_PEOPLE = [
    ("megaglest/" + name, None, "|".join(_MG + d for d in where.split("|")), pattern)
    for name, where, pattern in [
        ("indian-archer", "factions/indian/units/archer/sounds", _MG_LINES),
        ("indian-fire_archer", "factions/indian/units/fire_archer/sounds", _MG_LINES),
        ("stickfighter", "factions/indian/units/stickfighter/sounds|factions/indian/units/spearman/sounds|"
                         "factions/persian/units/stickfighter/sounds|factions/persian/units/fakir/sounds", _MG_LINES),
        ("magic-battlemage", "factions/magic/units/battlemage/sounds", _MG_LINES),
        ("magic-initiate", "factions/magic/units/initiate/sounds", _MG_LINES),
        ("magic-summoner", "factions/magic/units/summoner/sounds", _MG_LINES),
        ("norse-battleaxe", "factions/norsemen/units/battleaxe/sounds|factions/norsemen/units/battleaxe_berserk/sounds",
         _MG_LINES.replace("_(", "daemon_(")),
        ("norse-cudgel_lady", "factions/norsemen/units/cudgel_lady/sounds", _MG_LINES),
        ("norse-valkyrie", "factions/norsemen/units/valkyrie/sounds|factions/norsemen/units/flying_valkyrie/sounds",
         _MG_LINES),
        ("norse-spearman", "factions/norsemen/units/spearman/sounds|factions/norsemen/units/spearman_berserk/sounds",
         _MG_LINES),
        ("norse-swordman", "factions/norsemen/units/swordman/sounds|factions/norsemen/units/swordman_berserk/sounds",
         _MG_LINES),
        ("persian-princess", "factions/persian/units/princess/sounds", _MG_LINES),
        ("persian-swordman", "factions/persian/units/swordman/sounds", _MG_LINES),
        ("archer", "commondata/sounds", "^archer" + _MG_LINES),
        ("guard", "commondata/sounds", "^guard" + _MG_LINES),
        ("horseman", "commondata/sounds", "^horseman" + _MG_LINES),
        ("swordman", "commondata/sounds", "^swordman" + _MG_LINES),
        ("technician", "commondata/sounds", "^technician" + _MG_LINES),
        ("worker", "commondata/sounds", "^worker" + _MG_LINES),
    ]] + [
    ("nexuiz/" + m, _NX, f"sound/player/{m}/coms", r"\.ogg$")
    for m in ("carni-lycan", "fricka", "insurrectionist", "marine", "pyria-skadi", "reptilian", "soldier", "specop")
] + [
    ("nexuiz/announcer-male", _NX, "sound/announcer/male", r"\.ogg$"),
    ("nexuiz/tutorial", _NX, "sound/tutorial", r"\.ogg$"),
    ("warzone/console", _WZ, "|".join("audio/" + d for d in (
        "tutorial", "extra", "proxmessages", "memressp/console", "memressp/missmesg", "memressp/detect",
        "memressp/research", "memressp/status", "memressp/power", "memressp/trnsport", "memressp/struct",
        "memressp/productn", "memressp/artbat", "memressp/combat", "memressp/desnseq", "memressp/vtols")), r"\.ogg$"),
    ("warzone/commander", _WZ, "audio/memressp/cmndrvoc|audio/countdown", r"\.ogg$"),
    ("warzone/pilots", _WZ, "audio/vtoltalk|audio/trnsppil", r"\.ogg$"),
    ("warzone/taunt1", _WZ, "audio/taunts/taunt1", r"\.ogg$"),
    ("warzone/taunt2", _WZ, "audio/taunts/taunt2", r"\.ogg$"),
] + [
    # 0 A.D.: one credited actor per civilisation and sex. Left out by name: the lines whose
    # median pitch is more than 25 % above the actor's median over all their lines (measured once,
    # session 18: "retreat", "go out against", "attack" shouted; a raised "what is it?").
    (f"0ad/{civ}-{sex}", _0AD, f"audio/voice/{civ}/civ",
     rf"^civ_{sex}_(?!({'|'.join(raised)})\.ogg$).*\.ogg$" if raised else rf"^civ_{sex}_.*\.ogg$")
    for civ, sex, raised in [
        ("greek", "female", ["retreat_1", "retreat_2"]),
        ("latin", "female", ["go_out_against_1", "what_is_it_1"]),
        ("latin", "male", ["attack_1", "heal_1"]),
        ("napatan", "female", []),
        ("napatan", "male", ["march_01", "my_lord_01"]),
        ("persian", "female", ["what_is_it_1"]),
        ("persian", "male", ["what_is_it_1"]),
    ]
]


def _from_archive(archive, folder, pattern):
    """The files of `folder` in a zip archive (a game's .pk3 / .wz) whose names match `pattern`,
    extracted once under the cache (they are read many times)."""
    out = os.path.join(CACHE, "extracted", hashlib.sha1(archive.encode()).hexdigest()[:12])
    files = []
    with zipfile.ZipFile(archive) as z:
        for name in sorted(z.namelist()):
            if os.path.dirname(name) == folder and re.search(pattern, os.path.basename(name)):
                path = os.path.join(out, name)
                if not os.path.exists(path):
                    z.extract(name, out)
                files.append(path)
    return files


def _more_people():
    """(speaker id, language, files) of MORE_PEOPLE found on this machine; files that are byte
    copies of a file already taken are dropped (one line in two units' folders)."""
    out, seen = [], set()
    for sid, archive, where, pattern in MORE_PEOPLE:
        files = []
        for folder in where.split("|"):
            if archive is None:
                found = sorted(f for f in glob.glob(os.path.join(folder, "*")) if re.search(pattern, os.path.basename(f)))
            elif os.path.exists(archive[1]):
                found = _from_archive(archive[1], folder, pattern)
            else:
                found = []
            for f in found:
                digest = hashlib.sha1(open(f, "rb").read()).hexdigest()
                if digest not in seen:
                    seen.add(digest)
                    files.append(f)
        if len(files) >= MIN_FILES:
            out.append((sid, "more:" + sid, files))
    return out


def _pitch(files, cache):
    key = hashlib.sha1("\n".join(files).encode()).hexdigest()
    if key not in cache:
        pick = files[:: max(1, len(files) // 12)][:12]
        f0 = [audio.median_pitch(audio.trim(audio.decode(f))) for f in pick]
        f0 = [v for v in f0 if v > 0]
        cache[key] = float(np.median(f0)) if f0 else 0.0
    return cache[key]


def inventory(more_people=False):
    """Every speaker: {id, lang, source, split, sex, pitch_hz, files}; with `more_people`, also
    MORE_PEOPLE (split "train" always, "train_only": True), after the others."""
    os.makedirs(CACHE, exist_ok=True)
    path = os.path.join(CACHE, "pitch.json")
    cache = json.load(open(path)) if os.path.exists(path) else {}
    speakers = []
    more = _more_people() if more_people else []
    for sid, lang, files in _candidates() + more:
        f0 = _pitch(files, cache)
        if f0 <= 0:
            continue
        only = lang.startswith("more:")
        speakers.append({"id": sid, "lang": lang, "source": sid.split("/")[0],
                         "split": "train" if only else split_of(lang),
                         "sex": "M" if f0 < PITCH_SPLIT_HZ else "F", "pitch_hz": round(f0, 1),
                         "files": files} | ({"train_only": True} if only else {}))
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
    for s in inventory(more_people="--more-people" in sys.argv[1:]):
        print(f"{s['split']:5} {s['sex']} {s['pitch_hz']:6.1f} Hz {len(s['files']):4} files  {s['id']}")
    for sp in ("train", "tune", "test"):
        print(sp, "music:", len(music(sp)))
    print("unseen music:", len(unseen_music()))

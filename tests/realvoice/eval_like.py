#!/usr/bin/python3
"""--like and --combine on real people: how often the right person is kept, and how often another
person's recording is refused while one person's recordings from other rooms are accepted.

    /usr/bin/python3 tests/realvoice/eval_like.py build/tools/voxclone /tmp/vc/test [--like] [--combine] [-v]

FOLDER is a split made by voice_clips.py: FOLDER/scenes (2-4 person conversations) and
FOLDER/clips (voice notes from the other half of each person's files, in four rooms).

--like: every scene is prepared with `--like NOTE`, NOTE a voice note of the person to keep:
the one who talks most, and again the one who talks second most (a voice a user could not get
by default; with --min-seconds 5, as they talk less). Right = the kept speech is mostly theirs
(and >= 95 % theirs is counted too). And once more with a note of someone who is NOT in the
scene (a speaker of another language, same sex as the one who talks most when there is one):
right = refused (exit 5, no voice sounds like the note). Also the time: prep with and without
--like, same scenes.

--combine: for every speaker, pairs of their notes from two different rooms are combined
(accepted = exit 0), and the same pairs with a third note of someone else (refused = exit 5
naming that note, "sounds like a different person"). Everything else (too little speech
together) is counted apart. --min-seconds 5: the notes are 5-15 s each.
"""
import argparse
import glob
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from score import judge  # noqa: E402


def prep(voxclone, args):
    with tempfile.TemporaryDirectory() as tmp:
        t = time.monotonic()
        p = subprocess.run([voxclone, "prep"] + args + ["-o", os.path.join(tmp, "s.wav"), "--json", "-q"],
                           capture_output=True, text=True)
        return p, time.monotonic() - t


def report_of(p):
    try:
        doc = json.loads(p.stdout)
        return doc["results"][0].get("report"), doc["results"][0].get("exit_code", p.returncode)
    except (ValueError, KeyError, IndexError):
        return None, p.returncode


def notes_by_speaker(folder):
    index = json.load(open(os.path.join(folder, "clips", "clips.json")))
    by = {}
    for c in index:
        c["path"] = os.path.join(folder, "clips", c["file"])
        by.setdefault(c["speaker"], []).append(c)
    return by


def eval_like(voxclone, folder, verbose):
    notes = notes_by_speaker(folder)
    rows = []
    t_plain = t_like = 0.0
    for flac in sorted(glob.glob(os.path.join(folder, "scenes", "*.flac"))):
        meta = json.load(open(flac[:-5] + ".json"))
        talkers = sorted(meta["people"], key=lambda p: -p["talk_seconds"])
        plain, tp = prep(voxclone, [flac])
        t_plain += tp
        for rank, person in enumerate(talkers[:2]):
            mine = notes.get(person["id"], [])
            if not mine:
                continue
            note = mine[(len(rows) + rank) % len(mine)]
            extra = ["--like", note["path"]] + (["--min-seconds", "5"] if rank > 0 else [])
            p, tl = prep(voxclone, [flac] + extra)
            if rank == 0:
                t_like += tl
            rep, code = report_of(p)
            m = dict(meta)
            m["main"] = person["id"]  # the person wanted: judged as the one to keep
            r = judge(m, rep, code)
            match = (rep or {}).get("match") or {}
            r.update({"wanted_rank": rank + 1, "note_room": note["room"], "people": len(talkers),
                      "score": match.get("score"), "next_score": match.get("next_score"),
                      "scores": match.get("scores"), "scene": meta["name"], "note": note["file"]})
            if code != 0:
                r["error"] = (p.stderr.strip().splitlines() or [""])[-1]
            rows.append(r)
            if verbose:
                print(f"  {meta['name']:14s} wanted #{rank + 1} {person['id']:26s} ({note['room']:6s}) exit {code} "
                      f"right {r.get('right_person')} purity {r.get('purity', 0):.2f} score {r['score']} next {r['next_score']} "
                      f"{r.get('error', '')[:200]}")
    absent = []
    absent_rows = []
    speakers = sorted(notes)
    for si, flac in enumerate(sorted(glob.glob(os.path.join(folder, "scenes", "*.flac")))):
        meta = json.load(open(flac[:-5] + ".json"))
        langs = {notes[p["id"]][0]["lang"] for p in meta["people"] if p["id"] in notes}
        top = max(meta["people"], key=lambda p: p["talk_seconds"])
        sex = notes[top["id"]][0]["sex"] if top["id"] in notes else None
        others = [s for s in speakers if notes[s][0]["lang"] not in langs]
        others = [s for s in others if notes[s][0]["sex"] == sex] or others
        if not others:
            continue
        o = notes[others[(si * 5) % len(others)]]
        note = o[si % len(o)]
        p, _ = prep(voxclone, [flac, "--like", note["path"]])
        refused = p.returncode == 5 and "no voice sounds like" in p.stderr
        absent.append(refused)
        rep, _ = report_of(p)
        match = (rep or {}).get("match") or {}
        absent_rows.append({"scene": meta["name"], "note": note["file"], "refused": refused, "exit": p.returncode,
                            "score": match.get("score"), "next_score": match.get("next_score"),
                            "scores": match.get("scores"),
                            "error": (p.stderr.strip().splitlines() or [""])[-1]})
        if verbose:
            print(f"  {meta['name']:14s} absent {note['file']:30s} ({note['room']:6s}) exit {p.returncode} "
                  f"refused {refused} score {match.get('score')} next {match.get('next_score')} "
                  f"{absent_rows[-1]['error'][:200] if p.returncode else ''}")
    out = {"absent": {"scenes": len(absent), "refused": sum(absent)}, "rows": rows, "absent_rows": absent_rows}
    print(f"--like, a person not in the scene: refused in {sum(absent)} of {len(absent)} scenes")
    for rank in (1, 2):
        sel = [r for r in rows if r["wanted_rank"] == rank]
        right = sum(bool(r.get("right_person")) for r in sel)
        pure = sum(bool(r.get("right_person")) and r.get("purity", 0) >= 0.95 for r in sel)
        refused = sum(r["refused"] for r in sel)
        same_sex = [r for r in sel if r["kind"] in ("two_same",)]
        out[f"wanted_{rank}"] = {"scenes": len(sel), "right": right, "right_95": pure, "refused": refused}
        print(f"--like, wanted = talker #{rank}: right person kept in {right} of {len(sel)} scenes "
              f"({pure} with >= 95 % their speech); refused {refused}; same-sex pairs right "
              f"{sum(bool(r.get('right_person')) for r in same_sex)} of {len(same_sex)}")
    print(f"time: prep {t_plain:.1f} s over the scenes, with --like {t_like:.1f} s "
          f"(+{100 * (t_like - t_plain) / max(t_plain, 1e-9):.1f} %)")
    out["seconds_plain"], out["seconds_like"] = t_plain, t_like
    return out


def eval_combine(voxclone, folder, verbose):
    notes = notes_by_speaker(folder)
    speakers = sorted(notes)
    accepted = same_total = refused = other_total = other_fail = 0
    t_combined = t_single = 0.0
    for si, spk in enumerate(speakers):
        mine = notes[spk]
        pairs = [(a, b) for a, b in itertools.combinations(mine, 2) if a["room"] != b["room"]][:3]
        for pi, (a, b) in enumerate(pairs):
            p, t = prep(voxclone, [a["path"], b["path"], "--combine", "--min-seconds", "5"])
            t_combined += t
            for x in (a, b):
                _, ts = prep(voxclone, [x["path"], "--min-seconds", "3"])
                t_single += ts
            same_total += 1
            ok = p.returncode == 0
            accepted += ok
            voice_refusal = "sounds like a different person" in p.stderr
            if not ok and not voice_refusal:
                other_fail += 1
            if verbose:
                print(f"  same  {a['file']} + {b['file']}: exit {p.returncode} "
                      f"{(p.stderr.strip().splitlines() or [''])[-1][:160]}")
            # Someone else's note added: a speaker of another language (never the same person).
            others = [s for s in speakers if notes[s][0]["lang"] != mine[0]["lang"]]
            o = notes[others[(si * 7 + pi) % len(others)]]
            c = o[(si + pi) % len(o)]
            q, _ = prep(voxclone, [a["path"], b["path"], c["path"], "--combine", "--min-seconds", "5"])
            other_total += 1
            named = q.returncode == 5 and f"'{c['path']}' sounds like a different person" in q.stderr
            refused += named
            if verbose:
                print(f"  other {c['file']} ({c['sex']}, {c['room']}) with {spk} ({a['sex']}): exit {q.returncode} "
                      f"refused by name {named}")
    print(f"--combine: same person from other rooms accepted {accepted} of {same_total} "
          f"({100 * accepted / max(1, same_total):.1f} %; {other_fail} failed for another reason); "
          f"another person refused by name {refused} of {other_total} ({100 * refused / max(1, other_total):.1f} %)")
    print(f"time: two notes combined {t_combined:.1f} s, the same notes prepared one by one {t_single:.1f} s")
    return {"accepted": accepted, "same": same_total, "other_failures": other_fail, "refused": refused,
            "others": other_total}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("voxclone")
    ap.add_argument("folder")
    ap.add_argument("--like", action="store_true")
    ap.add_argument("--combine", action="store_true")
    ap.add_argument("--json")
    ap.add_argument("-v", action="store_true")
    args = ap.parse_args()
    out = {}
    if args.like or not args.combine:
        out["like"] = eval_like(args.voxclone, args.folder, args.v)
    if args.combine or not args.like:
        out["combine"] = eval_combine(args.voxclone, args.folder, args.v)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()

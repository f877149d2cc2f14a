#!/usr/bin/python3
"""Why a scene's voices are counted wrong: where each person's speech blocks went (session 29, count29).

    count_causes.py DUMP_FEATURES SET_DIR [SET_DIR ...] [--json OUT.json]

Runs `dump_features --timeline` on every scene (the voices and each 0.4 s block's voice, 0 for none)
and labels each block with the person who speaks 0.2 s or more in it (the most, if two do). A voice
is a person's when most of its labelled blocks are theirs; a person no voice is theirs is lost, and
the cause is where most of their blocks went: `in voice 1`, `in a later voice`, `no voice` (speech
blocks with no voice), `not speech` (blocks the content model did not call speech: other sound,
silence, music). A
voice that is a person's already found by an earlier voice is `split`; a voice with no labelled
block is `no person`. Prints one line per scene counted wrong and a table of causes.

With --debug, DUMP_FEATURES is one built with count_causes_debug.patch applied (`git apply
tests/realvoice/count_causes_debug.patch`, never committed to the library: it prints, under
VOXCLONE_DEBUG_COUNT, each block's 2 s voice, the voice whose step 5 or 7 left it out, and the
figures steps 13 and 13b weigh for each 2 s voice; since session 30 also what count_splits.py reads), and a lost person's `no voice` cause names the
2 s voice or left-out group that holds their blocks and the guards' figures; the JSON also lists
every group step 13b weighed (`groups`: its talk, touching share, voiced frames, voice 1's talk,
the person it holds most and whether that person has a voice of their own).
"""
import argparse
import json
import os
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

BLOCK = 0.4


def timeline(dump, flac, debug=None):
    env = dict(os.environ, VOXCLONE_DEBUG_COUNT="1") if debug is not None else None
    run = subprocess.run([dump, "--timeline", str(flac)], capture_output=True, text=True, check=False, env=env)
    out = run.stdout
    if debug is not None:
        for line in run.stderr.splitlines():
            if line.startswith("#D "):
                key, _, rest = line[3:].partition(" ")
                if key in ("s13", "s13b"):
                    f = dict(kv.split("=") for kv in rest.split())
                    debug.setdefault(key, {})[int(f["r"])] = f
                else:
                    debug[key] = rest.split()
    speakers, blocks = [], []
    for line in out.splitlines():
        if line.startswith("# speaker"):
            rank, rest = line[len("# speaker "):].split(":", 1)
            speakers.append((int(rank), float(rest.split()[0])))
        elif line.startswith("# blocks"):
            blocks = [tuple(int(x) for x in t.split(":")) for t in line.split()[2:]]
    return speakers, blocks


def block_people(meta, n):
    talk = [defaultdict(float) for _ in range(n)]
    for start, end, kind, who in meta["events"]:
        if kind != "speech":
            continue
        b = int(start / BLOCK)
        while b < n and b * BLOCK < end:
            lo, hi = max(start, b * BLOCK), min(end, (b + 1) * BLOCK)
            if hi > lo:
                talk[b][who] += hi - lo
            b += 1
    return [max(t, key=t.get) if t and max(t.values()) >= 0.2 else None for t in talk]


def analyse(dump, scene, debug=False):
    meta = json.loads(scene.with_suffix(".json").read_text())
    dbg = {} if debug else None
    speakers, blocks = timeline(dump, scene, dbg)
    people = block_people(meta, len(blocks))
    by_voice = defaultdict(Counter)  # voice rank -> person -> blocks
    by_person = defaultdict(Counter)  # person -> voice rank (0 none, -1 not heard as speech) -> blocks
    for (kind, voice), who in zip(blocks, people):
        if who is None:
            continue
        by_voice[voice][who] += 1
        by_person[who][voice if kind in (1, 3) else -1] += 1
    owner, extra = {}, []
    for rank, _ in speakers:
        c = by_voice.get(rank)
        if not c:
            extra.append((rank, "no person", ""))
            continue
        who = c.most_common(1)[0][0]
        if who in owner.values():
            extra.append((rank, "split", who))
        else:
            owner[rank] = who
    lost = []
    for p in meta["people"]:
        who = p["id"]
        if who in owner.values():
            continue
        c = by_person.get(who, Counter())
        if not c:
            lost.append((who, "no blocks", 0, p["talk_seconds"]))
            continue
        voice, n = c.most_common(1)[0]
        cause = "not speech" if voice == -1 else "no voice" if voice == 0 else "in voice 1" if voice == 1 else "in a later voice"
        if cause == "no voice" and dbg:
            # Which 2 s voice (step 13) or left-out group (step 13b) holds their blocks with no voice.
            mine = [b for b, (k, v) in enumerate(blocks) if people[b] == who and v == 0 and k in (1, 3)]
            pre = [tuple(int(x) for x in t.split(":")) for t in dbg.get("pre13", [])]
            of2s = Counter(int(dbg["of2s"][b]) for b in mine if b < len(dbg.get("of2s", [])))
            left = Counter(int(dbg["leftout"][b]) for b in mine if b < len(dbg.get("leftout", [])))
            unj = sum(1 for b in mine if b < len(dbg.get("unjudged", [])) and dbg["unjudged"][b] != "0")
            marks = Counter(pre[b][1] for b in mine if b < len(pre))
            v2, _ = of2s.most_common(1)[0]
            v2_voice = Counter(pre[b][0] for b in range(len(pre)) if int(dbg["of2s"][b]) == v2) if pre else {}
            lo, _ = left.most_common(1)[0]
            detail = (f"of2s {dict(of2s)} (2 s voice {v2}'s blocks now in {dict(v2_voice)}), leftout {dict(left)}, "
                      f"unjudged {unj}, marks {dict(marks)}")
            if v2 in dbg.get("s13", {}):
                detail += f"; s13 {dbg['s13'][v2]}"
            if lo in dbg.get("s13b", {}):
                detail += f"; s13b {dbg['s13b'][lo]}"
            cause += " [" + detail + "]"
        lost.append((who, cause, n, p["talk_seconds"]))
    groups = []
    if dbg and "s13b" in dbg:
        # Every group step 13b weighed: whose blocks it holds, and whether they have a voice.
        pre = [tuple(int(x) for x in t.split(":")) for t in dbg.get("pre13", [])]
        for r, f in dbg["s13b"].items():
            if float(f["held"]) == 0:
                continue
            mine = Counter(people[b] for b in range(min(len(pre), len(people))) if int(dbg["leftout"][b]) == r
                           and pre[b] == (0, 0))
            labelled = Counter({k: v for k, v in mine.items() if k})
            who = labelled.most_common(1)[0][0] if labelled else None
            groups.append({"r": r, **{k: float(v) for k, v in f.items() if k != "r"}, "who": who,
                           "share": labelled[who] / max(1, sum(mine.values())) if who else 0,
                           "has_voice": who in owner.values()})
    return {"name": meta["name"], "kind": meta["kind"], "people": meta["speakers"], "found": len(speakers),
            "lost": lost, "extra": extra, "groups": groups,
            "voices": {r: dict(by_voice[r]) for r, _ in speakers}}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dump")
    ap.add_argument("sets", nargs="+")
    ap.add_argument("--json")
    ap.add_argument("--debug", action="store_true", help="a dump_features built with the VOXCLONE_DEBUG_COUNT dump")
    a = ap.parse_args()
    rows = []
    for s in a.sets:
        for flac in sorted(Path(s).glob("*.flac")):
            r = analyse(a.dump, flac, a.debug)
            r["set"] = s
            rows.append(r)
            if r["found"] != r["people"]:
                print(f"{Path(s).parent.name}/{r['name']}: {r['people']} people, {r['found']} voices; "
                      + "; ".join(f"lost {w} ({c}, {n} blocks, {t:.1f} s)" for w, c, n, t in r["lost"])
                      + "".join(f"; voice {k} {c} {w}" for k, c, w in r["extra"]), flush=True)
    causes = Counter()
    for r in rows:
        if r["found"] == r["people"]:
            continue
        for _, c, _, _ in r["lost"]:
            causes["lost: " + c.split(" [")[0]] += 1
        for _, c, _ in r["extra"]:
            causes["extra: " + c] += 1
    right = sum(r["found"] == r["people"] for r in rows)
    print(f"counted right {right}/{len(rows)}")
    for c, n in causes.most_common():
        print(f"  {c}: {n}")
    if a.json:
        Path(a.json).write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    sys.exit(main())

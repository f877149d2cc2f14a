#!/usr/bin/python3
"""Step 13's 2 s voices and whom they hold: where one person is listed twice (session 30, count30).

    count_splits.py DUMP_FEATURES SET_DIR [SET_DIR ...] [--json OUT.json]

DUMP_FEATURES is one built with count_causes_debug.patch applied (never committed to the library:
under VOXCLONE_DEBUG_COUNT it prints, for every 2 s voice step 13 weighs past its first guards, its
voiceprint against each voice listed so far (similarity, join_similarity, semitones) and the share
of its blocks in runs touching that voice on one side (t) or both (s), and which 2 s voices step 13
listed). Each 2 s voice is labelled with the person who speaks most in its blocks (count_causes.py's
labels), `HAS` when that person holds a voice before step 13 and `new` otherwise; `L` marks a voice
step 13 listed, and `[=]` the listed voice that is the same person.
"""
import argparse
import json
import os
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from count_causes import block_people  # noqa: E402


def weighed(dump, flac):
    meta = json.loads(flac.with_suffix(".json").read_text())
    run = subprocess.run([dump, "--timeline", str(flac)], capture_output=True, text=True, check=False,
                         env=dict(os.environ, VOXCLONE_DEBUG_COUNT="1"))
    rows, listed, dbg = [], set(), {}
    for line in run.stderr.splitlines():
        if not line.startswith("#D "):
            continue
        key, _, rest = line[3:].partition(" ")
        if key == "s13x":
            parts = rest.split()
            head = dict(kv.split("=") for kv in parts[:4])
            against = {}
            for p in parts[4:]:
                name, _, kvs = p.partition(":")
                against[int(name[1:])] = {k: float(v) for k, v in (kv.split("=") for kv in kvs.split(","))}
            rows.append((int(head["r"]), float(head["talk"]), float(head["touch"]), int(head["spare"]), against))
        elif key == "s13listed":
            listed.add(int(rest.split("=")[1]))
        elif key in ("of2s", "pre13"):
            dbg[key] = rest.split()
    blocks = []
    for line in run.stdout.splitlines():
        if line.startswith("# blocks"):
            blocks = [tuple(int(x) for x in t.split(":")) for t in line.split()[2:]]
    people = block_people(meta, len(blocks))
    of2s = [int(x) for x in dbg.get("of2s", [])]
    pre = [int(t.split(":")[0]) for t in dbg.get("pre13", [])]
    by_voice = defaultdict(Counter)
    for b, v in enumerate(pre):
        if b < len(people) and people[b] and v > 0:
            by_voice[v][people[b]] += 1
    owner = {v: by_voice[v].most_common(1)[0][0] for v in sorted(by_voice)}
    out = []
    for r, talk, touch, spare, against in rows:
        c = Counter(people[b] for b in range(min(len(of2s), len(people))) if of2s[b] == r and people[b])
        who = c.most_common(1)[0][0] if c else None
        out.append({"scene": meta["name"], "kind": meta["kind"], "r": r, "talk": talk, "touch": touch, "spare": spare,
                    "who": who, "share": c[who] / max(1, sum(c.values())) if who else 0.0,
                    "has_voice": who in owner.values(), "listed": r in listed,
                    "against": {x: dict(v, owner=owner.get(x)) for x, v in against.items()}})
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dump")
    ap.add_argument("sets", nargs="+")
    ap.add_argument("--json")
    a = ap.parse_args()
    rows = []
    for s in a.sets:
        for flac in sorted(Path(s).glob("*.flac")):
            for w in weighed(a.dump, flac):
                w["set"] = s
                rows.append(w)
                print(f"{Path(s).parent.name}/{w['scene']} r={w['r']} {'HAS' if w['has_voice'] else 'new'} "
                      f"{'L' if w['listed'] else '-'} who={w['who']} ({w['share']:.2f}) talk={w['talk']} touch={w['touch']} "
                      f"spare={w['spare']} :: "
                      + " ".join(f"v{x}[{'=' if v['owner'] == w['who'] else ' '}]sim{v['sim']:.2f} js{v['js']:.2f} "
                                 f"st{v['st']:.1f} t{v['t']:.2f} s{v['s']:.2f}" for x, v in w["against"].items()),
                      flush=True)
    if a.json:
        Path(a.json).write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""--like's lines replayed on eval_like.py's runs: what moving each of them would keep or refuse.

    /usr/bin/python3 tests/realvoice/eval_like.py build/tools/voxclone /tmp/vc/tune --like --json like.json
    /usr/bin/python3 tests/realvoice/like_lines.py like.json [more.json ...]

The lines (lib/src/voiceprint/match.cpp): a voice is kept from like_min_score (0.6) when it
scores kSureScore (0.8), or stands kClearLogOdds (2) clear of the next voice; two voices both
over kSureScore within kTieLogOdds (0.4) are a tie. Every run whose outcome the lines decided
(kept, or refused with the scores in its message) is replayed under other values: the right
person kept, another person kept, a note of someone absent kept, and runs the lines refused that
another value would keep (whether that voice is the person is not known: counted apart). A
replay, not a run: it leaves out the finer split a refusal tries and the join of a voice too
short alone, so it says which way a line moves things, not the exact counts.
"""
import argparse
import json
import math
import re

SHIPPED = (0.6, 0.8, 2.0, 0.4)
TRIED = [SHIPPED, (0.5, 0.8, 2, 0.4), (0.55, 0.8, 2, 0.4), (0.65, 0.8, 2, 0.4), (0.7, 0.8, 2, 0.4),
         (0.75, 0.8, 2, 0.4), (0.6, 0.7, 2, 0.4), (0.6, 0.75, 2, 0.4), (0.6, 0.85, 2, 0.4), (0.6, 0.9, 2, 0.4),
         (0.6, 0.8, 1, 0.4), (0.6, 0.8, 1.5, 0.4), (0.6, 0.8, 2.5, 0.4), (0.6, 0.8, 3, 0.4), (0.6, 0.8, 2, 0.2),
         (0.6, 0.8, 2, 0.8)]


def log_odds(p):
    p = min(max(p, 1e-9), 1 - 1e-9)
    return math.log(p / (1 - p))


def runs_of(path):
    like = json.load(open(path))["like"]
    for r in like["rows"] + [dict(a, absent=True) for a in like["absent_rows"]]:
        score, nxt, error = r.get("score"), r.get("next_score"), r.get("error") or ""
        pair = (re.search(r"scores ([0-9.]+) and the next ([0-9.]+)", error)
                or re.search(r"scores ([0-9.]+) and speaker \d+ ([0-9.]+)", error))
        alone = re.search(r"scores ([0-9.]+) \(a match needs", error)
        if score is None and pair:
            score, nxt = float(pair.group(1)), float(pair.group(2))
        elif score is None and alone:
            score = float(alone.group(1))
        if score is None:
            continue  # refused for another reason (too little speech, no voiceprint): not the lines'
        if r.get("absent"):
            kind = "absent"
        elif r.get("right_person"):
            kind = "right"
        elif r.get("refused"):
            kind = "unknown"
        else:
            kind = "wrong"
        yield kind, score, nxt


def keeps(score, nxt, least, sure, clear, tie):
    if score < least:
        return False
    if nxt is not None and nxt >= sure and log_odds(score) - log_odds(nxt) < tie:
        return False
    if score >= max(sure, least) or nxt is None:
        return True
    return nxt < 1 / (1 + math.exp(clear - log_odds(score)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("runs", nargs="+", help="eval_like.py --json outputs")
    args = ap.parse_args()
    runs = [r for path in args.runs for r in runs_of(path)]
    kinds = ("right", "wrong", "absent", "unknown")
    print(f"{len(runs)} runs decided by the lines: " + ", ".join(f"{k} {sum(r[0] == k for r in runs)}" for k in kinds))
    for least, sure, clear, tie in TRIED:
        kept = {k: sum(r[0] == k and keeps(r[1], r[2], least, sure, clear, tie) for r in runs) for k in kinds}
        mark = "  (shipped)" if (least, sure, clear, tie) == SHIPPED else ""
        print(f"least {least:.2f}, sure {sure:.2f}, clear {clear:.1f}, tie {tie:.1f}: right person kept {kept['right']}, "
              f"another kept {kept['wrong']}, absent note kept {kept['absent']}, "
              f"refused now and kept then {kept['unknown']}{mark}")


if __name__ == "__main__":
    main()

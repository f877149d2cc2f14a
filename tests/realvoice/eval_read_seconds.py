#!/usr/bin/python3
"""How much of a long example the voiceprint needs (VoiceprintOptions::read_seconds, issue 20).

    /usr/bin/python3 tests/realvoice/eval_read_seconds.py build/tests/voiceprint_tool CLIPS EXAMPLES... \
        [--seconds 15,30,45,60,90]

CLIPS: a voice_clips.py folder of notes (clips.json). EXAMPLES: folders of long recordings, each
NAME.flac with NAME.json naming its "main" person (make_set.py scenes, voice_clips.py scenes, or
recordings joined from them). Every example's voiceprint is measured on its first N seconds and
on all of it (read_seconds 0), by the library's own code (voiceprint_tool --read-seconds), and
scored against every note by similarity(). For each N it prints:
  - how the first N s score against the whole (median, the lowest, the share under 0.8);
  - the notes of the example's main person accepted (score >= 0.5) and the notes of people of
    other languages accepted (as eval_voiceprint.py: two speakers of one language may be one
    person), against the whole's; and the decisions that differ from the whole's.
Use tune recordings only.
"""
import argparse
import glob
import json
import os
import subprocess
import tempfile

THRESHOLD = 0.5  # voxclone::kSamePersonScore


def lang_of(person):
    parts = person.split("/")
    return "en" if parts[0] == "pocketsphinx" else parts[1]


def prints(tool, files, read_seconds):
    out = subprocess.run([tool, "--read-seconds", str(read_seconds), *files], check=True, capture_output=True,
                         text=True).stdout
    return out.splitlines()


def scores(tool, lines):
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        f.write("\n".join(lines) + "\n")
        path = f.name
    try:
        out = subprocess.run([tool, "--scores", path], check=True, capture_output=True, text=True).stdout
    finally:
        os.unlink(path)
    return [json.loads(row) for row in out.splitlines()]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("tool")
    ap.add_argument("clips")
    ap.add_argument("examples", nargs="+")
    ap.add_argument("--seconds", default="15,30,45,60,90")
    ap.add_argument("--cache", default=None, help="a folder to keep the voiceprint lines in")
    a = ap.parse_args()
    clips = json.load(open(os.path.join(a.clips, "clips.json")))
    clip_files = [os.path.join(a.clips, c["file"]) for c in clips]
    examples = []
    for folder in a.examples:
        for j in sorted(glob.glob(os.path.join(folder, "*.json"))):
            meta = json.load(open(j))
            flac = j[:-5] + ".flac"
            if "main" in meta and os.path.exists(flac):
                examples.append((flac, meta["main"]))
    cache = a.cache or tempfile.mkdtemp(prefix="read_seconds-")
    os.makedirs(cache, exist_ok=True)

    def cached(name, files, read_seconds):
        path = os.path.join(cache, f"{name}-{read_seconds:g}.jsonl")
        if not os.path.exists(path):
            with open(path, "w") as f:
                f.write("\n".join(prints(a.tool, files, read_seconds)) + "\n")
        return open(path).read().splitlines()

    clip_lines = cached("clips", clip_files, 0)
    ex_files = [f for f, _ in examples]
    whole_lines = cached("examples", ex_files, 0)
    n_ex, n_clip = len(examples), len(clips)
    whole = scores(a.tool, whole_lines + clip_lines)
    print(f"{n_ex} examples, {n_clip} notes of {len({c['speaker'] for c in clips})} people")
    print(f"{'first N s':>9} {'vs whole: median':>17} {'lowest':>7} {'< 0.8':>6} | {'main accepted':>14} "
          f"{'others accepted':>16} {'decisions changed':>18} {'errors':>7}")

    def decisions(m, lines):
        same_ok = same = diff_ok = diff = 0
        d = {}
        for i, (_, person) in enumerate(examples):
            if '"error"' in lines[i]:
                continue
            for k, c in enumerate(clips):
                s = m[i][n_ex + k]
                if c["speaker"] == person:
                    same += 1
                    same_ok += s >= THRESHOLD
                elif c["lang"] != lang_of(person):
                    diff += 1
                    diff_ok += s >= THRESHOLD
                else:
                    continue
                d[(i, k)] = s >= THRESHOLD
        return same_ok, same, diff_ok, diff, d

    w_same_ok, w_same, w_diff_ok, w_diff, w_d = decisions(whole, whole_lines)
    for n in [float(x) for x in a.seconds.split(",")]:
        lines = cached("examples", ex_files, n)
        m = scores(a.tool, lines + whole_lines + clip_lines)
        # rows 0..n_ex-1: first N s; n_ex..2n_ex-1: whole; then the clips. Re-index the clips.
        m_clips = [row[:n_ex] + row[2 * n_ex:] for row in m[:n_ex]]
        self_scores = sorted(m[i][n_ex + i] for i in range(n_ex) if '"error"' not in lines[i])
        same_ok, same, diff_ok, diff, d = decisions(m_clips, lines)
        changed = sum(1 for k, v in d.items() if k in w_d and w_d[k] != v)
        errors = sum('"error"' in line for line in lines)
        med = self_scores[len(self_scores) // 2]
        low = sum(s < 0.8 for s in self_scores)
        print(f"{n:9g} {med:17.3f} {self_scores[0]:7.3f} {low:6d} | {same_ok:6d}/{same:<7d} {diff_ok:7d}/{diff:<8d} "
              f"{changed:18d} {errors:7d}")
    print(f"{'all':>9} {1.0:17.3f} {1.0:7.3f} {0:6d} | {w_same_ok:6d}/{w_same:<7d} {w_diff_ok:7d}/{w_diff:<8d} "
          f"{0:18d} {sum(chr(34) + 'error' + chr(34) in x for x in whole_lines):7d}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Check that a fixture's labels line up with its audio.

    check_labels.py NAME.opus [NAME.labels.tsv]

Decodes the file with ffmpeg (24 kHz mono float) and prints, per label kind,
the total time and the RMS level over all its stretches, plus the level of
each silence stretch's quietest and loudest 100 ms. Fails (exit 1) when
  * the labels do not cover the file from 0 to its end (±40 ms) without gaps,
  * a kind or speaker is malformed,
  * a silence stretch has a 100 ms window louder than -45 dBFS,
  * a speech stretch's first or last 100 ms is more than 32 dB below the
    stretch's own RMS, which would mean the label starts early or ends late.
"""
import array
import math
import subprocess
import sys

RATE = 24000
KINDS = {"speech", "music", "speech_music", "other", "silence"}


def decode(path):
    raw = subprocess.run(
        ["ffmpeg", "-nostdin", "-v", "error", "-i", path, "-ac", "1", "-ar", str(RATE),
         "-f", "f32le", "-"], check=True, stdout=subprocess.PIPE).stdout
    a = array.array("f")
    a.frombytes(raw)
    return a


def rms_db(a, s, e):
    s, e = max(0, s), min(len(a), e)
    if e <= s:
        return -200.0
    acc = 0.0
    for x in a[s:e]:
        acc += x * x
    return 10 * math.log10(acc / (e - s) + 1e-20)


def main(argv):
    audio = argv[1]
    labels = argv[2] if len(argv) > 2 else audio.rsplit(".", 1)[0] + ".labels.tsv"
    a = decode(audio)
    dur = len(a) / RATE
    rows = [l.rstrip("\n").split("\t") for l in open(labels) if l.strip()]
    errors = []
    prev_end = 0.0
    per_kind = {}
    win = RATE // 10
    for r in rows:
        if len(r) != 4:
            errors.append("bad line %r" % r)
            continue
        s, e, kind, spk = float(r[0]), float(r[1]), r[2], r[3]
        if kind not in KINDS:
            errors.append("bad kind %s" % kind)
        if (kind in ("speech", "speech_music")) == (spk == "-"):
            errors.append("speaker %r does not fit kind %s at %.3f" % (spk, kind, s))
        if abs(s - prev_end) > 0.0005:
            errors.append("gap or overlap at %.3f" % s)
        prev_end = e
        si, ei = int(s * RATE), int(e * RATE)
        k = per_kind.setdefault(kind, [0.0, 0.0, 0])
        k[0] += e - s
        k[1] += sum(x * x for x in a[si:ei])
        k[2] += ei - si
        if kind == "silence":
            levels = [rms_db(a, i, i + win) for i in range(si, max(si + 1, ei - win + 1), win // 2)]
            loud = max(levels)
            if loud > -45:
                errors.append("silence %.3f-%.3f has a window at %.1f dBFS" % (s, e, loud))
        if kind == "speech" and e - s > 0.3:
            level = rms_db(a, si, ei)
            head, tail = rms_db(a, si, si + win), rms_db(a, ei - win, ei)
            if min(head, tail) < level - 32:
                errors.append("speech %.3f-%.3f (%.1f dBFS) starts/ends silent (%.1f / %.1f dBFS)"
                              % (s, e, level, head, tail))
    if abs(prev_end - dur) > 0.04:
        errors.append("labels end at %.3f, audio at %.3f" % (prev_end, dur))
    print("%s: %.3f s decoded, %d labels" % (audio, dur, len(rows)))
    for kind in sorted(per_kind):
        t, acc, n = per_kind[kind]
        print("  %-13s %7.3f s  RMS %6.1f dBFS" % (kind, t, 10 * math.log10(acc / max(n, 1) + 1e-20)))
    for e in errors:
        print("  ERROR " + e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

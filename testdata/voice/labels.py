#!/usr/bin/env python3
"""Turn a timeline's event list into a NAME.labels.tsv.

    labels.py EVENTS.tsv TOTAL_SAMPLES RATE > NAME.labels.tsv

EVENTS.tsv has one line per placed clip: start_sample, end_sample, kind
(speech, music or other), speaker (a voice name, or - ). The output has one
line per stretch, covering the whole file without gaps:

    start<TAB>end<TAB>kind<TAB>speaker      (seconds, 3 decimals)

kind is speech, music, speech_music, other or silence:
  * A speaker's clips separated by less than MERGE_GAP (1 s) form one speech
    stretch (the pause belongs to the speech); longer pauses are not speech.
    A gap between two different speakers is never speech.
  * Music or other clips closer than MERGE_GAP are merged the same way.
  * speech + music = speech_music; speech over "other" (babble, applause) =
    speech; music + other = music; nothing = silence (room tone only).
"""
import sys

MERGE_GAP = 1.0  # seconds


def merge(spans, gap):
    """spans: sorted (start, end, tag). Joins neighbours with the same tag
    whose gap is below `gap` samples and that have no other span between them."""
    out = []
    for s, e, tag in spans:
        if out and out[-1][2] == tag and s - out[-1][1] < gap:
            out[-1] = (out[-1][0], max(out[-1][1], e), tag)
        else:
            out.append((s, e, tag))
    return out


def covering(spans, a, b):
    """The tag of the span that covers [a, b), or None."""
    for s, e, tag in spans:
        if s <= a and b <= e:
            return tag
    return None


def main(argv):
    events_path, total, rate = argv[1], int(argv[2]), int(argv[3])
    gap = MERGE_GAP * rate
    by_kind = {"speech": [], "music": [], "other": []}
    with open(events_path) as f:
        for line in f:
            if not line.strip():
                continue
            s, e, kind, spk = line.rstrip("\n").split("\t")
            by_kind[kind].append((int(s), min(int(e), total), spk))
    speech = merge(sorted(by_kind["speech"]), gap)
    music = merge(sorted((s, e, "-") for s, e, _ in by_kind["music"]), gap)
    other = merge(sorted((s, e, "-") for s, e, _ in by_kind["other"]), gap)

    cuts = {0, total}
    for spans in (speech, music, other):
        for s, e, _ in spans:
            cuts.update((max(0, min(s, total)), max(0, min(e, total))))
    cuts = sorted(cuts)

    rows = []
    for a, b in zip(cuts, cuts[1:]):
        spk = covering(speech, a, b)
        has_music = covering(music, a, b) is not None
        has_other = covering(other, a, b) is not None
        if spk is not None:
            kind = "speech_music" if has_music else "speech"
        elif has_music:
            kind, spk = "music", "-"
        elif has_other:
            kind, spk = "other", "-"
        else:
            kind, spk = "silence", "-"
        if rows and rows[-1][2:] == [kind, spk]:
            rows[-1][1] = b
        else:
            rows.append([a, b, kind, spk])

    for a, b, kind, spk in rows:
        print("%.3f\t%.3f\t%s\t%s" % (a / rate, b / rate, kind, spk))


if __name__ == "__main__":
    main(sys.argv)

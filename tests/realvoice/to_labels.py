#!/usr/bin/python3
"""Turns real-voice scenes into the fixtures' label format, for tests/train/train_content.py.

    /usr/bin/python3 tests/realvoice/to_labels.py SCENE_DIR OUT_DIR

For every NAME.flac + NAME.json in SCENE_DIR, writes OUT_DIR/NAME.labels.tsv (the format of
testdata/voice/README.md, made by testdata/voice/labels.py from the scene's placed clips:
speech, music, and applause and a crowd's murmur as "other") and links OUT_DIR/NAME.flac to the scene.
"""
import glob
import json
import os
import subprocess
import sys
import tempfile

RATE = 24000
LABELS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "testdata", "voice", "labels.py")


def main(src, out):
    os.makedirs(out, exist_ok=True)
    for flac in sorted(glob.glob(os.path.join(src, "*.flac"))):
        with open(flac[:-5] + ".json") as f:
            meta = json.load(f)
        name = os.path.basename(flac)[:-5]
        with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as ev:
            for a, b, kind, who in meta["events"]:
                kind = {"applause": "other", "crowd": "other"}.get(kind, kind)
                ev.write(f"{int(round(a * RATE))}\t{int(round(b * RATE))}\t{kind}\t{who}\n")
        total = int(round(meta["seconds"] * RATE))
        with open(os.path.join(out, name + ".labels.tsv"), "w") as f:
            subprocess.run([sys.executable, LABELS, ev.name, str(total), str(RATE)], stdout=f, check=True)
        os.unlink(ev.name)
        link = os.path.join(out, name + ".flac")
        if not os.path.exists(link):
            os.symlink(os.path.abspath(flac), link)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

#!/usr/bin/env python3
"""Seeds for fuzz_analysis (see fuzz_analysis.cpp for the layout: a byte for float32/float64, a
byte for mono/stereo, then samples at 24 kHz): a voiced tone with a NaN every 97 samples, ±Inf,
1e30, denormals, all NaN, silence. Written to the folder given; run.sh makes them each run (they
are ~100 kB each, so they are made, not kept)."""
import math
import struct
import sys
from pathlib import Path

out = Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
rate, n = 24000, 26400  # 1.1 s: past check's 1 s minimum


def voiced(i: int) -> float:
    t = i / rate
    return 0.3 * sum(math.sin(2 * math.pi * 140 * k * t) / k for k in range(1, 12)) * (0.6 + 0.4 * math.sin(2 * math.pi * 3 * t))


def write(name: str, samples, doubles=False, stereo=False):
    fmt = "<d" if doubles else "<f"
    body = b"".join(struct.pack(fmt, s) for s in samples)
    (out / name).write_bytes(bytes([1 if doubles else 0, 1 if stereo else 0]) + body)


tone = [voiced(i) for i in range(n)]
write("nan_every_97.f32", [math.nan if i % 97 == 0 else s for i, s in enumerate(tone)])
write("inf.f64", [(math.inf if i % 2 else -math.inf) if i % 89 == 0 else s for i, s in enumerate(tone)], doubles=True)
write("huge_stereo.f32", [1e30 if i % 101 == 0 else s for i, s in enumerate(tone)], stereo=True)
write("denormal.f32", [1e-42 * (1 if i % 2 else -1) for i in range(n)])
write("all_nan.f32", [math.nan] * n)
write("full_scale.f64", [1.0 if (i // 7) % 2 else -1.0 for i in range(n)], doubles=True)


if len(sys.argv) > 2 and sys.argv[2] == "--regression":
    # regressions/analysis/voice-meter-nan: 2000 samples, a NaN every 97. Before issue 22 the
    # voice meter cast the NaN level of such a frame to int16 (UBSan: undefined behaviour).
    write("voice-meter-nan", [math.nan if i % 97 == 0 else s for i, s in enumerate(tone[:2000])])

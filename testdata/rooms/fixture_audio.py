"""What make_letters_hum.py and make_sparse_bed.py share: a level meter, one utterance as
espeak-ng says it with a small room's tail, the pink room tone under both fixtures, and the
Opus they are written as."""
import os
import subprocess

import numpy as np

RATE = 24000


def rms_db(x):
    return 10 * np.log10(np.mean(np.asarray(x, np.float64) ** 2) + 1e-30)


def spoken(text, voice, work, db, speed, tail_seconds, reverb):
    """`text` as espeak-ng says it (`speed` words a minute), at RATE, with `tail_seconds` of room
    after it through sox's reverb (`reverb`: reverberance in %), trimmed to 60 dB under its peak,
    its RMS at `db` dBFS. The tail is the quiet decay a real recording of a word has."""
    raw = os.path.join(work, "u.wav")
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", raw, text], check=True)
    pcm = subprocess.run(["sox", "-R", "-V1", raw, "-r", str(RATE), "-c", "1", "-b", "32", "-e",
                          "floating-point", "-t", "raw", "-", "pad", "0", str(tail_seconds), "reverb", reverb],
                         check=True, capture_output=True).stdout
    y = np.frombuffer(pcm, dtype=np.float32).astype(np.float64)
    loud = np.abs(y) > 10 ** (-60 / 20) * np.abs(y).max()
    idx = np.flatnonzero(loud)
    y = y[idx[0]:idx[-1] + 1]
    return y * 10 ** ((db - rms_db(y)) / 20)


def pink(n, rng):
    """Pink noise, 40 Hz-1.5 kHz as sox's room tone in tests/realvoice/audio.py: white noise
    shaped 1/sqrt(f) in the frequency domain."""
    spec = np.fft.rfft(rng.standard_normal(n))
    f = np.fft.rfftfreq(n, 1 / RATE)
    spec[1:] /= np.sqrt(f[1:])
    spec[(f < 40) | (f > 1500)] = 0
    return np.fft.irfft(spec, n)


def write_opus(mix, work, out):
    """`mix` (float samples at RATE) as 24 kHz mono Opus at 24 kb/s, bit-exact, to `out`."""
    raw = os.path.join(work, "mix.f32")
    np.asarray(mix, np.float32).tofile(raw)
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "f32le", "-ar", str(RATE), "-ac", "1", "-i", raw,
                    "-c:a", "libopus", "-b:a", "24k", "-map_metadata", "-1", "-fflags", "+bitexact",
                    "-flags:a", "+bitexact", out], check=True)

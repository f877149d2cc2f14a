"""Small audio helpers for the real-voice set: decode with ffmpeg, levels, trims, effects.

Everything is 24 kHz mono float32 numpy arrays. Effects that a library does well run in it
(ffmpeg for the telephone band, sox for reverb); numpy does only mixing and measuring.
"""
import subprocess

import numpy as np

RATE = 24000


def decode(path, rate=RATE):
    """Any file ffmpeg reads, as mono float32 at `rate`."""
    out = subprocess.run(
        ["ffmpeg", "-v", "error", "-nostdin", "-i", str(path), "-ac", "1", "-ar", str(rate),
         "-f", "f32le", "-"], check=True, capture_output=True).stdout
    return np.frombuffer(out, dtype=np.float32).copy()


def duration(path):
    """Seconds, from ffprobe (the container's figure)."""
    out = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0",
                          str(path)], check=True, capture_output=True, text=True).stdout.strip()
    return float(out) if out and out != "N/A" else 0.0


def write_flac(path, x, rate=RATE):
    """Writes x as 24-bit FLAC (what the scorer feeds voxclone)."""
    subprocess.run(
        ["ffmpeg", "-v", "error", "-nostdin", "-y", "-f", "f32le", "-ar", str(rate), "-ac", "1",
         "-i", "-", "-c:a", "flac", "-sample_fmt", "s32", str(path)],
        input=np.asarray(x, dtype=np.float32).tobytes(), check=True)


def frame_db(x, frame=240):
    """Level of each 10 ms frame, dBFS (RMS)."""
    n = len(x) // frame
    if n == 0:
        return np.zeros(0, dtype=np.float32)
    f = x[: n * frame].reshape(n, frame).astype(np.float64)
    return (10 * np.log10(np.mean(f * f, axis=1) + 1e-12)).astype(np.float32)


def active_rms_db(x):
    """RMS of the frames within 35 dB of the loudest (the speech, not its pauses)."""
    db = frame_db(x)
    if len(db) == 0:
        return -120.0
    act = db[db > db.max() - 35]
    return float(10 * np.log10(np.mean(10 ** (act / 10)) + 1e-12))


def trim(x, below_db=40.0, pad=0.03, run=8, over_floor_db=10.0, floor_cap_db=25.0):
    """Cuts leading and trailing silence: keeps from the first to the last run of at least `run`
    10 ms frames that all stand above a threshold: `below_db` under the loudest such run (the
    highest level the clip holds for `run` frames), or `over_floor_db` over the clip's floor (its
    quietest run) when that is higher, though never more than `floor_cap_db` under the loudest
    run (a clip with no pause keeps its soft ends). A click (one or two frames) is neither a run
    nor the reference: some packages' clips open or close with one and up to 2.6 s of silence or
    hiss, which the older trim (any frame within 40 dB of the loudest frame) kept as speech. Sets
    built before session 18 (rv7, vc7) used the older trim."""
    db = frame_db(x)
    if len(db) < run:
        return x
    # The level each window of `run` frames holds throughout (its quietest frame), and each
    # window's power level (the floor: the quietest window).
    windows = np.lib.stride_tricks.sliding_window_view(db, run)
    held = windows.min(axis=1)
    ref = held.max()
    floor = float(np.min(10 * np.log10(np.mean(10 ** (windows / 10), axis=1) + 1e-12)))
    threshold = max(ref - below_db, min(floor + over_floor_db, ref - floor_cap_db))
    starts = np.nonzero(held > threshold)[0]
    a = max(0, starts[0] * 240 - int(pad * RATE))
    b = min(len(x), (starts[-1] + run) * 240 + int(pad * RATE))
    return x[a:b]


def scale_to(x, db):
    return (x * 10 ** ((db - active_rms_db(x)) / 20)).astype(np.float32)


def rms_db(x):
    return float(10 * np.log10(np.mean(np.asarray(x, np.float64) ** 2) + 1e-12))


def median_pitch(x):
    """Median F0 (Hz) of the voiced 40 ms frames, by normalised autocorrelation (60-400 Hz)."""
    frame, hop = 960, 480
    lo, hi = RATE // 400, RATE // 60
    db = frame_db(x, hop)
    top = db.max() if len(db) else -120
    f0 = []
    for i in range(0, len(x) - frame, hop):
        if db[i // hop] < top - 25:
            continue
        w = x[i:i + frame] - np.mean(x[i:i + frame])
        ac = np.correlate(w, w, "full")[frame - 1:]
        if ac[0] <= 0:
            continue
        ac = ac / ac[0]
        lag = lo + int(np.argmax(ac[lo:hi]))
        if ac[lag] > 0.5:
            f0.append(RATE / lag)
    return float(np.median(f0)) if f0 else 0.0


def run_filter(x, args, tool="ffmpeg"):
    """Pipes x through ffmpeg (-af ARGS) or sox (ARGS effects); returns the same length."""
    raw = np.asarray(x, dtype=np.float32).tobytes()
    if tool == "ffmpeg":
        cmd = ["ffmpeg", "-v", "error", "-nostdin", "-f", "f32le", "-ar", str(RATE), "-ac", "1",
               "-i", "-"] + args + ["-ac", "1", "-ar", str(RATE), "-f", "f32le", "-"]
    else:
        fmt = ["-t", "raw", "-r", str(RATE), "-c", "1", "-b", "32", "-e", "floating-point"]
        cmd = ["sox", "-R", "-V1"] + fmt + ["-"] + fmt + ["-"] + args
    y = np.frombuffer(subprocess.run(cmd, input=raw, check=True, capture_output=True).stdout,
                      dtype=np.float32)
    out = np.zeros(len(x), dtype=np.float32)
    out[: min(len(x), len(y))] = y[: len(x)]
    return out


def telephone(x):
    """A phone call: 300-3400 Hz, 8 kHz, mu-law, back to 24 kHz (ffmpeg both ways)."""
    enc = subprocess.run(
        ["ffmpeg", "-v", "error", "-nostdin", "-f", "f32le", "-ar", str(RATE), "-ac", "1", "-i", "-",
         "-af", "highpass=f=300,highpass=f=300,lowpass=f=3400,lowpass=f=3400", "-ar", "8000",
         "-c:a", "pcm_mulaw", "-f", "wav", "-"],
        input=np.asarray(x, np.float32).tobytes(), check=True, capture_output=True).stdout
    dec = subprocess.run(
        ["ffmpeg", "-v", "error", "-nostdin", "-i", "-", "-ar", str(RATE), "-ac", "1", "-f", "f32le", "-"],
        input=enc, check=True, capture_output=True).stdout
    y = np.frombuffer(dec, dtype=np.float32)
    out = np.zeros(len(x), dtype=np.float32)
    out[: min(len(x), len(y))] = y[: len(x)]
    return out


def reverb(x, amount=60, room=80):
    """A reverberant room (sox reverb, wet and dry)."""
    return run_filter(x, ["reverb", str(amount), "50", str(room), "100", "20", "0"], tool="sox")


def hum(n, rng, db=-42.0, mains=50.0):
    """Mains hum: the fundamental and odd harmonics, at `db` dBFS RMS."""
    t = np.arange(n) / RATE
    ph = rng.uniform(0, 2 * np.pi, 6)
    y = sum((0.6 ** k) * np.sin(2 * np.pi * mains * (2 * k + 1) * t + ph[k]) for k in range(6))
    y = y.astype(np.float32)
    return y * 10 ** ((db - rms_db(y)) / 20)


def room_tone(n, seed, db=-62.0):
    """Quiet room noise at `db` dBFS RMS: sox's pink noise, 40-1500 Hz."""
    fmt = ["-t", "raw", "-r", str(RATE), "-c", "1", "-b", "32", "-e", "floating-point"]
    # the null input's rate is given too: without it sox synthesises n samples at 48 kHz and
    # resamples them, which filled only half of the scene with noise (sessions 5-14)
    raw = subprocess.run(["sox", "-R", "-V1", "-r", str(RATE), "-n"] + fmt + ["-", "synth", "%ds" % n, "pinknoise",
                          "lowpass", "1500", "highpass", "40"],
                         check=True, capture_output=True).stdout
    y = np.frombuffer(raw, dtype=np.float32)[:n].copy()
    if len(y) < n:
        y = np.pad(y, (0, n - len(y)))
    # sox -R repeats the same noise; a random rotation keeps scenes apart
    y = np.roll(y, int(seed) % max(1, n))
    return y * 10 ** ((db - rms_db(y)) / 20)


def steady_noise(n, rng, db=-40.0):
    """Steady background noise at `db` dBFS RMS, as a fan, an air conditioner, a car or tape hiss
    sound: sox's white, pink or brown noise through a random band, its level drifting slowly
    (+-1.5 dB over seconds). Not music: no notes, no beat."""
    colour = str(rng.choice(["whitenoise", "pinknoise", "brownnoise"]))
    low, high = float(rng.uniform(40, 400)), float(rng.uniform(2500, 11000))
    fmt = ["-t", "raw", "-r", str(RATE), "-c", "1", "-b", "32", "-e", "floating-point"]
    raw = subprocess.run(["sox", "-R", "-V1", "-r", str(RATE), "-n"] + fmt + ["-", "synth", "%ds" % n, colour,
                          "lowpass", "%.0f" % high, "highpass", "%.0f" % low],
                         check=True, capture_output=True).stdout
    y = np.frombuffer(raw, dtype=np.float32)[:n].copy()
    if len(y) < n:
        y = np.pad(y, (0, n - len(y)))
    y = np.roll(y, int(rng.integers(1 << 30)) % max(1, n))
    t = np.arange(n) / RATE
    drift = 1.5 * np.sin(2 * np.pi * t / rng.uniform(4, 15) + rng.uniform(0, 2 * np.pi))
    y = (y * 10 ** (drift / 20)).astype(np.float32)
    return y * 10 ** ((db - rms_db(y)) / 20)


def applause(seconds, rng, db=-24.0):
    """A crowd clapping: 25 clappers, each 3.5-6.5 claps a second of band-passed noise bursts."""
    n = int(seconds * RATE)
    y = np.zeros(n, dtype=np.float32)
    for _ in range(25):
        rate = rng.uniform(3.5, 6.5)
        t = rng.uniform(0, 1 / rate)
        gain = 10 ** (-rng.uniform(0, 8) / 20)
        while t < seconds:
            i = int(t * RATE)
            ln = min(n - i, int(0.03 * RATE))
            burst = rng.standard_normal(ln).astype(np.float32) * np.exp(-np.arange(ln) / (0.006 * RATE))
            y[i:i + ln] += gain * burst.astype(np.float32)
            t += 1 / rate * rng.uniform(0.85, 1.15)
    y = run_filter(y, ["sinc", "600-5000", "reverb", "40", "50", "70"], tool="sox")
    env = np.minimum(1, np.minimum(np.arange(n) / (0.3 * RATE), (n - np.arange(n)) / (0.8 * RATE)))
    y = y * env.astype(np.float32)
    return y * 10 ** ((db - rms_db(y)) / 20)

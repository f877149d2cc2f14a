#!/usr/bin/env python3
"""Write a General MIDI song (and optionally a sung melody) for the voice fixtures.

    make_midi.py OUT_BASE STYLE SEED SECONDS

writes OUT_BASE.mid, and for styles with a vocal line also OUT_BASE.sing.xml
(Festival singing-mode markup of the same melody, same tempo, so it can be
sung by `text2wave -mode singing` and mixed over the rendered MIDI). Prints
one line: `style tempo_bpm seconds key`.

Standard library only: the MIDI bytes are written by hand (SMF format 1,
480 ticks per quarter note). Everything random comes from random.Random(SEED),
so the same arguments give the same bytes.

Styles: pop_rock, solo_piano, strings_pad, guitar_arp, electronic, waltz,
jazz, choir_ballad (choir "aah" lead + sung vowel track), folk_reel.
"""
import random
import struct
import sys

TPQ = 480  # ticks per quarter note

# ------------------------------------------------------------------ MIDI bytes


def vlq(n):
    """MIDI variable-length quantity."""
    out = [n & 0x7F]
    n >>= 7
    while n:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    return bytes(reversed(out))


def track_chunk(events):
    """events: list of (tick, order, bytes). Returns an MTrk chunk."""
    events = sorted(events, key=lambda e: (e[0], e[1]))
    data = bytearray()
    now = 0
    for tick, _, msg in events:
        data += vlq(tick - now) + msg
        now = tick
    data += vlq(0) + b"\xff\x2f\x00"  # end of track
    return b"MTrk" + struct.pack(">I", len(data)) + bytes(data)


def midi_file(tracks):
    head = b"MThd" + struct.pack(">IHHH", 6, 1, len(tracks), TPQ)
    return head + b"".join(track_chunk(t) for t in tracks)


class Part:
    """One instrument on one channel: collects notes and controller events."""

    def __init__(self, channel, program, volume=100, pan=64, reverb=40):
        self.ch = channel
        self.events = []
        if channel != 9:
            self.events.append((0, 0, bytes([0xC0 | channel, program])))
        self.cc(0, 7, volume)
        self.cc(0, 10, pan)
        self.cc(0, 91, reverb)

    def cc(self, tick, num, val):
        self.events.append((tick, 1, bytes([0xB0 | self.ch, num, val])))

    def note(self, tick, dur, pitch, vel):
        pitch = max(0, min(127, int(pitch)))
        vel = max(1, min(127, int(vel)))
        tick = max(0, int(tick))
        dur = max(10, int(dur))
        self.events.append((tick, 3, bytes([0x90 | self.ch, pitch, vel])))
        self.events.append((tick + dur, 2, bytes([0x80 | self.ch, pitch, 0])))


def tempo_track(bpm, beats_per_bar):
    usec = int(round(60_000_000 / bpm))
    return [
        (0, 0, b"\xff\x51\x03" + usec.to_bytes(3, "big")),
        (0, 0, b"\xff\x58\x04" + bytes([beats_per_bar, 2, 24, 8])),
    ]


# ------------------------------------------------------------------ harmony

MAJOR = [0, 2, 4, 5, 7, 9, 11]
MINOR = [0, 2, 3, 5, 7, 8, 10]
PROGRESSIONS = {
    "major": [[0, 4, 5, 3], [0, 5, 3, 4], [0, 3, 4, 4], [0, 3, 0, 4],
              [5, 3, 0, 4], [0, 1, 4, 0], [0, 2, 3, 4]],
    "minor": [[0, 5, 2, 6], [0, 3, 4, 0], [0, 6, 5, 6], [0, 3, 6, 2],
              [0, 5, 3, 4]],
}


class Harmony:
    def __init__(self, rng, root, mode):
        self.root = root  # MIDI note of the tonic around C4
        self.scale = MAJOR if mode == "major" else MINOR
        self.mode = mode
        self.prog = rng.choice(PROGRESSIONS[mode])

    def degree_pitch(self, degree, octave=0):
        """Scale degree (may be negative or >6) to a MIDI note."""
        o, d = divmod(degree, 7)
        return self.root + 12 * (o + octave) + self.scale[d]

    def chord(self, bar, size=3):
        """Scale degrees of the chord for this bar (triad or seventh)."""
        d = self.prog[bar % len(self.prog)]
        return [d + 2 * i for i in range(size)]

    def chord_pitches(self, bar, octave=0, size=3):
        return [self.degree_pitch(d, octave) for d in self.chord(bar, size)]

    def bass_pitch(self, bar):
        return self.degree_pitch(self.prog[bar % len(self.prog)], -2)


def humanise(rng, tick, vel, t_jit=12, v_jit=10):
    return tick + rng.randint(-t_jit, t_jit), vel + rng.randint(-v_jit, v_jit)


# ------------------------------------------------------------------ building blocks


def melody_notes(rng, h, bars, bar_len, density, octave=1, swing=False):
    """A phrase-based melody: a 2-bar motif repeated and varied, chord tones
    on strong beats, stepwise motion elsewhere. Returns [(tick, dur, pitch)]."""
    step = TPQ // 2
    rhythms = [
        [2, 1, 1, 2, 2], [1, 1, 1, 1, 2, 2], [3, 1, 2, 2], [2, 2, 4],
        [1, 1, 2, 1, 1, 2], [4, 2, 2], [2, 1, 1, 4], [1, 1, 1, 1, 1, 1, 2],
    ]
    if density < 0.5:
        rhythms = [[4, 4], [6, 2], [4, 2, 2], [8], [3, 1, 4]]
    units = bar_len // step
    notes = []
    motif = None
    deg = h.chord(0)[rng.randrange(3)] + 7 * octave
    for bar in range(bars):
        if bar % 4 == 3 and rng.random() < 0.5:
            continue  # breathing space at the end of a phrase
        if motif is not None and bar % 2 == 0 and rng.random() < 0.6:
            rhythm = motif
        else:
            rhythm = list(rng.choice(rhythms))
            if bar % 2 == 0:
                motif = rhythm
        # Fit the rhythm to the bar (waltz bars are 6 eighths).
        total = sum(rhythm)
        rhythm = [max(1, round(r * units / total)) for r in rhythm]
        rhythm[-1] += units - sum(rhythm)
        if rhythm[-1] <= 0:
            rhythm = [units]
        pos = 0
        chord = set(d % 7 for d in h.chord(bar))
        for r in rhythm:
            strong = pos % 4 == 0
            move = rng.choice([-2, -1, -1, 0, 1, 1, 2, 3, -3])
            deg += move
            if strong:
                # nudge to the nearest chord tone
                for delta in (0, 1, -1, 2, -2):
                    if (deg + delta) % 7 in chord:
                        deg += delta
                        break
            deg = max(7 * octave - 3, min(7 * octave + 9, deg))
            tick = bar * bar_len + pos * step
            if swing and pos % 2 == 1:
                tick += step // 3
            if rng.random() > 0.08 or strong:
                notes.append((tick, r * step, h.degree_pitch(deg)))
            pos += r
    return notes


def add_notes(rng, part, notes, vel, legato=0.92):
    for tick, dur, pitch in notes:
        t, v = humanise(rng, tick, vel)
        part.note(t, dur * legato, pitch, v)


def block_chords(rng, part, h, bars, bar_len, hits, vel, octave=0, size=3):
    """hits: list of (beat_offset_in_quarters, length_in_quarters)."""
    for bar in range(bars):
        pitches = h.chord_pitches(bar, octave, size)
        for off, ln in hits:
            base = bar * bar_len + int(off * TPQ)
            for p in pitches:
                t, v = humanise(rng, base, vel, 8, 8)
                part.note(t, ln * TPQ * 0.9, p, v)


def arpeggio(rng, part, h, bars, bar_len, pattern, step, vel, octave=0):
    """pattern: indices into [bass, chord tones..., chord tones +1 octave]."""
    for bar in range(bars):
        ch = h.chord_pitches(bar, octave)
        tones = [h.bass_pitch(bar) + 12] + ch + [p + 12 for p in ch]
        n = bar_len // step
        for i in range(n):
            p = tones[pattern[i % len(pattern)] % len(tones)]
            t, v = humanise(rng, bar * bar_len + i * step, vel, 6, 12)
            part.note(t, step * 2.5, p, v)


def bass_line(rng, part, h, bars, bar_len, pattern, vel):
    """pattern: list of (quarter_offset, quarter_len, interval_semitones)."""
    for bar in range(bars):
        root = h.bass_pitch(bar)
        for off, ln, iv in pattern:
            t, v = humanise(rng, bar * bar_len + int(off * TPQ), vel, 6, 8)
            part.note(t, ln * TPQ * 0.9, root + iv, v)


def walking_bass(rng, part, h, bars, bar_len, vel):
    for bar in range(bars):
        root = h.bass_pitch(bar)
        nxt = h.bass_pitch(bar + 1)
        line = [root, root + rng.choice([3, 4]), root + 7, nxt + rng.choice([-1, 1, 2])]
        for i, p in enumerate(line):
            t, v = humanise(rng, bar * bar_len + i * TPQ, vel, 6, 10)
            part.note(t, TPQ * 0.95, p, v)


def drums(rng, part, bars, bar_len, grid, vel, fill_every=8):
    """grid: {drum_note: list of 16th-step positions in the bar}."""
    sixteenth = TPQ // 4
    for bar in range(bars):
        for drum, steps in grid.items():
            for s in steps:
                if s * sixteenth >= bar_len:
                    continue
                accent = 12 if s % 4 == 0 else 0
                t, v = humanise(rng, bar * bar_len + s * sixteenth, vel + accent, 5, 12)
                part.note(t, sixteenth, drum, v)
        if bar % fill_every == fill_every - 1:  # tom fill on the last beat
            for i, tom in enumerate([50, 48, 47, 45]):
                part.note(bar * bar_len + bar_len - TPQ + i * sixteenth, sixteenth, tom, vel + 5)
        if bar % fill_every == 0:
            part.note(bar * bar_len, TPQ, 49, vel + 15)  # crash


def ending(part, h, bar, bar_len, octave, vel, size=3):
    for p in h.chord_pitches(0, octave, size):
        part.note(bar * bar_len, 2 * bar_len, p, vel)


# ------------------------------------------------------------------ styles
# Each style returns (tempo, beats_per_bar, [Part...], melody_for_singing or None).


def style_pop_rock(rng, h, seconds):
    tempo = rng.choice([104, 112, 120, 126, 132])
    bar_len, bars = 4 * TPQ, bars_for(seconds, tempo, 4)
    dr = Part(9, 0, 110)
    drums(rng, dr, bars, bar_len, {36: [0, 8, 10], 38: [4, 12], 42: list(range(0, 16, 2))}, 92)
    bass = Part(1, rng.choice([33, 34]), 110)
    bass_line(rng, bass, h, bars, bar_len, [(i / 2, 0.5, 0 if i != 6 else 12) for i in range(8)], 95)
    gtr = Part(2, rng.choice([29, 30]), 85, pan=40)
    block_chords(rng, gtr, h, bars, bar_len, [(0, 1.5), (1.5, 1), (2.5, 1.5)], 80, -1, 2)
    keys = Part(3, rng.choice([0, 4, 16]), 75, pan=90)
    block_chords(rng, keys, h, bars, bar_len, [(0, 4)], 70, 0, 3)
    lead = Part(4, rng.choice([56, 65, 81, 27]), 100, pan=64)
    add_notes(rng, lead, melody_notes(rng, h, bars, bar_len, 0.8), 100)
    for p in (bass, keys):
        ending(p, h, bars, bar_len, 0 if p is keys else -2, 90)
    return tempo, 4, [dr, bass, gtr, keys, lead], None


def style_solo_piano(rng, h, seconds):
    tempo = rng.choice([66, 72, 80, 88, 96])
    bar_len, bars = 4 * TPQ, bars_for(seconds, tempo, 4)
    pno = Part(0, rng.choice([0, 1]), 110, reverb=70)
    for bar in range(bars):  # sustain pedal per bar
        pno.cc(bar * bar_len + 5, 64, 127)
        pno.cc(bar * bar_len + bar_len - 15, 64, 0)
    arpeggio(rng, pno, h, bars, bar_len, rng.choice([[0, 2, 3, 4, 3, 2, 4, 3], [0, 3, 2, 3, 4, 3, 2, 3]]),
             TPQ // 2, 62, -1)
    add_notes(rng, pno, melody_notes(rng, h, bars, bar_len, 0.7), 88)
    ending(pno, h, bars, bar_len, 0, 80)
    return tempo, 4, [pno], None


def style_strings_pad(rng, h, seconds):
    tempo = rng.choice([56, 63, 70])
    bar_len, bars = 4 * TPQ, bars_for(seconds, tempo, 4)
    strings = Part(0, rng.choice([48, 49]), 105, reverb=90)
    block_chords(rng, strings, h, bars, bar_len, [(0, 4)], 72, 0, 3)
    pad = Part(1, rng.choice([89, 88, 91]), 80, pan=30, reverb=90)
    block_chords(rng, pad, h, bars, bar_len, [(0, 4)], 60, -1, 3)
    cello = Part(2, 42, 95, pan=90)
    bass_line(rng, cello, h, bars, bar_len, [(0, 2, 12), (2, 2, 19)], 75)
    violin = Part(3, rng.choice([40, 41, 73]), 100, pan=50, reverb=80)
    add_notes(rng, violin, melody_notes(rng, h, bars, bar_len, 0.3, 1), 85, 1.0)
    ending(strings, h, bars, bar_len, 0, 70)
    return tempo, 4, [strings, pad, cello, violin], None


def style_guitar_arp(rng, h, seconds):
    tempo = rng.choice([76, 84, 92, 100])
    bar_len, bars = 4 * TPQ, bars_for(seconds, tempo, 4)
    gtr = Part(0, rng.choice([24, 25]), 115, reverb=50)
    arpeggio(rng, gtr, h, bars, bar_len, rng.choice([[0, 2, 3, 1, 4, 2, 3, 1], [0, 3, 1, 4, 0, 3, 2, 4]]),
             TPQ // 2, 78, -1)
    parts = [gtr]
    if rng.random() < 0.6:
        lead = Part(1, rng.choice([24, 25, 73, 22]), 95, pan=80)
        add_notes(rng, lead, melody_notes(rng, h, bars, bar_len, 0.6), 85)
        parts.append(lead)
    ending(gtr, h, bars, bar_len, -1, 80)
    return tempo, 4, parts, None


def style_electronic(rng, h, seconds):
    tempo = rng.choice([118, 124, 128, 140])
    bar_len, bars = 4 * TPQ, bars_for(seconds, tempo, 4)
    dr = Part(9, 0, 115)
    drums(rng, dr, bars, bar_len, {36: [0, 4, 8, 12], 39: [4, 12], 42: [2, 6, 10, 14],
                                   46: [6, 14], 70: list(range(16))}, 90, 16)
    bass = Part(1, rng.choice([38, 39, 87]), 110)
    bass_line(rng, bass, h, bars, bar_len, [(i / 4, 0.2, [0, 0, 12, 0][i % 4]) for i in range(16)], 95)
    arp = Part(2, rng.choice([81, 80, 84]), 80, pan=30)
    arpeggio(rng, arp, h, bars, bar_len, [1, 2, 3, 4, 5, 6, 5, 4], TPQ // 4, 70, 0)
    pad = Part(3, rng.choice([90, 95, 94]), 80, pan=100, reverb=90)
    block_chords(rng, pad, h, bars, bar_len, [(0, 4)], 65, 0, 4)
    lead = Part(4, rng.choice([80, 81, 82, 62]), 90)
    add_notes(rng, lead, melody_notes(rng, h, bars, bar_len, 0.9), 95)
    return tempo, 4, [dr, bass, arp, pad, lead], None


def style_waltz(rng, h, seconds):
    tempo = rng.choice([144, 160, 176])
    bar_len, bars = 3 * TPQ, bars_for(seconds, tempo, 3)
    bass = Part(0, rng.choice([32, 43]), 100)
    bass_line(rng, bass, h, bars, bar_len, [(0, 1, 12)], 90)
    acc = Part(1, rng.choice([21, 0, 45, 46]), 85, pan=80)
    block_chords(rng, acc, h, bars, bar_len, [(1, 0.8), (2, 0.8)], 70, 0, 3)
    lead = Part(2, rng.choice([73, 40, 71, 68]), 100, pan=50, reverb=60)
    add_notes(rng, lead, melody_notes(rng, h, bars, bar_len, 0.7), 95)
    ending(acc, h, bars, bar_len, 0, 80)
    return tempo, 3, [bass, acc, lead], None


def style_jazz(rng, h, seconds):
    tempo = rng.choice([110, 132, 150, 168])
    bar_len, bars = 4 * TPQ, bars_for(seconds, tempo, 4)
    dr = Part(9, 0, 95)
    sw = TPQ * 2 // 3  # swung offbeat
    for bar in range(bars):
        for beat in range(4):
            t = bar * bar_len + beat * TPQ
            dr.note(t, TPQ // 4, 51, 80 + rng.randint(-8, 8))
            if beat in (1, 3):
                dr.note(t + sw, TPQ // 4, 51, 65 + rng.randint(-8, 8))
                dr.note(t, TPQ // 4, 44, 70)
    bass = Part(1, 32, 110)
    walking_bass(rng, bass, h, bars, bar_len, 92)
    pno = Part(2, 0, 85, pan=90)
    block_chords(rng, pno, h, bars, bar_len, [(0.0, 0.6), (1.66, 0.4), (3.0, 0.6)], 62, 0, 4)
    sax = Part(3, rng.choice([65, 66, 56, 57]), 100, pan=40, reverb=50)
    add_notes(rng, sax, melody_notes(rng, h, bars, bar_len, 0.9, 1, swing=True), 95)
    return tempo, 4, [dr, bass, pno, sax], None


def style_choir_ballad(rng, h, seconds):
    """Singing-like content: choir/voice 'aah' lead over piano and strings.
    The same melody is returned for Festival to sing."""
    tempo = rng.choice([72, 80, 88])
    bar_len, bars = 4 * TPQ, bars_for(seconds, tempo, 4)
    pno = Part(0, 0, 90, reverb=70)
    arpeggio(rng, pno, h, bars, bar_len, [0, 2, 3, 4, 3, 2, 3, 4], TPQ // 2, 55, -1)
    strings = Part(1, 49, 80, pan=90, reverb=90)
    block_chords(rng, strings, h, bars, bar_len, [(0, 4)], 55, 0, 3)
    voice = Part(2, rng.choice([52, 53, 54]), 110, pan=64, reverb=80)
    mel = melody_notes(rng, h, bars, bar_len, 0.45, 0)
    add_notes(rng, voice, mel, 100, 1.0)
    ending(pno, h, bars, bar_len, 0, 70)
    return tempo, 4, [pno, strings, voice], mel


def style_folk_reel(rng, h, seconds):
    tempo = rng.choice([108, 116, 124])
    bar_len, bars = 4 * TPQ, bars_for(seconds, tempo, 4)
    fiddle = Part(0, 40, 105, pan=40, reverb=40)
    notes = []
    for bar in range(bars):  # running eighths around the chord
        ch = h.chord(bar)
        for i in range(8):
            d = ch[rng.randrange(3)] + 7 + rng.choice([0, 0, 1, -1])
            notes.append((bar * bar_len + i * TPQ // 2, TPQ // 2, h.degree_pitch(d)))
    add_notes(rng, fiddle, notes, 92, 0.85)
    gtr = Part(1, 25, 90, pan=90)
    block_chords(rng, gtr, h, bars, bar_len, [(0, 0.5), (1, 0.5), (1.5, 0.5), (2, 0.5), (3, 0.5), (3.5, 0.5)],
                 70, -1, 3)
    bass = Part(2, 32, 100)
    bass_line(rng, bass, h, bars, bar_len, [(0, 1, 0), (2, 1, 7)], 88)
    dr = Part(9, 0, 80)
    drums(rng, dr, bars, bar_len, {41: [0, 8], 54: [4, 12], 69: list(range(0, 16, 2))}, 75, 8)
    return tempo, 4, [fiddle, gtr, bass, dr], None


STYLES = {
    "pop_rock": style_pop_rock,
    "solo_piano": style_solo_piano,
    "strings_pad": style_strings_pad,
    "guitar_arp": style_guitar_arp,
    "electronic": style_electronic,
    "waltz": style_waltz,
    "jazz": style_jazz,
    "choir_ballad": style_choir_ballad,
    "folk_reel": style_folk_reel,
}


def bars_for(seconds, tempo, beats_per_bar):
    return max(2, int(seconds * tempo / 60 / beats_per_bar + 0.999))


# ------------------------------------------------------------------ singing markup

SYLLABLES = ["la", "ah", "oh", "na", "day", "way", "low", "home", "you", "sky", "my", "so"]


def singing_xml(rng, mel, tempo):
    """Festival singing-mode XML of the melody (seconds and Hz, no note names)."""
    sec_per_tick = 60.0 / tempo / TPQ
    out = ['<?xml version="1.0"?>',
           '<!DOCTYPE SINGING PUBLIC "-//SINGING//DTD SINGING mark up//EN" "Singing.v0_1.dtd" []>',
           '<SINGING BPM="60">']
    now = 0
    for tick, dur, pitch in mel:
        if tick > now:
            out.append('<REST SECONDS="%.3f"></REST>' % ((tick - now) * sec_per_tick))
        freq = 440.0 * 2 ** ((pitch - 69) / 12.0)
        out.append('<DURATION SECONDS="%.3f"><PITCH FREQ="%.2f">%s</PITCH></DURATION>'
                   % (dur * sec_per_tick, freq, rng.choice(SYLLABLES)))
        now = tick + dur
    out.append("</SINGING>")
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------ main


def main(argv):
    if len(argv) != 5 or argv[2] not in STYLES:
        sys.exit("usage: make_midi.py OUT_BASE STYLE SEED SECONDS\nstyles: " + " ".join(STYLES))
    out, style, seed, seconds = argv[1], argv[2], int(argv[3]), float(argv[4])
    rng = random.Random("%s-%d" % (style, seed))
    mode = "minor" if rng.random() < 0.4 else "major"
    root = 57 + rng.randrange(8)  # A3 .. E4
    h = Harmony(rng, root, mode)
    tempo, bpb, parts, mel = STYLES[style](rng, h, seconds)
    tracks = [tempo_track(tempo, bpb)] + [p.events for p in parts]
    with open(out + ".mid", "wb") as f:
        f.write(midi_file(tracks))
    if mel is not None:
        # Sing an octave down for a low voice when the melody sits high.
        with open(out + ".sing.xml", "w") as f:
            f.write(singing_xml(rng, [(t, d, p - 12) for t, d, p in mel], tempo))
    names = "C C# D Eb E F F# G Ab A Bb B".split()
    print("%s %d %.1f %s-%s" % (style, tempo, bars_for(seconds, tempo, bpb) * bpb * 60 / tempo,
                                names[root % 12], mode))


if __name__ == "__main__":
    main(sys.argv)

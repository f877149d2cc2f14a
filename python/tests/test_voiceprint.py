"""Issue 20 in Python: the voiceprint with numpy arrays in and out; prepare()/check() take like=."""

import shutil
import subprocess

import pytest

import voxclone

np = pytest.importorskip("numpy")


def note(testdata, name):
    return testdata / "like" / name


def test_voiceprint_from_a_path_and_from_numpy(testdata):
    v = voxclone.voiceprint(note(testdata, "ked_note.opus"))
    a = v.to_array()
    assert a.dtype == np.float64 and a.shape == (167,)
    assert v.mean.shape == v.spread.shape == v.piece_spread.shape == (13,)
    assert v.cepstrum_mean.shape == v.cepstrum_spread.shape == v.delta_spread.shape == (19,)
    assert v.version == 2
    # Every voiced frame is in the pitch histogram (1/24 octave bins from 60 Hz), and most of a
    # man's synthetic voice lies in 70-200 Hz: bins 6-40 (94 % of ked_note's frames; the rest are
    # the pitch tracker's octave slips).
    h = v.pitch_histogram
    assert h.shape == (68,) and h.sum() == a[0]
    assert h[6:41].sum() > 0.8 * h.sum()
    assert (v.delta_spread > 0).all() and (v.cepstrum_spread > 0).all()
    assert 3.0 < v.speech_seconds < 11.2
    raw = subprocess.run([shutil.which("ffmpeg") or "ffmpeg", "-v", "error", "-i",
                          str(note(testdata, "ked_note.opus")), "-f", "f32le", "-ac", "1", "-ar", "24000", "-"],
                         check=True, capture_output=True).stdout
    pcm = voxclone.voiceprint(np.frombuffer(raw, dtype=np.float32), sample_rate=24000)
    # The same voice, decoded by another decoder: the same person by far.
    assert v.similarity(pcm) > 0.9


def test_same_voice_scores_higher_than_another(testdata):
    ked = voxclone.voiceprint(note(testdata, "ked_note.opus"))
    ked2 = voxclone.voiceprint(note(testdata, "ked_note2.opus"))
    slt = voxclone.voiceprint(note(testdata, "slt_note.opus"))  # a woman's voice
    assert ked.similarity(ked2) >= voxclone.SAME_PERSON_SCORE > max(ked.similarity(slt), ked2.similarity(slt))
    pooled = ked.pooled(ked2)
    assert pooled.to_array()[0] == ked.to_array()[0] + ked2.to_array()[0]


def test_arrays_and_json_round_trip_and_are_checked(testdata):
    v = voxclone.voiceprint(note(testdata, "rms_note.opus"))
    assert voxclone.Voiceprint(v.to_array()) == v
    assert voxclone.voiceprint_from_json(v.to_json()) == v
    bad = v.to_array()
    bad[3 + 13] = -1.0  # a negative spread
    with pytest.raises(voxclone.InvalidArgumentError, match="negative"):
        voxclone.Voiceprint(bad)
    with pytest.raises(voxclone.InvalidArgumentError):
        voxclone.Voiceprint(np.zeros(5))
    with pytest.raises(voxclone.InvalidArgumentError, match="version 9"):
        voxclone.voiceprint_from_json(v.to_json().replace('"version":2', '"version":9'))
    # An older voxclone's voiceprint (format 1: the first 42 numbers) is read and compared.
    old = voxclone.Voiceprint(v.to_array()[:42])
    assert old.version == 1 and '"version":1' in old.to_json()
    assert voxclone.voiceprint_from_json(old.to_json()) == old
    assert 0.9 < old.similarity(v) <= 1.0
    with pytest.raises(TypeError):
        v.similarity("me.wav")


def test_prepare_and_check_keep_the_voice_like_the_example(testdata):
    ked = voxclone.voiceprint(note(testdata, "ked_note.opus"))
    s = voxclone.prepare(testdata / "voice" / "interview2.opus", like=ked)
    m = s.report.match
    assert m.example == "the example"
    assert m.speaker == s.report.content.kept_speaker
    assert m.score >= voxclone.SAME_PERSON_SCORE and m.next_score < m.score
    by_path = voxclone.check(testdata / "voice" / "interview2.opus", like=note(testdata, "rms_note.opus"))
    assert by_path.match.example.endswith("rms_note.opus")
    assert by_path.match.speaker != m.speaker  # the other voice


def test_like_refusals_are_named(testdata):
    with pytest.raises(voxclone.InvalidArgumentTypeError, match="like=42"):
        voxclone.check(testdata / "voice" / "interview2.opus", like=42)
    with pytest.raises(voxclone.InvalidArgumentError, match="like"):
        voxclone.check(testdata / "voice" / "interview2.opus", like=note(testdata, "rms_note.opus"), speaker=1)
    with pytest.raises(voxclone.NoSpeechError):
        voxclone.voiceprint(testdata / "room_tone.flac")


def test_a_long_example_is_measured_on_its_first_minute(testdata):
    # interview2 (fest-ked talks most), then fest-slt's note looped: 150 s whose first minute
    # is fest-ked's and whose whole is slt's (a woman). The default reads the first minute only.
    raw = subprocess.run([shutil.which("ffmpeg") or "ffmpeg", "-v", "error",
                          "-i", str(testdata / "voice" / "interview2.opus"),
                          "-stream_loop", "12", "-i", str(note(testdata, "slt_note.opus")),
                          "-filter_complex", "[0:a][1:a]concat=n=2:v=0:a=1,atrim=0:150[a]", "-map", "[a]",
                          "-f", "f32le", "-ac", "1", "-ar", "24000", "-"],
                         check=True, capture_output=True).stdout
    pcm = np.frombuffer(raw, dtype=np.float32)
    v = voxclone.voiceprint(pcm, sample_rate=24000)
    first = voxclone.voiceprint(pcm[:60 * 24000], sample_rate=24000, read_seconds=0)
    whole = voxclone.voiceprint(pcm, sample_rate=24000, read_seconds=0)
    assert v == first
    assert v != whole
    ked, slt = voxclone.voiceprint(note(testdata, "ked_note.opus")), voxclone.voiceprint(note(testdata, "slt_note.opus"))
    assert v.similarity(ked) >= voxclone.SAME_PERSON_SCORE > v.similarity(slt)
    assert whole.similarity(slt) >= voxclone.SAME_PERSON_SCORE > whole.similarity(ked)
    with pytest.raises(voxclone.InvalidArgumentError, match="read_seconds"):
        voxclone.voiceprint(pcm, sample_rate=24000, read_seconds=-1)


def test_an_example_measured_beside_the_input_decides_and_fails_as_one_measured_first(testdata):
    # like= a path: with threads to spare the example is measured on a thread beside the input's
    # work (session 17); with one, first, as before. The same sample, and the same errors.
    inp = testdata / "voice" / "interview2.opus"
    path = note(testdata, "rms_note.opus")
    first = voxclone.prepare(inp, like=path, threads=1)
    beside = voxclone.prepare(inp, like=path, threads=2)
    assert first.data == beside.data
    assert first.report.match.score == beside.report.match.score
    assert beside.report.match.example == str(path)
    for bad in (testdata / "room_tone.flac", note(testdata, "absent.opus")):
        with pytest.raises(voxclone.VoxcloneError) as alone:
            voxclone.voiceprint(bad)
        for threads in (1, 2):
            with pytest.raises(type(alone.value)) as e:
                voxclone.prepare(inp, like=bad, threads=threads)
            assert str(e.value) == str(alone.value)
            with pytest.raises(type(alone.value)) as e:
                voxclone.check(inp, like=bad, threads=threads)
            assert str(e.value) == str(alone.value)
            assert e.value.report is None

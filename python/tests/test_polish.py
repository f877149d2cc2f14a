"""Issue 23: the Python package as people who know the CLI and the SDKs use it: the CLI's units
and time forms, errors that name the keyword, the sample types numpy arrays come in, file
objects, check()'s report on a recording that will not do, stream=, and a tidy dir()."""

import io
import shutil
import subprocess

import pytest

import voxclone

np = pytest.importorskip("numpy")


def decode(path, fmt, dtype, rate=24000, channels=1):
    raw = subprocess.run([shutil.which("ffmpeg") or "ffmpeg", "-v", "error", "-i", str(path), "-f", fmt,
                          "-ac", str(channels), "-ar", str(rate), "-"],
                         check=True, capture_output=True).stdout
    a = np.frombuffer(raw, dtype=dtype)
    return a if channels == 1 else a.reshape(-1, channels)


def test_mp3_bitrate_is_in_kbps_as_on_the_command_line(testdata):
    low = voxclone.prepare(testdata / "speech_long.flac", format="mp3", mp3_bitrate=48)
    high = voxclone.prepare(testdata / "speech_long.flac", format="mp3", mp3_bitrate=128)
    for s, kbps in ((low, 48), (high, 128)):
        measured = len(s.data) * 8 / s.duration_seconds / 1000
        assert abs(measured - kbps) < 0.1 * kbps, (kbps, measured)
    with pytest.raises(voxclone.InvalidArgumentError) as e:
        voxclone.prepare(testdata / "clip.flac", format="mp3", mp3_bitrate=128000)
    assert "kb/s" in e.value.message and "128000" in e.value.message


def test_errors_name_the_keyword_not_a_cli_flag(testdata):
    with pytest.raises(voxclone.InvalidArgumentError) as e:
        voxclone.prepare(testdata / "clip.flac", min_seconds=5000)
    assert "min_seconds=5000" in e.value.message and "--" not in e.value.message, e.value.message
    with pytest.raises(voxclone.InvalidArgumentError) as e:
        voxclone.prepare(testdata / "clip.flac", format="mp3", mp3_bitrate=100)
    assert "mp3_bitrate=100" in e.value.message and "--" not in e.value.message, e.value.message
    with pytest.raises(voxclone.InvalidArgumentError) as e:
        voxclone.check(testdata / "clip.flac", start=20, end=10)
    assert "end=10" in e.value.message and "start=20" in e.value.message, e.value.message
    assert str(e.value) == e.value.message


def test_times_as_the_cli_takes_them_and_wrong_types_named(testdata):
    by_number = voxclone.check(testdata / "speech_long.flac", start=20, end=60)
    by_clock = voxclone.check(testdata / "speech_long.flac", start="0:20", end="1:00")
    assert by_number.window.start_seconds == by_clock.window.start_seconds
    assert 20 <= by_clock.window.start_seconds and by_clock.window.end_seconds <= 60
    with pytest.raises(voxclone.InvalidArgumentError) as e:
        voxclone.check(testdata / "clip.flac", start="1:x")
    assert "start='1:x'" in e.value.message and "mm:ss" in e.value.message
    for kw, value, words in (("min_seconds", "ten", "expected a number"),
                             ("speaker", 1.5, "expected a whole number"),
                             ("keep_pauses", "yes", "expected True or False")):
        with pytest.raises(voxclone.InvalidArgumentError) as e:
            voxclone.check(testdata / "clip.flac", **{kw: value})
        assert e.value.message.startswith(f"{kw}={value!r}: {words}"), e.value.message
        assert "Unable to cast" not in e.value.message


def test_numpy_sample_types_each_at_their_full_scale(testdata):
    path = testdata / "speech_long.flac"
    ref = voxclone.check(decode(path, "s16le", np.int16), sample_rate=24000)
    i32 = voxclone.check(decode(path, "s32le", np.int32), sample_rate=24000)
    f32 = voxclone.check(decode(path, "f32le", np.float32), sample_rate=24000)
    f64 = voxclone.check(decode(path, "f64le", np.float64), sample_rate=24000)
    for r in (i32, f32, f64):
        assert abs(r.window.start_seconds - ref.window.start_seconds) < 0.05
        assert abs(r.analysis.speech_seconds - ref.analysis.speech_seconds) < 0.5
        assert abs(r.loudness.before.integrated_lufs - ref.loudness.before.integrated_lufs) < 0.1
    for dtype in (np.uint8, np.int8, np.int64, np.float16):
        with pytest.raises(voxclone.InvalidArgumentError) as e:
            voxclone.check(np.zeros(24000 * 12, dtype=dtype), sample_rate=24000)
        assert np.dtype(dtype).name in e.value.message and "int16, int32, float32 or float64" in e.value.message


def test_file_objects(testdata, tmp_path):
    data = (testdata / "clip.m4a").read_bytes()
    from_bytes = voxclone.check(data)
    from_buffer = voxclone.check(io.BytesIO(data))
    with open(testdata / "clip.m4a", "rb") as f:
        from_file = voxclone.prepare(f)
    assert from_buffer.window.start_seconds == from_bytes.window.start_seconds
    assert from_file.report.input.name.endswith("clip.m4a")
    with open(testdata / "clip.m4a", "r", encoding="latin-1") as text:
        with pytest.raises(TypeError, match="binary mode"):
            voxclone.check(text)


def test_check_of_an_unusable_recording_carries_the_report(testdata):
    with pytest.raises(voxclone.TooLittleSpeechError) as e:
        voxclone.check(testdata / "speech_short.flac")
    r = e.value.report
    assert r is not None
    assert r.input.name.endswith("speech_short.flac")
    assert 0 < r.analysis.speech_seconds < 10
    assert r.content.timeline and r.content.timeline[0].kind
    with pytest.raises(voxclone.NoSpeechError) as e:
        voxclone.check(testdata / "room_tone.flac")
    assert e.value.report is not None and e.value.report.analysis.speech_seconds < 1


def test_stream_as_on_the_command_line(testdata):
    mkv = testdata / "clip.mkv"  # #0 stereo speech, #1 mono room tone
    assert voxclone.check(mkv, stream=0).input.stream_index == 0
    assert voxclone.check(mkv, stream="a:0").input.stream_index == 0
    with pytest.raises(voxclone.NoSpeechError) as e:
        voxclone.check(mkv, stream="a:1")
    assert e.value.report.input.stream_index == 1
    with pytest.raises(voxclone.InvalidArgumentError) as e:
        voxclone.check(mkv, stream="x:1")
    assert e.value.message.startswith("stream='x:1'")


def test_dir_shows_the_package_not_its_imports():
    names = dir(voxclone)
    for leaked in ("Any", "Optional", "Union", "os", "dataclass", "Callable", "List", "Tuple"):
        assert leaked not in names
    for public in voxclone.__all__:
        assert public in names

"""prepare()/check() from a path, bytes and numpy; the report; save; errors; progress; Ctrl-C."""

import os
import signal
import shutil
import subprocess
import threading
import time

import pytest

import voxclone

np = pytest.importorskip("numpy")


def decode_pcm(path, rate, channels, fmt="f32le"):
    raw = subprocess.run([shutil.which("ffmpeg") or "ffmpeg", "-v", "error", "-i", str(path), "-f", fmt,
                          "-ac", str(channels), "-ar", str(rate), "-"],
                         check=True, capture_output=True).stdout
    dtype = np.float32 if fmt == "f32le" else np.int16
    a = np.frombuffer(raw, dtype=dtype)
    return a if channels == 1 else a.reshape(-1, channels)


def test_prepare_from_path(testdata, mp3_sample, tmp_path):
    s = mp3_sample
    assert s.format == "mp3"
    data = s.data
    assert len(data) == len(s) == s.report.output.bytes
    # An MPEG audio frame sync (0xFFE) at the start, or an ID3 tag.
    assert data[:3] == b"ID3" or (data[0] == 0xFF and data[1] & 0xE0 == 0xE0)
    r = s.report
    assert r.input.name.endswith("speech_long.flac")
    assert r["input"]["sample_rate"] == r.input.sample_rate > 0
    assert 10.0 <= r.output.duration_seconds <= 30.5
    assert 10.0 <= s.duration_seconds <= 30.5
    w = r.window
    assert 0 <= w.start_seconds < w.end_seconds <= r.input.duration_seconds + 0.01
    assert w.pieces and w.pieces[0][0] >= w.start_seconds - 1e-3 and w.pieces[-1][1] <= w.end_seconds + 1e-3
    assert abs(r.loudness.after.integrated_lufs - (-20.0)) < 0.6
    assert r.loudness.after.true_peak_dbtp <= -2.0 + 0.3
    # The content timeline and speakers, as the CLI's --json gives them.
    assert r.content.timeline and r.content.timeline[0].start_seconds == 0
    assert {t.kind for t in r.content.timeline} <= {"silence", "speech", "music", "speech_over_music", "other"}
    assert r.content.speakers[0].speaker == 1
    assert isinstance(r.to_dict()["content"]["timeline"], list)
    # save: atomic, and never over an existing file unless asked.
    out = tmp_path / "me.mp3"
    s.save(out)
    assert out.read_bytes() == data
    with pytest.raises(voxclone.OutputFailedError) as e:
        s.save(out)
    assert "exists" in e.value.message and e.value.category == "output_failed"
    s.save(out, overwrite=True)


def test_prepare_from_bytes_matches_path(testdata, mp3_sample):
    blob = (testdata / "speech_long.flac").read_bytes()
    s = voxclone.prepare(blob, format="mp3", name="talk.flac")
    assert s.report.input.name == "talk.flac"
    assert s.report.window.to_dict() == mp3_sample.report.window.to_dict()
    assert abs(len(s) - len(mp3_sample)) < 2048


def test_prepare_from_numpy(testdata, mp3_sample):
    stereo = decode_pcm(testdata / "speech_long.flac", 48000, 2)
    s = voxclone.prepare(stereo, sample_rate=48000, format="wav")
    r = s.report
    assert (r.input.sample_rate, r.input.channels) == (48000, 2)
    assert abs(r.input.duration_seconds - stereo.shape[0] / 48000) < 0.01
    assert s.data[:4] == b"RIFF" and s.data[8:12] == b"WAVE"
    # The same speech is found as from the file.
    ref = mp3_sample.report.window
    assert abs(r.window.start_seconds - ref.start_seconds) < 0.5
    assert abs(r.window.end_seconds - ref.end_seconds) < 0.5
    mono16 = decode_pcm(testdata / "speech_long.flac", 16000, 1, "s16le")
    s16 = voxclone.prepare(mono16, sample_rate=16000, format="pcm")
    assert (s16.report.input.sample_rate, s16.report.input.channels) == (16000, 1)
    assert len(s16) == s16.report.output.bytes and len(s16) % 2 == 0
    assert abs(len(s16) / 48000 - s16.report.output.duration_seconds) < 0.01
    f64 = voxclone.prepare(stereo[:, 0].astype(np.float64), sample_rate=48000)
    assert f64.report.input.channels == 1


def test_check(testdata, mp3_sample):
    r = voxclone.check(testdata / "speech_long.flac")
    assert r.output is None and r.loudness.before is not None
    assert r.window.to_dict() == mp3_sample.report.window.to_dict()


def test_every_voice_has_the_fields_the_library_gives_it(testdata):
    # The report is the CLI's --json: a field the library's Speaker gained (session 24's
    # other_half, the voice a voice split by its turns was heard as one with) is an attribute
    # here too, None for a voice that is no half.
    r = voxclone.check(testdata / "voice" / "interview2.opus")
    assert len(r.content.speakers) >= 2
    for s in r.content.speakers:
        assert set(s) == {"speaker", "talk_seconds", "first_seconds", "pitch_hz", "other_half"}
        assert s.other_half is None


def test_the_stream_with_speech_is_chosen_when_the_default_has_none(testdata):
    # two_streams.mkv: a:0 (the default) is music, a:1 the microphone's speech.
    r = voxclone.check(testdata / "two_streams.mkv")
    assert r.input.stream_index == 1 and r.input.stream_chosen == "auto_speech"
    assert [s.title for s in r.input.audio_stream_list] == ["Desktop audio", "Microphone"]
    assert r.warnings[0].code == "stream_chosen_for_speech"
    assert "stream_chosen_for_speech" in voxclone.warning_codes()
    s = voxclone.prepare((testdata / "two_streams.mkv").read_bytes())  # bytes can be read again
    assert s.report.input.stream_index == 1


@pytest.mark.parametrize("name,cls,category", [
    ("does_not_exist.wav", voxclone.InputNotFoundError, "input_not_found"),
    ("not_audio.wav", voxclone.NotAudioError, "not_audio"),
    ("empty.wav", voxclone.InputUnreadableError, "input_unreadable"),
    ("picture_only.png", voxclone.NoAudioStreamError, "no_audio_stream"),
    ("room_tone.flac", voxclone.NoSpeechError, "no_speech"),
    ("speech_short.flac", voxclone.TooLittleSpeechError, "too_little_speech"),
])
def test_errors_follow_the_library_categories(testdata, name, cls, category):
    with pytest.raises(cls) as e:
        voxclone.prepare(testdata / name)
    assert isinstance(e.value, voxclone.VoxcloneError)
    assert e.value.category == category
    assert name in e.value.message or name in str(e.value)


def test_bad_options(testdata):
    with pytest.raises(voxclone.InvalidArgumentError) as e:
        voxclone.prepare(testdata / "speech_long.flac", max_seconds=1)
    assert isinstance(e.value, ValueError) and "max_seconds=1" in e.value.message
    with pytest.raises(voxclone.InvalidArgumentError):
        voxclone.prepare(testdata / "speech_long.flac", format="flac")
    with pytest.raises(voxclone.InvalidArgumentError, match="sample_rate"):
        voxclone.prepare(np.zeros(48000, dtype=np.float32))
    with pytest.raises(voxclone.InvalidArgumentError, match="sample_rate"):
        voxclone.prepare(np.zeros(48000, dtype=np.float32), sample_rate=0)
    with pytest.raises(voxclone.InvalidArgumentError, match="3-D"):
        voxclone.prepare(np.zeros((2, 2, 2), dtype=np.float32), sample_rate=8000)
    with pytest.raises(voxclone.InvalidArgumentError, match="threads"):
        voxclone.prepare(testdata / "speech_long.flac", threads=-1)
    with pytest.raises(TypeError):
        voxclone.prepare(12345)


def test_progress_and_log_run_on_the_calling_thread(testdata):
    seen, threads, lines = [], set(), []

    def progress(stage, fraction):
        seen.append((stage, fraction))
        threads.add(threading.get_ident())

    voxclone.prepare(testdata / "speech_long.flac", progress=progress, log=lambda lvl, l: lines.append((lvl, l)))
    assert threads == {threading.get_ident()}
    stages = [s for s, _ in seen]
    for stage in ("decode", "analyse", "select", "normalise", "encode", "validate"):
        assert stage in stages
    assert all(0.0 <= f <= 1.0 for _, f in seen)
    assert any("speech:" in l for _, l in lines)
    assert {lvl for lvl, _ in lines} <= {"debug", "info", "warning", "error"}


def test_a_raising_callback_cancels_and_propagates(testdata):
    calls = []

    class Stop(Exception):
        pass

    def progress(stage, fraction):
        calls.append(stage)
        raise Stop()

    with pytest.raises(Stop):
        voxclone.prepare(testdata / "speech_long.flac", progress=progress)
    assert calls[0] == "decode" and len(calls) == 1


@pytest.fixture(scope="module")
def long_recording(tmp_path_factory, testdata):
    """About 40 minutes of speech (the 68 s fixture looped) as FLAC, for a prepare that runs
    long enough to interrupt."""
    out = tmp_path_factory.mktemp("long") / "long.flac"
    subprocess.run(["ffmpeg", "-v", "error", "-stream_loop", "35", "-i", str(testdata / "speech_long.flac"),
                    "-ac", "1", "-ar", "16000", "-c:a", "flac", str(out)], check=True)
    return out


def test_ctrl_c_cancels_within_100_ms(long_recording):
    sent = []

    def interrupt():
        sent.append(time.monotonic())
        os.kill(os.getpid(), signal.SIGINT)

    timer = threading.Timer(0.6, interrupt)
    start = time.monotonic()
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        voxclone.prepare(long_recording, threads=1)
    stopped = time.monotonic()
    timer.join()
    assert sent, "the prepare finished before the interrupt"
    print(f"cancelled {1000 * (stopped - sent[0]):.0f} ms after SIGINT")
    assert stopped - sent[0] < 0.1
    # The interpreter is usable afterwards, and the GIL was free while the work ran: another
    # thread ran Python code meanwhile.
    ticks = []
    stop = threading.Event()

    def ticker():
        while not stop.is_set():
            ticks.append(1)
            time.sleep(0.005)

    t = threading.Thread(target=ticker)
    t.start()
    timer = threading.Timer(0.5, interrupt)
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        voxclone.prepare(long_recording, threads=1)
    stop.set()
    t.join()
    timer.join()
    assert len(ticks) > 40

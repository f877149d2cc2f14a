"""Issue 22: every argument that reaches the C++ core is checked first, and a bad one raises a
ValueError or TypeError that names it (a NUL cut a path short, NaN was accepted, a lone
surrogate raised "RuntimeError: Unable to cast")."""

import math
import os
import pathlib
import shutil

import pytest

import voxclone
from fake_service import TOKEN


def test_a_path_with_a_nul_is_refused_not_cut_short(testdata, tmp_path):
    # "clip.flac\0.txt" used to open clip.flac and succeed.
    with pytest.raises(ValueError, match="source holds a NUL"):
        voxclone.prepare(str(testdata / "clip.flac") + "\0.txt")
    with pytest.raises(ValueError, match="source holds a NUL"):
        voxclone.check(pathlib.Path(str(testdata / "clip.flac") + "\0.txt"))
    with pytest.raises(ValueError, match="path holds a NUL"):
        voxclone.Report.save_plot(voxclone.check(testdata / "clip.flac"), str(tmp_path / "a\0b.svg"))
    assert os.listdir(tmp_path) == []


def test_a_file_name_that_is_not_utf8_still_works(testdata, tmp_path):
    # os.listdir gives such a name as a str with surrogates (surrogateescape).
    odd = os.fsdecode(b"caf\xe9.flac")
    shutil.copy(testdata / "clip.flac", tmp_path / odd)
    report = voxclone.check(tmp_path / odd)
    assert report.analysis.speech_seconds > 10


@pytest.mark.parametrize("name", ["start", "end", "min_seconds", "max_seconds", "loudness",
                                  "true_peak", "speaker_at"])
@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_non_finite_options_are_refused_by_name(testdata, name, value):
    # start=nan was accepted.
    with pytest.raises(ValueError, match=name):
        voxclone.prepare(testdata / "clip.flac", **{name: value})


def test_options_of_the_wrong_type_are_refused_by_name(testdata):
    with pytest.raises(TypeError, match="start"):  # a str is a time ("1:30"); a list is not
        voxclone.check(testdata / "clip.flac", start=[10])
    with pytest.raises(TypeError, match="speaker"):
        voxclone.check(testdata / "clip.flac", speaker=1.5)
    with pytest.raises(TypeError, match="keep_pauses"):
        voxclone.check(testdata / "clip.flac", keep_pauses=1)


@pytest.mark.parametrize("kwargs, name", [
    ({"timeout": math.nan}, "timeout"),
    ({"timeout": 0}, "timeout"),
    ({"connect_timeout": math.inf}, "connect_timeout"),
    ({"max_attempts": 0}, "max_attempts"),
    ({"retry_delay": math.nan}, "retry_delay"),
    ({"retry_delay": -1}, "retry_delay"),
])
def test_client_numbers_are_checked(kwargs, name):
    with pytest.raises(ValueError, match=name):
        voxclone.Client(token="t", base_url="http://127.0.0.1:9", **kwargs)
    with pytest.raises(TypeError, match="max_attempts"):
        voxclone.Client(token="t", base_url="http://127.0.0.1:9", max_attempts=2.5)


def test_a_lone_surrogate_is_a_value_error_naming_the_argument(fake):
    with pytest.raises(ValueError, match="token is not valid text"):
        voxclone.Client(token="abc\udcff", base_url=fake.base_url)
    client = voxclone.Client(token=TOKEN, base_url=fake.base_url)
    with pytest.raises(ValueError, match="name is not valid text"):
        client.clone(b"RIFF", "me\ud800", format="wav")
    with pytest.raises(ValueError, match="text is not valid text"):
        client.speak("hi\udc80", "v1")
    with pytest.raises(ValueError, match="state is not valid text"):
        client.list_voices(state="\ud800")
    assert len(fake.requests) == 0

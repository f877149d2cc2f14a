"""The verdict from Python: the same as `voxclone check`'s for the same options, on the report
of check() and prepare(); Client.clone refuses a Sample whose verdict is refuse (no request
reaches the service) unless force=True; bytes carry no verdict."""

import json
import os
import subprocess

import pytest

import voxclone
from fake_service import TOKEN


def noisy_intro_clean_start(testdata):
    """Where the quiet room's first sentence starts, less half a second (testdata/README.md, 25)."""
    with open(testdata / "noisy_intro.labels.tsv") as f:
        starts = [float(line.split("\t")[0]) for line in f]
    return starts[1] - 0.5


def cli_verdict(path, *args):
    cli = os.environ.get("VOXCLONE_CLI")
    if not cli:
        pytest.skip("VOXCLONE_CLI is not set (run through ctest)")
    r = subprocess.run([cli, "check", str(path), "--json", *args], capture_output=True, text=True)
    return r.returncode, json.loads(r.stdout)["results"][0]["report"]["verdict"]


def test_a_loud_intro_cut_away_is_usable_as_the_cli_says(testdata):
    path = testdata / "noisy_intro.opus"
    start = noisy_intro_clean_start(testdata)
    for kw, args in (({}, ()), ({"start": start}, ("--start", repr(start)))):
        report = voxclone.check(path, **kw)
        assert report.analysis.snr_db < 15  # the whole input, intro included
        assert report.window.snr_db > 35  # the kept speech
        assert report.verdict.verdict == "usable"
        assert report.verdict.reasons == []
        assert voxclone.prepare(path, **kw).report.verdict.verdict == "usable"
        code, verdict = cli_verdict(path, *args)
        assert code == 0 and verdict == report.verdict.to_dict()


def test_a_refused_sample_is_not_sent_unless_forced(fake, testdata):
    sample = voxclone.prepare(testdata / "voice" / "babble.opus", format="mp3")
    v = sample.report.verdict
    assert v.verdict == "refuse"
    blocking = [r.code for r in v.reasons if r.blocks]
    assert blocking == ["background_voices", "high_noise_floor"]
    code, cli = cli_verdict(testdata / "voice" / "babble.opus")
    assert code == 5 and cli == v.to_dict()

    client = voxclone.Client(token=TOKEN, base_url=fake.base_url)
    with pytest.raises(voxclone.BadVoiceError) as e:
        client.clone(sample, "me")
    err = e.value
    assert isinstance(err, voxclone.VoxcloneError) and not isinstance(err, voxclone.ServiceError)
    assert err.category == "bad_voice" and err.codes == blocking
    assert "background_voices" in err.message and "force=True" in err.message
    assert "CloneSafety" not in err.message  # Python's words, not C++'s
    assert err.may_have_been_billed is False
    assert fake.requests == []

    r = client.clone(sample, "me", force=True)
    assert r.voice_id and len(fake.requests) == 1 and fake.requests[0].violations == []
    # Bytes carry no report: they are sent as they are.
    client.clone(sample.data, "me", format="mp3")
    assert len(fake.requests) == 2


def test_a_usable_sample_is_sent(fake, mp3_sample):
    assert mp3_sample.report.verdict.verdict in ("usable", "usable_with_warnings")
    client = voxclone.Client(token=TOKEN, base_url=fake.base_url)
    assert client.clone(mp3_sample, "me").voice_id
    assert len(fake.requests) == 1

"""Client against a local server speaking the contract: every test asserts the exact requests."""

import json

import pytest

import voxclone
from fake_service import AUDIO, TOKEN, Reply


def test_clone_sends_one_contract_request(fake, mp3_sample):
    client = voxclone.Client(token=TOKEN, base_url=fake.base_url)
    r = client.clone(mp3_sample, "my voice", language="en", description="test")
    assert r.voice_id == "7426720361733144585" and r.attempts == 1
    assert len(fake.requests) == 1
    req = fake.requests[0]
    assert (req.method, req.path) == ("POST", "/v1/audio/voices/clone")
    assert req.violations == []
    assert req.field("voice_name") == "my voice"
    assert req.field("audio_format") == "mp3"
    assert req.field("language") == "en"
    assert req.field("description") == "test"
    assert req.field("text") is None and req.field("voice_id") is None
    files = [p for p in req.parts if p.name == "file"]
    assert len(files) == 1 and files[0].content == mp3_sample.data
    assert r.log_id == "20261122fake0001"


def test_clone_from_bytes_needs_a_format(fake, mp3_sample):
    client = voxclone.Client(token=TOKEN, base_url=fake.base_url)
    with pytest.raises(voxclone.InvalidArgumentError, match="format"):
        client.clone(mp3_sample.data, "me")
    r = client.clone(mp3_sample.data, "me", format="mp3")
    assert r.voice_id
    assert len(fake.requests) == 1 and fake.requests[0].violations == []


def test_refused_token_is_an_auth_error_with_the_service_fields(fake, mp3_sample):
    fake.script = [Reply(status=401)]
    client = voxclone.Client(token=TOKEN, base_url=fake.base_url)
    with pytest.raises(voxclone.AuthError) as e:
        client.clone(mp3_sample, "me")
    err = e.value
    assert isinstance(err, voxclone.ServiceError) and err.category == "auth"
    assert err.code == 4100 and err.http_status == 401
    assert err.log_id == "20261122fake0001" and err.log_id in err.message
    assert err.may_have_been_billed is False
    assert TOKEN not in str(err) and TOKEN not in repr(client)
    assert len(fake.requests) == 1  # never retried


def test_server_error_on_clone_may_have_been_billed_and_is_not_resent(fake, mp3_sample):
    fake.script = [Reply(status=500)]
    client = voxclone.Client(token=TOKEN, base_url=fake.base_url)
    with pytest.raises(voxclone.OutcomeUnknownError) as e:
        client.clone(mp3_sample, "me")
    assert e.value.may_have_been_billed is True and e.value.code == 5000
    assert "list your voices" in e.value.message
    assert len(fake.requests) == 1


def test_busy_is_retried_as_the_service_asks(fake, mp3_sample):
    fake.script = [Reply(status=429, headers={"Retry-After": "0"})]
    client = voxclone.Client(token=TOKEN, base_url=fake.base_url, retry_delay=0.01)
    r = client.clone(mp3_sample, "me")
    assert r.voice_id and len(fake.requests) == 2 and r.attempts == 2
    assert all(q.violations == [] for q in fake.requests)


def test_rejected_code_in_a_200_answer(fake, mp3_sample):
    fake.script = [Reply(status=200, body={"code": 1109, "msg": "WERError", "detail": {"logid": "L1109"}})]
    client = voxclone.Client(token=TOKEN, base_url=fake.base_url)
    with pytest.raises(voxclone.RejectedError) as e:
        client.clone(mp3_sample, "me", text="not what it says")
    assert e.value.code == 1109 and e.value.log_id == "L1109"
    assert fake.requests[0].field("text") == "not what it says" and len(fake.requests) == 1


def test_fields_are_checked_before_sending(fake, mp3_sample):
    client = voxclone.Client(token=TOKEN, base_url=fake.base_url)
    with pytest.raises(voxclone.InvalidArgumentError):
        client.clone(mp3_sample, "x" * 129)
    with pytest.raises(voxclone.InvalidArgumentError):
        client.clone(mp3_sample, "me", language="fr")
    assert fake.requests == []


def test_plain_http_is_refused_except_to_loopback(fake):
    with pytest.raises(voxclone.InvalidArgumentError):
        voxclone.Client(token=TOKEN, base_url="http://example.com")
    with pytest.raises(voxclone.InvalidArgumentError, match="COZE_API_TOKEN"):
        voxclone.Client(token="", base_url=fake.base_url)
    assert fake.requests == []


def test_list_voices_reads_every_page(fake):
    client = voxclone.Client(token=TOKEN, base_url=fake.base_url)
    voices = client.list_voices(page_size=2)
    assert [v.voice_id for v in voices] == [v["voice_id"] for v in fake.voices]
    assert voices[0].available_training_times == 10 and voices[0].state == "cloned"
    assert len(fake.requests) == 2
    assert [q.query["page_num"] for q in fake.requests] == ["1", "2"]
    assert all(q.method == "GET" and q.path == "/v1/audio/voices" and q.violations == [] for q in fake.requests)
    assert fake.requests[0].query["page_size"] == "2"
    assert fake.requests[0].query.get("voice_state") == "cloned"


def test_speak(fake, tmp_path):
    client = voxclone.Client(token=TOKEN, base_url=fake.base_url)
    sp = client.speak("Hello there.", "7426720361733144585", format="mp3", speed=1.25)
    assert sp.data == AUDIO and sp.content_type == "audio/mpeg"
    assert len(fake.requests) == 1
    req = fake.requests[0]
    assert (req.method, req.path, req.violations) == ("POST", "/v1/audio/speech", [])
    body = json.loads(req.body)
    assert body["input"] == "Hello there." and body["voice_id"] == "7426720361733144585"
    assert body["response_format"] == "mp3" and body["speed"] == 1.25
    sp.save(tmp_path / "hello.mp3")
    assert (tmp_path / "hello.mp3").read_bytes() == AUDIO


def test_speak_error_answer_is_not_audio(fake):
    fake.script = [Reply(status=404)]
    client = voxclone.Client(token=TOKEN, base_url=fake.base_url)
    with pytest.raises(voxclone.ServiceError) as e:
        client.speak("Hello.", "nope")
    assert e.value.code == 4200 and len(fake.requests) == 1


def test_five_lines(fake, testdata, monkeypatch):
    """The README's five lines, against the fake."""
    monkeypatch.setenv("COZE_API_TOKEN", TOKEN)
    monkeypatch.setenv("COZE_API_BASE", fake.base_url)
    sample = voxclone.prepare(testdata / "speech_long.flac", format="mp3")
    voice = voxclone.Client().clone(sample, "me", language="en")
    assert voice.voice_id == "7426720361733144585"
    assert len(fake.requests) == 1 and fake.requests[0].violations == []

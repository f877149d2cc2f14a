import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # fake_service

HERE = Path(__file__).resolve().parent
TESTDATA = Path(os.environ.get("VOXCLONE_TESTDATA", HERE.parents[1] / "testdata"))


@pytest.fixture(scope="session")
def testdata() -> Path:
    return TESTDATA


@pytest.fixture(scope="session")
def mp3_sample():
    import voxclone
    return voxclone.prepare(TESTDATA / "speech_long.flac", format="mp3")


@pytest.fixture
def fake():
    from fake_service import FakeService
    svc = FakeService()
    yield svc
    svc.close()

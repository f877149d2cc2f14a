"""The review page from Python: Report.review_html(), save_review(), and Jupyter's _repr_html_
(the page inline, in an iframe of its own)."""

import base64
import html
import os

import pytest

import voxclone

DATA = os.environ["VOXCLONE_TESTDATA"]


def test_a_checked_report_renders_as_the_review_page_in_a_notebook():
    report = voxclone.check(os.path.join(DATA, "voice", "interview2.opus"))
    shown = report._repr_html_()
    assert shown.startswith("<iframe ") and 'sandbox="allow-scripts"' in shown
    page = html.unescape(shown[shown.index('srcdoc="') + 8:shown.index('" style=')])
    assert page.startswith("<!DOCTYPE html>") and page.endswith("</html>\n")
    # Every voice playable, and the kept sample too (rebuilt as prep would make it).
    assert page.count('data-role="voice"') == len(report.content.speakers) >= 2
    assert 'id="sample-player"' in page
    for w in report.warnings:
        assert w.message[:30] in html.unescape(page)


def test_a_prepared_sample_plays_its_own_bytes(tmp_path):
    sample = voxclone.prepare(os.path.join(DATA, "speech_long.flac"), format="mp3", loudness=-23)
    page = sample.report.review_html()
    assert base64.b64encode(sample.data).decode() in page
    assert "target -23 LUFS" in page
    out = tmp_path / "review.html"
    sample.report.save_review(out)
    assert out.read_text() == page
    with pytest.raises(voxclone.OutputFailedError):
        sample.report.save_review(out)

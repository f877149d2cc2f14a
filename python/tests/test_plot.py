"""The SVG picture (library plot_svg, `voxclone prep/check --plot`): it parses, its marked regions
are the report's numbers, a batch makes a folder of them, and Chromium renders it (not blank)."""

import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest

import voxclone

SVG = "{http://www.w3.org/2000/svg}"
CLI = os.environ.get("VOXCLONE_CLI", "")
needs_cli = pytest.mark.skipif(not CLI or not os.path.exists(CLI), reason="the voxclone CLI was not built")


def parse(text):
    root = ET.fromstring(text)
    assert root.tag == SVG + "svg"
    return root


def by_class(root, cls):
    return [e for e in root.iter() if e.get("class") == cls]


def check_matches_report(root, report):
    """Every marked region is where the report says, in data attributes and in pixels."""
    w = report["window"]
    (win,) = by_class(root, "window")
    assert float(win.get("data-start")) == pytest.approx(w["start_seconds"], abs=1e-3)
    assert float(win.get("data-end")) == pytest.approx(w["end_seconds"], abs=1e-3)
    px_per_s = float(win.get("width")) / (w["end_seconds"] - w["start_seconds"])
    x0 = float(win.get("x"))

    pieces = by_class(root, "piece")
    assert [(float(p.get("data-start")), float(p.get("data-end"))) for p in pieces] == \
        pytest.approx([tuple(p) for p in w["pieces"]], abs=1e-3)
    for p in pieces:
        expect = x0 + (float(p.get("data-start")) - w["start_seconds"]) * px_per_s
        assert float(p.get("x")) == pytest.approx(expect, abs=0.6)
    # A gap between every two pieces that do not touch: what was shortened or cut out.
    gaps = by_class(root, "gap")
    expected = [(a[1], b[0]) for a, b in zip(w["pieces"], w["pieces"][1:]) if b[0] > a[1]]
    assert [(float(g.get("data-start")), float(g.get("data-end"))) for g in gaps] == \
        pytest.approx(expected, abs=1e-3)
    removed = sum(b - a for a, b in expected)
    assert removed == pytest.approx(w["end_seconds"] - w["start_seconds"] - sum(b - a for a, b in w["pieces"]), abs=0.01)

    stretches = by_class(root, "stretch")
    timeline = report["content"]["timeline"]
    assert len(stretches) == len(timeline)
    for s, t in zip(stretches, timeline):
        assert s.get("data-kind") == t["kind"]
        assert int(s.get("data-speaker")) == (t["speaker"] or 0)
        assert float(s.get("data-start")) == pytest.approx(t["start_seconds"], abs=1e-3)
        assert float(s.get("data-end")) == pytest.approx(t["end_seconds"], abs=1e-3)

    # The waveform: one stroke per pixel column across the recording, not a flat line.
    (wave,) = by_class(root, "waveform")
    strokes = wave.get("d").split("M")[1:]
    assert len(strokes) >= 0.95 * (float(root.get("width")) - 108)
    heights = [float(s.split("V")[1]) - float(s.split()[1].split("V")[0]) for s in strokes]
    assert max(heights) > 40 and min(heights) < 5

    title = "".join(by_class(root, "title")[0].itertext())
    assert os.path.basename(report["input"]["name"]) in title
    figures = "".join(by_class(root, "figures")[0].itertext())
    assert "kept" in figures and f"{w['output_seconds']:.1f} s sample" in figures
    before = by_class(root, "loudness-before")[0]
    assert float(before.get("data-lufs")) == pytest.approx(report["loudness"]["before"]["integrated_lufs"], abs=0.01)
    if report["loudness"].get("after"):
        after = by_class(root, "loudness-after")[0]
        assert float(after.get("data-lufs")) == pytest.approx(report["loudness"]["after"]["integrated_lufs"], abs=0.01)
        assert float(after.get("data-true-peak")) == pytest.approx(report["loudness"]["after"]["true_peak_dbtp"], abs=0.01)
    ticks = ["".join(t.itertext()) for t in by_class(root, "tick")]
    assert ticks[0] == "0:00" and all(":" in t for t in ticks) and len(ticks) >= 3


def test_python_plot_matches_the_report(mp3_sample, tmp_path):
    svg = mp3_sample.plot_svg()
    check_matches_report(parse(svg), mp3_sample.report.to_dict())
    mp3_sample.save_plot(tmp_path / "p.svg")
    assert (tmp_path / "p.svg").read_text() == svg
    with pytest.raises(voxclone.OutputFailedError):
        mp3_sample.save_plot(tmp_path / "p.svg")
    assert parse(mp3_sample.plot_svg(width=500)).get("width") == "500"


def test_plot_of_two_voices_and_music(testdata):
    """A conversation with a music break: the timeline shows both voices and the music."""
    path = testdata / "voice" / "interlude.opus"
    if not path.exists():
        pytest.skip("fixture missing")
    r = voxclone.check(path)
    root = parse(r.plot_svg())
    check_matches_report(root, r.to_dict())
    kinds = {s.get("data-kind") for s in by_class(root, "stretch")}
    assert "speech" in kinds and kinds & {"music", "speech_over_music"}


@needs_cli
def test_cli_prep_plot(testdata, tmp_path):
    out, plot = tmp_path / "s.wav", tmp_path / "s.svg"
    p = subprocess.run([CLI, "prep", str(testdata / "speech_long.flac"), "-o", str(out), "--plot", str(plot), "--json"],
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    report = json.loads(p.stdout)["results"][0]["report"]
    assert out.exists()
    check_matches_report(parse(plot.read_text()), report)


@needs_cli
def test_cli_plot_must_be_svg(testdata, tmp_path):
    out = tmp_path / "s.wav"
    p = subprocess.run([CLI, "prep", str(testdata / "speech_long.flac"), "-o", str(out), "--plot", str(tmp_path / "s.png")],
                       capture_output=True, text=True)
    assert p.returncode == 2 and ".svg" in p.stderr
    assert list(tmp_path.iterdir()) == []  # nothing written, not even the sample


@needs_cli
def test_cli_check_batch_writes_a_folder_of_plots(testdata, tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("speech_long.flac", "room_tone.flac", "clip.m4a"):
        shutil.copy(testdata / name, inputs / name)
    shutil.copy(testdata / "clip.flac", inputs / "clip.flac")  # same stem as clip.m4a
    plots = tmp_path / "plots"
    p = subprocess.run([CLI, "check", str(inputs), "--plot", str(plots), "--json"], capture_output=True, text=True)
    assert p.returncode == 5, p.stderr  # room tone is not usable
    results = {os.path.basename(r["input"]): r for r in json.loads(p.stdout)["results"]}
    assert sorted(os.listdir(plots)) == ["clip.m4a.svg", "clip.svg", "room_tone.svg", "speech_long.svg"]  # inputs in name order
    assert results["speech_long.flac"]["plot"] == str(plots / "speech_long.svg")
    check_matches_report(parse((plots / "speech_long.svg").read_text()), results["speech_long.flac"]["report"])
    # The unusable recording still gets its picture: the waveform and the timeline, no window.
    tone = parse((plots / "room_tone.svg").read_text())
    assert by_class(tone, "window") == [] and by_class(tone, "waveform")


def test_chromium_renders_the_plot(mp3_sample, tmp_path):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    np = pytest.importorskip("numpy")
    svg = tmp_path / "plot.svg"
    svg.write_text(mp3_sample.plot_svg())
    png = tmp_path / "plot.png"
    env = dict(os.environ, HOME=str(tmp_path))
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    f"--screenshot={png}", "--window-size=1200,420", svg.as_uri()],
                   check=True, capture_output=True, env=env, timeout=120)
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", str(png), "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
                         check=True, capture_output=True).stdout
    img = np.frombuffer(raw, dtype=np.uint8).reshape(420, 1200, 3).astype(int)
    non_white = (img.sum(axis=2) < 720).mean()
    assert 0.03 < non_white < 0.9, non_white
    # The kept pieces' green is drawn where the SVG puts them.
    root = parse(svg.read_text())
    piece = max(by_class(root, "piece"), key=lambda p: float(p.get("width")))
    x = int(float(piece.get("x")) + float(piece.get("width")) / 2)
    y = int(float(piece.get("y")) + 8)
    r, g, b = img[y, x]
    assert g > r + 40 and g > b + 20, (r, g, b)

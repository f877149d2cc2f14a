#!/usr/bin/env python3
"""The review page in a real browser (Debian's Chromium, headless, over the DevTools protocol):
it loads from a file:// path with no console error and no network request; every audio
element's source decodes to the length of its excerpt; a click on the timeline seeks the input
there; a screenshot at 1280x800 shows the verdict, the warnings, the sample player and every
voice, and nothing overflows; every player and control is reached by Tab and has a label.

Exits 77 (CTest's skip) only when Chromium is not installed. The screenshots are left in
$VOXCLONE_OUT for people to look at."""

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from cdp import Browser, Page  # noqa: E402

CLI = os.environ["VOXCLONE_CLI"]
DATA = Path(os.environ["VOXCLONE_TESTDATA"])
OUT = Path(os.environ["VOXCLONE_OUT"])
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def review(args, page):
    p = subprocess.run([CLI, "review", *map(str, args), "-o", str(page), "-y", "--json"],
                       capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    check(page.exists(), f"voxclone review {' '.join(map(str, args))} wrote {page.name} (exit {p.returncode})")
    return json.loads(p.stdout)


def problems(page, url):
    """Console errors, uncaught exceptions, and any request but the page itself."""
    out = [f"console.{e['type']}: {e['args']}" for e in page.events("Runtime.consoleAPICalled")
           if e["type"] in ("error", "warning", "assert")]
    out += [f"exception: {e['exceptionDetails'].get('text')}" for e in page.events("Runtime.exceptionThrown")]
    out += [f"log {e['entry']['level']}: {e['entry']['text']}" for e in page.events("Log.entryAdded")
            if e["entry"]["level"] in ("error", "warning")]
    out += [f"request: {e['request']['url'][:80]}" for e in page.events("Network.requestWillBeSent")
            if e["request"]["url"] != url and not e["request"]["url"].startswith("data:")]
    return out


# Every <audio>: its length as the element reads it (metadata) and as Web Audio decodes all of
# it, beside what the page says it holds.
AUDIO_JS = """(async () => {
  const out = [];
  for (const a of document.querySelectorAll("audio")) {
    if (a.readyState < 1) await new Promise(ok => {
      a.addEventListener("loadedmetadata", ok, {once: true});
      a.addEventListener("error", ok, {once: true});
      setTimeout(ok, 8000); a.load(); });
    const b64 = a.src.slice(a.src.indexOf(",") + 1), bin = atob(b64), bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; ++i) bytes[i] = bin.charCodeAt(i);
    let decoded = null;
    try {
      const ctx = new OfflineAudioContext(1, 24000, 24000);
      decoded = (await ctx.decodeAudioData(bytes.buffer)).duration;
    } catch (e) { decoded = String(e); }
    out.push({label: a.getAttribute("aria-label"), role: a.dataset.role || "sample",
              want: a.dataset.start !== undefined ? a.dataset.end - a.dataset.start : +a.dataset.seconds,
              duration: a.duration, decoded: decoded, error: a.error && a.error.code});
  }
  return out;
})()"""


def check_audio(page, name):
    clips = page.js(AUDIO_JS, timeout=60)
    check(len(clips) > 0, f"{name}: {len(clips)} audio elements")
    for c in clips:
        ok = (c["error"] is None and isinstance(c["decoded"], (int, float))
              and abs(c["duration"] - c["want"]) < 0.1 and abs(c["decoded"] - c["want"]) < 0.1)
        check(ok, f"{name}: '{c['label']}' plays {c['duration']:.2f} s, decodes to "
                  f"{c['decoded'] if isinstance(c['decoded'], str) else round(c['decoded'], 2)} s, holds {c['want']:.2f} s")
    return clips


RECTS_JS = """(() => {
  const r = e => { const b = e.getBoundingClientRect(); return {top: b.top, bottom: b.bottom, left: b.left, right: b.right}; };
  const visible = e => !e.closest("[hidden]") && !e.closest(".visually-hidden");
  const overflow = [...document.querySelectorAll("body *")].filter(visible)
      .filter(e => e.getBoundingClientRect().right > innerWidth + 0.5 || e.getBoundingClientRect().left < -0.5)
      .map(e => e.tagName + "." + e.className);
  return {w: innerWidth, h: innerHeight, scroll_w: document.documentElement.scrollWidth,
          verdict: r(document.querySelector(".verdict")),
          warnings: [...document.querySelectorAll("ul.warnings li")].map(r),
          sample: r(document.getElementById("sample-player")),
          voices: [...document.querySelectorAll("ul.voices li")].map(e => ({...r(e), colour: getComputedStyle(e.querySelector(".sw")).backgroundColor,
                                                                           sw: r(e.querySelector(".sw"))})),
          piece: r(document.querySelector(".seg.piece")),
          overflow: overflow};
})()"""


def pixel(png, x, y):
    """The RGB of one pixel of a PNG (ffmpeg decodes it)."""
    raw = subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-i", str(png), "-vf", f"crop=1:1:{int(x)}:{int(y)}",
                          "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], check=True, capture_output=True).stdout
    return tuple(raw[:3])


def rgb(css):
    return tuple(int(v) for v in css[css.index("(") + 1:css.index(")")].split(",")[:3])


def check_screen(page, png):
    shot = page.send("Page.captureScreenshot", {"format": "png"})["data"]
    import base64
    png.write_bytes(base64.b64decode(shot))
    g = page.js(RECTS_JS)
    inside = lambda b: b["top"] >= 0 and b["bottom"] <= g["h"] and b["left"] >= 0 and b["right"] <= g["w"]
    check(g["w"] == 1280 and g["h"] == 800, f"viewport {g['w']}x{g['h']}")
    check(g["scroll_w"] <= g["w"], f"no horizontal scrolling ({g['scroll_w']} px wide)")
    check(not g["overflow"], f"no element overflows the page: {g['overflow'][:5]}")
    check(inside(g["verdict"]), "the verdict is on the first screen")
    check(all(inside(w) for w in g["warnings"]), f"all {len(g['warnings'])} warnings are on the first screen")
    check(inside(g["sample"]), "the sample player is on the first screen")
    check(g["voices"] and all(inside(v) for v in g["voices"]), f"all {len(g['voices'])} voices are on the first screen")
    # The screenshot shows what the layout says: each voice's colour in its swatch, the kept green.
    for i, v in enumerate(g["voices"]):
        got = pixel(png, (v["sw"]["left"] + v["sw"]["right"]) / 2, (v["sw"]["top"] + v["sw"]["bottom"]) / 2)
        want = rgb(v["colour"])
        check(max(abs(a - b) for a, b in zip(got, want)) < 12, f"voice {i + 1}'s swatch is drawn {got} (its colour {want})")
    p = g["piece"]
    got = pixel(png, (p["left"] + p["right"]) / 2, (p["top"] + p["bottom"]) / 2)
    check(max(abs(a - b) for a, b in zip(got, (0x2e, 0x8b, 0x57))) < 12, f"a kept piece is drawn green {got}")
    seen = page.js("""[...document.querySelectorAll("h1, h2, .headline, ul.warnings li, .voice-head, #tl-status")]
        .filter(e => { const b = e.getBoundingClientRect(); return b.top < innerHeight && b.bottom > 0; })
        .map(e => e.innerText.replace(/\\s+/g, " ").slice(0, 110))""")
    print("first screen, top to bottom:\n  " + "\n  ".join(seen))


def check_nearest(page):
    """A long input holds excerpts only: a click where none is plays the nearest one, and says so."""
    clips = page.js("""[...document.querySelectorAll("audio[data-start]")].map(a => [+a.dataset.start, +a.dataset.end])""")
    duration = page.js("+document.getElementById('timeline').dataset.duration")
    spans = []
    for s, e in sorted(clips):  # merged: a voice's excerpt may lie inside the window's
        if spans and s <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], e)
        else:
            spans.append([s, e])
    gaps = [(spans[i][1], spans[i + 1][0]) for i in range(len(spans) - 1) if spans[i + 1][0] - spans[i][1] > 4]
    check(bool(gaps) and not any(e - s >= duration - 1 for s, e in spans),
          f"a {duration:.0f} s input is embedded as {len(spans)} excerpts, not whole")
    if not gaps:
        return
    a, b = max(gaps, key=lambda g: g[1] - g[0])
    t = a + 0.3 * (b - a)  # nearer the excerpt that ends at a
    box = page.js("""(() => { const b = document.querySelector("#timeline .track.content").getBoundingClientRect();
                              return {left: b.left, width: b.width, y: b.top + b.height / 2}; })()""")
    page.click(box["left"] + t / duration * box["width"], box["y"])
    time.sleep(0.5)
    state = page.js("""(() => { const a = [...document.querySelectorAll("audio[data-start]")].find(a => !a.paused || a.currentTime > 0);
        return {start: a ? +a.dataset.start : -1, end: a ? +a.dataset.end : -1, status: document.getElementById("tl-status").innerText}; })()""")
    check(abs(state["end"] - a) < 0.05 and "nearest excerpt" in state["status"] and state["start"] >= 0,
          f"a click at {t:.1f} s, where no excerpt is, plays the nearest ({state['start']:.1f}–{state['end']:.1f} s): {state['status']}")
    page.js("document.querySelectorAll('audio').forEach(a => a.pause())")


def check_click(page, duration):
    box = page.js("""(() => { const b = document.querySelector("#timeline .track.content").getBoundingClientRect();
                              return {left: b.left, width: b.width, y: b.top + b.height / 2}; })()""")
    for frac in (0.62, 0.25):
        t = frac * duration
        page.click(box["left"] + frac * box["width"], box["y"])
        time.sleep(0.6)
        state = page.js("""(() => { const a = [...document.querySelectorAll("#timeline ~ .player-line audio")].find(a => !a.hidden);
            return {start: +a.dataset.start, at: a.currentTime, paused: a.paused, cursor: +document.getElementById("timeline").getAttribute("aria-valuenow"),
                    status: document.getElementById("tl-status").innerText}; })()""")
        pos = state["start"] + state["at"]
        check(abs(pos - t) < 1.0 and abs(state["cursor"] - t) < 1.0,
              f"a click at {t:.1f} s plays the input from {pos:.1f} s (cursor {state['cursor']:.1f}; {state['status']})")
    page.js("document.querySelectorAll('audio').forEach(a => a.pause())")


FOCUS_JS = """(() => { const e = document.activeElement;
  return {tag: e.tagName, id: e.id, role: e.getAttribute("role"), label: e.getAttribute("aria-label") || e.innerText || "",
          key: e.tagName + "|" + (e.getAttribute("aria-label") || e.id || e.innerText)}; })()"""


def check_keyboard(page):
    want = page.js("""[...document.querySelectorAll("audio:not([hidden]), button, [role=slider]")]
        .map(e => e.tagName + "|" + (e.getAttribute("aria-label") || e.id || e.innerText))""")
    unlabelled = page.js("""[...document.querySelectorAll("audio, button, [role=slider], [tabindex]")]
        .filter(e => !(e.getAttribute("aria-label") || "").trim() && !e.innerText.trim()).map(e => e.outerHTML.slice(0, 80))""")
    check(not unlabelled, f"every player and control has a label: {unlabelled}")
    # What a screen reader is given: Chromium's accessibility tree names every button, slider
    # and audio player, the players by their labels.
    page.send("Accessibility.enable")
    nodes = page.send("Accessibility.getFullAXTree")["nodes"]
    roles = [(n.get("role", {}).get("value"), n.get("name", {}).get("value", "")) for n in nodes]
    nameless = [r for r, name in roles if r in ("button", "slider", "Audio") and not name.strip()]
    check(not nameless, f"the accessibility tree names every button, slider and player: {nameless}")
    labels = page.js("[...document.querySelectorAll('audio')].map(a => a.getAttribute('aria-label'))")
    check(sorted(name for r, name in roles if r == "Audio") == sorted(labels),
          f"a screen reader reads the {len(labels)} players by their labels")
    # Start from the top, as a reader does: a click on the page's title sets where Tab begins.
    page.js("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)")
    title = page.js("(() => { const b = document.querySelector('h1').getBoundingClientRect(); return [b.left + 5, b.top + b.height / 2]; })()")
    page.click(*title)
    reached = []
    for _ in range(6 * len(want) + 20):
        page.key("Tab", "Tab", 9)
        f = page.js(FOCUS_JS)
        if f["tag"] == "BODY" and reached:
            break
        if f["key"] not in reached:
            reached.append(f["key"])
    missing = [w for w in want if w not in reached]
    check(not missing, f"Tab reaches all {len(want)} players and controls ({len(reached)} stops): missing {missing[:4]}")
    # The timeline from the keyboard: End, then back 10 %, Enter plays from there.
    page.js("document.getElementById('timeline').focus()")
    page.key("End", "End", 35)
    page.key("ArrowLeft", "ArrowLeft", 37)
    page.key("Enter", "Enter", 13)
    time.sleep(0.4)
    v = page.js("+document.getElementById('timeline').getAttribute('aria-valuenow')")
    d = page.js("+document.getElementById('timeline').dataset.duration")
    check(abs(v - 0.99 * d) < 0.5, f"the arrow keys move the timeline's cursor ({v:.1f} of {d:.1f} s)")


def main():
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("SKIP: Chromium is not installed (apt-get install chromium): the review page was not "
              "tried in a browser")
        return 77
    OUT.mkdir(parents=True, exist_ok=True)
    single = OUT / "interview2-review.html"
    report = review([DATA / "voice/interview2.opus"], single)["results"][0]["report"]
    batch = OUT / "batch-review.html"
    review([DATA / "speech_long.flac", DATA / "voice/babble.opus", DATA / "room_tone.flac"], batch)
    # Over the 5 minutes embedded whole: interview2 seven times over (FLAC: quick to write).
    long_input = OUT / "long.flac"
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-stream_loop", "6", "-i",
                    str(DATA / "voice/interview2.opus"), "-ar", "16000", "-c:a", "flac", str(long_input)],
                   check=True, timeout=120, stdin=subprocess.DEVNULL)
    long_page = OUT / "long-review.html"
    review([long_input], long_page)
    browser = Browser(chromium, OUT / "profile")
    try:
        page = Page(browser)
        url = single.resolve().as_uri()
        page.goto(url)
        time.sleep(0.3)
        clips = check_audio(page, single.name)
        check(sum(c["role"] == "voice" for c in clips) == len(report["content"]["speakers"]),
              "a player for every voice")
        check_screen(page, OUT / "interview2-1280x800.png")
        check_click(page, report["input"]["duration_seconds"])
        check_keyboard(page)
        p = problems(page, url)
        check(not p, f"{single.name}: no console error, no request: {p}")

        page3 = Page(browser)
        url3 = long_page.resolve().as_uri()
        page3.goto(url3)
        check_audio(page3, long_page.name)
        check_nearest(page3)
        p = problems(page3, url3)
        check(not p, f"{long_page.name}: no console error, no request: {p}")

        page2 = Page(browser)
        url2 = batch.resolve().as_uri()
        page2.goto(url2)
        check_audio(page2, batch.name)
        order = page2.js("[...document.querySelectorAll('li.entry')].map(e => e.dataset.verdict)")
        check(order == ["failed", "refuse", "usable"] or order == ["failed", "refuse", "usable_with_warnings"],
              f"the batch page lists the worst first: {order}")
        page2.send("Page.captureScreenshot", {"format": "png"})
        shot = page2.send("Page.captureScreenshot", {"format": "png"})["data"]
        import base64
        (OUT / "batch-1280x800.png").write_bytes(base64.b64decode(shot))
        p = problems(page2, url2)
        check(not p, f"{batch.name}: no console error, no request: {p}")
    finally:
        browser.close()
    print(f"screenshots: {OUT}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

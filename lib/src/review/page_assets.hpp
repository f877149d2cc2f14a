// Internal: the review page's style sheet and script, inlined into every page (a page opens
// from disk with no network: nothing may be fetched). Written by hand: a page this small needs
// no framework, and any library would have to be inlined too.
#pragma once

#include <string_view>

namespace voxclone::detail {

inline constexpr std::string_view kReviewCss = R"css(
:root { --fg:#1d2430; --muted:#5b6575; --line:#d7dce3; --bg:#ffffff; --panel:#f6f8fa;
  --kept:#2e8b57; --silence:#e6e6e6; --music:#f4a259; --over:#c8553d; --other:#a0a0a0;
  --refuse:#b3261e; --warn:#8a5a00; --ok:#1e6b3a; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif;
  color: var(--fg); background: var(--bg); }
main { max-width: 1240px; margin: 0 auto; padding: 12px 20px 40px; }
h1 { font-size: 20px; margin: 4px 0 2px; overflow-wrap: anywhere; }
h2 { font-size: 16px; margin: 0 0 6px; }
h3 { font-size: 14px; margin: 0; display: inline; }
p { margin: 2px 0; }
code { font: 12.5px/1.4 ui-monospace, "DejaVu Sans Mono", monospace; background: var(--panel);
  padding: 1px 4px; border-radius: 3px; overflow-wrap: anywhere; }
.muted { color: var(--muted); }
.facts { color: var(--muted); margin-bottom: 8px; }
section { margin: 10px 0; }
.verdict { border-left: 6px solid var(--ok); background: #eef7f1; padding: 8px 12px; border-radius: 4px; }
.verdict.usable_with_warnings { border-color: #d99a00; background: #fff8e6; }
.verdict.refuse, .verdict.failed { border-color: var(--refuse); background: #fdeeee; }
.verdict .headline { font-size: 16px; font-weight: 600; }
ul.warnings { list-style: none; padding: 0; margin: 6px 0 0; }
ul.warnings li { padding: 2px 0; }
.badge { display: inline-block; min-width: 86px; text-align: center; font-size: 11.5px; font-weight: 600;
  border-radius: 3px; padding: 0 6px; margin-right: 6px; color: #fff; background: var(--muted); }
li.blocks .badge { background: var(--refuse); }
li.warns .badge { background: var(--warn); }
li.note .badge { background: #7a8699; }
.tl-grid { display: grid; grid-template-columns: 74px minmax(0, 1fr); column-gap: 8px; }
.tl-labels, .tracks { display: flex; flex-direction: column; gap: 3px; }
.tracks { position: relative; }
.tl-labels div { height: 18px; line-height: 18px; color: var(--muted); text-align: right; font-size: 12px; }
.tl-labels div.wave-l { height: 56px; line-height: 56px; }
.track { position: relative; height: 18px; background: #fafbfc; border-radius: 2px; overflow: hidden; }
.track.wave { height: 56px; background: #fff; border: 1px solid var(--line); }
.track.wave svg { position: absolute; inset: 0; width: 100%; height: 100%; }
.timeline { position: relative; cursor: pointer; border-radius: 4px; outline-offset: 3px; }
.timeline:focus-visible { outline: 3px solid #1f6feb; }
.seg { position: absolute; top: 0; bottom: 0; min-width: 1px; }
.cursor { position: absolute; top: 0; bottom: 0; width: 2px; background: #111; pointer-events: none; left: 0; }
.axis { position: relative; height: 16px; font-size: 11px; color: var(--muted); }
.axis span { position: absolute; transform: translateX(-50%); white-space: nowrap; }
.axis span.first { transform: none; }
.axis span.last { transform: translateX(-100%); }
.legend { display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 12px; color: var(--muted); margin: 4px 0 0 82px; }
.sw { display: inline-block; width: 12px; height: 12px; border-radius: 2px; vertical-align: -2px; margin-right: 4px; border: 1px solid rgba(0,0,0,.15); }
.k-silence { background: var(--silence); } .k-music { background: var(--music); }
.k-speech_over_music { background: var(--over); } .k-other { background: var(--other); }
.kept-piece { background: var(--kept); }
.r-pause_shortened { background: repeating-linear-gradient(90deg, #c9ced6 0 2px, transparent 2px 5px); }
.r-music { background: repeating-linear-gradient(45deg, var(--music) 0 3px, #fff 3px 6px); }
.r-speech_over_music { background: repeating-linear-gradient(45deg, var(--over) 0 3px, #fff 3px 6px); }
.r-other_sound { background: repeating-linear-gradient(45deg, var(--other) 0 3px, #fff 3px 6px); }
.r-outside_window { background: repeating-linear-gradient(-45deg, #9fc9b0 0 3px, #fff 3px 6px); }
.r-other_voice { background-image: repeating-linear-gradient(-45deg, rgba(255,255,255,.75) 0 3px, transparent 3px 6px); }
.player-line { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 12px; margin: 6px 0 0 82px; }
.player-line audio { height: 34px; width: 360px; max-width: 100%; }
.cols { display: grid; grid-template-columns: minmax(0, 5fr) minmax(0, 7fr); gap: 16px; }
@media (max-width: 900px) { .cols { grid-template-columns: minmax(0, 1fr); } }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; min-width: 0; }
.panel audio { width: 100%; height: 36px; margin: 4px 0; }
ul.voices { list-style: none; margin: 0; padding: 0; display: grid; gap: 6px; }
ul.voices li { background: #fff; border: 1px solid var(--line); border-radius: 5px; padding: 6px 8px; min-width: 0; }
ul.voices li.kept { border-color: var(--kept); box-shadow: inset 3px 0 0 var(--kept); }
.voice-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 2px 10px; }
.voice-body { display: grid; grid-template-columns: minmax(0, 260px) minmax(0, 1fr); gap: 4px 10px; align-items: center; }
.voice-body audio { width: 100%; height: 32px; margin: 0; }
.tag { font-size: 11.5px; font-weight: 600; color: var(--kept); }
.loud svg { width: 100%; height: auto; display: block; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; padding: 3px 6px; border-bottom: 1px solid var(--line); }
th { color: var(--muted); font-weight: 600; }
td.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
button { font: inherit; font-size: 12.5px; padding: 2px 10px; border: 1px solid #9aa4b2; border-radius: 4px; background: #fff; cursor: pointer; }
button:focus-visible, audio:focus-visible, code:focus-visible { outline: 3px solid #1f6feb; outline-offset: 2px; }
ol.inputs { list-style: none; padding: 0; margin: 0; display: grid; gap: 10px; }
ol.inputs > li { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 380px); gap: 6px 16px; }
ol.inputs > li audio { width: 100%; height: 36px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
)css";

inline constexpr std::string_view kReviewScript = R"js(
"use strict";
(function () {
  const audios = Array.from(document.querySelectorAll("audio"));
  // One thing plays at a time.
  audios.forEach(a => a.addEventListener("play", () => {
    audios.forEach(b => { if (b !== a) b.pause(); });
  }));
  const timeline = document.getElementById("timeline");
  if (!timeline) return;
  const duration = parseFloat(timeline.dataset.duration);
  const status = document.getElementById("tl-status");
  const cursor = timeline.querySelector(".cursor");
  const clips = audios.filter(a => a.dataset.start !== undefined).map(a => ({
    el: a, start: parseFloat(a.dataset.start), end: parseFloat(a.dataset.end), role: a.dataset.role }));
  const timelineClips = clips.filter(c => c.role !== "voice");
  let stopAt = null, at = 0;
  function clock(t) {
    t = Math.max(0, t);
    const tenths = Math.floor(t * 10 + 1e-6), s = Math.floor(tenths / 10);
    const mm = Math.floor(s / 60) % 60, ss = String(s % 60).padStart(2, "0");
    return (s >= 3600 ? Math.floor(s / 3600) + ":" + String(mm).padStart(2, "0") : mm) + ":" + ss + "." + (tenths % 10);
  }
  function show(t) {
    at = Math.min(Math.max(0, t), duration);
    cursor.style.left = (100 * at / duration) + "%";
    timeline.setAttribute("aria-valuenow", at.toFixed(1));
    timeline.setAttribute("aria-valuetext", clock(at));
  }
  // The clip that holds t (the timeline's first, then a voice's), else the nearest one.
  function clipFor(t) {
    const inside = timelineClips.find(c => t >= c.start && t < c.end) || clips.find(c => t >= c.start && t < c.end);
    if (inside) return { clip: inside, exact: true };
    let best = null, gap = Infinity;
    for (const c of clips) {
      const d = t < c.start ? c.start - t : t - c.end;
      if (d < gap) { gap = d; best = c; }
    }
    return { clip: best, exact: false };
  }
  function playAt(t, until) {
    show(t);
    const found = clipFor(at);
    if (!found.clip) { status.textContent = "No input audio is embedded in this page."; return; }
    const c = found.clip;
    timelineClips.forEach(o => { o.el.hidden = o !== c; });
    const from = found.exact ? at - c.start : 0;
    stopAt = until !== undefined ? Math.min(until, c.end) - c.start : null;
    status.textContent = found.exact
      ? "Playing the input from " + clock(at) + (c.role === "voice" ? " (in voice " + c.el.dataset.speaker + "'s excerpt)" : "") + "."
      : "No audio is embedded at " + clock(at) + " (only excerpts of a long input are): playing the nearest excerpt, " + clock(c.start) + "–" + clock(c.end) + ".";
    const go = () => { c.el.currentTime = from; const p = c.el.play(); if (p) p.catch(() => {}); };
    if (c.el.readyState >= 1) go(); else { c.el.addEventListener("loadedmetadata", go, { once: true }); c.el.load(); }
  }
  clips.forEach(c => c.el.addEventListener("timeupdate", () => {
    if (!c.el.paused && c.role !== "voice") show(c.start + c.el.currentTime);
    if (stopAt !== null && c.el.currentTime >= stopAt) { c.el.pause(); stopAt = null; }
  }));
  const area = timeline.querySelector(".tracks");
  area.addEventListener("click", e => {
    const r = area.getBoundingClientRect();
    playAt((e.clientX - r.left) / r.width * duration);
  });
  timeline.addEventListener("keydown", e => {
    const step = duration / (e.shiftKey ? 10 : 100);
    if (e.key === "ArrowRight" || e.key === "ArrowUp") show(at + step);
    else if (e.key === "ArrowLeft" || e.key === "ArrowDown") show(at - step);
    else if (e.key === "Home") show(0);
    else if (e.key === "End") show(duration);
    else if (e.key === "Enter" || e.key === " ") playAt(at);
    else return;
    e.preventDefault();
  });
  document.querySelectorAll("button[data-play]").forEach(b => b.addEventListener("click", () => {
    playAt(parseFloat(b.dataset.play), b.dataset.until !== undefined ? parseFloat(b.dataset.until) : undefined);
  }));
  window.voxcloneReview = { playAt: playAt, clipFor: clipFor };
})();
)js";

}  // namespace voxclone::detail

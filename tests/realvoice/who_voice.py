#!/usr/bin/python3
"""Session 30 (who30): in every multi-speaker scene, each voice's talk and whose labelled speech it
holds (A = people[0], the main person by clips; v0 = speech with no voice; -oth/-sil = the
person's labelled speech in blocks the content model called other sound or silence), beside
score.py's outcome (purity by clips/by sound, right person by clips/by sound).

    /usr/bin/python3 tests/realvoice/who_voice.py BIN SET_DIR/tune SCORE.json [SCENE ...]

With a BIN built with who_voice_debug.patch (`git apply`, never committed to the library) and
VOXCLONE_DEBUG_WHO=1, `BIN check` also prints each voice's talk, untrimmed and unjudged talk, the
voiceprint's join_similarity and pitch distance of every pair of voices, and each voice's blocks
that step 5 or 7 left out with their similarity to it (`#W` lines on stderr).
"""
import json, os, subprocess, sys, collections
binary, folder, scorejson = sys.argv[1], sys.argv[2], sys.argv[3]
only = set(sys.argv[4:])
score = {s["name"]: s for s in json.load(open(scorejson))["scenes"]}
for name in sorted(score):
    s = score[name]
    if only and name not in only: continue
    if only == set() and (s["kind"] in ("single",) ): continue
    meta = json.load(open(os.path.join(folder, name + ".json")))
    if len(meta["people"]) < 2: continue
    run = subprocess.run([binary, "check", "--json", os.path.join(folder, name + ".flac")], capture_output=True, text=True)
    rep = json.loads(run.stdout)["results"][0]
    content = rep.get("report", {}).get("content", {})
    spk = content.get("speakers", [])
    tl = content.get("timeline", [])
    tab = collections.defaultdict(lambda: collections.defaultdict(float))
    short = {p["id"]: chr(ord('A') + i) for i, p in enumerate(meta["people"])}
    for e in meta["events"]:
        if e[2] != "speech" or len(e) < 4: continue
        for seg in tl:
            ov = min(seg["end_seconds"], e[1]) - max(seg["start_seconds"], e[0])
            if ov > 0 and seg["kind"] in ("speech",):
                tab[seg["speaker"] or 0][short[e[3]]] += ov
            elif ov > 0:
                tab["-" + seg["kind"][:3]][short[e[3]]] += ov
    ppl = " ".join(f"{short[p['id']]}={p['id'].replace('klettres/','k/').replace('tuxpaint/','t/')}" for p in meta["people"])
    outcome = "REFUSED" if s["refused"] or s["exit"] != 0 else f"pur{s['purity']:.2f}/{s.get('purity_by_sound',0):.2f} {'ok' if s['right_person'] else 'WRONG'}/{'ok' if s.get('right_person_by_sound') else 'WRONG'}"
    print(f"{name} [{outcome}] kept={content.get('kept_speaker')} main_by_sound={short.get(s.get('main_by_sound'),'?')} {ppl}")
    for sp in spk:
        v = sp["speaker"]
        comp = " ".join(f"{k}{x:.1f}" for k, x in sorted(tab[v].items()))
        print(f"   v{v} talk {sp['talk_seconds']:.1f} half={sp.get('other_half')} pitch={sp.get('pitch_hz')}: {comp}")
    for k in sorted((k for k in tab if k not in [sp['speaker'] for sp in spk]), key=str):
        comp = " ".join(f"{p}{x:.1f}" for p, x in sorted(tab[k].items()))
        print(f"   {'v0' if k==0 else k}: {comp}")
    if s["refused"] or s["exit"] != 0:
        print("   why:", json.dumps(rep.get("error") or rep.get("verdict") or "")[:300])

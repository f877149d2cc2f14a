#!/usr/bin/env python3
"""What --like and --combine cost (issue 20: under 5 % of a prep), in CPU time, in under a minute.

    /usr/bin/python3 bench/like_cost.py [BUILD_DIR] [--runs N] [-j N] [--base OTHER_BINARY]

Makes its inputs from testdata/ with ffmpeg (nothing downloaded; cached in $BENCH_DIR, default
/tmp/voxclone-like-bench):
  in100.opus   106 s: testdata/voice/interview2 (fest-ked and flite-rms) then panel4 (4 voices)
  note         testdata/like/ked_note.opus, 11 s of fest-ked in another room
  long_ex.opus 5 min: interview2 looped (an example that is itself a long recording)
  three notes  ked_note, ked_note2 and ked_note2 through a phone band (one person, three rooms)
and times, alternating the commands in every round so that the host's load hits all alike:
  prep in100; prep in100 --like note; prep in100 --like long_ex;
  prep a b c --combine; prep a; prep b; prep c (three processes, as a user without --combine).
CPU is user + system of the voxclone process (os.wait4: microseconds, not GNU time's 10 ms).
Prints medians and the ratios of medians, of CPU and of wall time. -j 1 (the default) keeps
each prep on one thread (CPU, as sessions 15-16 measured); with -j 2 a single input's --like
example is measured on a thread beside the input's (session 17): the same CPU, less wall time.
--base OTHER alternates another binary's runs with this one's, command by command.
"""
import argparse
import os
import pathlib
import statistics
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent.parent


def ffmpeg(*args):
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", *args], check=True)


def make_inputs(work):
    v, like = HERE / "testdata/voice", HERE / "testdata/like"
    inputs = {
        "in100": work / "in100.opus",
        "note": like / "ked_note.opus",
        "long_ex": work / "long_ex.opus",
        "a": like / "ked_note.opus",
        "b": like / "ked_note2.opus",
        "c": work / "ked_note2_phone.opus",
    }
    if not inputs["in100"].exists():
        ffmpeg("-i", v / "interview2.opus", "-i", v / "panel4.opus", "-filter_complex",
               "[0:a][1:a]concat=n=2:v=0:a=1[a]", "-map", "[a]", "-c:a", "libopus", "-b:a", "32k", inputs["in100"])
    if not inputs["long_ex"].exists():
        ffmpeg("-stream_loop", "6", "-i", v / "interview2.opus", "-t", "300", "-c:a", "libopus", "-b:a", "24k",
               inputs["long_ex"])
    if not inputs["c"].exists():
        ffmpeg("-i", like / "ked_note2.opus", "-af", "highpass=f=300,lowpass=f=3400,aresample=8000",
               "-c:a", "libopus", "-b:a", "16k", inputs["c"])
    return inputs


def run(cmd):
    """CPU seconds (user + system) and wall seconds of one process."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 5):  # 5: a refusal is a measured outcome too
        sys.exit(f"like_cost: {' '.join(map(str, cmd))} exited {code}")
    return ru.ru_utime + ru.ru_stime, wall


def commands(vox, i, out, jobs):
    """The timed commands of one binary, and the three separate preps --combine is set against."""
    prep = [vox, "prep", "-q", "-y", "-j", str(jobs)]
    cmds = {
        "prep": prep + [i["in100"], "-o", out / "p.wav"],
        "like_note": prep + [i["in100"], "--like", i["note"], "-o", out / "l.wav"],
        "like_long": prep + [i["in100"], "--like", i["long_ex"], "-o", out / "ll.wav"],
        "combine": prep + [i["a"], i["b"], i["c"], "--combine", "-o", out / "c.wav"],
    }
    singles = [prep + [i[k], "--min-seconds", "3", "-o", out / f"{k}.wav"] for k in ("a", "b", "c")]
    return cmds, singles


def report(name, vox, jobs, cpu, wall):
    med = {k: statistics.median(v) for k, v in cpu.items()}
    medw = {k: statistics.median(v) for k, v in wall.items()}
    runs = len(cpu["prep"])
    print(f"{name}: voxclone {subprocess.run([vox, '--version'], capture_output=True, text=True).stdout.splitlines()[0]}; "
          f"medians of {runs} alternated runs, -j {jobs}; load {os.getloadavg()[0]:.1f}")
    print(f"{'command':<44} {'CPU ms':>8} {'wall ms':>8}")
    for k in cpu:
        print(f"{k:<44} {1000 * med[k]:8.1f} {1000 * medw[k]:8.1f}")
    print(f"{'ratio (CPU; wall)':<56} {'CPU':>6} {'wall':>6}")
    print(f"{'prep --like 11 s note / prep (106 s input), <= 1.05':<56} {med['like_note'] / med['prep']:6.3f} "
          f"{medw['like_note'] / medw['prep']:6.3f}")
    print(f"{'prep --like 5 min example / prep (106 s input), <= 1.05':<56} {med['like_long'] / med['prep']:6.3f} "
          f"{medw['like_long'] / medw['prep']:6.3f}")
    print(f"{'prep --combine a b c / prep a; prep b; prep c, <= 1.05':<56} {med['combine'] / med['separate']:6.3f} "
          f"{medw['combine'] / medw['separate']:6.3f}")
    print()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("build", nargs="?", default=str(HERE / "build"))
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--voxclone", help="the binary (default BUILD/tools/voxclone)")
    ap.add_argument("--base", help="a second binary (e.g. main's), its runs alternated with the first's, "
                                   "so that both see the same load")
    ap.add_argument("-j", "--jobs", type=int, default=1,
                    help="prep's -j [1: one thread, CPU time as sessions 15-16 measured it; 2: the "
                         "example measured beside the input, the wall time]")
    a = ap.parse_args()
    vox = a.voxclone or str(pathlib.Path(a.build) / "tools/voxclone")
    binaries = {"this": vox}
    if a.base:
        binaries["base"] = a.base
    for b in binaries.values():
        if not os.access(b, os.X_OK):
            sys.exit(f"like_cost: no {b}; build first")
    work = pathlib.Path(os.environ.get("BENCH_DIR", "/tmp/voxclone-like-bench"))
    work.mkdir(parents=True, exist_ok=True)
    i = make_inputs(work)
    out = work / "out"
    out.mkdir(exist_ok=True)
    plan = {name: commands(b, i, out, a.jobs) for name, b in binaries.items()}
    keys = [*plan["this"][0], "separate"]
    cpu = {name: {k: [] for k in keys} for name in binaries}
    wall = {name: {k: [] for k in keys} for name in binaries}
    for r in range(a.runs):
        for k in plan["this"][0]:
            for name, (cmds, _) in plan.items():
                c, w = run(cmds[k])
                cpu[name][k].append(c)
                wall[name][k].append(w)
        for name, (_, singles) in plan.items():
            parts = [run(cmd) for cmd in singles]
            cpu[name]["separate"].append(sum(c for c, _ in parts))
            wall[name]["separate"].append(sum(w for _, w in parts))
    for name, b in binaries.items():
        report(name, b, a.jobs, cpu[name], wall[name])


if __name__ == "__main__":
    main()

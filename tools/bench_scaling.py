"""Spark scaling of the default sweep: local[2] against local[1], interleaved, with where the cores went.

Runs `bin/iwp sweep` alternately in each mode (--modes, default local[2] then local[1]), --pairs times, each
into a fresh output folder, all on one samples table (prepared by the first run when it does not exist).
For every run it records the load average before it, the sweep's own clock and samples/s (its summary
line), and, read from /proc when the log prints "warmed up" and the last "wave N/N done" (no polling), the
CPU time, run-queue wait (runnable but not running), kernel time and minor page faults of the JVM's
threads in that window, grouped as Spark's task threads, C1/C2 compiler threads, GC threads, the rest
(the driver, Spark's schedulers, listeners, heartbeats) and, CPU only, threads that ended inside it (the
JVM retires idle compiler threads; Spark's shuffle and reader threads end); and the same per wave, from
the window's start, then from each "wave N/M done" line, to the next (--by-wave prints them; the report
always has them). Then the medians per mode, the ratio of the medians and the ratio of each pair, and that ratio
taken apart: the share of the window the task threads ran ("busy", per core) and their CPU for the same samples.

The box must be otherwise idle: the JVMs use every core. Linux only (/proc). Standard library only.

Usage: tools/bench_scaling.py [--pairs 8] [--samples /tmp/iwp-scaling/samples] [--work /tmp/iwp-scaling]
       [--modes 'local[2],local[1]'] [--by-thread] [--by-wave] [--report FILE.json] [-- extra bin/iwp arguments]
"""

import argparse
import collections
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WINDOW_START = re.compile(r"warmed up|wave\(s\) over")
WAVE_DONE = re.compile(r"wave (\d+)/(\d+) done")
PROCESS = "process"  # a snapshot's key for the whole process's CPU (not a thread id)
SUMMARY = re.compile(r"evaluated now in ([\d.]+) s \(([\d.]+) samples/s\)")


def threads(pid):
    """tid -> (name, cpu s, run-queue wait s, minor faults, kernel s) for every thread of pid, and under the key
    PROCESS the CPU seconds of the whole process, the threads that have ended included."""
    tick = os.sysconf("SC_CLK_TCK")
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    out = {PROCESS: (int(fields[11]) + int(fields[12])) / tick}
    for tid in os.listdir(f"/proc/{pid}/task"):
        base = f"/proc/{pid}/task/{tid}"
        try:
            with open(f"{base}/comm") as f:
                name = f.read().strip()
            with open(f"{base}/schedstat") as f:
                run_ns, wait_ns, _ = map(int, f.read().split())
            with open(f"{base}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue  # the thread ended between the listing and the read
        out[tid] = (name, run_ns / 1e9, wait_ns / 1e9, int(fields[7]), int(fields[12]) / tick)
    return out


def group(name, by_thread):
    if by_thread:
        return name
    if name.startswith("Executor task"):
        return "tasks"
    if "CompilerThre" in name:
        return "compiler"
    if name.startswith("GC Thread") or name.startswith("VM Thread"):
        return "gc+vm"
    return "other"


def window(before, after, by_thread):
    """Per group: [cpu, wait, minflt, kernel] spent between two snapshots (threads started since count whole).
    A thread that ended between them is in neither: what the process used beyond the groups' sum is the group
    "ended" (CPU only; its ticks are 10 ms, so it can come out a few hundredths below zero)."""
    g = collections.defaultdict(lambda: [0.0, 0.0, 0, 0.0])
    for tid, row_after in after.items():
        if tid == PROCESS:
            continue
        name, cpu, wait, flt, sys_s = row_after
        _, cpu0, wait0, flt0, sys0 = before.get(tid, (name, 0.0, 0.0, 0, 0.0))
        row = g[group(name, by_thread)]
        row[0] += cpu - cpu0
        row[1] += wait - wait0
        row[2] += flt - flt0
        row[3] += sys_s - sys0
    g["ended"][0] = after[PROCESS] - before[PROCESS] - sum(v[0] for v in g.values())
    return {k: {"cpu_s": round(v[0], 3), "runq_wait_s": round(v[1], 3), "minflt": v[2], "kernel_s": round(v[3], 3)}
            for k, v in g.items()}


def cores(mode):
    """The task slots of a local master: N of local[N], every CPU for local[*]."""
    m = re.fullmatch(r"local\[(\d+|\*)\]", mode)
    if not m:
        raise SystemExit(f"bench_scaling: --modes takes local[N] or local[*], found {mode!r}")
    return os.cpu_count() if m.group(1) == "*" else int(m.group(1))


def run(mode, out, samples, extra, by_thread):
    with open("/proc/loadavg") as f:
        load = float(f.read().split()[0])
    cmd = [os.path.join(ROOT, "bin", "iwp"), "sweep", "--master", mode, "--set", f"output={out}",
           "--set", f"samples={samples}", *extra]
    # bin/iwp execs java: the child's pid is the JVM's.
    p = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    start = None
    marks = []  # (wave, waves, time, snapshot) at each "wave N/M done" after the window's start
    summary = None
    log = []
    for line in p.stdout:
        log.append(line)
        if start is None and WINDOW_START.search(line):
            start = (time.time(), threads(p.pid))
        m = WAVE_DONE.search(line)
        if m and start:
            marks.append((m.group(1), m.group(2), time.time(), threads(p.pid)))
        m = SUMMARY.search(line)
        if m:
            summary = (float(m.group(1)), float(m.group(2)))
    if p.wait() != 0 or summary is None:
        sys.stderr.write("".join(log[-30:]))
        raise SystemExit(f"bench_scaling: `{' '.join(cmd)}` failed (exit {p.returncode}); its last lines are above")
    result = {"mode": mode, "load_before": load, "clock_s": summary[0], "samples_per_s": summary[1]}
    if start and marks and marks[-1][0] == marks[-1][1]:  # the window ends at the last wave's "done"
        end = marks[-1][2:]
        result["window_s"] = round(end[0] - start[0], 3)
        grouped = window(start[1], end[1], False)
        result["threads"] = window(start[1], end[1], True) if by_thread else grouped
        # The share of the window each task core spent running task code: what the JVM's own threads, the
        # clock's start and the last wave's tail leave them. Unlike samples/s it does not move with the box's
        # speed, so it reads the structural scaling in few runs (see the decomposition in main).
        tasks_cpu = grouped.get("tasks", {}).get("cpu_s", 0.0)
        result["task_cpu_s"] = round(tasks_cpu, 3)
        result["busy"] = round(tasks_cpu / (end[0] - start[0]) / cores(mode), 4)
        # From the window's start, or the previous wave's end, to each wave's end (waves overlap: two are in
        # flight, so a segment ends a wave and runs part of the next).
        prev = start
        result["waves"] = []
        for wave, waves, t, snap in marks:
            result["waves"].append({"wave": f"{wave}/{waves}", "s": round(t - prev[0], 3),
                                    "threads": window(prev[1], snap, by_thread)})
            prev = (t, snap)
    return result


def main():
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # piped into head: stop quietly
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pairs", type=int, default=8)
    ap.add_argument("--modes", default="local[2],local[1]")
    ap.add_argument("--work", default="/tmp/iwp-scaling", help="output folders go here (each run's is replaced)")
    ap.add_argument("--samples", default=None, help="samples table (default: WORK/samples, prepared on first use)")
    ap.add_argument("--by-thread", action="store_true", help="one row per thread name instead of four groups")
    ap.add_argument("--by-wave", action="store_true", help="also a line per wave: seconds and CPU since the last")
    ap.add_argument("--report", default=None, help="also write every run as JSON here")
    ap.add_argument("extra", nargs="*", help="more bin/iwp arguments, after --")
    a = ap.parse_args()
    if a.pairs < 1:
        ap.error(f"--pairs must be >= 1, found {a.pairs}")
    modes = a.modes.split(",")
    for m in modes:
        cores(m)  # refused before any run, not after the first
    samples = a.samples or os.path.join(a.work, "samples")
    runs = []
    for i in range(1, a.pairs + 1):
        for mode in modes:
            out = os.path.join(a.work, f"{mode.replace('[', '').replace(']', '')}-{i}")
            shutil.rmtree(out, ignore_errors=True)
            r = run(mode, out, samples, a.extra, a.by_thread)
            r["pair"] = i
            runs.append(r)
            t = r.get("threads", {})
            parts = " ".join(f"{k} {v['cpu_s']:.2f}/{v['runq_wait_s']:.2f}" for k, v in sorted(t.items())
                             if not a.by_thread or v["cpu_s"] >= 0.01)
            busy = f"busy {r['busy']:.3f}  " if "busy" in r else ""
            print(f"pair {i} {mode:9s} load {r['load_before']:4.2f}  {r['samples_per_s']:6.2f} samples/s "
                  f"({r['clock_s']:.1f} s)  {busy}cpu/run-queue wait s: {parts}", flush=True)
            for w in r.get("waves", []) if a.by_wave else []:
                cpu = " ".join(f"{k} {v['cpu_s']:.2f}" for k, v in sorted(w["threads"].items()) if v["cpu_s"] >= 0.01)
                print(f"    to wave {w['wave']} done: {w['s']:.2f} s, cpu s: {cpu}", flush=True)
    by_mode = {m: [r for r in runs if r["mode"] == m] for m in modes}
    per = {m: [r["samples_per_s"] for r in by_mode[m]] for m in modes}
    for m in modes:
        print(f"{m}: median {statistics.median(per[m]):.2f} samples/s of {per[m]}")
    if len(modes) == 2:
        a_, b_ = per[modes[0]], per[modes[1]]
        ratios = sorted(x / y for x, y in zip(a_, b_))
        print(f"{modes[0]} / {modes[1]}: {statistics.median(a_) / statistics.median(b_):.3f}x by medians; "
              f"pair ratios {', '.join(f'{r:.2f}' for r in ratios)} (median pair {statistics.median(ratios):.3f}x)")
        # samples/s ratio = (cores x busy ratio) x (task CPU per sample ratio), the same samples in both modes:
        # the first factor is what the JVM and Spark leave the tasks, the second what each sample cost the tasks
        # (where the box's drift between the two runs shows).
        pairs = [(x, y) for x, y in zip(by_mode[modes[0]], by_mode[modes[1]]) if "busy" in x and "busy" in y]
        if pairs:
            share = [cores(modes[0]) * x["busy"] / (cores(modes[1]) * y["busy"]) for x, y in pairs]
            cost = [y["task_cpu_s"] / x["task_cpu_s"] for x, y in pairs]
            print(f"busy {modes[0]} {statistics.median(x['busy'] for x, _ in pairs):.3f}, "
                  f"{modes[1]} {statistics.median(y['busy'] for _, y in pairs):.3f} (medians): cores x busy ratio "
                  f"{statistics.median(share):.3f}x, task CPU {modes[1]} / {modes[0]} {statistics.median(cost):.3f} "
                  f"(medians of the pairs)")
    if a.report:
        with open(a.report, "w") as f:
            json.dump(runs, f, indent=1)


if __name__ == "__main__":
    main()

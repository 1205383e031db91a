"""Where a Spark application's cores went, from its event log (spark.eventLog.enabled=true).

Per stage: tasks, wall (submission to completion), the summed task run time, task CPU time and JVM GC
time, the longest task, and the busy share of the cores (summed run time / (cores x wall)); then the
application's wall split into time inside stages and time between them (driver work: planning,
listing, publishing files), the serial part no core count shortens.

Usage: spark_event_summary.py EVENT_LOG [--cores N] [--min-ms 200]
EVENT_LOG is a file of a rolling event log folder (eventlog_v2_*/events_1_*); a .zstd one (Spark's
default codec) is read through the zstd command. Standard library only (python3).
"""

import argparse
import json
import subprocess
from collections import defaultdict


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("log")
    ap.add_argument("--cores", type=int, default=0, help="task slots (default: the largest number of tasks seen running at once)")
    ap.add_argument("--min-ms", type=int, default=200, help="stages shorter than this are summed into one row")
    a = ap.parse_args()
    stages, tasks = {}, defaultdict(list)
    app_start = app_end = None
    if a.log.endswith(".zstd"):
        lines = subprocess.run(["zstd", "-dc", a.log], check=True, capture_output=True, text=True).stdout.splitlines()
    else:
        lines = open(a.log).read().splitlines()
    for line in lines:
        e = json.loads(line)
        kind = e["Event"]
        if kind == "SparkListenerApplicationStart":
            app_start = e["Timestamp"]
        elif kind == "SparkListenerApplicationEnd":
            app_end = e["Timestamp"]
        elif kind == "SparkListenerStageCompleted":
            s = e["Stage Info"]
            stages[(s["Stage ID"], s["Stage Attempt ID"])] = (s["Submission Time"], s["Completion Time"], s["Stage Name"])
        elif kind == "SparkListenerTaskEnd":
            i, m = e["Task Info"], e.get("Task Metrics") or {}
            tasks[(e["Stage ID"], e["Stage Attempt ID"])].append(
                (i["Launch Time"], i["Finish Time"], m.get("Executor Run Time", 0), m.get("Executor CPU Time", 0) / 1e6,
                 m.get("JVM GC Time", 0)))
    events = sorted([(t[0], 1) for ts in tasks.values() for t in ts] + [(t[1], -1) for ts in tasks.values() for t in ts])
    running = peak = 0
    for _, d in events:
        running += d
        peak = max(peak, running)
    cores = a.cores or peak
    print(f"cores (task slots): {cores}")
    print("| stage | tasks | wall ms | task run ms (sum) | task CPU ms (sum) | GC ms (sum) | longest task ms | busy share |")
    print("|---|---|---|---|---|---|---|---|")
    small = [0, 0, 0.0, 0.0, 0]
    in_stages = []
    for key in sorted(stages, key=lambda k: stages[k][0]):
        start, end, name = stages[key]
        ts = tasks.get(key, [])
        wall = end - start
        run = sum(t[2] for t in ts)
        cpu = sum(t[3] for t in ts)
        gc = sum(t[4] for t in ts)
        in_stages.append((start, end))
        if wall < a.min_ms:
            small = [small[0] + 1, small[1] + wall, small[2] + run, small[3] + cpu, small[4] + gc]
            continue
        longest = max((t[1] - t[0] for t in ts), default=0)
        print(f"| {key[0]} {name.split(' at ')[0][:40]} | {len(ts)} | {wall} | {run} | {cpu:.0f} | {gc} | {longest} | "
              f"{run / (cores * wall) if wall else 0:.2f} |")
    print(f"| {small[0]} stages under {a.min_ms} ms | | {small[1]} | {small[2]} | {small[3]:.0f} | {small[4]} | | |")
    covered, last = 0, None
    for s, e in sorted(in_stages):
        if last is None or s > last:
            covered += e - s
            last = e
        elif e > last:
            covered += e - last
            last = e
    if app_start and app_end:
        total = app_end - app_start
        print(f"\napplication wall {total} ms: inside stages {covered} ms, outside (driver only) {total - covered} ms")


if __name__ == "__main__":
    main()

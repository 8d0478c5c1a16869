#!/usr/bin/python3
"""Whole-process cost of `calc` with a long timeline (docs/performance.md#timeline).

Generates scenarios with a `timeline:` of P weekly periods (a `wins` list of P
values), 10 stages, lags of every form on every step (days of up to ten years,
share lists of 13 entries), and `channels` channels; runs
`leadplan calc --format json` on each (output to /dev/null), RUNS times, and
prints the least CPU time (user + sys) and peak RSS. Fails when the CPU time
per period at the largest P is more than 3 times that at the smallest after the
start-up (the seed) is taken off: a path quadratic in P would grow 10 times.

Usage: scripts/timeline_bench.py [--runs N] [LEADPLAN]   (default build/src/leadplan)
"""

import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEED = os.path.join(ROOT, "examples", "seed.yaml")
MAX_RATIO = 3.0


def scenario(periods, channels, stages=10):
    lines = ["period: week", "target:", "  wins: 5", "budget: 100000", "funnel:",
             "  - stage: s0"]
    for i in range(1, stages):
        lines += ["  - stage: s%d" % i, "    rate: %d%%" % (50 + 5 * (i % 9))]
    if channels:
        lines.append("channels:")
        for c in range(channels):
            lines += ["  - name: c%05d" % c, "    cpl: %d" % (20 + c * 37 % 180)]
    lines += ["timeline:", "  start: 2027-01-04", "  periods: %d" % periods, "  wins:"]
    lines += ["    - %d" % (1 + (p * 7) % 11) for p in range(periods)]
    lines.append("  lags:")
    for i in range(1, stages):
        if i % 3 == 0:  # a share list of 13 weeks
            lines.append("    s%d: [%s]" % (i, ", ".join(["10%"] * 4 + ["5%"] * 8 + ["20%"])))
        else:  # days: up to ten years
            lines.append("    s%d: %s" % (i, 3652.5 if i % 3 == 1 else 10.5 * i))
    return "\n".join(lines) + "\n"


def run(leadplan, path, runs, fmt="json"):
    """The least CPU seconds and least wall seconds of `runs` runs (os.wait4), and
    the peak RSS in MiB of one more run under GNU time (/usr/bin/time, Debian's
    `time`: its CPU times are in hundredths, and a child's own ru_maxrss here
    would count the interpreter's pages)."""
    cpu = wall = None
    command = [leadplan, "calc", path, "--format", fmt]
    for _ in range(runs):
        with open(os.devnull, "wb") as devnull:
            start = time.perf_counter()
            child = subprocess.Popen(command, stdout=devnull)
            _, status, usage = os.wait4(child.pid, 0)
            elapsed = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            sys.exit("timeline_bench: exit %d on %s" % (child.returncode, path))
        used = usage.ru_utime + usage.ru_stime
        cpu = used if cpu is None else min(cpu, used)
        wall = elapsed if wall is None else min(wall, elapsed)
    with open(os.devnull, "wb") as devnull:
        result = subprocess.run(["/usr/bin/time", "-f", "%M"] + command, stdout=devnull,
                                stderr=subprocess.PIPE, text=True, check=True)
    return cpu, wall, int(result.stderr.split()[-1]) / 1024.0


def main(argv):
    runs = 5
    if len(argv) >= 2 and argv[0] == "--runs":
        runs = int(argv[1])
        argv = argv[2:]
    leadplan = argv[0] if argv else os.path.join(ROOT, "build", "src", "leadplan")
    startup, startup_wall, startup_rss = run(leadplan, SEED, runs)
    print("start-up (seed): %.1f ms CPU, %.1f ms wall, peak RSS %.1f MiB"
          % (startup * 1000, startup_wall * 1000, startup_rss))
    per_period = {}
    with tempfile.TemporaryDirectory() as folder:
        for periods, channels in [(1000, 0), (10000, 0), (520, 1000)]:
            path = os.path.join(folder, "t%d_%d.yaml" % (periods, channels))
            with open(path, "w") as f:
                f.write(scenario(periods, channels))
            cpu, wall, rss = run(leadplan, path, runs)
            size = os.path.getsize(path)
            print("%6d periods x 10 stages, %4d channels (%4d KiB): %6.1f ms CPU, %6.1f ms wall, "
                  "peak RSS %.1f MiB" % (periods, channels, size // 1024, cpu * 1000, wall * 1000,
                                         rss))
            if channels == 0:
                per_period[periods] = max(cpu - startup, 0.002) / periods
    ratio = per_period[10000] / per_period[1000]
    print("CPU per period, 10,000 vs 1,000 periods: %.2fx" % ratio)
    if ratio > MAX_RATIO:
        sys.exit("timeline_bench: the time per period grows %.1fx: not linear" % ratio)


if __name__ == "__main__":
    main(sys.argv[1:])

#!/usr/bin/python3
"""Checks that leadplan's time grows linearly with its input, whole process.

For each pathological shape of input (issue 9: comma runs, brackets, braces,
long keys, many --set, diff of many channels...), runs `leadplan` on 64 KiB and
on 1 MiB of it, takes the least CPU time of several runs of each, and fails when
the time per byte at 1 MiB is more than 3 times the time per byte at 64 KiB: a
quadratic path grows 16 times. The start-up time (a run on the seed) is taken off both,
and a run's own work under 2 ms counts as 2 ms (start-up noise).
Then runs each shape at 16 MiB, the size limit, and fails when a run's peak
RSS passes 512 MiB (its time is printed; --large takes the best of 3 runs, the
figures of docs/performance.md).

Usage: scripts/scaling.py [--large] [--timeout S] [LEADPLAN]   (default build/src/leadplan)
Takes about 15 s; .ci/run runs it after the build.
"""

import os
import subprocess
import sys
import tempfile
import time

SMALL = 64 * 1024
LARGE = 1024 * 1024
MAX_RATIO = 3.0
NOISE = 0.002  # seconds
TIMEOUT = 60.0  # seconds, any one run (--timeout S)
MAX_RSS_MIB = 512  # any run, any size up to 16 MiB (docs/errors.md, "Limits")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEED = os.path.join(ROOT, "examples", "seed.yaml")


def repeat_to(head, piece, tail, size):
    """head + piece repeated + tail, about `size` bytes."""
    count = max(1, (size - len(head) - len(tail)) // len(piece))
    return head + piece * count + tail


def channels(size, suffix=""):
    """A valid block scenario with as many channels as fit in `size` bytes."""
    head = ("target:\n  wins: 5\nbudget: 100000\nfunnel:\n  - stage: lead\n"
            "  - stage: mql\n    rate: 20%\n  - stage: won\n    rate: 25%\nchannels:\n")
    parts = [head]
    total = len(head)
    i = 0
    while True:
        part = "- name: %06x%s\n  cpl: %d\n" % (i, suffix, 20 + i * 37 % 180)
        if total + len(part) > size:
            return "".join(parts)
        parts.append(part)
        total += len(part)
        i += 1


def flow_channels(size):
    """The same in flow style, which yaml-cpp reads."""
    head = ("target: {wins: 5}\nbudget: 100000\nfunnel: [{stage: lead}, "
            "{stage: mql, rate: 20%}]\nchannels: [")
    parts = [head]
    total = len(head) + 2
    i = 0
    while True:
        part = "{name: c%d, cpl: %d}, " % (i, 20 + i % 180)
        if total + len(part) > size:
            parts.append("]\n")
            return "".join(parts)
        parts.append(part)
        total += len(part)
        i += 1


def long_keys(size):
    """Distinct keys of 1,000 bytes, one a line."""
    lines = []
    total = 0
    i = 0
    while True:
        line = ("k%d" % i).ljust(1000, "k") + ": 1\n"
        if total + len(line) > size:
            return "".join(lines)
        lines.append(line)
        total += len(line)
        i += 1


# name -> function(size) -> (arguments after `leadplan`, the texts of {0} and {1})
SHAPES = {
    "commas": lambda n: (["calc", "{0}"], [repeat_to("x: [", ",", "]\n", n)]),
    "unclosed [": lambda n: (["calc", "{0}"], ["[" * n]),
    "nested lists": lambda n: (["calc", "{0}"], [repeat_to("x: [", "[[1]],", "]\n", n)]),
    "list of {}": lambda n: (["calc", "{0}"], [repeat_to("x: [", "{}, ", "]\n", n)]),
    "root list": lambda n: (["calc", "{0}"], [repeat_to("[", "1,", "1]\n", n)]),
    "empty entries": lambda n: (["calc", "{0}"], ["-\n" * (n // 2)]),
    "long keys": lambda n: (["calc", "{0}"], [long_keys(n)]),
    "channels": lambda n: (["calc", "{0}", "--format", "json"], [channels(n)]),
    "flow channels": lambda n: (["calc", "{0}", "--format", "json"], [flow_channels(n)]),
    # Two halves whose channels all differ: every name is looked for and missed.
    "diff": lambda n: (["diff", "{0}", "{1}", "--format", "csv"],
                       [channels(n // 2, "a"), channels(n // 2, "b")]),
}


def many_sets(size):
    """--set arguments to `size` bytes of command line, on the seed."""
    arguments = ["calc", SEED]
    total = 0
    i = 0
    while total < size:
        pair = "budget=%d" % (1000 + i) if i % 2 == 0 else "funnel.mql.rate=%d%%" % (1 + i % 99)
        arguments += ["--set", pair]
        total += len(pair) + len("--set") + 2
        i += 1
    return arguments


class TooSlow(Exception):
    pass


def run(leadplan, arguments):
    """CPU time (user and system; the wall time of a shared machine is mostly
    other jobs' turn), wall time and peak RSS (KiB) of one run; TooSlow past
    TIMEOUT seconds of wall time."""
    start = time.perf_counter()
    process = subprocess.Popen([leadplan] + arguments, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid != 0:
            break
        if time.perf_counter() - start > TIMEOUT:
            process.kill()
            process.wait()
            raise TooSlow()
        time.sleep(0.0005)
    elapsed = time.perf_counter() - start
    if os.WIFSIGNALED(status) or os.WEXITSTATUS(status) not in (0, 1, 2):
        raise RuntimeError("leadplan %s: status %d" % (" ".join(arguments[:3]), status))
    return usage.ru_utime + usage.ru_stime, elapsed, usage.ru_maxrss


def best(leadplan, arguments, runs):
    """The least CPU time and wall time of `runs` runs, and the largest peak RSS."""
    cpu, wall, peaks = zip(*(run(leadplan, arguments) for _ in range(runs)))
    return min(cpu), min(wall), max(peaks)


def measure(leadplan, folder, shape, size, runs):
    if shape == "many --set":
        arguments = many_sets(size)
        return best(leadplan, arguments, runs) + (sum(len(a) + 1 for a in arguments[2:]),)
    arguments, texts = SHAPES[shape](size)
    paths = []
    for i, text in enumerate(texts):
        paths.append(os.path.join(folder, "input%d.yaml" % i))
        with open(paths[-1], "w", encoding="utf-8") as out:
            out.write(text)
    arguments = [a.format(*paths) for a in arguments]
    return best(leadplan, arguments, runs) + (sum(len(t.encode("utf-8")) for t in texts),)


def main():
    global TIMEOUT
    args = sys.argv[1:]
    large = "--large" in args
    args = [a for a in args if a != "--large"]
    if "--timeout" in args:
        at = args.index("--timeout")
        TIMEOUT = float(args[at + 1])
        del args[at:at + 2]
    leadplan = os.path.abspath(args[0] if args else os.path.join(ROOT, "build/src/leadplan"))
    startup = best(leadplan, ["calc", SEED], 9)[0]
    failures = []
    print("CPU time, best of 5 runs at 64 KiB and of 3 at 1 MiB; start-up (%.2f ms) "
          "taken off for the ratio of the time per byte" % (startup * 1e3))
    print("%-14s %11s %11s %9s %12s" % ("shape", "64 KiB", "1 MiB", "ratio", "1 MiB RSS"))
    with tempfile.TemporaryDirectory(prefix="leadplan-scaling-") as folder:
        for shape in list(SHAPES) + ["many --set"]:
            try:
                small, _, _, small_bytes = measure(leadplan, folder, shape, SMALL, 5)
                big, _, rss, big_bytes = measure(leadplan, folder, shape, LARGE, 3)
            except TooSlow:
                failures.append("%s: a run took more than %g s" % (shape, TIMEOUT))
                print("%-14s %s  FAIL" % (shape, "more than %g s" % TIMEOUT))
                continue
            # Time per byte, start-up taken off; below NOISE a run's own work
            # cannot be told from start-up, and counts as NOISE.
            per_small = max(small - startup, NOISE) / small_bytes
            per_big = max(big - startup, NOISE) / big_bytes
            ratio = per_big / per_small
            verdict = ""
            if ratio > MAX_RATIO:
                failures.append("%s: time per byte grows %.1fx from 64 KiB to 1 MiB" % (shape, ratio))
                verdict = "  FAIL"
            if rss > MAX_RSS_MIB * 1024:
                failures.append("%s: %d MiB at 1 MiB" % (shape, rss // 1024))
                verdict = "  FAIL"
            print("%-14s %8.1f ms %8.1f ms %8.2fx %8.1f MiB%s"
                  % (shape, small * 1e3, big * 1e3, ratio, rss / 1024, verdict))
            sys.stdout.flush()
        # Memory at the size limit: a run each (best of 3 with --large, for
        # docs/performance.md); the time is reported, not checked (CI machines vary).
        size = 16 * 1024 * 1024
        print("\n%-14s %11s %11s %12s  (16 MiB, %s)"
              % ("shape", "CPU", "wall", "peak RSS", "best of 3" if large else "one run"))
        for shape in SHAPES:
            if shape == "diff" and not large:
                continue  # two files of 8 MiB: seconds, and no memory the others lack
            try:
                cpu, wall, rss, _ = measure(leadplan, folder, shape, size, 3 if large else 1)
            except TooSlow:
                failures.append("%s: a run took more than %g s at 16 MiB" % (shape, TIMEOUT))
                print("%-14s more than %g s  FAIL" % (shape, TIMEOUT))
                continue
            verdict = ""
            if rss > MAX_RSS_MIB * 1024:
                failures.append("%s: %d MiB at 16 MiB" % (shape, rss // 1024))
                verdict = "  FAIL"
            print("%-14s %9.2f s %9.2f s %8.1f MiB%s" % (shape, cpu, wall, rss / 1024, verdict))
            sys.stdout.flush()
    for failure in failures:
        print("scaling.py: " + failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

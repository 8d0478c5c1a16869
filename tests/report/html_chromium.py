#!/usr/bin/python3
"""Every example's HTML report rendered by headless Chromium (docs/reports.md).

For calc and check of each example and for a one- and a two-axis sweep: Chromium
loads the page with no console message and no request (--dump-dom with logging
on stderr), the rendered DOM still holds every chart and table, and a screenshot
is not blank, in the light and in the dark colour scheme. With --screenshots DIR,
the PNGs of the seed are kept there (docs/ uses them).

Usage: html_chromium.py LEADPLAN EXAMPLES_DIR [--screenshots DIR]. Exit 77
(skipped) when chromium is not installed.
"""
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    print("skipped: chromium is not installed")
    sys.exit(77)

LEADPLAN, EXAMPLES = sys.argv[1], sys.argv[2]
KEEP = sys.argv[sys.argv.index("--screenshots") + 1] if "--screenshots" in sys.argv else None
failures = []


def chromium(workdir, args):
    profile = os.path.join(workdir, "profile")
    base = [CHROMIUM, "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run",
            f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
            "--disable-background-networking", "--disable-component-update"]
    return subprocess.run(base + args, capture_output=True, timeout=120)


def png_colours(path):
    """The number of distinct pixel byte values in a PNG (a blank page has one or two)."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    at, idat = 8, b""
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        if kind == b"IDAT":
            idat += data[at + 8:at + 8 + length]
        at += 12 + length
    return len(set(zlib.decompress(idat)))


def check(name, args, charts, workdir):
    page = os.path.join(workdir, name + ".html")
    result = subprocess.run([LEADPLAN] + args + ["--format", "html", "-o", page], capture_output=True)
    if result.returncode not in (0, 1):
        failures.append(f"{name}: leadplan exited {result.returncode}: {result.stderr.decode()}")
        return
    url = "file://" + page
    dom = chromium(workdir, ["--dump-dom", url])
    log = dom.stderr.decode(errors="replace")
    for line in log.splitlines():
        if "CONSOLE" in line or "Failed to load" in line or "net::ERR" in line:
            failures.append(f"{name}: {line}")
    text = dom.stdout.decode(errors="replace")
    if text.count("<svg") != charts or text.count("<table") < min(charts, 1):
        failures.append(f"{name}: the rendered DOM has {text.count('<svg')} charts, {charts} expected")
    for scheme in ("light", "dark") if name == "seed" else ("light",):
        shot = os.path.join(workdir, f"{name}-{scheme}.png")
        flags = ["--force-dark-mode", "--blink-settings=preferredColorScheme=0"] if scheme == "dark" else []
        chromium(workdir, flags + ["--hide-scrollbars", "--window-size=1200,1300", f"--screenshot={shot}", url])
        if not os.path.exists(shot):
            failures.append(f"{name}: no {scheme} screenshot")
            continue
        colours = png_colours(shot)
        if colours < 16:
            failures.append(f"{name}: the {scheme} screenshot looks blank ({colours} values)")
        if KEEP and name == "seed":
            shutil.copy(shot, os.path.join(KEEP, f"report-{scheme}.png"))


with tempfile.TemporaryDirectory() as workdir:
    for example in sorted(os.listdir(EXAMPLES)):
        if example.endswith(".yaml"):
            path = os.path.join(EXAMPLES, example)
            stem = example[:-5]
            check(stem, ["calc", path], 2, workdir)
            check(stem + "-check", ["check", path], 2, workdir)
    seed = os.path.join(EXAMPLES, "seed.yaml")
    check("diff", ["diff", seed, os.path.join(EXAMPLES, "..", "tests", "data", "seed_pr.yaml")], 1, workdir)
    check("sweep-line", ["sweep", seed, "--vary", "budget=2000:30000:500"], 1, workdir)
    check("sweep-heat", ["sweep", seed, "--vary", "budget=2000:30000:1000",
                         "--vary", "funnel.mql.rate=5%:50%:5%"], 1, workdir)

for failure in failures:
    print(failure)
print(f"html in chromium: {len(failures)} failures")
sys.exit(1 if failures else 0)

#!/usr/bin/python3
"""The XLSX model read by real clients (docs/reports.md).

For each example: openpyxl reads `calc --format xlsx`; the computed cells are
formulas, their cached values equal `calc --format json` to 1e-9 relative; the
same bytes come out twice. Then an input is changed with openpyxl (which drops
every cached value), LibreOffice recalculates the workbook, and every figure
equals `calc --set ... --format json` to 1e-9 relative.

Usage: xlsx_check.py LEADPLAN EXAMPLES_DIR. Exit 77 (skipped) when openpyxl or
soffice is missing.
"""
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile

LEADPLAN, EXAMPLES = sys.argv[1], sys.argv[2]
failures = []

# A workbook is binary: never written raw to a terminal (exit 2, nothing written).
import pty
main_fd, terminal = pty.openpty()
refused = subprocess.run([LEADPLAN, "calc", os.path.join(EXAMPLES, "seed.yaml"), "--format", "xlsx"],
                         stdout=terminal, stderr=subprocess.PIPE)
os.close(terminal)
os.set_blocking(main_fd, False)
try:
    written = os.read(main_fd, 65536)
except (BlockingIOError, OSError):
    written = b""
os.close(main_fd)
if refused.returncode != 2 or b"not written to a terminal" not in refused.stderr or written:
    print(f"terminal: exit {refused.returncode}, {refused.stderr!r}, {len(written)} bytes written")
    sys.exit(1)

try:
    import openpyxl
except ImportError:
    print("skipped: python3-openpyxl is not installed")
    sys.exit(77)

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
if SOFFICE is None:
    print("skipped: soffice (libreoffice-calc-nogui) is not installed")
    sys.exit(77)



def run(args, binary=False):
    result = subprocess.run([LEADPLAN] + args, capture_output=True, check=True)
    return result.stdout if binary else result.stdout.decode()


def close(expected, actual, where):
    if expected is None:
        if actual not in (None, ""):
            failures.append(f"{where}: expected nothing, got {actual!r}")
        return
    if isinstance(expected, bool):
        expected = 1.0 if expected else 0.0
    if isinstance(actual, bool):
        actual = 1.0 if actual else 0.0
    if not isinstance(actual, (int, float)):
        failures.append(f"{where}: expected {expected}, got {actual!r}")
        return
    if not math.isclose(expected, actual, rel_tol=1e-9, abs_tol=1e-12):
        failures.append(f"{where}: expected {expected!r}, got {actual!r}")


def labelled(sheet):
    """Plan sheet: label in column A -> row number."""
    return {sheet.cell(r, 1).value: r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value}


def compare(book, plan, where, formulas=None):
    """Every figure of the workbook `book` (values) against the JSON `plan`."""
    pl = book["Plan"]
    rows = labelled(pl)
    close(plan["target"]["wins"], pl.cell(rows["Target wins"], 2).value, f"{where} wins")
    if plan["budget"] is not None:
        close(plan["allowable_cpl"], pl.cell(rows["Allowable CPL"], 2).value, f"{where} allowable_cpl")
    first = rows["Stage"] + 1
    for i, stage in enumerate(plan["stages"]):
        r = first + i
        close(stage["required"], pl.cell(r, 3).value, f"{where} {stage['name']}.required")
        if stage["allowable_cost"] is not None:
            close(stage["allowable_cost"], pl.cell(r, 4).value, f"{where} {stage['name']}.allowable_cost")
        if formulas is not None:
            cell = formulas["Plan"].cell(r, 3).value
            if not (isinstance(cell, str) and cell.startswith("=")):
                failures.append(f"{where}: {stage['name']}.required is no formula: {cell!r}")
    mix = plan.get("mix")
    with_budget = plan["budget"] is not None and plan["channels"]
    if mix and with_budget:
        for i, value in enumerate(mix["projected"]):
            close(value, pl.cell(first + i, 6).value, f"{where} projected[{i}]")
        for label, key in [("Leads bought", "leads"), ("Spend", "spend"), ("Blended CPL", "blended_cpl"),
                           ("Blended effective CPL", "blended_effective_cpl"),
                           ("Projected wins", "projected_wins"), ("Coverage", "coverage"),
                           ("Win coverage", "win_coverage"), ("Feasible (1 = yes)", "feasible"),
                           ("Unspent", "unspent")]:
            close(mix[key], pl.cell(rows[label], 2).value, f"{where} mix.{key}")
            if formulas is not None:
                cell = formulas["Plan"].cell(rows[label], 2).value
                if not (isinstance(cell, str) and cell.startswith("=")):
                    failures.append(f"{where}: mix.{key} is no formula: {cell!r}")
    if not plan["channels"]:
        return
    ch = book["Channels"]
    header = {ch.cell(1, c).value: c for c in range(1, ch.max_column + 1)}
    for k, channel in enumerate(plan["channels"]):
        r = k + 2
        close(channel["effective_cpl"], ch.cell(r, header["Effective CPL"]).value, f"{where} {channel['name']}.effective_cpl")
        close(channel["cac"], ch.cell(r, header["CAC"]).value, f"{where} {channel['name']}.cac")
        close(channel["within_allowable"], ch.cell(r, header["Within allowable (1 = yes)"]).value,
              f"{where} {channel['name']}.within_allowable")
        for i, stage in enumerate(plan["stages"]):
            close(channel["yield"][i], ch.cell(r, header["yield " + stage["name"]]).value, f"{where} {channel['name']}.yield[{i}]")
            close(channel["cost_per_stage"][i], ch.cell(r, header["cost per " + stage["name"]]).value,
                  f"{where} {channel['name']}.cost_per_stage[{i}]")
        if with_budget:
            for key, column in [("budget", "Budget"), ("leads", "Leads"), ("spend", "Spend"), ("wins", "Wins"),
                                ("revenue", "Revenue"), ("roi", "ROI")]:
                close(channel[key], ch.cell(r, header[column]).value, f"{where} {channel['name']}.{key}")


def recalculated(path, workdir):
    """The workbook at `path` recalculated by LibreOffice, read back as values."""
    profile = "file://" + os.path.join(workdir, "profile")
    out = os.path.join(workdir, "recalc")
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "xlsx",
                    "--outdir", out, path], check=True, capture_output=True, timeout=180)
    return openpyxl.load_workbook(os.path.join(out, os.path.basename(path)), data_only=True)


def check(example, changes, workdir):
    name = os.path.basename(example)
    data = run(["calc", example, "--format", "xlsx"], binary=True)
    if data != run(["calc", example, "--format", "xlsx"], binary=True):
        failures.append(f"{name}: two runs give different bytes")
    path = os.path.join(workdir, name + ".xlsx")
    with open(path, "wb") as f:
        f.write(data)
    plan = json.loads(run(["calc", example, "--format", "json"]))
    formulas = openpyxl.load_workbook(path)
    compare(openpyxl.load_workbook(path, data_only=True), plan, name + " (cached)", formulas)

    # Change inputs the way a planner would, drop the cached values, recalculate.
    inputs = formulas["Inputs"]
    labels = {inputs.cell(r, 1).value: r for r in range(1, inputs.max_row + 1)}
    sets = []
    for label, column, value, path_set in changes:
        inputs.cell(labels[label], column).value = value
        sets += ["--set", f"{path_set}={value}"]
    changed = os.path.join(workdir, "changed-" + name + ".xlsx")
    formulas.save(changed)
    expected = json.loads(run(["calc", example, "--format", "json"] + sets))
    compare(recalculated(changed, workdir), expected, name + " (LibreOffice, " + " ".join(sets) + ")")


with tempfile.TemporaryDirectory() as workdir:
    check(os.path.join(EXAMPLES, "seed.yaml"),
          [("Budget", 2, 12500, "budget"), ("mql", 2, 0.25, "funnel.mql.rate")], workdir)
    check(os.path.join(EXAMPLES, "saas.yaml"), [("Budget", 2, 40000, "budget")], workdir)
    check(os.path.join(EXAMPLES, "agency.yaml"), [("Budget", 2, 9000, "budget")], workdir)
    check(os.path.join(EXAMPLES, "no_budget.yaml"), [], workdir)
    check(os.path.join(EXAMPLES, "..", "tests", "data", "xlsx_edge.yaml"),
          [("Budget", 2, 7000, "budget"), ("won", 2, 0.4, "funnel.won.rate")], workdir)

for failure in failures[:50]:
    print(failure)
print(f"xlsx: {len(failures)} failures")
sys.exit(1 if failures else 0)

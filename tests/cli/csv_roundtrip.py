#!/usr/bin/env python3
"""Reads leadplan's CSV back with Python's csv module (a real RFC 4180 reader).

Usage: csv_roundtrip.py LEADPLAN. A channel named `webinars, live "EMEA"` and one
with a newline in its name must survive the round trip with every figure intact."""
import csv
import io
import json
import subprocess
import sys
import tempfile

SCENARIO = '''target:
  wins: 5
funnel:
  - stage: lead
  - stage: mql
    rate: 20%
  - stage: won
    rate: 10%
budget: 10000
channels:
  - name: 'webinars, live "EMEA"'
    cpl: 80
    mql_rate: 40%
  - name: "two\\nlines"
    cpl: 30
'''


def run(leadplan, path, fmt):
    done = subprocess.run([leadplan, "calc", path, "--format", fmt], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def main():
    leadplan = sys.argv[1]
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
        f.write(SCENARIO)
        path = f.name
    text = run(leadplan, path, "csv")
    plan = json.loads(run(leadplan, path, "json"))
    header = text.split("\n", 1)[0]
    assert header.startswith("kind,name,"), header
    # One header row, no blank line (CONTRACT 8.1): every record has the header's fields,
    # as a strict reader (sqlite3's .import) needs.
    records = list(csv.reader(io.StringIO(text, newline="")))
    assert all(len(r) == len(records[0]) for r in records), [len(r) for r in records]
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert all(r["kind"] for r in rows), rows
    stages = [r for r in rows if r["kind"] == "stage"]
    channels = [r for r in rows if r["kind"] == "channel"]
    assert len(channels) == 2
    matrix = [r for r in rows if r["kind"] == "channel_stage"]
    assert len(matrix) == len(channels) * len(stages), matrix
    assert [s["name"] for s in stages] == ["lead", "mql", "won"], stages
    assert [float(s["required"]) for s in stages] == [s["required"] for s in plan["stages"]]
    assert [c["name"] for c in channels] == ['webinars, live "EMEA"', "two\nlines"], channels
    for row, channel in zip(channels, plan["channels"]):
        for key in ("cpl", "effective_cpl", "budget", "leads", "spend", "cac", "wins"):
            assert float(row[key]) == channel[key], (key, row[key], channel[key])
        assert row["within_allowable"] == str(channel["within_allowable"]).lower()
    for c, channel in enumerate(plan["channels"]):
        for i, stage in enumerate(plan["stages"]):
            row = matrix[c * len(stages) + i]
            assert (row["name"], row["stage"]) == (channel["name"], stage["name"]), row
            assert float(row["yield"]) == channel["yield"][i]
            assert float(row["cost_per_stage"]) == channel["cost_per_stage"][i]
    print("csv round trip: 2 passed, 0 failed")


if __name__ == "__main__":
    main()

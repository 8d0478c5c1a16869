#!/usr/bin/env python3
"""Reads `leadplan track --format csv` back with Python's csv module (a real RFC
4180 reader) and compares it with `--format json`.

Usage: track_csv_roundtrip.py LEADPLAN. A channel value with a comma, quotes and
a line break must survive; every record has the header's fields; every figure
equals the JSON's."""
import csv
import io
import json
import os
import subprocess
import sys
import tempfile

SCENARIO = '''target:
  wins: 2
funnel:
  - stage: lead
  - stage: mql
    rate: 50%
  - stage: won
    rate: 50%
channels:
  - name: ads
    cpl: 10
actuals:
  channel: Source
  stages: {lead: Created, mql: MQL, won: Won}
  channel_names: {Google: ads}
  min_sample: 1
'''

LEADS = ('Source,Created,MQL,Won\r\n'
         'Google,2027-03-01,2027-03-02,2027-03-05\r\n'
         '"Trade ""Show"", EMEA",2027-03-03,2027-03-04,\r\n'
         '"two\nlines",2027-02-03,,\r\n'
         ',2027-03-09,,\r\n')

SPEND = 'channel,date,amount\nGoogle,2027-03-01,100\n"Trade ""Show"", EMEA",2027-03-02,40.5\n'


def run(leadplan, args):
    done = subprocess.run([leadplan, "track"] + args, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def number(text):
    return None if text == "" else float(text)


def main():
    leadplan = sys.argv[1]
    folder = tempfile.mkdtemp()
    paths = {}
    for name, text in (("plan.yaml", SCENARIO), ("leads.csv", LEADS), ("spend.csv", SPEND)):
        paths[name] = os.path.join(folder, name)
        with open(paths[name], "w", newline="", encoding="utf-8") as f:
            f.write(text)
    args = [paths["plan.yaml"], "--leads", paths["leads.csv"], "--spend", paths["spend.csv"],
            "--as-of", "2027-03-10"]
    text = run(leadplan, args + ["--format", "csv"])
    report = json.loads(run(leadplan, args + ["--format", "json"]))["track"]
    assert "\n\n" not in text
    records = list(csv.reader(io.StringIO(text, newline="")))
    header = records[0]
    assert header[0] == "kind", header
    assert all(len(r) == len(header) for r in records), [len(r) for r in records]
    rows = [dict(zip(header, r)) for r in records[1:]]
    channels = [r for r in rows if r["kind"] == "channel"]
    names = [c["name"] for c in report["channels"]]
    assert [c["channel"] for c in channels] == names, (channels, names)
    assert names == ["ads", "Trade \"Show\", EMEA", "two\nlines", "(none)"], names
    for row, channel in zip(channels, report["channels"]):
        assert row["in_plan"] == str(channel["in_plan"]).lower()
        assert number(row["spend"]) == channel["spend"], (row, channel)
        assert number(row["cpl"]) == channel["cpl"], (row, channel)
        assert number(row["actual"]) == channel["actual"][0]
    per_stage = [r for r in rows if r["kind"] == "channel_stage"]
    assert len(per_stage) == len(names) * 3
    for row in per_stage:
        channel = report["channels"][names.index(row["channel"])]
        i = ["lead", "mql", "won"].index(row["stage"])
        for key in ("observed_rate", "n", "observed_yield", "lead_time_median", "lead_time_p90",
                    "cost_per_stage"):
            assert number(row[key]) == channel[key][i], (key, row, channel)
    stages = [r for r in rows if r["kind"] == "stage"]
    for row, stage in zip(stages, report["stages"]):
        for key in ("required", "actual", "plan_to_date", "pace", "forecast", "rate",
                    "observed_rate", "n", "maturity_days"):
            assert number(row[key]) == stage[key], (key, row, stage)
    track = [r for r in rows if r["kind"] == "track"][0]
    assert track["as_of"] == report["as_of"] and number(track["rows"]) == report["rows"]
    print("track csv round trip: passed")


if __name__ == "__main__":
    main()

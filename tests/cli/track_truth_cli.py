#!/usr/bin/env python3
"""The whole `leadplan track` command on a simulated export (scripts/gen_crm_export.py):
its observed rates within 4 standard errors of the true ones, each planned
channel's too, and the CPL of the spend file equal to the simulated one.

Usage: track_truth_cli.py LEADPLAN SCENARIO LEADS.csv SPEND.csv TRUTH.json"""
import json
import math
import subprocess
import sys


def main():
    leadplan, scenario, leads, spend, truth_path = sys.argv[1:6]
    with open(truth_path, encoding="utf-8") as f:
        truth = json.load(f)
    done = subprocess.run([leadplan, "track", scenario, "--leads", leads, "--spend", spend,
                           "--format", "json"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)["track"]
    failures = []

    def near(what, observed, n, true):
        z = (observed - true) / math.sqrt(true * (1 - true) / n)
        print(f"{what}: observed {observed:.4f} on {n}, true {true:.4f}, z {z:+.2f}")
        if abs(z) > 4:
            failures.append(what)

    assert report["as_of"] == truth["as_of"]
    for i, stage in enumerate(report["stages"][1:]):
        near(stage["name"], stage["observed_rate"], stage["n"], truth["rates"][i])
    # The planned channels of examples/track/hubspot.yaml, by their HubSpot source.
    sources = {"paid_search": "Paid Search", "paid_social": "Paid Social",
               "events": "Offline Sources", "referrals": "Referrals", "email": "Email Marketing"}
    for channel in report["channels"]:
        if channel["name"] not in sources:
            continue
        true = truth["channels"][sources[channel["name"]]]
        for i in range(1, len(channel["observed_rate"])):
            near(f"{channel['name']} step {i}", channel["observed_rate"][i], channel["n"][i],
                 true["rates"][i - 1])
        if abs(channel["cpl"] - true["cpl"]) > 1e-9 * true["cpl"]:
            failures.append(f"{channel['name']} cpl {channel['cpl']} != {true['cpl']}")
    if failures:
        print("FAILED:", ", ".join(failures))
        sys.exit(1)
    print("track truth: passed")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""`leadplan schema` against the scenarios leadplan itself reads (docs/editors.md).

Run by ctest with Debian's python3-jsonschema and python3-yaml:
    /usr/bin/python3 tests/cli/json_schema.py LEADPLAN SOURCE_DIR

1. The schema is a valid draft-07 schema, and every key in it has a description.
2. Every scenario in the repository that `leadplan calc` accepts (examples/,
   tests/data/, tests/golden/, every `leadplan init` template) validates.
3. Every invalid scenario below fails both the schema and `leadplan calc` (exit 2).

YAML is read by the YAML 1.2 core schema, as yaml-language-server reads it (PyYAML
alone reads YAML 1.1, where `no` is a boolean and 2027-01-01 a date).
"""
import glob
import json
import os
import re
import subprocess
import sys

import jsonschema
import yaml


class Yaml12Loader(yaml.SafeLoader):
    """PyYAML's safe loader with the implicit types of the YAML 1.2 core schema."""


Yaml12Loader.yaml_implicit_resolvers = {}
for tag, pattern, first in [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    ("tag:yaml.org,2002:float",
     r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
     r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", "-+0123456789."),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
]:
    Yaml12Loader.add_implicit_resolver(tag, re.compile(pattern), list(first))


def construct_int(loader, node):
    text = loader.construct_scalar(node)
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text)


def construct_float(loader, node):
    text = loader.construct_scalar(node).lower()
    if text.endswith(".inf"):
        return float("-inf") if text.startswith("-") else float("inf")
    if text == ".nan":
        return float("nan")
    return float(text)


Yaml12Loader.add_constructor("tag:yaml.org,2002:int", construct_int)
Yaml12Loader.add_constructor("tag:yaml.org,2002:float", construct_float)


def load_yaml(text):
    return yaml.load(text, Loader=Yaml12Loader)


def run(leadplan, args, stdin=None):
    return subprocess.run([leadplan] + args, input=stdin, capture_output=True, text=True,
                          check=False)


def undescribed(schema, where="(root)"):
    """The paths of every property in `schema` without a description."""
    missing = []
    if isinstance(schema, dict):
        for name, sub in schema.get("properties", {}).items():
            if not sub.get("description"):
                missing.append(f"{where}.{name}")
        for key, sub in schema.items():
            if key in ("properties",):
                for name, prop in sub.items():
                    missing += undescribed(prop, f"{where}.{name}")
            elif isinstance(sub, (dict, list)):
                missing += undescribed(sub, where)
    elif isinstance(schema, list):
        for sub in schema:
            missing += undescribed(sub, where)
    return missing


SEED = """\
leadplan: 1
name: Seed
period: month
currency: USD
target:
  wins: 5
funnel:
  - stage: lead
  - stage: mql
    rate: 20%
  - stage: sql
    rate: 40%
budget: 10000
channels:
  - name: ads
    cpl: 30
"""

# (what, scenario): each breaks one rule both the schema and the loader hold.
INVALID = [
    ("unknown top-level key", SEED + "budgte: 5\n"),
    ("a bare rate above 1", SEED.replace("rate: 20%", "rate: 20")),
    ("a rate of 0%", SEED.replace("rate: 20%", "rate: 0%")),
    ("a rate above 100%", SEED.replace("rate: 20%", "rate: 101%")),
    ("a percentage with an exponent", SEED.replace("rate: 20%", "rate: 1e1%")),
    ("a percentage with a leading zero", SEED.replace("rate: 20%", "rate: 020%")),
    ("a negative budget", SEED.replace("budget: 10000", "budget: -5")),
    ("a budget of 0", SEED.replace("budget: 10000", "budget: 0")),
    ("a quoted budget", SEED.replace("budget: 10000", 'budget: "10000"')),
    ("a budget as a percentage", SEED.replace("budget: 10000", "budget: 10%")),
    ("an infinite budget", SEED.replace("budget: 10000", "budget: .inf")),
    ("a budget above 1e15", SEED.replace("budget: 10000", "budget: 1e16")),
    ("an unknown period", SEED.replace("period: month", "period: monthly")),
    ("a currency in lower case", SEED.replace("currency: USD", "currency: usd")),
    ("no such currency", SEED.replace("currency: USD", "currency: XYZ")),
    ("format version 2", SEED.replace("leadplan: 1", "leadplan: 2")),
    ("no target", SEED.replace("target:\n  wins: 5\n", "")),
    ("no funnel", SEED.split("funnel:")[0] + "budget: 10000\n"),
    ("a funnel of one stage", SEED.replace(
        "  - stage: mql\n    rate: 20%\n  - stage: sql\n    rate: 40%\n", "")),
    ("both wins and revenue", SEED.replace("wins: 5", "wins: 5\n  revenue: 100")),
    ("revenue without deal_size", SEED.replace("wins: 5", "revenue: 100000")),
    ("a target with neither wins nor revenue", SEED.replace("wins: 5", "deal_size: 100")),
    ("a rate on the first stage", SEED.replace("- stage: lead", "- stage: lead\n    rate: 50%")),
    ("a benchmark on the first stage",
     SEED.replace("- stage: lead", "- stage: lead\n    benchmark: 50%")),
    ("a later stage without a rate", SEED.replace("  - stage: sql\n    rate: 40%\n",
                                                   "  - stage: sql\n")),
    ("a stage without a name", SEED.replace("- stage: sql\n    rate: 40%", "- rate: 40%")),
    ("an unknown key in a stage", SEED.replace("rate: 40%", "rate: 40%\n    capacty: 3")),
    ("a channel without a cpl", SEED.replace("    cpl: 30\n", "")),
    ("a channel with cpl and cpl_tiers",
     SEED.replace("cpl: 30", "cpl: 30\n    cpl_tiers:\n      - cpl: 40")),
    ("empty cpl_tiers", SEED.replace("cpl: 30", "cpl_tiers: []")),
    ("a tier without a cpl", SEED.replace("cpl: 30", "cpl_tiers:\n      - leads: 40")),
    ("an unknown key in a channel", SEED.replace("cpl: 30", "cpl: 30\n    cpm: 4")),
    ("a share above 100%", SEED.replace("cpl: 30", "cpl: 30\n    share: 120%")),
    ("a negative share", SEED.replace("cpl: 30", "cpl: 30\n    share: -0.1")),
    ("a channel's rate above 100%", SEED.replace("cpl: 30", "cpl: 30\n    rates:\n      sql: 150%")),
    ("a flag as text", SEED + "checks:\n  channels_within_allowable: \"yes\"\n"),
    ("a bare coverage of 100", SEED + "checks:\n  min_coverage: 100\n"),
    ("an unknown check", SEED + "checks:\n  min_covrage: 100%\n"),
    ("a confidence of 100%", SEED.replace("wins: 5", "wins: 5\n  confidence: 100%")),
    ("evidence that is not whole", SEED.replace(
        "rate: 40%", "rate: 40%\n    evidence:\n      entered: 10.5\n      converted: 4")),
    ("evidence without converted", SEED.replace(
        "rate: 40%", "rate: 40%\n    evidence:\n      entered: 10")),
    ("a timeline without start", SEED + "timeline:\n  periods: 3\n"),
    ("a timeline of 20000 periods", SEED + "timeline:\n  start: 2027-01-01\n  periods: 20000\n"),
    ("a timeline start that is no date", SEED + "timeline:\n  start: January\n  periods: 3\n"),
    ("a timeline with neither periods nor wins", SEED + "timeline:\n  start: 2027-01-01\n"),
    ("negative wins in a period", SEED + "timeline:\n  start: 2027-01-01\n  wins: [1, -2]\n"),
    ("an empty list of lag shares",
     SEED + "timeline:\n  start: 2027-01-01\n  periods: 2\n  lags:\n    sql: []\n"),
    ("actuals without stages", SEED + "actuals:\n  channel: Source\n"),
    ("actuals with a min_sample of 0", SEED + "actuals:\n  stages: {lead: A, mql: B, sql: C}\n"
     "  min_sample: 0\n"),
    ("a top level that is a list", "- target\n- funnel\n"),
]


def main():
    leadplan, source = sys.argv[1], sys.argv[2]
    failures = []

    result = run(leadplan, ["schema"])
    if result.returncode != 0:
        print(f"leadplan schema exited {result.returncode}: {result.stderr}")
        return 1
    schema = json.loads(result.stdout)
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    missing = undescribed(schema)
    if missing:
        failures.append(f"keys without a description: {', '.join(missing)}")
    if schema.get("additionalProperties") is not False:
        failures.append("the top level allows unknown keys")

    # Every scenario leadplan accepts validates.
    scenarios = {}
    for pattern in ("examples/*.yaml", "tests/data/**/*.yaml", "tests/golden/**/*.yaml",
                    "docs/*.leadplan.yaml"):
        for path in sorted(glob.glob(os.path.join(source, pattern), recursive=True)):
            with open(path, encoding="utf-8", errors="replace") as f:
                scenarios[os.path.relpath(path, source)] = f.read()
    names = re.search(r"--template NAME[^\n]*?: ([a-z|-]+)", run(leadplan, ["init", "--help"]).stdout)
    if not names:
        failures.append("`leadplan init --help` lists no templates")
    for name in (names.group(1).split("|") if names else []):
        text = run(leadplan, ["init", "-", "--template", name]).stdout
        scenarios[f"init --template {name}"] = text
        if not text.startswith("# yaml-language-server: $schema="):
            failures.append(f"init --template {name}: no schema modeline on the first line")
    valid = 0
    for name, text in scenarios.items():
        if run(leadplan, ["calc", "-"], text).returncode != 0:
            continue  # leadplan rejects it: nothing to hold the schema to
        errors = sorted(validator.iter_errors(load_yaml(text)), key=lambda e: list(e.path))
        valid += 1
        for e in errors:
            failures.append(f"{name}: valid for leadplan, not for the schema: "
                            f"{'/'.join(map(str, e.path))}: {e.message}")
    if valid < 7:
        failures.append(f"only {valid} valid scenarios found")

    # Every invalid scenario fails both.
    if run(leadplan, ["calc", "-"], SEED).returncode != 0 or list(
            validator.iter_errors(load_yaml(SEED))):
        failures.append("the base scenario of the invalid cases is itself invalid")
    for what, text in INVALID:
        calc = run(leadplan, ["calc", "-"], text)
        if calc.returncode != 2:
            failures.append(f"{what}: `leadplan calc` exited {calc.returncode}, not 2")
        if validator.is_valid(load_yaml(text)):
            failures.append(f"{what}: the schema accepts it")

    for f in failures:
        print(f"FAIL {f}")
    print(f"json schema: {valid} valid scenarios, {len(INVALID)} invalid ones; "
          f"{len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

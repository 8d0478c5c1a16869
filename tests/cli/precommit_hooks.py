#!/usr/bin/python3
"""The pre-commit hooks of .pre-commit-hooks.yaml, run the way pre-commit runs them.

    /usr/bin/python3 tests/cli/precommit_hooks.py LEADPLAN SOURCE_DIR

The file parses, each hook has what pre-commit requires (id, name, entry,
language), runs `language: system` on the scenario files, and its entry, split
with shlex and given the matching file names as pre-commit does, names a real
leadplan command: it passes on good scenarios and fails on a bad one.
"""
import os
import re
import shlex
import subprocess
import sys
import tempfile

import yaml


def main():
    leadplan, source = os.path.abspath(sys.argv[1]), sys.argv[2]
    failures = []
    with open(os.path.join(source, ".pre-commit-hooks.yaml"), encoding="utf-8") as f:
        hooks = yaml.safe_load(f)
    ids = [h.get("id") for h in hooks]
    if ids != ["leadplan-validate", "leadplan-check"]:
        failures.append(f"hooks {ids}, expected leadplan-validate and leadplan-check")

    with tempfile.TemporaryDirectory() as scratch:
        bindir = os.path.join(scratch, "bin")
        os.mkdir(bindir)
        os.symlink(leadplan, os.path.join(bindir, "leadplan"))
        env = dict(os.environ, PATH=bindir + os.pathsep + os.environ.get("PATH", ""))

        def write(name, text):
            path = os.path.join(scratch, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            return path

        def init(template):
            return subprocess.run([leadplan, "init", "-", "--template", template],
                                  capture_output=True, text=True, check=True).stdout

        good = [write("leadplan.yaml", init("no-budget")),
                write("plans/q1.leadplan.yaml", init("saas"))]
        failing_check = write("plans/seed.leadplan.yaml", init("seed"))  # coverage 66%
        broken = write("plans/broken.leadplan.yaml", init("seed").replace("rate: 20%", "rate: 20"))
        others = [write("notes.yaml", "a: 1\n"), write("plans/leadplan.yml.bak", "x\n")]

        for hook in hooks:
            hid = hook.get("id")
            for key in ("id", "name", "entry", "language", "files"):
                if not hook.get(key):
                    failures.append(f"{hid}: no `{key}`")
            if hook.get("language") != "system":
                failures.append(f"{hid}: language {hook.get('language')}, not system")
            files = re.compile(hook.get("files", "$^"))
            for path in good + [failing_check, broken]:
                if not files.search(os.path.relpath(path, scratch)):
                    failures.append(f"{hid}: `files` misses {os.path.relpath(path, scratch)}")
            for path in others:
                if files.search(os.path.relpath(path, scratch)):
                    failures.append(f"{hid}: `files` matches {os.path.relpath(path, scratch)}")
            entry = shlex.split(hook.get("entry", "")) + hook.get("args", [])
            if "leadplan" not in " ".join(entry):
                failures.append(f"{hid}: the entry does not run leadplan")

            def run(paths):
                names = [os.path.relpath(p, scratch) for p in paths]
                return subprocess.run(entry + names, cwd=scratch, env=env, capture_output=True,
                                      text=True, check=False)

            result = run(good)
            if result.returncode != 0:
                failures.append(f"{hid}: fails on good scenarios: {result.stdout}{result.stderr}")
            result = run(good + [broken])
            if result.returncode == 0 or "broken.leadplan.yaml:" not in result.stderr:
                failures.append(f"{hid}: passes an invalid scenario, or does not name it")
            result = run([failing_check] + good)
            expected = 1 if hid == "leadplan-check" else 0
            if (result.returncode != 0) != (expected != 0):
                failures.append(f"{hid}: exit {result.returncode} on a scenario whose check fails")
            if hid == "leadplan-check" and "seed.leadplan.yaml" not in result.stdout:
                failures.append(f"{hid}: the failing scenario is not named: {result.stdout}")

    for f in failures:
        print(f"FAIL {f}")
    print(f"pre-commit hooks: {len(hooks)} hooks; {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

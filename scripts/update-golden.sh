#!/bin/sh
# Regenerates tests/golden/ from the examples, with a built leadplan.
#
#   scripts/update-golden.sh [BUILD_DIR]      (default: build)
#
# Run it after an intended change of output (or after adding an example), then
# read `git diff tests/golden` line by line before committing: the golden files
# are exactly what users see, and tests/cli/test_golden.cpp compares the
# executable's stdout with them byte for byte.
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
leadplan=$build/src/leadplan
if [ ! -x "$leadplan" ]; then
  echo "update-golden: no executable at $leadplan; build first (cmake --build $build)" >&2
  exit 2
fi
mkdir -p tests/golden
find tests/golden -maxdepth 1 -type f -delete
for example in examples/*.yaml; do
  stem=$(basename "$example" .yaml)
  for pair in table:txt json:json csv:csv markdown:md; do
    format=${pair%%:*}
    extension=${pair#*:}
    NO_COLOR=1 LC_ALL=C "$leadplan" calc "$example" --format "$format" </dev/null \
      >"tests/golden/$stem.$extension"
  done
done
echo "update-golden: wrote $(ls tests/golden | wc -l) files in tests/golden; review git diff tests/golden"

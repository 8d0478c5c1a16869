#!/bin/sh
# Builds the libFuzzer target (clang, ASan + UBSan) in build-fuzz/ and runs it
# for SECONDS seconds (default 60) in one process, over the seed corpus in
# fuzz/corpus/ and examples/. New inputs go to build-fuzz/corpus/; a crash, a
# leak or a broken invariant stops the run with its input saved in build-fuzz/
# and makes this script fail.
# Usage: scripts/fuzz.sh [SECONDS] [LIBFUZZER-OPTION...]   (CI: -seed=1, a repeatable run)
set -eu
cd "$(dirname "$0")/.."
seconds="${1:-60}"
case "$seconds" in
  '' | *[!0-9]*) echo "usage: scripts/fuzz.sh [SECONDS] [LIBFUZZER-OPTION...]" >&2; exit 2 ;;
esac
[ "$#" -gt 0 ] && shift
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DLEADPLAN_FUZZ=ON -DLEADPLAN_STATIC=OFF -DLEADPLAN_TESTS=OFF >/dev/null
cmake --build build-fuzz -j2 --target fuzz_scenario
mkdir -p build-fuzz/corpus
# -max_len: scenarios are small; the 16 MiB limit and deep nesting are covered by
# the tests, and an input starting `#repeat ` grows to 64 KiB (fuzz_scenario.cpp).
# -timeout: every input, 64 KiB ones included, takes well under 0.5 s here (with
# ASan and UBSan); one taking 3 s is a path whose cost grows faster than its
# input (an empty flow entry once rescanned its line: 64 KiB took 10 s).
# -rss_limit_mb (and the malloc limit it sets): a leak or a blow-up is a failure,
# not a swap storm (ASan's own quarantine takes up to 256 MB of it).
ASAN_OPTIONS="detect_leaks=1:${ASAN_OPTIONS:-}" UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
  build-fuzz/fuzz/fuzz_scenario -max_total_time="$seconds" -max_len=16384 -timeout=10 \
  -rss_limit_mb=1024 -dict=fuzz/yaml.dict -print_final_stats=1 -artifact_prefix=build-fuzz/ \
  "$@" build-fuzz/corpus fuzz/corpus examples

#!/usr/bin/env bash
# Measures leadplan against the targets of docs/performance.md: builds the
# release binary and the benchmarks, generates the large scenarios, then times
#   1. `leadplan calc examples/seed.yaml --format json` against a statically
#      linked `int main(){}`, interleaved, as a ratio of medians, and its peak RSS;
#   2. the engine and the loader (Google Benchmark);
#   3. `leadplan sweep` over a 1,000 x 1,000 grid written as CSV to a file;
#   4. `leadplan calc --format json` on 1k, 10k and 100k channels;
#   5. `leadplan track --format json` (and its work alone, leadplan_track_scan) on simulated
#      CRM exports of 100k and 1M rows with their spend files.
# Usage: scripts/bench.sh [RUNS]   (RUNS: start-up runs of each side, default 2000)
# Environment: BUILD (build folder, default build-bench), REPEAT (runs of 3 and 4, default 5).
# Needs: cmake, ninja, a C compiler with static glibc, /usr/bin/time, libbenchmark-dev.
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${1:-2000}"
build="${BUILD:-build-bench}"
repeat="${REPEAT:-5}"

cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DLEADPLAN_BENCH=ON -DLEADPLAN_TESTS=OFF >/dev/null
cmake --build "$build" -j2 >/dev/null

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo 'int main(void) { return 0; }' > "$work/noop.c"
cc -O2 -static "$work/noop.c" -o "$work/noop.linked"
cc -O2 bench/startup_ratio.c -o "$work/startup_ratio"
# Both executables are copied into one folder before timing: a file just written
# by the linker sits in the page cache in small pages and starts measurably slower
# than the same bytes copied (see docs/performance.md), so both sides get alike.
cp "$work/noop.linked" "$work/noop"
cp "$build/src/leadplan" "$work/leadplan"
leadplan="$work/leadplan"

# median_of N COMMAND...: runs COMMAND N times; prints the median wall time
# (taken around /usr/bin/time, which adds well under a millisecond) and the
# largest peak RSS.
median_of() {
  local n="$1"
  shift
  local times=()
  local peak=0
  for ((i = 0; i < n; i++)); do
    local start end rss
    start="$(date +%s%N)"
    /usr/bin/time -f '%M' -o "$work/time" "$@" >/dev/null
    end="$(date +%s%N)"
    rss="$(tail -1 "$work/time")"
    times+=("$(((end - start) / 1000))")
    ((rss > peak)) && peak="$rss"
  done
  local median
  median="$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%.1f", m / 1000}')"
  echo "median ${median} ms wall, peak RSS ${peak} KiB (${n} runs)"
}

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), kernel $(uname -r), $(date -u +%Y-%m-%d)"
echo
echo "== 1. leadplan calc examples/seed.yaml --format json vs a static int main(){} (target: ratio <= 1.5, peak RSS <= 4 MiB)"
"$work/startup_ratio" "$runs" "$work/noop" -- "$leadplan" calc examples/seed.yaml --format json
echo -n "   the same, the linker-written files as they are: "
"$work/startup_ratio" "$((runs / 2))" "$work/noop.linked" -- "$build/src/leadplan" calc examples/seed.yaml --format json
echo -n "   peak RSS: "
/usr/bin/time -v "$leadplan" calc examples/seed.yaml --format json 2>&1 >/dev/null | grep 'Maximum resident' | sed 's/^\s*//'
echo -n "   peak RSS of the no-op: "
/usr/bin/time -v "$work/noop" 2>&1 >/dev/null | grep 'Maximum resident' | sed 's/^\s*//'
echo

echo "== 2. engine and loader (Google Benchmark; target: >= 5M seed plans/s, allocs_per_plan 0)"
"$build/bench/leadplan_bench" --benchmark_min_time=0.5 2>/dev/null | grep -E '^(BM_|Benchmark|-)'
echo

echo "== 3. sweep, 1,000 x 1,000 grid as CSV to a file (target: <= 1 s, <= 16 MiB)"
median_of "$repeat" "$leadplan" sweep examples/seed.yaml --vary budget=1000:1000000:1000 \
  --vary funnel.mql.rate=0.1%:100%:0.1% --format csv -o "$work/sweep.csv"
echo "   rows: $(($(wc -l <"$work/sweep.csv") - 1)), $(du -k "$work/sweep.csv" | cut -f1) KiB"
echo

echo "== 4. calc --format json on generated scenarios (target: 100k channels <= 1 s, <= 128 MiB, linear)"
for channels in 1000 10000 100000; do
  "$build/bench/leadplan_gen_scenario" "$channels" >"$work/channels-$channels.yaml"
  echo -n "   ${channels} channels ($(du -k "$work/channels-$channels.yaml" | cut -f1) KiB): "
  median_of "$repeat" "$leadplan" calc "$work/channels-$channels.yaml" --format json
done
echo

echo "== 5. track's work on a CRM export: CSV, dates, channels, engine (target: 1,000,000 rows <= 1 s, <= 64 MiB, linear)"
for rows in 100000 1000000; do
  /usr/bin/python3 scripts/gen_crm_export.py --rows "$rows" --seed 1 -o "$work/leads-$rows.csv" \
    --spend "$work/spend-$rows.csv"
  cp "$build/bench/leadplan_track_scan" "$work/track_scan"
  echo -n "   leadplan track, ${rows} rows ($(du -k "$work/leads-$rows.csv" | cut -f1) KiB): "
  median_of "$repeat" "$leadplan" track examples/track/hubspot.yaml --leads "$work/leads-$rows.csv" \
    --spend "$work/spend-$rows.csv" --format json
  echo -n "     its work alone (leadplan_track_scan): "
  median_of "$repeat" "$work/track_scan" "$work/leads-$rows.csv"
  echo -n "     the CSV reader alone: "
  median_of "$repeat" "$work/track_scan" "$work/leads-$rows.csv" --csv-only
done

#!/usr/bin/env bash
# Compare benchmark: `pgrehearse compare` of two 1M-request runs plus a control, to HTML and JSON.
# Runs inside `pgrehearse sandbox` (PGHOST, PGPORT, PGUSER, PGDATABASE point at the throwaway cluster);
# run on its own, it starts one: Benchmarks/compare.sh. Needs root (live capture on lo).
# Variables: BENCH_REQUESTS (default 1000000) requests in the workload, BENCH_ROUNDS (default 3) timed
# compares, BENCH_KEEP=1 keeps the working folder. Prints a markdown table (kept in the README).
set -euo pipefail
source "$(dirname "$0")/sandbox.sh"
run_in_sandbox "$0"
[[ $(id -u) -eq 0 ]] || { echo "compare.sh: the live capture on lo needs root" >&2; exit 1; }
bin=$BENCH_PGREHEARSE
requests=${BENCH_REQUESTS:-1000000}
rounds=${BENCH_ROUNDS:-3}
clients=4
work=$(mktemp -d /tmp/pgrehearse-compare-bench.XXXXXX)
if [[ ${BENCH_KEEP:-0} == 1 ]]; then echo "working folder: $work" >&2; else trap 'rm -rf "$work"' EXIT; fi
log() { echo "[$(date +%T)] $*" >&2; }
field() { python3 -c "import json,sys;d=json.load(open(sys.argv[1]));print(d.get(sys.argv[2],''))" "$1" "$2"; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

pgbench -i -q -s 10 >/dev/null 2>&1
log "capturing pgbench -S -M prepared -c $clients, $requests transactions"
"$bin" capture -i lo --port "$PGPORT" -o "$work/workload.pgw" --json >"$work/capture.json" 2>"$work/capture.stderr" &
cap=$!
sleep 1
pgbench -n -S -M prepared -c $clients -j 2 -t $(( (requests + clients - 1) / clients )) >"$work/pgbench.out" 2>&1
sleep 1
kill -INT $cap; wait $cap || true
captured=$(field "$work/capture.json" requests)
log "captured $captured requests"

for role in baseline control candidate; do
  psql -q -c "CREATE DATABASE bench_$role TEMPLATE bench" >/dev/null
  log "replaying into bench_$role"
  "$bin" replay "$work/workload.pgw" --target "host=$PGHOST port=$PGPORT dbname=bench_$role" --speed max \
    --allow-writes-to-captured-server -o "$work/$role.run" --json >"$work/$role.json" 2>"$work/$role.stderr"
done

walls=(); rss=()
for round in $(seq 1 "$rounds"); do
  log "compare round $round/$rounds"
  rc=0
  /usr/bin/time -f "%e %M" -o "$work/compare.$round.time" "$bin" compare "$work/baseline.run" "$work/candidate.run" \
    --control "$work/control.run" --html "$work/report.html" --json "$work/verdict.json" >"$work/compare.$round.out" 2>&1 || rc=$?
  [[ $rc -le 1 ]] || { echo "compare failed ($rc): $(head -c 400 "$work/compare.$round.out")" >&2; exit 1; }
  read -r wall kib <"$work/compare.$round.time"
  walls+=("$wall"); rss+=("$kib")
done
wall=$(median "${walls[@]}")
rss_mib=$(( $(median "${rss[@]}" | cut -d. -f1) / 1024 ))
html_kib=$(( $(stat -c %s "$work/report.html") / 1024 ))
json_kib=$(( $(stat -c %s "$work/verdict.json") / 1024 ))
run_mib=$(( $(stat -c %s "$work/baseline.run") / 1048576 ))
outcomes=$(field "$work/baseline.json" requests)
verdict=$(field "$work/verdict.json" verdict)
goal=$(awk -v w="$wall" 'BEGIN { print (w <= 3.0 ? "met" : "**not met**") }')
cat <<TABLE

Compare: \`pgrehearse compare\` of two runs plus a control, each of $outcomes outcomes ($run_mib MiB per run file),
to HTML and JSON; median of $rounds rounds on $(nproc) processors; verdict of this A/A comparison: $verdict.

| measure | value | goal |
|---|---|---|
| wall time | ${wall} s | ≤ 3 s: $goal |
| peak RSS | ${rss_mib} MiB | |
| HTML report | ${html_kib} KiB | |
| JSON verdict | ${json_kib} KiB | |
TABLE

#!/usr/bin/env bash
# Many sessions: pacing and client CPU of `pgrehearse replay --speed 1` on a capture of BENCH_SESSIONS
# pgbench clients (default 1000) held to BENCH_RATE transactions per second (default 3000) for
# BENCH_SECONDS (default 10), as production traffic looks: many connections, each mostly idle.
# BENCH_COMPARE_WITH=/path/to/another/pgrehearse (named BENCH_COMPARE_LABEL) adds that build's replay, round by
# round, for a side-by-side.
# Runs in its own throwaway cluster (max_connections raised); needs root (live capture on lo).
# Prints a markdown table (kept in the README).
set -euo pipefail
source "$(dirname "$0")/sandbox.sh"
run_in_sandbox "$0" --set max_connections=$((${BENCH_SESSIONS:-1000} + 100)) --set shared_buffers=256MB
[[ $(id -u) -eq 0 ]] || { echo "replay-sessions.sh: the live capture on lo needs root" >&2; exit 1; }
sessions=${BENCH_SESSIONS:-1000}
rate=${BENCH_RATE:-3000}
seconds=${BENCH_SECONDS:-10}
rounds=${BENCH_ROUNDS:-3}
work=$(mktemp -d /tmp/pgrehearse-sessions-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
target="host=$PGHOST port=$PGPORT"
log() { echo "[$(date +%T)] $*" >&2; }
field() { python3 -c "import json,sys;print(json.load(open(sys.argv[1])).get(sys.argv[2],''))" "$1" "$2"; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

pgbench -i -q -s 10 >/dev/null 2>&1
log "capturing pgbench -S -M prepared -c $sessions -j 2 -R $rate -T $seconds"
"$BENCH_PGREHEARSE" capture -i lo --port "$PGPORT" -o "$work/many.pgw" --json >"$work/capture.json" 2>/dev/null &
cap=$!
sleep 1
pgbench -n -S -M prepared -c "$sessions" -j 2 -R "$rate" -T "$seconds" >"$work/pgbench.out" 2>&1
sleep 1
kill -INT $cap; wait $cap || true
captured=$(field "$work/capture.json" requests)
captured_sessions=$(field "$work/capture.json" sessions)
dropped=$(field "$work/capture.json" packets_dropped)

builds=("this build=$BENCH_PGREHEARSE")
[[ -n ${BENCH_COMPARE_WITH:-} ]] && builds+=("${BENCH_COMPARE_LABEL:-other build}=$BENCH_COMPARE_WITH")
declare -A p50 p99 max dur cpu bad
for round in $(seq 1 "$rounds"); do
  for build in "${builds[@]}"; do
    label=${build%%=*} bin=${build#*=} name="r$round.${#label}"
    log "round $round/$rounds: $label replay --speed 1"
    /usr/bin/time -o "$work/$name.cpu" -f "%U %S" "$bin" replay "$work/many.pgw" --target "$target" --speed 1 \
      --allow-writes-to-captured-server -o "$work/$name.run" --json >"$work/$name.json" 2>"$work/$name.err" || true
    j=$work/$name.json
    [[ -s $j ]] || { bad[$label]+="round $round printed no summary; "; continue; }
    p50[$label]+="$(field "$j" send_lag_p50_ms) "
    p99[$label]+="$(field "$j" send_lag_p99_ms) "
    max[$label]+="$(field "$j" send_lag_max_ms) "
    dur[$label]+="$(field "$j" duration_s) "
    cpu[$label]+="$(awk -v n="$(field "$j" requests)" 'END { printf "%.1f", ($1 + $2) * 1e6 / n }' "$work/$name.cpu") "
    [[ $(field "$j" errors) == 0 ]] || bad[$label]+="round $round: $(field "$j" errors) errors; "
  done
done
echo
echo "Workload: $seconds s of \`pgbench -S -M prepared -c $sessions -j 2 -R $rate\` captured live: $captured requests in" \
     "$captured_sessions sessions ($dropped packets dropped); $rounds rounds, medians."
echo
echo "| replay --speed 1, $captured_sessions sessions | send lag p50 ms | send lag p99 ms | send lag max ms | duration s | client CPU µs/request |"
echo "|---|---:|---:|---:|---:|---:|"
for build in "${builds[@]}"; do
  label=${build%%=*}
  echo "| $label | $(median ${p50[$label]:-0}) | $(median ${p99[$label]:-0}) | $(median ${max[$label]:-0}) | $(median ${dur[$label]:-0}) | $(median ${cpu[$label]:-0}) |"
done
for build in "${builds[@]}"; do label=${build%%=*}; [[ -z ${bad[$label]:-} ]] || echo "- $label: ${bad[$label]}"; done

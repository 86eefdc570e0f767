#!/usr/bin/env bash
# Replay benchmark: throughput, pacing and memory of `pgrehearse replay`, side by side with pgbench.
# Runs inside `pgrehearse sandbox` (PGHOST, PGPORT, PGUSER, PGDATABASE point at the throwaway cluster);
# run on its own, it starts one: Benchmarks/replay.sh. Needs root (live capture on lo).
# Variables (named BENCH_*: the sandbox strips PG* from the client environment):
#   BENCH_SECONDS  seconds of pgbench -S to capture for throughput and pacing (default 10)
#   BENCH_ROUNDS   interleaved rounds of pgbench / replay --speed max / replay --speed 1 (default 3)
#   BENCH_RATES    rate-limited captures (pgbench -R) whose --speed 1 replays show pacing below saturation,
#                  as tps:jobs (pgbench -j) pairs (default "2000:1 5000:1 10000:1 5000:4 10000:4"; "" skips them);
#                  each round also runs pgbench -R itself at that rate, for its own schedule lag
#   BENCH_LARGE    0 skips the memory part (a replay of >= 1,000,000 requests; about 3 minutes)
#   BENCH_KEEP     1 keeps the working folder (workloads, run files, outputs) for inspection
# Prints markdown tables (kept in the README).
set -euo pipefail
source "$(dirname "$0")/sandbox.sh"
run_in_sandbox "$0"
[[ $(id -u) -eq 0 ]] || { echo "replay.sh: the live capture on lo needs root" >&2; exit 1; }
bin=$BENCH_PGREHEARSE
seconds=${BENCH_SECONDS:-10}
rounds=${BENCH_ROUNDS:-3}
large=${BENCH_LARGE:-1}
read -r -a rated_specs <<<"${BENCH_RATES-2000:1 5000:1 10000:1 5000:4 10000:4}"
load=$(cut -d' ' -f1 /proc/loadavg)
# In a virtual machine, how long an idle processor polls before it halts (the guest haltpoll cpuidle
# driver): with 0, every wake-up of an idle processor goes through the hypervisor (docs/replay.md, Pacing).
haltpoll=$(cat /sys/module/haltpoll/parameters/guest_halt_poll_ns 2>/dev/null || echo "n/a")
clients=4
work=$(mktemp -d /tmp/pgrehearse-replay-bench.XXXXXX)
if [[ ${BENCH_KEEP:-0} == 1 ]]; then echo "working folder: $work" >&2; else trap 'rm -rf "$work"' EXIT; fi
target="host=$PGHOST port=$PGPORT"
notes=()
note() { notes+=("$*"); echo "note: $*" >&2; }
log() { echo "[$(date +%T)] $*" >&2; }

pgbench -i -q -s 10 >/dev/null 2>&1

field() { # file key → value of a top-level key of a JSON object ("" when missing)
  python3 -c "import json,sys;d=json.load(open(sys.argv[1]));v=d.get(sys.argv[2],'');print(json.dumps(v) if isinstance(v,(dict,list)) else v)" "$1" "$2"
}
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
maximum() { printf '%s\n' "$@" | sort -g | tail -1; }
fmt() { LC_ALL=C awk -v v="$1" -v d="${2:-0}" 'BEGIN { s = sprintf("%." d "f", v); n = split(s, p, "."); i = p[1]; o = "";
  neg = (substr(i, 1, 1) == "-"); if (neg) i = substr(i, 2)
  while (length(i) > 3) { o = "," substr(i, length(i) - 2) o; i = substr(i, 1, length(i) - 3) }
  printf "%s%s%s%s", (neg ? "-" : ""), i, o, (n > 1 ? "." p[2] : "") }'; }
verdict() { [[ $1 == 1 ]] && echo "met" || echo "**not met**"; }

capture() { # workload json pgbench-args... → captures one pgbench run live on lo; pgbench's output in workload.pgbench
  local out=$1 json=$2; shift 2
  "$bin" capture -i lo --port "$PGPORT" -o "$out" --json >"$json" 2>"$out.stderr" &
  local cap=$!
  sleep 1
  pgbench "$@" >"$out.pgbench" 2>&1
  sleep 1
  kill -INT $cap; wait $cap || true
  local dropped; dropped=$(field "$json" packets_dropped)
  [[ $dropped == 0 ]] || note "capture of $out: the kernel dropped $dropped packets"
  [[ $(field "$json" errors) == 0 ]] || note "capture of $out: $(field "$json" errors) errors in the captured traffic"
}

replay() { # workload speed name → runs a replay, prints its JSON object to name.json; checks it for trouble
  local workload=$1 speed=$2 name=$3 rc=0
  /usr/bin/time -o "$work/$name.cpu" -f "%U %S" "$bin" replay "$workload" --target "$target" --speed "$speed" --allow-writes-to-captured-server \
    -o "$work/$name.run" --json >"$work/$name.json" 2>"$work/$name.stderr" || rc=$?
  [[ $rc == 0 ]] || note "replay $name exited with $rc: $(head -c 300 "$work/$name.stderr")"
  check_replay "$name"
}

check_replay() { # name → notes anything in the replay's summary that is not a clean replay
  local j=$work/$1.json key value
  [[ -s $j ]] || { note "replay $1 printed no summary"; return; }
  for key in errors outcome_mismatches cancelled connections_lost connection_lost production_unknown; do
    value=$(field "$j" "$key")
    [[ -z $value || $value == 0 ]] || note "replay $1: $key = $value"
  done
  for key in skipped error_sqlstates approximations mismatched_fingerprints; do
    value=$(field "$j" "$key")
    [[ -z $value || $value == "{}" || $value == "[]" ]] || note "replay $1: $key = $value"
  done
  [[ $(field "$j" interrupted) != True ]] || note "replay $1 was interrupted"
}

# 1. Capture pgbench -S (prepared protocol, 4 clients on 1 thread) for BENCH_SECONDS.
log "capturing pgbench -S -M prepared -c $clients -j 1 -T $seconds"
capture "$work/select.pgw" "$work/select.capture.json" -n -S -M prepared -c $clients -j 1 -T "$seconds"
transactions=$(awk '/^number of transactions actually processed/ { print $NF }' "$work/select.pgw.pgbench")
per_client=$(( transactions / clients ))
captured_requests=$(field "$work/select.capture.json" requests)
captured_tps=$(awk '/^tps/ { printf "%.0f", $3; exit }' "$work/select.pgw.pgbench")
for spec in "${rated_specs[@]}"; do
  log "capturing pgbench -S -M prepared -c $clients -j ${spec#*:} -R ${spec%:*} -T $seconds"
  capture "$work/rated.$spec.pgw" "$work/rated.$spec.capture.json" -n -S -M prepared -c $clients -j "${spec#*:}" -R "${spec%:*}" -T "$seconds"
done

# 2. Interleaved rounds: pgbench -t (same transactions per client), replay --speed max, replay --speed 1.
cpu_us() { # time-file statements → CPU microseconds (user + system) per statement
  awk -v n="$2" 'END { printf "%.1f", ($1 + $2) * 1e6 / n }' "$1"; }
tps=(); rps=(); pcpu=(); rcpu=()
declare -A p50 p99 pmax pdur pcap own99 # by workload name: space-separated values of the rounds
paced() { # workload name round → replays at --speed 1 and keeps its lag and duration
  replay "$1" 1 "$2.$3"
  local j=$work/$2.$3.json
  p50[$2]+="$(field "$j" send_lag_p50_ms) "; p99[$2]+="$(field "$j" send_lag_p99_ms) "
  pmax[$2]+="$(field "$j" send_lag_max_ms) "; pdur[$2]+="$(field "$j" duration_s) "
  own99[$2]+="$(field "$j" replayer_lag_p99_ms) "
  pcap[$2]=$(field "$j" capture_duration_s)
}
declare -A g50 g99 # by workload name: pgbench's own schedule lag at the same rate, per round
pgbench_paced() { # spec name round → runs pgbench -R as captured, logging every transaction; keeps its schedule lag
  local prefix=$work/pglog.$2.$3 lags
  pgbench -n -S -M prepared -c $clients -j "${1#*:}" -R "${1%:*}" -T "$seconds" -l --log-prefix="$prefix" \
    >"$work/pgbench-paced.$2.$3.out" 2>&1 || note "pgbench -R ${1%:*} -j ${1#*:} failed: $(head -c 300 "$work/pgbench-paced.$2.$3.out")"
  # Field 7 of pgbench's per-transaction log is the schedule lag in µs (how late the transaction started).
  lags=$(python3 - "$prefix" <<'PY'
import glob, sys
lags = sorted(int(f[6]) / 1000 for path in glob.glob(sys.argv[1] + ".*") for f in map(str.split, open(path)) if len(f) >= 7)
print(f"{lags[len(lags) // 2]:.3f} {lags[min(len(lags) - 1, int(len(lags) * 0.99))]:.3f}" if lags else "0 0")
PY
)
  g50[$2]+="${lags% *} "; g99[$2]+="${lags#* } "
  rm -f "$prefix".*
}
for round in $(seq 1 "$rounds"); do
  log "round $round/$rounds: pgbench -t $per_client"
  /usr/bin/time -o "$work/pgbench.$round.cpu" -f "%U %S" \
    pgbench -n -S -M prepared -c $clients -j 1 -t "$per_client" >"$work/pgbench.$round" 2>&1
  tps+=("$(awk '/^tps/ { print $3; exit }' "$work/pgbench.$round")")
  pcpu+=("$(cpu_us "$work/pgbench.$round.cpu" $((per_client * clients)))")
  log "round $round/$rounds: replay --speed max"
  replay "$work/select.pgw" max "max.$round"
  rps+=("$(field "$work/max.$round.json" requests_per_s)")
  rcpu+=("$(cpu_us "$work/max.$round.cpu" "$(field "$work/max.$round.json" requests)")")
  log "round $round/$rounds: replay --speed 1"
  paced "$work/select.pgw" select "$round"
  for spec in "${rated_specs[@]}"; do
    log "round $round/$rounds: replay --speed 1 of the -R ${spec%:*} -j ${spec#*:} workload, and pgbench -R itself"
    paced "$work/rated.$spec.pgw" "rated.$spec" "$round"
    pgbench_paced "$spec" "rated.$spec" "$round"
  done
done
tps_median=$(median "${tps[@]}")
rps_median=$(median "${rps[@]}")
ratio=$(awk -v a="$rps_median" -v b="$tps_median" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
throughput_ok=$(awk -v r="$ratio" 'BEGIN { print (r >= 0.9) }')
rounds_of() { local out="" v; for v in "$@"; do out+="${out:+ / }$(fmt "$v")"; done; echo "$out"; }
signed() { awk -v v="$1" 'BEGIN { printf "%+.1f%%", v }'; }
listed() { local v; for v in "$@"; do echo "$v"; done | paste -sd/ | sed 's|/| / |g'; }
pacing_row() { # label name → one row of the pacing table, from the rounds of that workload
  local lags=(${p99[$2]}) durations=(${pdur[$2]}) capture_s=${pcap[$2]} deviation=() d
  for d in "${durations[@]}"; do deviation+=("$(awk -v d="$d" -v c="$capture_s" 'BEGIN { printf "%.4f", (d - c) / c * 100 }')"); done
  local worst_dev; worst_dev=$(printf '%s\n' "${deviation[@]}" | awk '{ v = ($1 < 0 ? -$1 : $1); if (v > m) m = v } END { print m + 0 }')
  local lag_ok; lag_ok=$(awk -v l="$(maximum "${lags[@]}")" 'BEGIN { print (l <= 1) }')
  local dur_ok; dur_ok=$(awk -v m="$worst_dev" 'BEGIN { print (m <= 1) }')
  local own="-"; [[ -n ${g99[$2]:-} ]] && own="$(median ${g50[$2]}) / $(listed ${g99[$2]})"
  echo "| $1 | $(median ${p50[$2]}) | $(listed "${lags[@]}") | $(median ${pmax[$2]}) | $(listed ${own99[$2]}) |" \
       "$(for d in "${deviation[@]}"; do signed "$d"; echo; done | paste -sd/ | sed 's|/| / |g') | $own | $(verdict "$lag_ok") | $(verdict "$dur_ok") |"
}

version=$(psql -XAtc "show server_version" | awk '{ print $1 }')
echo
echo "### Replay: $(nproc) cores, PostgreSQL $version, pgbench -S -M prepared -c $clients -j 1"
echo
echo "Workload: ${seconds} s of pgbench captured live ($(fmt "$captured_requests") requests in $(fmt "$transactions")" \
     "transactions, $captured_tps tps while captured); $rounds rounds of each run, interleaved; medians." \
     "Load average (1 min) at the start: $load, after the rounds: $(cut -d' ' -f1 /proc/loadavg)." \
     "Guest halt-polling (guest_halt_poll_ns): $haltpoll."
echo
echo "| throughput, $(fmt "$per_client") statements per client x $clients | statements/s | rounds | vs pgbench | goal >= 0.9x | client CPU µs/statement |"
echo "|---|---:|---:|---:|---|---:|"
echo "| \`pgbench -n -S -M prepared -c $clients -j 1 -t $per_client\` | $(fmt "$tps_median") | $(rounds_of "${tps[@]}") | 1.00x | | $(median "${pcpu[@]}") |"
echo "| \`pgrehearse replay --speed max\` | $(fmt "$rps_median") | $(rounds_of "${rps[@]}") | ${ratio}x | $(verdict "$throughput_ok") | $(median "${rcpu[@]}") |"
echo
echo "| pacing, \`replay --speed 1\` of a $seconds s capture of | send lag p50 ms | send lag p99 ms, rounds | send lag max ms | the replayer's own lag p99 ms, rounds | duration vs capture, rounds | pgbench -R itself: schedule lag p50 ms / p99 ms, rounds | p99 <= 1 ms | duration within 1% |"
echo "|---|---:|---:|---:|---:|---:|---:|---|---|"
pacing_row "the same workload (full speed, $(fmt "$captured_requests") requests)" select
for spec in "${rated_specs[@]}"; do
  pacing_row "\`-j ${spec#*:} -R ${spec%:*}\` ($(fmt "$(field "$work/rated.$spec.capture.json" requests)") requests)" "rated.$spec"
done

# 3. Memory: replay >= 1,000,000 requests at --speed max under /usr/bin/time -v.
if [[ $large != 0 ]]; then
  big_per_client=250000
  log "capturing pgbench -S -M prepared -c $clients -j 2 -t $big_per_client ($((big_per_client * clients)) transactions)"
  capture "$work/large.pgw" "$work/large.capture.json" -n -S -M prepared -c $clients -j 2 -t $big_per_client
  big_requests=$(field "$work/large.capture.json" requests)
  (( big_requests >= 1000000 )) || note "the large workload has only $big_requests requests (packets lost?)"
  big_mib=$(( $(stat -c %s "$work/large.pgw") / 1048576 ))
  log "replaying $big_requests requests at --speed max under /usr/bin/time -v"
  rc=0
  /usr/bin/time -v -o "$work/large.time" "$bin" replay "$work/large.pgw" --target "$target" --speed max \
    --allow-writes-to-captured-server -o "$work/large.run" --json >"$work/large.json" 2>"$work/large.stderr" || rc=$?
  [[ $rc == 0 ]] || note "replay large exited with $rc: $(head -c 300 "$work/large.stderr")"
  check_replay large
  rss_kib=$(awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }' "$work/large.time")
  wall=$(field "$work/large.json" duration_s)
  big_rps=$(field "$work/large.json" requests_per_s)
  replayed=$(field "$work/large.json" requests)
  run_mib=$(( $(stat -c %s "$work/large.run") / 1048576 ))
  rss_ok=$(( rss_kib * 1024 <= 150000000 ))
  echo
  echo "| memory, \`replay --speed max\` of $(fmt "$replayed") requests (workload $big_mib MiB, run file $run_mib MiB) | wall s | statements/s | peak RSS MiB | goal <= 150 MB |"
  echo "|---|---:|---:|---:|---|"
  echo "| \`/usr/bin/time -v pgrehearse replay\` | $(fmt "$wall" 1) | $(fmt "$big_rps") | $(( rss_kib / 1024 )) | $(verdict "$rss_ok") |"
fi

echo
if ((${#notes[@]})); then
  echo "Anomalies:"
  for n in "${notes[@]}"; do echo "- $n"; done
else
  echo "No anomaly: every replay exited 0 with no error, mismatch, skip, cancel or lost connection; no packet dropped."
fi

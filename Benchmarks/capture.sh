#!/usr/bin/env bash
# The packet half of import (libpcap → TCP stream events, Benchmarks/CaptureBench) next to
# `tcpdump -r FILE -w /dev/null`, best of N wall-clock runs of each.
# Usage: Benchmarks/capture.sh FILE PORT [runs, default 5]   (e.g. a capture of pgbench -S and its server port)
set -euo pipefail
cd "$(dirname "$0")/.."
file=$1 port=$2 runs=${3:-5}
scratch=${BENCH_SCRATCH:-.build}
swift build -c release --scratch-path "$scratch" --product CaptureBench >&2
timing=$(mktemp)
trap 'rm -f "$timing"' EXIT
best() { # command... → best wall seconds of $runs runs
  local best=999 t
  for _ in $(seq "$runs"); do
    /usr/bin/time -o "$timing" -f "%e" "$@" >/dev/null 2>&1
    t=$(tail -1 "$timing")
    best=$(awk -v a="$t" -v b="$best" 'BEGIN { print (a < b ? a : b) }')
  done
  echo "$best"
}
t_tcpdump=$(best tcpdump -r "$file" -w /dev/null)
t_read=$(best "$scratch/release/CaptureBench" "$file" --port "$port" --mode read)
t_track=$(best "$scratch/release/CaptureBench" "$file" --port "$port" --mode track)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }'; }
echo "| $(basename "$file"), best of $runs | wall s | vs tcpdump |"
echo "|---|---:|---:|"
echo "| tcpdump -r FILE -w /dev/null | $t_tcpdump | 1.0x |"
echo "| CaptureBench --mode read (libpcap records) | $t_read | $(ratio "$t_read" "$t_tcpdump")x |"
echo "| CaptureBench --mode track (packet half of import) | $t_track | $(ratio "$t_track" "$t_tcpdump")x |"

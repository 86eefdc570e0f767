#!/usr/bin/env bash
# The packet half of import (libpcap → TCP stream events, Benchmarks/CaptureBench) next to
# `tcpdump -r FILE -w /dev/null`: best of N runs of each, wall and CPU (user + system) time.
# Usage: Benchmarks/capture.sh FILE PORT [runs, default 10]   (e.g. a capture of pgbench -S and its server port)
# BENCH_SCRATCH names the build folder (default .build).
set -euo pipefail
cd "$(dirname "$0")/.."
file=$1 port=$2 runs=${3:-10}
scratch=${BENCH_SCRATCH:-.build}
swift build -c release --scratch-path "$scratch" --product CaptureBench >&2
bench=$scratch/release/CaptureBench
# Runs each command $runs times, interleaved, and prints one markdown row per command (the first is the reference).
python3 - "$runs" "$file" \
  "tcpdump -r FILE -w /dev/null" "tcpdump -r $file -w /dev/null" \
  "CaptureBench --mode read (records only)" "$bench $file --port $port --mode read" \
  "CaptureBench --mode track (packet half of import)" "$bench $file --port $port --mode track" <<'EOF'
import os, shlex, subprocess, sys, time
runs, path, pairs = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
commands = list(zip(pairs[0::2], pairs[1::2]))
best = {label: (float("inf"), float("inf")) for label, _ in commands}
for _ in range(runs):
    for label, command in commands:
        start = time.perf_counter()
        process = subprocess.Popen(shlex.split(command), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        if status != 0:
            sys.exit(f"{command}: exit status {status}")
        wall_best, cpu_best = best[label]
        best[label] = (min(wall_best, wall), min(cpu_best, usage.ru_utime + usage.ru_stime))
reference = best[commands[0][0]]
print(f"| {os.path.basename(path)}, best of {runs} | wall s | CPU s | wall vs tcpdump |")
print("|---|---:|---:|---:|")
for label, _ in commands:
    wall, cpu = best[label]
    print(f"| {label} | {wall:.3f} | {cpu:.3f} | {wall / reference[0]:.2f}x |")
EOF

#!/usr/bin/env bash
# Runs inside `pgrehearse sandbox` (PGHOST, PGPORT, PGUSER, PGDATABASE point at the throwaway cluster).
#
# 1. Import: a >= 100 MB tcpdump capture of pgbench -S, read by `tcpdump -r` and imported by pgrehearse in
#    BENCH_ROUNDS interleaved rounds (medians and bests, wall and CPU), then dissected once by tshark.
# 2. Live: pgbench -S flat out without and with `pgrehearse capture` on lo (tps, kernel drops).
set -euo pipefail
work=$(mktemp -d /tmp/pgrehearse-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
bin=$BENCH_PGREHEARSE
clients=4
rounds=${BENCH_ROUNDS:-11}
pgbench -i -q -s 10 >/dev/null 2>&1

# 1. A >= 100 MB capture of pgbench -S (prepared protocol) made with tcpdump.
tcpdump -i lo -U -B 131072 -s 65600 -w "$work/select.pcap" "tcp port $PGPORT" 2>/dev/null &
dump=$!
sleep 1
pgbench -n -S -M prepared -c $clients -j 2 -T "$BENCH_SECONDS" >/dev/null 2>&1
sleep 1
kill -INT $dump; wait $dump || true
size_mb=$(( $(stat -c %s "$work/select.pcap") / 1048576 ))
packets=$(tcpdump -r "$work/select.pcap" 2>/dev/null | wc -l)

python3 - "$rounds" "$work" "$size_mb" "$packets" \
  "tcpdump -r FILE -w /dev/null" "tcpdump -r $work/select.pcap -w /dev/null" \
  "pgrehearse import" "$bin import $work/select.pcap --port $PGPORT -o $work/select.pgw" \
  "tshark -d tcp.port==PORT,pgsql -T fields -e pgsql.type" \
  "tshark -r $work/select.pcap -d tcp.port==$PGPORT,pgsql -T fields -e pgsql.type" <<'EOF'
import os, shlex, statistics, subprocess, sys, time
rounds, work, size_mb, packets = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
(tcpdump_label, tcpdump), (import_label, importer), (tshark_label, tshark) = zip(sys.argv[5::2], sys.argv[6::2])

def run(command):
    """Wall seconds, CPU seconds (user + system) and peak RSS in MiB of one run, output discarded."""
    start = time.perf_counter()
    process = subprocess.Popen(shlex.split(command), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    # pgrehearse import exits 0, or 2 when something was lost; tcpdump and tshark exit 0.
    if os.waitstatus_to_exitcode(status) not in (0, 2):
        sys.exit(f"{command}: exit status {os.waitstatus_to_exitcode(status)}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024

# Interleaved, so that a busy moment of the machine hits both alike.
samples = {tcpdump_label: [], import_label: []}
for _ in range(rounds):
    for label, command in ((tcpdump_label, tcpdump), (import_label, importer)):
        samples[label].append(run(command))
samples[tshark_label] = [run(tshark)]

def summary(label):
    walls, cpus, rss = zip(*samples[label])
    return statistics.median(walls), min(walls), statistics.median(cpus), max(rss)

reference = summary(tcpdump_label)
print()
print(f"### Import: {size_mb} MB, {packets} packets of pgbench -S -M prepared (4 clients); "
      f"{rounds} interleaved rounds of tcpdump and import, tshark once")
print()
print("| tool | wall s (median) | wall s (best) | CPU s (median) | peak RSS MiB | median wall vs tcpdump |")
print("|---|---:|---:|---:|---:|---:|")
for label in (tcpdump_label, import_label, tshark_label):
    median, best, cpu, rss = summary(label)
    print(f"| `{label}` | {median:.3f} | {best:.3f} | {cpu:.3f} | {rss:.0f} | {median / reference[0]:.1f}x |")
imported, tsharked = summary(import_label)[0], summary(tshark_label)[0]
# Each round's import against the tcpdump run just before it: the machine's speed drifts from second to
# second (by up to 2x on a shared virtual machine), and a pair shares its moment.
paired = sorted(i[0] / t[0] for t, i in zip(samples[tcpdump_label], samples[import_label]))
quartiles = statistics.quantiles(paired, n=4) if len(paired) > 1 else [paired[0]] * 3
print()
print(f"Round by round, import took {quartiles[1]:.2f}x the time of the `tcpdump -r` run before it (median; "
      f"quartiles {quartiles[0]:.2f}x and {quartiles[2]:.2f}x; goal: at most 3x). The median import is "
      f"{imported / reference[0]:.1f}x the median tcpdump, and {tsharked / imported:.0f}x faster than tshark's "
      f"dissector (goal: at least 100x).")
EOF

# 2. Live capture while pgbench -S runs flat out.
tps() { pgbench -n -S -M prepared -c $clients -j 2 -T 20 2>/dev/null | awk '/^tps/ { printf "%.0f", $3; exit }'; }
tps_plain=$(tps)
"$bin" capture -i lo --port "$PGPORT" -o "$work/live.pgw" --json > "$work/live.json" 2>/dev/null &
cap=$!
sleep 1
tps_captured=$(tps)
sleep 1
kill -INT $cap; wait $cap || true
dropped=$(python3 -c "import json;d=json.load(open('$work/live.json'));print(d.get('packets_dropped'))")
queries=$(python3 -c "import json;d=json.load(open('$work/live.json'));print(d['queries'])")
echo
echo "### Live capture on lo while pgbench -S -M prepared -c $clients runs flat out (20 s)"
echo
echo "| run | pgbench tps | kernel drops | requests captured |"
echo "|---|---:|---:|---:|"
echo "| without capture | $tps_plain | - | - |"
echo "| with pgrehearse capture | $tps_captured | $dropped | $queries |"

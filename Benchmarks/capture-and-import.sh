#!/usr/bin/env bash
# Runs inside `pgrehearse sandbox` (PGHOST, PGPORT, PGUSER, PGDATABASE point at the throwaway cluster).
set -euo pipefail
work=$(mktemp -d /tmp/pgrehearse-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
bin=$BENCH_PGREHEARSE
clients=4
pgbench -i -q -s 10 >/dev/null 2>&1

measure() { # command... → prints "wall-seconds peak-KiB"
  /usr/bin/time -o "$work/time" -f "%e %M" "$@" >/dev/null 2>&1 || true
  tail -1 "$work/time"
}

# 1. A >= 100 MB capture of pgbench -S (prepared protocol) made with tcpdump.
tcpdump -i lo -U -B 131072 -s 65600 -w "$work/select.pcap" "tcp port $PGPORT" 2>/dev/null &
dump=$!
sleep 1
pgbench -n -S -M prepared -c $clients -j 2 -T "$BENCH_SECONDS" >/dev/null 2>&1
sleep 1
kill -INT $dump; wait $dump || true
size_mb=$(( $(stat -c %s "$work/select.pcap") / 1048576 ))
packets=$(tcpdump -r "$work/select.pcap" 2>/dev/null | wc -l)

read -r t_tcpdump m_tcpdump < <(measure tcpdump -r "$work/select.pcap" -w /dev/null)
read -r t_import m_import < <(measure "$bin" import "$work/select.pcap" --port "$PGPORT" -o "$work/select.pgw")
read -r t_tshark m_tshark < <(measure tshark -r "$work/select.pcap" -d "tcp.port==$PGPORT,pgsql" -T fields -e pgsql.type)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }'; }

echo
echo "### Import: ${size_mb} MB, ${packets} packets of pgbench -S -M prepared ($clients clients)"
echo
echo "| tool | wall s | peak RSS MiB | vs tcpdump |"
echo "|---|---:|---:|---:|"
echo "| tcpdump -r FILE -w /dev/null | $t_tcpdump | $((m_tcpdump / 1024)) | 1.0x |"
echo "| pgrehearse import | $t_import | $((m_import / 1024)) | $(ratio "$t_import" "$t_tcpdump")x |"
echo "| tshark -d tcp.port==PORT,pgsql -T fields -e pgsql.type | $t_tshark | $((m_tshark / 1024)) | $(ratio "$t_tshark" "$t_tcpdump")x |"
echo
echo "pgrehearse import is $(ratio "$t_tshark" "$t_import")x faster than tshark."

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

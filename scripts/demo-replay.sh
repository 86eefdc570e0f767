#!/usr/bin/env bash
# Runs inside `pgrehearse sandbox --database bench`: replays the imported workload into a fresh pgbench
# database, at the captured pacing and then as fast as possible.
set -euo pipefail
pgbench -i -q -s 1 >/dev/null 2>&1
"$DEMO_BIN" replay reports/demo-import.pgw --target "host=$PGHOST port=$PGPORT" -o reports/demo-replay.run
pgbench -i -q -s 1 >/dev/null 2>&1
"$DEMO_BIN" replay reports/demo-import.pgw --target "host=$PGHOST port=$PGPORT" -o reports/demo-replay-max.run \
  --speed max

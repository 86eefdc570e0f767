#!/usr/bin/env bash
# Runs inside `pgrehearse sandbox`: PGHOST, PGPORT, PGUSER and PGDATABASE point at the throwaway cluster.
set -euo pipefail
pgbench -i -q -s 1 >/dev/null 2>&1
"$DEMO_BIN" capture -i lo --port "$PGPORT" -o reports/demo-live.pgw --pcap-out reports/demo-live.pcap &
capture=$!
sleep 1
pgbench -n -c 4 -j 2 -T 5 -M prepared 2>/dev/null | grep -E "^(number of transactions actually processed|tps)"
psql -X -q -v ON_ERROR_STOP=0 <<'SQL' 2>&1 | sed 's/^/psql: /'
CREATE TABLE orders (id int PRIMARY KEY, customer text, total numeric);
\copy orders FROM stdin
1	alice	10.50
2	bob	7.25
\.
BEGIN;
SELECT no_such_column FROM orders;
ROLLBACK;
SELECT customer, total FROM orders ORDER BY id;
SQL
sleep 0.5
kill -INT $capture
wait $capture

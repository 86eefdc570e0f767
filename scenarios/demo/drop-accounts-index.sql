-- Drops the primary key of pgbench_accounts, and with it the index that every
-- lookup and update by aid uses: each becomes a sequential scan of 100,000 rows.
-- expect: fail
ALTER TABLE pgbench_accounts DROP CONSTRAINT pgbench_accounts_pkey;

-- Adds a nullable column without a default: a catalog-only change that no
-- statement of the workload notices.
-- expect: pass
ALTER TABLE pgbench_accounts ADD COLUMN note text;

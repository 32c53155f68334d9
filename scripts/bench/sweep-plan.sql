-- The plan of one sweep batch in the middle of the largest group of clocks sharing a due time, with the
-- sweep's index and with main's (re-created inside a transaction that is rolled back). On a bench database:
--   psql -h 127.0.0.1 -U postgres -d casedesk_bench_queue -f scripts/bench/sweep-plan.sql
\set ON_ERROR_STOP on
SELECT "runningDueAt" AS due, count(*) FROM case_clocks WHERE "runningDueAt" <= now() GROUP BY 1 ORDER BY 2 DESC LIMIT 1 \gset
SELECT "caseId" AS mid_case, clock AS mid_clock FROM case_clocks WHERE "runningDueAt" = :'due' ORDER BY "caseId", clock OFFSET (:count / 2) LIMIT 1 \gset
\echo group due :due with :count clocks; keyset from the middle of it
SELECT relname, n_live_tup, last_analyze, last_autoanalyze FROM pg_stat_user_tables WHERE relname = 'alerts';
\set q 'EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT cc."caseId", cc.clock, cc."runningDueAt" AS "dueAt", c."caseNo", c.kind, c.status, c."fromRegion", c."toRegion", c.region FROM case_clocks cc JOIN cases c ON c.id = cc."caseId" WHERE cc."runningDueAt" <= now() AND (cc."runningDueAt", cc."caseId", cc.clock) > (:''due''::timestamptz, :''mid_case''::uuid, :''mid_clock''::"ClockName") AND (SELECT 1 FROM alerts a WHERE a."caseId" = cc."caseId" AND a.clock = cc.clock AND a.level = ''OVERDUE''::"AlertLevel") IS NULL ORDER BY cc."runningDueAt", cc."caseId", cc.clock LIMIT 500'
\echo '=== AFTER: index (runningDueAt, caseId, clock)'
:q;
\echo '=== BEFORE: index (runningDueAt) alone (in a transaction rolled back)'
BEGIN;
DROP INDEX "case_clocks_runningDueAt_caseId_clock_idx";
CREATE INDEX "case_clocks_runningDueAt_idx" ON case_clocks ("runningDueAt");
:q;
ROLLBACK;

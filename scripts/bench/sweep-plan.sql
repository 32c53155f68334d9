-- The plan of one sweep batch (the OVERDUE level, SlaSweepRepository.candidates) in the middle of the
-- largest group of clocks sharing a due time that have not raised it. On a bench database:
--   psql -h 127.0.0.1 -U postgres -d casedesk_bench_queue -f scripts/bench/sweep-plan.sql
-- (The comparison of the sweep's first index with the single-column one it replaced, in performance.md,
-- was made with this file as of commit 3ed91fc.)
\set ON_ERROR_STOP on
SELECT "runningDueAt" AS due, count(*) FROM case_clocks WHERE "runningDueAt" <= now() AND ("alertsRaised" & alert_level_bit('OVERDUE')) = 0
 GROUP BY 1 ORDER BY 2 DESC LIMIT 1 \gset
SELECT "caseId" AS mid_case, clock AS mid_clock FROM case_clocks WHERE "runningDueAt" = :'due' ORDER BY "caseId", clock OFFSET (:count / 2) LIMIT 1 \gset
\echo group due :due with :count clocks not alerted OVERDUE; keyset from the middle of it
SELECT relname, n_live_tup, last_analyze, last_autoanalyze FROM pg_stat_user_tables WHERE relname IN ('alerts', 'case_clocks');
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT cc."caseId", cc.clock, cc."runningDueAt" AS "dueAt", c."caseNo", c.kind, c.status, c."fromRegion", c."toRegion", c.region
  FROM (SELECT k."caseId", k.clock, k."runningDueAt"
          FROM (SELECT g.raised::smallint AS raised FROM generate_series(0, 7) AS g(raised)
                 WHERE (g.raised & alert_level_bit('OVERDUE')) = 0) AS s
               CROSS JOIN LATERAL (
                 SELECT k."caseId", k.clock, k."runningDueAt" FROM case_clocks k
                  WHERE k."alertsRaised" = s.raised AND k."runningDueAt" <= now()
                    AND (k."runningDueAt", k."caseId", k.clock) > (:'due'::timestamptz, :'mid_case'::uuid, :'mid_clock'::"ClockName")
                    AND (SELECT 1 FROM alerts a WHERE a."caseId" = k."caseId" AND a.clock = k.clock AND a.level = 'OVERDUE') IS NULL
                  ORDER BY k."runningDueAt", k."caseId", k.clock
                  LIMIT 500) AS k
         ORDER BY k."runningDueAt", k."caseId", k.clock
         LIMIT 500) AS cc
  JOIN cases c ON c.id = cc."caseId"
 ORDER BY cc."runningDueAt", cc."caseId", cc.clock;

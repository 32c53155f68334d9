-- Issue 13: the sweep's plan must not depend on the planner's statistics.
--
-- Since clock_alerts_raised the sweep reads its candidates from (alertsRaised, runningDueAt, caseId,
-- clock), one range per set of levels raised. The older (runningDueAt, caseId, clock) index was left
-- for the due-date recomputation, which does not use it (its clocks are those due after a date OR
-- paused, in caseId order: it walks the primary key). It was only ever an alternative the planner
-- could take for the sweep: on a freshly loaded database, whose statistics say every clock has raised
-- nothing, the two indexes look equally selective and the smaller one wins, so a batch read the whole
-- due-time group and filtered on alertsRaised (84,000 rows removed for 125 kept per set, 0.3 s a batch
-- behind a backlog of 100,000 clocks alerted on one due date: a first sweep of 4–6 s instead of 2).
-- Without it the sweep's index is the only one with the due time in keyset order. Every new or moved
-- clock also writes one index entry less.

-- DropIndex
DROP INDEX "case_clocks_runningDueAt_caseId_clock_idx";

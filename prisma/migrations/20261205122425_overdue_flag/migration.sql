-- Issue 13: the admin's `sla=OVERDUE` list in createdAt order on one index.
--
-- cases.overdue: the case's nextDueAt was at or before the instant its row was last written or last
-- swept. Every write of nextDueAt sets it in the same statement (with the write's clock); the SLA sweep
-- sets it for the cases that crossed their due date since the previous sweep. The list reads the
-- flagged cases on (overdue, createdAt DESC, seq DESC), plus the few that crossed since the last sweep
-- on (overdue, nextDueAt, id).

-- AlterTable (a constant default: no table rewrite)
ALTER TABLE "cases" ADD COLUMN     "overdue" BOOLEAN NOT NULL DEFAULT false;

-- A case written at an instant before the last sweep's (the test clock moved back) is flagged as of the
-- sweep's instant, so "not flagged" always means "due after the last sweep's instant" and the list's
-- second part stays exact. With a clock that only moves forward this never changes the written value.
CREATE FUNCTION case_overdue_since_sweep() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."nextDueAt" <= (SELECT "lastSweptAt" FROM sweep_status WHERE id = 1) THEN
    NEW.overdue := true;
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER cases_overdue_since_sweep
  BEFORE INSERT OR UPDATE OF "nextDueAt", overdue ON cases
  FOR EACH ROW WHEN (NOT NEW.overdue AND NEW."nextDueAt" IS NOT NULL)
  EXECUTE FUNCTION case_overdue_since_sweep();

-- Backfill: the cases already due.
UPDATE cases SET overdue = true
 WHERE "nextDueAt" <= GREATEST(now(), (SELECT "lastSweptAt" FROM sweep_status WHERE id = 1));

-- CreateIndex
CREATE INDEX "cases_overdue_createdAt_seq_idx" ON "cases"("overdue", "createdAt" DESC, "seq" DESC);

-- The cases not flagged yet that are due in a range (the list's crossed-since-the-sweep part, an
-- index-only scan; the sweep's update): only those entries are read, not the day's flagged ones.
-- CreateIndex
CREATE INDEX "cases_overdue_nextDueAt_id_idx" ON "cases"("overdue", "nextDueAt", "id");

-- Issue 13: the `sla=DUE_SOON` list from an index.
--
-- A case is due soon when its nextDueAt falls in (now, two working days on]. Due dates are ends of
-- working days, so that range holds a handful of distinct instants, and the cases of one instant are
-- one range of an index on (nextDueAt, createdAt DESC, seq DESC): the list reads each instant's range
-- in its own order and merges them, instead of walking every case newest first and keeping the few
-- that are due soon (at a province's scale most of the walk: the cases due soon are the old ones).
--
-- case_due carries the case's createdAt and seq (which never change) for that order. Its index gains
-- them after (overdue, nextDueAt), which the sweep and the overdue list's crossed-since part keep
-- reading as before.

-- AlterTable (filled from cases before the columns become NOT NULL)
ALTER TABLE "case_due" ADD COLUMN "createdAt" TIMESTAMPTZ(3),
ADD COLUMN "seq" BIGINT;

UPDATE case_due d SET "createdAt" = c."createdAt", seq = c.seq FROM cases c WHERE c.id = d."caseId";

ALTER TABLE "case_due" ALTER COLUMN "createdAt" SET NOT NULL,
ALTER COLUMN "seq" SET NOT NULL;

-- DropIndex
DROP INDEX "case_due_overdue_nextDueAt_caseId_idx";

-- CreateIndex
CREATE INDEX "case_due_overdue_nextDueAt_createdAt_seq_caseId_idx" ON "case_due"("overdue", "nextDueAt", "createdAt" DESC, "seq" DESC, "caseId");

-- The mirror writes the two new columns when it inserts (a case's createdAt and seq never change).
CREATE OR REPLACE FUNCTION case_due_mirror() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    UPDATE case_due SET "nextDueAt" = NEW."nextDueAt", overdue = NEW.overdue WHERE "caseId" = NEW.id;
    IF FOUND THEN
      RETURN NULL;
    END IF;
  END IF;
  INSERT INTO case_due ("caseId", "nextDueAt", overdue, "createdAt", seq) VALUES (NEW.id, NEW."nextDueAt", NEW.overdue, NEW."createdAt", NEW.seq)
  ON CONFLICT ("caseId") DO UPDATE SET "nextDueAt" = EXCLUDED."nextDueAt", overdue = EXCLUDED.overdue;
  RETURN NULL;
END
$$;

-- Issue 13: a transition updates the case row in place.
--
-- A case's due date changes with nearly every stage change, and it was indexed on `cases` (the
-- sweep's and the overdue list's (overdue, nextDueAt, id), and (nextDueAt)): PostgreSQL then writes a
-- new entry into every index of `cases` (13) for each update, ten of them on columns that never
-- change, and on a large table each of those is a random page written whole to the WAL after a
-- checkpoint. With no index on the due date, an update that leaves the overdue flag as it was is a
-- heap-only (HOT) update when the page has room: no index entry at all.
--
-- The index the sweep and the overdue list need moves to case_due, one narrow row per case mirroring
-- cases."nextDueAt" and cases.overdue (which stay the truth, read and written as before). Triggers keep
-- it equal on every insert and every change of either column, whoever writes (the API, the sweep, the
-- due-date recomputation, psql); bulk loads with triggers off (seed:bulk) write it themselves.

-- CreateTable
CREATE TABLE "case_due" (
    "caseId" UUID NOT NULL,
    "nextDueAt" TIMESTAMPTZ(3),
    "overdue" BOOLEAN NOT NULL,

    CONSTRAINT "case_due_pkey" PRIMARY KEY ("caseId")
);

-- AddForeignKey
ALTER TABLE "case_due" ADD CONSTRAINT "case_due_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Back-fill before the index is built.
INSERT INTO case_due ("caseId", "nextDueAt", overdue) SELECT id, "nextDueAt", overdue FROM cases;

-- CreateIndex
CREATE INDEX "case_due_overdue_nextDueAt_caseId_idx" ON "case_due"("overdue", "nextDueAt", "caseId");

CREATE FUNCTION case_due_mirror() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    UPDATE case_due SET "nextDueAt" = NEW."nextDueAt", overdue = NEW.overdue WHERE "caseId" = NEW.id;
    IF FOUND THEN
      RETURN NULL;
    END IF;
  END IF;
  INSERT INTO case_due ("caseId", "nextDueAt", overdue) VALUES (NEW.id, NEW."nextDueAt", NEW.overdue)
  ON CONFLICT ("caseId") DO UPDATE SET "nextDueAt" = EXCLUDED."nextDueAt", overdue = EXCLUDED.overdue;
  RETURN NULL;
END
$$;

CREATE TRIGGER cases_due_inserted
  AFTER INSERT ON cases
  FOR EACH ROW EXECUTE FUNCTION case_due_mirror();

CREATE TRIGGER cases_due_changed
  AFTER UPDATE OF "nextDueAt", overdue ON cases
  FOR EACH ROW
  WHEN (OLD."nextDueAt" IS DISTINCT FROM NEW."nextDueAt" OR OLD.overdue IS DISTINCT FROM NEW.overdue)
  EXECUTE FUNCTION case_due_mirror();

-- DropIndex
DROP INDEX "cases_nextDueAt_idx";

-- DropIndex
DROP INDEX "cases_overdue_nextDueAt_id_idx";

-- Room on each page for a case's next row versions (rows written from now on; an existing full page
-- gains room as its old versions are pruned).
ALTER TABLE cases SET (fillfactor = 85);

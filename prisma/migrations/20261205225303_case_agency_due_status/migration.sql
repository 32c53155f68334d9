-- Issue 13: one agency's and one province's lists of one status, and a province's due lists, from
-- case_agency_due's indexes.
--
-- A clerk's `sla=PAUSED` list (status SUPPLEMENT_REQUIRED) walked the agency's side indexes newest
-- first and read each row's status: about one case in six is paused, so a page of 100 read some 1,800
-- rows of `cases` at the busiest agency (0.35–1 s cold). A supervisor's due-soon list read the due-date
-- index of every case and kept its province's (a small province: about 1 % of them). case_agency_due
-- now carries the case's status and the agency's province, with three more indexes:
--   (agency, status, createdAt DESC, seq DESC)   one agency's cases of one status, in list order;
--   (province, overdue, nextDueAt, …)            a province's cases of one due instant, in list order;
--   (province, status, …)                        a province's cases of one status, in list order.
-- A case with two agencies of one province is in a province's ranges twice (adjacent: same keys), and
-- listed once: the lists filter the keys by id on `cases`.
--
-- The table only mirrors `cases` (case_due_mirror keeps it, whoever writes), so it is emptied and
-- filled again from `cases` with its new columns rather than updated row by row: no dead row versions,
-- and the indexes are built once, after the rows. `status` is not indexed on `cases`, so a status
-- change stays an in-place (HOT) update there; here it moves the case's rows, as a due date does.

DROP INDEX "case_agency_due_agency_overdue_nextDueAt_createdAt_seq_case_idx";
TRUNCATE case_agency_due;

-- AlterTable
ALTER TABLE "case_agency_due" ADD COLUMN     "province" CHAR(2) NOT NULL,
ADD COLUMN     "status" "CaseStatus" NOT NULL;

INSERT INTO case_agency_due ("caseId", agency, province, "nextDueAt", overdue, status, "createdAt", seq)
SELECT c.id, a.agency, left(a.agency, 2), c."nextDueAt", c.overdue, c.status, c."createdAt", c.seq
  FROM cases c
       CROSS JOIN LATERAL (SELECT DISTINCT x FROM unnest(ARRAY[c."fromRegion", c."toRegion", c.region]) AS x WHERE x IS NOT NULL) AS a(agency);

CREATE INDEX "case_agency_due_agency_overdue_nextDueAt_createdAt_seq_case_idx" ON "case_agency_due"("agency", "overdue", "nextDueAt", "createdAt" DESC, "seq" DESC, "caseId");

-- CreateIndex
CREATE INDEX "case_agency_due_agency_status_createdAt_seq_caseId_idx" ON "case_agency_due"("agency", "status", "createdAt" DESC, "seq" DESC, "caseId");

-- CreateIndex
CREATE INDEX "case_agency_due_province_overdue_nextDueAt_createdAt_seq_ca_idx" ON "case_agency_due"("province", "overdue", "nextDueAt", "createdAt" DESC, "seq" DESC, "caseId");

-- CreateIndex
CREATE INDEX "case_agency_due_province_status_createdAt_seq_caseId_idx" ON "case_agency_due"("province", "status", "createdAt" DESC, "seq" DESC, "caseId");

-- The rows are all new: without statistics the planner takes a province's range for a few dozen rows
-- (a bitmap scan and a sort of 40,000 where the index gives them in order) until autovacuum analyzes.
ANALYZE case_agency_due;

-- The mirror: case_due as before (only when the due date or the flag moved); case_agency_due with the
-- status and the province too.
CREATE OR REPLACE FUNCTION case_due_mirror() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF OLD."nextDueAt" IS DISTINCT FROM NEW."nextDueAt" OR OLD.overdue IS DISTINCT FROM NEW.overdue THEN
      UPDATE case_due SET "nextDueAt" = NEW."nextDueAt", overdue = NEW.overdue WHERE "caseId" = NEW.id;
    ELSE
      PERFORM FROM case_due WHERE "caseId" = NEW.id;
    END IF;
    IF FOUND THEN
      UPDATE case_agency_due SET "nextDueAt" = NEW."nextDueAt", overdue = NEW.overdue, status = NEW.status WHERE "caseId" = NEW.id;
      RETURN NULL;
    END IF;
  END IF;
  INSERT INTO case_due ("caseId", "nextDueAt", overdue, "createdAt", seq) VALUES (NEW.id, NEW."nextDueAt", NEW.overdue, NEW."createdAt", NEW.seq)
  ON CONFLICT ("caseId") DO UPDATE SET "nextDueAt" = EXCLUDED."nextDueAt", overdue = EXCLUDED.overdue;
  INSERT INTO case_agency_due ("caseId", agency, province, "nextDueAt", overdue, status, "createdAt", seq)
  SELECT NEW.id, a.agency, left(a.agency, 2), NEW."nextDueAt", NEW.overdue, NEW.status, NEW."createdAt", NEW.seq
    FROM (SELECT DISTINCT x FROM unnest(ARRAY[NEW."fromRegion", NEW."toRegion", NEW.region]) AS x WHERE x IS NOT NULL) AS a(agency)
  ON CONFLICT ("caseId", agency) DO UPDATE SET "nextDueAt" = EXCLUDED."nextDueAt", overdue = EXCLUDED.overdue, status = EXCLUDED.status;
  RETURN NULL;
END
$$;

-- The trigger fires on a status change too (it did only on the due date or the flag).
DROP TRIGGER cases_due_changed ON cases;
CREATE TRIGGER cases_due_changed
  AFTER UPDATE OF "nextDueAt", overdue, status ON cases
  FOR EACH ROW
  WHEN (OLD."nextDueAt" IS DISTINCT FROM NEW."nextDueAt" OR OLD.overdue IS DISTINCT FROM NEW.overdue OR OLD.status IS DISTINCT FROM NEW.status)
  EXECUTE FUNCTION case_due_mirror();

-- Issue 13: one agency's `sla=DUE_SOON` and flagged `sla=OVERDUE` lists from an index.
--
-- A clerk's list is one agency's cases on any side. Its due-soon and overdue cases are the older ones,
-- so walking the agency's side indexes newest first reads most of its cases (tens of thousands at a
-- busy agency) to keep a page of them. case_agency_due is case_due once for each agency the case
-- involves (fromRegion, toRegion, region: the agencies that see it, case-scope.ts), with an index on
-- (agency, overdue, nextDueAt, createdAt DESC, seq DESC): the agency's cases of one due instant are one
-- range in the list's order, and the list merges the ranges of the few instants it needs.
--
-- The triggers that keep case_due keep it too (case_due_mirror), whoever writes; a case's agencies,
-- createdAt and seq never change, so an update only moves the due date and the flag. Bulk loads with
-- triggers off (seed:bulk) write it themselves.

-- CreateTable
CREATE TABLE "case_agency_due" (
    "caseId" UUID NOT NULL,
    "agency" CHAR(6) NOT NULL,
    "nextDueAt" TIMESTAMPTZ(3),
    "overdue" BOOLEAN NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "seq" BIGINT NOT NULL,

    CONSTRAINT "case_agency_due_pkey" PRIMARY KEY ("caseId","agency")
);

-- Back-fill before the index is built: every case, once for each of its agencies.
INSERT INTO case_agency_due ("caseId", agency, "nextDueAt", overdue, "createdAt", seq)
SELECT c.id, a.agency, c."nextDueAt", c.overdue, c."createdAt", c.seq
  FROM cases c
       CROSS JOIN LATERAL (SELECT DISTINCT x FROM unnest(ARRAY[c."fromRegion", c."toRegion", c.region]) AS x WHERE x IS NOT NULL) AS a(agency);

-- CreateIndex
CREATE INDEX "case_agency_due_agency_overdue_nextDueAt_createdAt_seq_case_idx" ON "case_agency_due"("agency", "overdue", "nextDueAt", "createdAt" DESC, "seq" DESC, "caseId");

-- AddForeignKey
ALTER TABLE "case_agency_due" ADD CONSTRAINT "case_agency_due_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The mirror keeps both tables (the triggers cases_due_inserted and cases_due_changed call it).
CREATE OR REPLACE FUNCTION case_due_mirror() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    UPDATE case_due SET "nextDueAt" = NEW."nextDueAt", overdue = NEW.overdue WHERE "caseId" = NEW.id;
    IF FOUND THEN
      UPDATE case_agency_due SET "nextDueAt" = NEW."nextDueAt", overdue = NEW.overdue WHERE "caseId" = NEW.id;
      RETURN NULL;
    END IF;
  END IF;
  INSERT INTO case_due ("caseId", "nextDueAt", overdue, "createdAt", seq) VALUES (NEW.id, NEW."nextDueAt", NEW.overdue, NEW."createdAt", NEW.seq)
  ON CONFLICT ("caseId") DO UPDATE SET "nextDueAt" = EXCLUDED."nextDueAt", overdue = EXCLUDED.overdue;
  INSERT INTO case_agency_due ("caseId", agency, "nextDueAt", overdue, "createdAt", seq)
  SELECT NEW.id, a.agency, NEW."nextDueAt", NEW.overdue, NEW."createdAt", NEW.seq
    FROM (SELECT DISTINCT x FROM unnest(ARRAY[NEW."fromRegion", NEW."toRegion", NEW.region]) AS x WHERE x IS NOT NULL) AS a(agency)
  ON CONFLICT ("caseId", agency) DO UPDATE SET "nextDueAt" = EXCLUDED."nextDueAt", overdue = EXCLUDED.overdue;
  RETURN NULL;
END
$$;

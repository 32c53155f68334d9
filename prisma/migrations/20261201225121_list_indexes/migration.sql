-- Issue 13: plans that hold at provincial scale.

-- The sweep's keyset (runningDueAt, caseId, clock): with the index on runningDueAt alone, every batch
-- re-read and re-sorted the whole group of clocks sharing one due time (all are 24:00 Shanghai).
DROP INDEX "case_clocks_runningDueAt_idx";
CREATE INDEX "case_clocks_runningDueAt_caseId_clock_idx" ON "case_clocks"("runningDueAt", "caseId", "clock");

-- A transfer's provinces, for supervisors' side= lists: an equality on one index in createdAt order
-- instead of LIKE '44%' on a char(6) cast to text (a sequential scan).
ALTER TABLE "cases" ADD COLUMN     "fromProvince" CHAR(2),
ADD COLUMN     "toProvince" CHAR(2);

-- Filled when a case is inserted (the API, bulk COPY loads); a case's regions never change.
CREATE FUNCTION case_provinces() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW."fromProvince" := left(NEW."fromRegion", 2);
  NEW."toProvince" := left(NEW."toRegion", 2);
  RETURN NEW;
END
$$;

CREATE TRIGGER cases_provinces
  BEFORE INSERT ON cases
  FOR EACH ROW EXECUTE FUNCTION case_provinces();

-- Backfill the existing transfers.
UPDATE cases SET "fromProvince" = left("fromRegion", 2), "toProvince" = left("toRegion", 2)
 WHERE "fromRegion" IS NOT NULL OR "toRegion" IS NOT NULL;

-- CreateIndex
CREATE INDEX "cases_fromProvince_createdAt_seq_idx" ON "cases"("fromProvince", "createdAt" DESC, "seq" DESC);

-- CreateIndex
CREATE INDEX "cases_toProvince_createdAt_seq_idx" ON "cases"("toProvince", "createdAt" DESC, "seq" DESC);

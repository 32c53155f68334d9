-- Each clock row carries its case's kind, so reports tell a running clock's kind without joining
-- cases and without a rule per kind in SQL. The application writes kind, agency and otherAgency from
-- the kind's definition (clockAgencies in libs/domain); the trigger fills them from the case only for
-- rows inserted without them (fixtures, psql), as before.

-- AlterTable
ALTER TABLE "case_clocks" ADD COLUMN "kind" "CaseKind";

UPDATE case_clocks k SET "kind" = c."kind" FROM cases c WHERE c."id" = k."caseId";

ALTER TABLE "case_clocks" ALTER COLUMN "kind" SET NOT NULL;

CREATE OR REPLACE FUNCTION case_clock_agencies() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  c record;
BEGIN
  IF NEW."agency" IS NULL OR NEW."kind" IS NULL THEN
    SELECT "kind", "fromRegion", "toRegion", "region" INTO c FROM cases WHERE "id" = NEW."caseId";
    NEW."kind" := COALESCE(NEW."kind", c."kind");
  END IF;
  IF NEW."agency" IS NULL THEN
    NEW."agency" := CASE NEW."clock"
      WHEN 'OUTGOING' THEN c."fromRegion"
      WHEN 'INCOMING' THEN c."toRegion"
      WHEN 'BALANCE' THEN c."toRegion"
      WHEN 'OVERALL' THEN COALESCE(c."fromRegion", c."region")
      ELSE c."region"
    END;
    NEW."otherAgency" := CASE WHEN NEW."clock" = 'OVERALL' AND c."kind" = 'TRANSFER' THEN c."toRegion" END;
  END IF;
  RETURN NEW;
END;
$$;

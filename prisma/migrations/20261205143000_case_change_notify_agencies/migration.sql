-- A change's notice on "case_changed" names the case's agencies after its caseNo, separated by spaces
-- ("<caseNo> <agency>…": fromRegion, toRegion, region, those it has), so that each API replica drops
-- only the cached case-list pages of the clerks and supervisors who can see that case (CaseListCache);
-- listeners that need only the caseNo read the first word. A case's agencies never change. A notice
-- with the caseNo alone (the application's own announcements) means "agencies unknown".

CREATE OR REPLACE FUNCTION notify_case_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  case_no text;
  agencies text;
BEGIN
  IF TG_TABLE_NAME = 'cases' THEN
    IF TG_OP = 'DELETE' THEN
      case_no := OLD."caseNo";
      agencies := concat_ws(' ', OLD."fromRegion", OLD."toRegion", OLD."region");
    ELSE
      case_no := NEW."caseNo";
      agencies := concat_ws(' ', NEW."fromRegion", NEW."toRegion", NEW."region");
    END IF;
  ELSE
    SELECT c."caseNo", concat_ws(' ', c."fromRegion", c."toRegion", c."region") INTO case_no, agencies
      FROM cases c WHERE c."id" = COALESCE(NEW."caseId", OLD."caseId");
  END IF;
  IF case_no IS NOT NULL THEN
    PERFORM pg_notify('case_changed', concat_ws(' ', case_no, NULLIF(agencies, '')));
  END IF;
  RETURN NULL;
END;
$$;

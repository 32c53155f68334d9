-- Every committed change to what an applicant sees (a case row or one of its clocks) is announced on
-- the channel "case_changed" with the case's caseNo, so that each API replica can drop its cached
-- public status view at once. Done by triggers rather than by the application so that no writer (a
-- transition, the worker's due-date recompute, a hand-made fix in psql) can forget it; PostgreSQL
-- delivers the notification only when the transaction commits, and sends one per caseNo however many
-- rows of that case the transaction touched. Triggers are not modelled in schema.prisma.

CREATE FUNCTION notify_case_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  case_no text;
BEGIN
  IF TG_TABLE_NAME = 'cases' THEN
    case_no := COALESCE(NEW."caseNo", OLD."caseNo");
  ELSE
    SELECT c."caseNo" INTO case_no FROM cases c WHERE c."id" = COALESCE(NEW."caseId", OLD."caseId");
  END IF;
  IF case_no IS NOT NULL THEN
    PERFORM pg_notify('case_changed', case_no);
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER cases_notify_changed
  AFTER UPDATE OR DELETE ON cases
  FOR EACH ROW EXECUTE FUNCTION notify_case_changed();

CREATE TRIGGER case_clocks_notify_changed
  AFTER INSERT OR UPDATE OR DELETE ON case_clocks
  FOR EACH ROW EXECUTE FUNCTION notify_case_changed();

-- Issue 13: the same announcements on "case_changed" for less work per transition.
--
-- 1. The clock rows' announcement runs once per statement instead of once per row: one read of the
--    cases concerned (the rows the statement inserted, updated or deleted, from its transition
--    table) instead of one per clock row. A transition writes two or three clock rows of one case;
--    the SLA sweep and a calendar change's recomputation write thousands. What is announced is
--    unchanged: "<caseNo> <agency>…" once per case (PostgreSQL keeps one of identical notifications
--    per transaction). A transition table belongs to one event, so there is one trigger per event.
CREATE FUNCTION notify_clock_cases_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('case_changed', concat_ws(' ', c."caseNo", NULLIF(concat_ws(' ', c."fromRegion", c."toRegion", c."region"), '')))
     FROM cases c
    WHERE c."id" IN (SELECT DISTINCT "caseId" FROM changed_clocks);
  RETURN NULL;
END;
$$;

DROP TRIGGER case_clocks_notify_changed ON case_clocks;

CREATE TRIGGER case_clocks_notify_inserted
  AFTER INSERT ON case_clocks
  REFERENCING NEW TABLE AS changed_clocks
  FOR EACH STATEMENT EXECUTE FUNCTION notify_clock_cases_changed();

CREATE TRIGGER case_clocks_notify_updated
  AFTER UPDATE ON case_clocks
  REFERENCING NEW TABLE AS changed_clocks
  FOR EACH STATEMENT EXECUTE FUNCTION notify_clock_cases_changed();

CREATE TRIGGER case_clocks_notify_deleted
  AFTER DELETE ON case_clocks
  REFERENCING OLD TABLE AS changed_clocks
  FOR EACH STATEMENT EXECUTE FUNCTION notify_clock_cases_changed();

-- 2. A case row's update: a new version is a change an applicant may see, decided without turning
--    both row versions into JSON; only an update that keeps the version (the sweep's overdue flag, a
--    fix by hand) is compared column by column as before.
DROP TRIGGER cases_notify_changed ON cases;

CREATE TRIGGER cases_notify_changed
  AFTER UPDATE ON cases
  FOR EACH ROW
  WHEN (OLD.version IS DISTINCT FROM NEW.version
        OR (to_jsonb(OLD) - 'overdue') IS DISTINCT FROM (to_jsonb(NEW) - 'overdue'))
  EXECUTE FUNCTION notify_case_changed();

-- 3. A clock row's agencies are filled from its case only when the writer left them empty: the
--    function is not even called for the application's writes, which set them.
DROP TRIGGER case_clocks_agencies ON case_clocks;

CREATE TRIGGER case_clocks_agencies
  BEFORE INSERT ON case_clocks
  FOR EACH ROW
  WHEN (NEW."agency" IS NULL)
  EXECUTE FUNCTION case_clock_agencies();

-- A case row's update is announced on "case_changed" only when something other than its overdue flag
-- changed: the SLA sweep flags the day's crossing cases (about 100,000 at once at a province's scale),
-- which changes nothing an applicant sees, and must not make every API replica drop those cases'
-- cached public status. An update that changes nothing is not announced either. Deletes and the clock
-- rows' changes are announced as before.

DROP TRIGGER cases_notify_changed ON cases;

CREATE TRIGGER cases_notify_changed
  AFTER UPDATE ON cases
  FOR EACH ROW
  WHEN ((to_jsonb(OLD) - 'overdue') IS DISTINCT FROM (to_jsonb(NEW) - 'overdue'))
  EXECUTE FUNCTION notify_case_changed();

CREATE TRIGGER cases_notify_deleted
  AFTER DELETE ON cases
  FOR EACH ROW EXECUTE FUNCTION notify_case_changed();

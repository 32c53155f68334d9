-- A new case is announced on "case_changed" too, so that every API replica drops its cached case-list
-- pages (CaseListCache) when a case is registered, by whoever inserted it. Until now only its first
-- clocks announced it, and a kind whose cases start without a clock would not have been heard.
-- PostgreSQL sends one notification per caseNo and transaction, so a new case is still announced once.

CREATE TRIGGER cases_notify_inserted
  AFTER INSERT ON cases
  FOR EACH ROW EXECUTE FUNCTION notify_case_changed();

-- The gate of a transition written in one statement (CaseRepository.recordTransitionIfUnchanged): the
-- API plans a transition from what one unlocked read returned (the case, its clocks, the calendar
-- version) and sends the whole write as one statement whose every part runs only when this returns
-- true. Under the case's row lock and the calendar's shared lock (the one CalendarService's writes
-- hold; a change takes it exclusively), both held until that statement's transaction ends, it checks
-- that nothing the plan was made from has changed since the read:
--   the calendar's version, the case's status and version, and the case's clock rows (their xmin: a
--   row updated since, e.g. by a due-date recomputation, or a row added or removed, changes the list).
-- A volatile PL/pgSQL function takes a new snapshot for each statement, so each check sees what
-- committed while it waited for the lock before it, which the calling statement's own snapshot
-- (taken before) would not. When it returns false the caller writes nothing and falls back to the
-- locked path (lock, read, write in one transaction).

CREATE FUNCTION case_transition_gate(p_case uuid, p_status "CaseStatus", p_version integer,
                                     p_calendar_version integer, p_clock_rows text)
RETURNS boolean
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  -- The row first, then the calendar: the order of the locked path (lockForTransition), so the two
  -- never wait for each other in a cycle through a calendar change queued for its exclusive lock.
  PERFORM 1 FROM cases WHERE id = p_case AND status = p_status AND version = p_version FOR UPDATE;
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  PERFORM pg_advisory_xact_lock_shared(hashtextextended('calendar-version', 0));
  IF COALESCE((SELECT version FROM calendar_version WHERE id = 1), 0) <> p_calendar_version THEN
    RETURN false;
  END IF;
  RETURN (SELECT COALESCE(string_agg(k.xmin::text, ',' ORDER BY k.clock), '')
            FROM case_clocks k WHERE k."caseId" = p_case) = p_clock_rows;
END;
$$;

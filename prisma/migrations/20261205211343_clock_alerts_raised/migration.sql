-- Issue 13: the sweep's cost follows the crossings, not the clocks that raised their alerts already.
--
-- For each level, the sweep read every running clock due in the level's window and probed `alerts`
-- for each: a backlog of clocks overdue and alerted long ago was read again by every sweep (110,000
-- probes for 10,000 crossings in bench:sweep's backlog scenario). case_clocks."alertsRaised" holds the
-- levels a clock has raised (one bit each: DUE_SOON 1, OVERDUE 2, ESCALATED 4), and the sweep's index
-- leads with it: for a level, the sweep reads the ranges of the sets of levels that lack it (four sets
-- of the eight), each in keyset order, merged. The probe of `alerts` stays, as the truth.
--
-- A trigger on `alerts` keeps the column, whoever inserts (the sweep, psql, a bench); alerts are never
-- deleted but with their case (and its clocks). No application code writes it; a clock row's own
-- writes (ON CONFLICT DO UPDATE of the clock upsert) leave it as it is.

-- AlterTable (a constant default: no table rewrite)
ALTER TABLE "case_clocks" ADD COLUMN "alertsRaised" SMALLINT NOT NULL DEFAULT 0;

CREATE FUNCTION alert_level_bit(level "AlertLevel") RETURNS smallint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (CASE level WHEN 'DUE_SOON' THEN 1 WHEN 'OVERDUE' THEN 2 WHEN 'ESCALATED' THEN 4 END)::smallint
$$;

-- Back-fill from the alerts raised so far.
UPDATE case_clocks cc SET "alertsRaised" = r.bits
  FROM (SELECT "caseId", clock, bit_or(alert_level_bit(level))::smallint AS bits FROM alerts GROUP BY "caseId", clock) AS r
 WHERE cc."caseId" = r."caseId" AND cc.clock = r.clock;

-- CreateIndex
CREATE INDEX "case_clocks_alertsRaised_runningDueAt_caseId_clock_idx" ON "case_clocks"("alertsRaised", "runningDueAt", "caseId", "clock");

-- The levels an insert of alerts raised, added to their clocks (once per statement).
CREATE FUNCTION clock_alerts_raised() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE case_clocks cc SET "alertsRaised" = cc."alertsRaised" | r.bits
    FROM (SELECT "caseId", clock, bit_or(alert_level_bit(level))::smallint AS bits FROM raised_alerts GROUP BY "caseId", clock) AS r
   WHERE cc."caseId" = r."caseId" AND cc.clock = r.clock AND (cc."alertsRaised" & r.bits) <> r.bits;
  RETURN NULL;
END
$$;

CREATE TRIGGER alerts_raised
  AFTER INSERT ON alerts
  REFERENCING NEW TABLE AS raised_alerts
  FOR EACH STATEMENT EXECUTE FUNCTION clock_alerts_raised();

-- A clock row changed by that trigger (only alertsRaised, which no view shows) is not announced as a
-- change to its case: the announcements of clock rows skip the writes made by a trigger. No other
-- trigger writes clock rows (case_clock_agencies fills a row being inserted, it does not write one).
CREATE OR REPLACE FUNCTION notify_clock_cases_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF pg_trigger_depth() > 1 THEN
    RETURN NULL;
  END IF;
  PERFORM pg_notify('case_changed', concat_ws(' ', c."caseNo", NULLIF(concat_ws(' ', c."fromRegion", c."toRegion", c."region"), '')))
     FROM cases c
    WHERE c."id" IN (SELECT DISTINCT "caseId" FROM changed_clocks);
  RETURN NULL;
END;
$$;

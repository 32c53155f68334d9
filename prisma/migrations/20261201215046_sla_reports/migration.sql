-- CreateEnum
CREATE TYPE "ClockOutcome" AS ENUM ('MET', 'MISSED', 'WITHDRAWN');

-- AlterTable
ALTER TABLE "case_clocks" ADD COLUMN     "agency" CHAR(6),
ADD COLUMN     "otherAgency" CHAR(6);

-- CreateTable
CREATE TABLE "sla_clock_results" (
    "caseId" UUID NOT NULL,
    "clock" "ClockName" NOT NULL,
    "agency" CHAR(6) NOT NULL,
    "province" CHAR(2) NOT NULL,
    "kind" "CaseKind" NOT NULL,
    "outcome" "ClockOutcome" NOT NULL,
    "stoppedAt" TIMESTAMPTZ(3) NOT NULL,
    "stoppedOn" DATE NOT NULL,
    "workingDaysUsed" INTEGER NOT NULL,
    "pausedWorkingDays" INTEGER NOT NULL,
    "sharedWith" CHAR(6),

    CONSTRAINT "sla_clock_results_pkey" PRIMARY KEY ("caseId","clock","agency")
);

-- CreateIndex
CREATE INDEX "sla_clock_results_province_stoppedOn_agency_kind_clock_outc_idx" ON "sla_clock_results"("province", "stoppedOn", "agency", "kind", "clock", "outcome", "workingDaysUsed", "pausedWorkingDays", "sharedWith");

-- CreateIndex
CREATE INDEX "sla_clock_results_stoppedOn_idx" ON "sla_clock_results"("stoppedOn");

-- CreateIndex
CREATE INDEX "case_clocks_agency_runningDueAt_idx" ON "case_clocks"("agency", "runningDueAt");

-- CreateIndex
CREATE INDEX "case_clocks_otherAgency_runningDueAt_idx" ON "case_clocks"("otherAgency", "runningDueAt");

-- AddForeignKey
ALTER TABLE "sla_clock_results" ADD CONSTRAINT "sla_clock_results_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Which agency acts on a clock (API.md, Reports), filled from the case when a clock row is inserted
-- without it, so every writer (a transition, a test fixture, psql) gets it. The same rule as
-- clockAgencies() in libs/domain/src/sla/sla-result.ts, which the bulk seeder uses to fill the columns
-- itself. A case's regions never change, so the columns are never updated.
CREATE FUNCTION case_clock_agencies() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  c record;
BEGIN
  IF NEW."agency" IS NULL THEN
    SELECT "kind", "fromRegion", "toRegion", "region" INTO c FROM cases WHERE "id" = NEW."caseId";
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

CREATE TRIGGER case_clocks_agencies
  BEFORE INSERT ON case_clocks
  FOR EACH ROW EXECUTE FUNCTION case_clock_agencies();

-- Backfill: the agencies of existing clocks.
UPDATE case_clocks k
   SET "agency" = CASE k."clock"
         WHEN 'OUTGOING' THEN c."fromRegion"
         WHEN 'INCOMING' THEN c."toRegion"
         WHEN 'BALANCE' THEN c."toRegion"
         WHEN 'OVERALL' THEN COALESCE(c."fromRegion", c."region")
         ELSE c."region"
       END,
       "otherAgency" = CASE WHEN k."clock" = 'OVERALL' AND c."kind" = 'TRANSFER' THEN c."toRegion" END
  FROM cases c
 WHERE c."id" = k."caseId";

-- Backfill: the results of clocks that stopped before this migration. Working days need the calendar:
-- the built-in days of chinese-days 1.5.7 from 2024 on (the service holds no older case) with the
-- admins' overrides on top, as the application's WorkingCalendar does.
CREATE TEMP TABLE _special_days (day date PRIMARY KEY, working boolean NOT NULL);
INSERT INTO _special_days (day, working) VALUES
  (DATE '2024-01-01', false), (DATE '2024-02-04', true), (DATE '2024-02-10', false), (DATE '2024-02-11', false), (DATE '2024-02-12', false), (DATE '2024-02-13', false),
  (DATE '2024-02-14', false), (DATE '2024-02-15', false), (DATE '2024-02-16', false), (DATE '2024-02-17', false), (DATE '2024-02-18', true), (DATE '2024-04-04', false),
  (DATE '2024-04-05', false), (DATE '2024-04-06', false), (DATE '2024-04-07', true), (DATE '2024-04-28', true), (DATE '2024-05-01', false), (DATE '2024-05-02', false),
  (DATE '2024-05-03', false), (DATE '2024-05-04', false), (DATE '2024-05-05', false), (DATE '2024-05-11', true), (DATE '2024-06-10', false), (DATE '2024-09-14', true),
  (DATE '2024-09-15', false), (DATE '2024-09-16', false), (DATE '2024-09-17', false), (DATE '2024-09-29', true), (DATE '2024-10-01', false), (DATE '2024-10-02', false),
  (DATE '2024-10-03', false), (DATE '2024-10-04', false), (DATE '2024-10-05', false), (DATE '2024-10-06', false), (DATE '2024-10-07', false), (DATE '2024-10-12', true),
  (DATE '2025-01-01', false), (DATE '2025-01-26', true), (DATE '2025-01-28', false), (DATE '2025-01-29', false), (DATE '2025-01-30', false), (DATE '2025-01-31', false),
  (DATE '2025-02-01', false), (DATE '2025-02-02', false), (DATE '2025-02-03', false), (DATE '2025-02-04', false), (DATE '2025-02-08', true), (DATE '2025-04-04', false),
  (DATE '2025-04-05', false), (DATE '2025-04-06', false), (DATE '2025-04-27', true), (DATE '2025-05-01', false), (DATE '2025-05-02', false), (DATE '2025-05-03', false),
  (DATE '2025-05-04', false), (DATE '2025-05-05', false), (DATE '2025-05-31', false), (DATE '2025-06-01', false), (DATE '2025-06-02', false), (DATE '2025-09-28', true),
  (DATE '2025-10-01', false), (DATE '2025-10-02', false), (DATE '2025-10-03', false), (DATE '2025-10-04', false), (DATE '2025-10-05', false), (DATE '2025-10-06', false),
  (DATE '2025-10-07', false), (DATE '2025-10-08', false), (DATE '2025-10-11', true), (DATE '2026-01-01', false), (DATE '2026-01-02', false), (DATE '2026-01-03', false),
  (DATE '2026-01-04', true), (DATE '2026-02-14', true), (DATE '2026-02-15', false), (DATE '2026-02-16', false), (DATE '2026-02-17', false), (DATE '2026-02-18', false),
  (DATE '2026-02-19', false), (DATE '2026-02-20', false), (DATE '2026-02-21', false), (DATE '2026-02-22', false), (DATE '2026-02-23', false), (DATE '2026-02-28', true),
  (DATE '2026-04-04', false), (DATE '2026-04-05', false), (DATE '2026-04-06', false), (DATE '2026-05-01', false), (DATE '2026-05-02', false), (DATE '2026-05-03', false),
  (DATE '2026-05-04', false), (DATE '2026-05-05', false), (DATE '2026-05-09', true), (DATE '2026-06-19', false), (DATE '2026-06-20', false), (DATE '2026-06-21', false),
  (DATE '2026-09-20', true), (DATE '2026-09-25', false), (DATE '2026-09-26', false), (DATE '2026-09-27', false), (DATE '2026-10-01', false), (DATE '2026-10-02', false),
  (DATE '2026-10-03', false), (DATE '2026-10-04', false), (DATE '2026-10-05', false), (DATE '2026-10-06', false), (DATE '2026-10-07', false), (DATE '2026-10-10', true);
INSERT INTO _special_days (day, working)
SELECT "date", "type" = 'WORKDAY' FROM calendar_overrides
ON CONFLICT (day) DO UPDATE SET working = EXCLUDED.working;

-- Working days d with a < d <= b.
CREATE FUNCTION pg_temp.working_days_between(a date, b date) RETURNS integer
LANGUAGE sql STABLE AS $$
  SELECT count(*)::integer
    FROM generate_series(a + 1, b, interval '1 day') AS g(d)
    LEFT JOIN _special_days s ON s.day = g.d::date
   WHERE COALESCE(s.working, extract(isodow FROM g.d) < 6)
$$;

WITH stopped AS (
  SELECT k."caseId", k."clock", k."agency", k."otherAgency", c."kind", k."stoppedAt",
         (k."stoppedAt" AT TIME ZONE 'Asia/Shanghai')::date AS "stoppedOn",
         CASE
           WHEN c."status" = 'WITHDRAWN' AND c."closedAt" = k."stoppedAt" THEN 'WITHDRAWN'
           WHEN k."dueAt" IS NULL OR k."stoppedAt" <= k."dueAt" THEN 'MET'
           ELSE 'MISSED'
         END::"ClockOutcome" AS "outcome",
         pg_temp.working_days_between((k."startedAt" AT TIME ZONE 'Asia/Shanghai')::date,
                                      (k."stoppedAt" AT TIME ZONE 'Asia/Shanghai')::date) AS elapsed,
         (SELECT COALESCE(sum(pg_temp.working_days_between(
                    ((p->>'pausedAt')::timestamptz AT TIME ZONE 'Asia/Shanghai')::date,
                    (LEAST(COALESCE((p->>'resumedAt')::timestamptz, k."stoppedAt"), k."stoppedAt")
                       AT TIME ZONE 'Asia/Shanghai')::date)), 0)::integer
            FROM jsonb_array_elements(k."pauses") AS p) AS paused
    FROM case_clocks k
    JOIN cases c ON c."id" = k."caseId"
   WHERE k."stoppedAt" IS NOT NULL AND k."agency" IS NOT NULL
)
INSERT INTO sla_clock_results ("caseId", "clock", "agency", "province", "kind", "outcome", "stoppedAt", "stoppedOn",
                               "workingDaysUsed", "pausedWorkingDays", "sharedWith")
SELECT "caseId", "clock", "agency", left("agency", 2), "kind", "outcome", "stoppedAt", "stoppedOn",
       GREATEST(elapsed - paused, 0), paused, NULL
  FROM stopped
UNION ALL
SELECT "caseId", "clock", "otherAgency", left("otherAgency", 2), "kind", "outcome", "stoppedAt", "stoppedOn",
       GREATEST(elapsed - paused, 0), paused, "agency"
  FROM stopped
 WHERE "otherAgency" IS NOT NULL;

DROP FUNCTION pg_temp.working_days_between(date, date);
DROP TABLE _special_days;

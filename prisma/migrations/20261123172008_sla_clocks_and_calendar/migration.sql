-- CreateEnum
CREATE TYPE "ClockName" AS ENUM ('OUTGOING', 'INCOMING', 'BALANCE', 'REVIEW', 'PAYMENT', 'OVERALL');

-- CreateEnum
CREATE TYPE "CalendarDayType" AS ENUM ('HOLIDAY', 'WORKDAY');

-- AlterTable
ALTER TABLE "cases" ADD COLUMN     "nextDueAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "case_clocks" (
    "caseId" UUID NOT NULL,
    "clock" "ClockName" NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "budgetDays" INTEGER,
    "dueAt" TIMESTAMPTZ(3),
    "pausedAt" TIMESTAMPTZ(3),
    "stoppedAt" TIMESTAMPTZ(3),
    "pauses" JSONB NOT NULL DEFAULT '[]',
    "runningDueAt" TIMESTAMPTZ(3),

    CONSTRAINT "case_clocks_pkey" PRIMARY KEY ("caseId","clock")
);

-- CreateTable
CREATE TABLE "calendar_overrides" (
    "date" DATE NOT NULL,
    "type" "CalendarDayType" NOT NULL,
    "name" VARCHAR(50) NOT NULL,
    "updatedBy" VARCHAR(64) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "calendar_overrides_pkey" PRIMARY KEY ("date")
);

-- CreateIndex
CREATE INDEX "case_clocks_runningDueAt_idx" ON "case_clocks"("runningDueAt");

-- CreateIndex
CREATE INDEX "cases_nextDueAt_idx" ON "cases"("nextDueAt");

-- AddForeignKey
ALTER TABLE "case_clocks" ADD CONSTRAINT "case_clocks_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- CreateEnum
CREATE TYPE "AlertLevel" AS ENUM ('DUE_SOON', 'OVERDUE', 'ESCALATED');

-- CreateTable
CREATE TABLE "alerts" (
    "id" UUID NOT NULL,
    "caseId" UUID NOT NULL,
    "caseNo" VARCHAR(20) NOT NULL,
    "clock" "ClockName" NOT NULL,
    "level" "AlertLevel" NOT NULL,
    "agency" CHAR(6) NOT NULL,
    "dueAt" TIMESTAMPTZ(3) NOT NULL,
    "raisedAt" TIMESTAMPTZ(3) NOT NULL,
    "acknowledgedAt" TIMESTAMPTZ(3),
    "acknowledgedBy" VARCHAR(64),
    "deliveredAt" TIMESTAMPTZ(3),

    CONSTRAINT "alerts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "alerts_raisedAt_id_idx" ON "alerts"("raisedAt" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "alerts_deliveredAt_idx" ON "alerts"("deliveredAt");

-- CreateIndex
CREATE UNIQUE INDEX "alerts_caseId_clock_level_key" ON "alerts"("caseId", "clock", "level");

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE CASCADE;

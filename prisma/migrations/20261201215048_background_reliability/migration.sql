-- CreateTable
CREATE TABLE "sweep_status" (
    "id" SMALLINT NOT NULL DEFAULT 1,
    "lastCompletedAt" TIMESTAMPTZ(3) NOT NULL,
    "lastSweptAt" TIMESTAMPTZ(3) NOT NULL,
    "lastResult" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "sweep_status_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "calendar_version" (
    "id" SMALLINT NOT NULL DEFAULT 1,
    "version" INTEGER NOT NULL DEFAULT 0,
    "changedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "calendar_version_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "calendar_recomputes" (
    "id" BIGSERIAL NOT NULL,
    "date" DATE NOT NULL,
    "requestedAt" TIMESTAMPTZ(3) NOT NULL,
    "completedAt" TIMESTAMPTZ(3),
    "result" JSONB,

    CONSTRAINT "calendar_recomputes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "calendar_recomputes_completedAt_idx" ON "calendar_recomputes"("completedAt");

-- The calendar's one version row: every write that starts or moves clocks reads it, every override
-- change bumps it (in the same transaction).
INSERT INTO "calendar_version" ("id", "version") VALUES (1, 0);

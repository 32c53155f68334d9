-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('CLERK', 'SUPERVISOR', 'ADMIN');

-- CreateEnum
CREATE TYPE "CaseKind" AS ENUM ('TRANSFER', 'REFUND');

-- CreateEnum
CREATE TYPE "CaseStatus" AS ENUM ('SUBMITTED', 'OUTGOING_APPROVED', 'INCOMING_ENROLLED', 'BALANCE_TRANSFERRED', 'REFUND_APPROVED', 'REFUNDED', 'SUPPLEMENT_REQUIRED', 'REJECTED', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "InsuranceType" AS ENUM ('EMPLOYEE', 'RESIDENT');

-- CreateEnum
CREATE TYPE "Channel" AS ENUM ('WINDOW', 'ONLINE');

-- CreateEnum
CREATE TYPE "TransferScope" AS ENUM ('INTRA_PROVINCE', 'CROSS_PROVINCE');

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "username" VARCHAR(64) NOT NULL,
    "passwordHash" VARCHAR(255) NOT NULL,
    "role" "Role" NOT NULL,
    "agency" CHAR(6) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "cases" (
    "id" UUID NOT NULL,
    "seq" BIGSERIAL NOT NULL,
    "caseNo" VARCHAR(20) NOT NULL,
    "kind" "CaseKind" NOT NULL,
    "status" "CaseStatus" NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "applicantName" VARCHAR(100) NOT NULL,
    "idNumberHash" CHAR(64) NOT NULL,
    "idNumberMasked" VARCHAR(18) NOT NULL,
    "phoneMasked" VARCHAR(20),
    "insuranceType" "InsuranceType" NOT NULL,
    "channel" "Channel" NOT NULL,
    "reason" VARCHAR(40) NOT NULL,
    "accessCodeHash" CHAR(64) NOT NULL,
    "fromRegion" CHAR(6),
    "toRegion" CHAR(6),
    "scope" "TransferScope",
    "toInsuranceType" "InsuranceType",
    "contributionMonths" INTEGER,
    "balanceAmount" DECIMAL(12,2),
    "region" CHAR(6),
    "amount" DECIMAL(12,2),
    "periodFrom" CHAR(7),
    "periodTo" CHAR(7),
    "approvedAmount" DECIMAL(12,2),
    "paidAmount" DECIMAL(12,2),
    "pausedFromStatus" "CaseStatus",
    "materialsRequested" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "rejectionCode" VARCHAR(40),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "closedAt" TIMESTAMPTZ(3),

    CONSTRAINT "cases_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "case_events" (
    "id" BIGSERIAL NOT NULL,
    "caseId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "action" VARCHAR(40) NOT NULL,
    "fromStatus" "CaseStatus",
    "toStatus" "CaseStatus" NOT NULL,
    "actorId" UUID,
    "actorName" VARCHAR(64) NOT NULL,
    "comment" VARCHAR(2000),
    "data" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "case_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "idempotency_keys" (
    "userId" UUID NOT NULL,
    "key" VARCHAR(255) NOT NULL,
    "requestHash" CHAR(64) NOT NULL,
    "caseId" UUID NOT NULL,
    "responseStatus" INTEGER NOT NULL,
    "responseBody" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("userId","key")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_username_key" ON "users"("username");

-- CreateIndex
CREATE UNIQUE INDEX "cases_seq_key" ON "cases"("seq");

-- CreateIndex
CREATE UNIQUE INDEX "cases_caseNo_key" ON "cases"("caseNo");

-- CreateIndex
CREATE INDEX "cases_createdAt_seq_idx" ON "cases"("createdAt" DESC, "seq" DESC);

-- CreateIndex
CREATE INDEX "cases_fromRegion_createdAt_idx" ON "cases"("fromRegion", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "cases_toRegion_createdAt_idx" ON "cases"("toRegion", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "cases_region_createdAt_idx" ON "cases"("region", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "cases_idNumberHash_idx" ON "cases"("idNumberHash");

-- CreateIndex
CREATE UNIQUE INDEX "case_events_caseId_version_key" ON "case_events"("caseId", "version");

-- AddForeignKey
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE CASCADE;

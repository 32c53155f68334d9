import { CaseEventRow, CaseRow, Prisma } from '@case-desk/db';
import { Actor, CaseSnapshot, allowedActions } from '@case-desk/domain';
import type { CaseSla } from '@case-desk/sla';

/** The case as clerks see it (API.md "Cases"). Kind-specific fields appear only on their kind. */
export interface CaseView {
  id: string;
  caseNo: string;
  kind: CaseRow['kind'];
  status: CaseRow['status'];
  insuranceType: CaseRow['insuranceType'];
  channel: CaseRow['channel'];
  applicant: { name: string; idNumberMasked: string; phoneMasked: string | null };
  fromRegion?: string | null;
  toRegion?: string | null;
  scope?: CaseRow['scope'];
  toInsuranceType?: CaseRow['toInsuranceType'];
  contributionMonths?: number | null;
  region?: string | null;
  amount?: string | null;
  periodFrom?: string | null;
  periodTo?: string | null;
  reason: string;
  balanceAmount: string | null;
  approvedAmount: string | null;
  paidAmount: string | null;
  rejectionCode: string | null;
  materialsRequested: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
  allowedActions: string[];
  sla: CaseSla | null;
  timeline?: TimelineEntry[];
}

export interface TimelineEntry {
  at: string;
  action: string;
  from: string | null;
  to: string;
  actor: string;
  comment: string | null;
  data: unknown;
}

export function money(value: Prisma.Decimal | null): string | null {
  return value === null ? null : value.toFixed(2);
}

export function toSnapshot(row: CaseRow): CaseSnapshot {
  return {
    kind: row.kind,
    status: row.status,
    insuranceType: row.insuranceType,
    fromRegion: row.fromRegion,
    toRegion: row.toRegion,
    region: row.region,
    balanceAmount: money(row.balanceAmount),
    amount: money(row.amount),
    approvedAmount: money(row.approvedAmount),
    pausedFromStatus: row.pausedFromStatus,
  };
}

export function toCaseView(row: CaseRow, actor: Actor, sla: CaseSla | null, events?: CaseEventRow[]): CaseView {
  const kindFields =
    row.kind === 'TRANSFER'
      ? {
          fromRegion: row.fromRegion,
          toRegion: row.toRegion,
          scope: row.scope,
          toInsuranceType: row.toInsuranceType,
          contributionMonths: row.contributionMonths,
        }
      : { region: row.region, amount: money(row.amount), periodFrom: row.periodFrom, periodTo: row.periodTo };
  return {
    id: row.id,
    caseNo: row.caseNo,
    kind: row.kind,
    status: row.status,
    insuranceType: row.insuranceType,
    channel: row.channel,
    applicant: { name: row.applicantName, idNumberMasked: row.idNumberMasked, phoneMasked: row.phoneMasked },
    ...kindFields,
    reason: row.reason,
    balanceAmount: money(row.balanceAmount),
    approvedAmount: money(row.approvedAmount),
    paidAmount: money(row.paidAmount),
    rejectionCode: row.rejectionCode,
    materialsRequested: row.materialsRequested,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    allowedActions: allowedActions(toSnapshot(row), actor),
    sla,
    ...(events ? { timeline: events.map(toTimelineEntry) } : {}),
  };
}

function toTimelineEntry(event: CaseEventRow): TimelineEntry {
  return {
    at: event.at.toISOString(),
    action: event.action,
    from: event.fromStatus,
    to: event.toStatus,
    actor: event.actorName,
    comment: event.comment,
    data: event.data,
  };
}

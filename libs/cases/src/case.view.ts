import { CaseEventRow, CaseRow, Prisma } from '@case-desk/db';
import { Actor, CaseSnapshot, KindViewField, allowedActions, kindDefinition } from '@case-desk/domain';
import type { CaseSla } from '@case-desk/sla';

/** The case as clerks see it (API.md "Cases"). Kind-specific fields appear only on the kinds that list them. */
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

/** The kind's own fields of the row, in its definition's order (money as canonical strings). */
function kindFields(row: CaseRow): Partial<Pick<CaseView, KindViewField>> {
  return Object.fromEntries(
    kindDefinition(row.kind).viewFields.map((field) => {
      const value = row[field];
      return [field, Prisma.Decimal.isDecimal(value) ? money(value) : value];
    }),
  );
}

export function toCaseView(row: CaseRow, actor: Actor, sla: CaseSla | null, events?: CaseEventRow[]): CaseView {
  return {
    id: row.id,
    caseNo: row.caseNo,
    kind: row.kind,
    status: row.status,
    insuranceType: row.insuranceType,
    channel: row.channel,
    applicant: { name: row.applicantName, idNumberMasked: row.idNumberMasked, phoneMasked: row.phoneMasked },
    ...kindFields(row),
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

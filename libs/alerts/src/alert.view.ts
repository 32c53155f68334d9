import type { AlertRow } from '@case-desk/db';

/** An alert as API.md shows it (and as the webhook receives it). */
export interface AlertView {
  id: string;
  caseId: string;
  caseNo: string;
  clock: AlertRow['clock'];
  level: AlertRow['level'];
  agency: string;
  dueAt: string;
  raisedAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
}

export function toAlertView(row: AlertRow): AlertView {
  return {
    id: row.id,
    caseId: row.caseId,
    caseNo: row.caseNo,
    clock: row.clock,
    level: row.level,
    agency: row.agency,
    dueAt: row.dueAt.toISOString(),
    raisedAt: row.raisedAt.toISOString(),
    acknowledgedAt: row.acknowledgedAt?.toISOString() ?? null,
    acknowledgedBy: row.acknowledgedBy,
  };
}

import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import { api, must, type Schemas } from '../../services/api';

export type CaseItem = Schemas['CasePage']['items'][number];
export type SlaFilter = 'ON_TRACK' | 'DUE_SOON' | 'OVERDUE' | 'PAUSED';
export interface QueueFilters {
  kind?: 'TRANSFER' | 'REFUND';
  status?: CaseItem['status'];
  sla?: SlaFilter;
  side?: 'outgoing' | 'incoming';
  q?: string;
}

export const REFRESH_MS = 30_000;
export const PAGE_SIZE = 20;

export function useCasePage(filters: QueueFilters, cursor: string | undefined) {
  return useQuery({
    queryKey: ['cases', filters, cursor],
    queryFn: () => must(api.GET('/v1/cases', { params: { query: { ...filters, limit: PAGE_SIZE, cursor } } })),
    refetchInterval: REFRESH_MS,
    placeholderData: keepPreviousData,
  });
}

const STATES: SlaFilter[] = ['OVERDUE', 'DUE_SOON', 'ON_TRACK', 'PAUSED'];

/** How many visible cases are in each SLA state (counted up to 100; beyond that shown as 100+). */
export function useSlaCounts(filters: Omit<QueueFilters, 'sla'>) {
  return useQueries({
    queries: STATES.map((sla) => ({
      queryKey: ['cases', 'count', filters, sla],
      queryFn: async () => {
        const page = await must(api.GET('/v1/cases', { params: { query: { ...filters, sla, limit: 100 } } }));
        return { sla, count: page.items.length, more: page.nextCursor !== null };
      },
      refetchInterval: REFRESH_MS,
    })),
  });
}

const URGENCY: Record<string, number> = { OVERDUE: 0, DUE_SOON: 1, ON_TRACK: 2, PAUSED: 3 };

/** What the clerk can act on first, then overdue and due-soon before the rest, the earliest due first. */
export function byUrgency(a: CaseItem, b: CaseItem): number {
  const act = Number(b.allowedActions.length > 0) - Number(a.allowedActions.length > 0);
  if (act !== 0) return act;
  const clock = (c: CaseItem) => c.sla?.stage ?? c.sla?.overall ?? null;
  const ua = URGENCY[clock(a)?.state ?? ''] ?? 9;
  const ub = URGENCY[clock(b)?.state ?? ''] ?? 9;
  if (ua !== ub) return ua - ub;
  return (clock(a)?.dueAt ?? '9999').localeCompare(clock(b)?.dueAt ?? '9999');
}

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useSearchParams } from 'react-router';
import { todayInShanghai } from '../../components/dates';
import { ApiError, api, must, type Schemas } from '../../services/api';

export type Report = Schemas['SlaReportDto'];
export type ReportRow = Report['rows'][number];
export type GroupBy = Report['groupBy'];
export type Kind = NonNullable<Report['kind']>;
export interface ReportFilters {
  from: string;
  to: string;
  groupBy: GroupBy;
  kind?: Kind;
}

export const MAX_DAYS = 366;
const GROUPS: GroupBy[] = ['agency', 'clock', 'month', 'kind'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The period is the API's rule: from ≤ to, at most 366 days apart. */
export function periodOk(from: string, to: string): boolean {
  const days = dayjs(to).diff(dayjs(from), 'day');
  return days >= 0 && days <= MAX_DAYS;
}

/** The filters, kept in the address (a report can be bookmarked or sent); by default this year up to today. */
export function useReportFilters(): [ReportFilters, (next: Partial<ReportFilters>) => void] {
  const [params, setParams] = useSearchParams();
  const today = todayInShanghai();
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const groupBy = params.get('groupBy') as GroupBy;
  const kind = params.get('kind');
  const filters: ReportFilters = {
    from: DATE.test(from) ? from : `${today.slice(0, 4)}-01-01`,
    to: DATE.test(to) ? to : today,
    groupBy: GROUPS.includes(groupBy) ? groupBy : 'agency',
    kind: kind === 'TRANSFER' || kind === 'REFUND' ? kind : undefined,
  };
  const update = (next: Partial<ReportFilters>) => {
    const merged = { ...filters, ...next };
    const out = new URLSearchParams({ from: merged.from, to: merged.to, groupBy: merged.groupBy });
    if (merged.kind) out.set('kind', merged.kind);
    setParams(out, { replace: true });
  };
  return [filters, update];
}

export function useReport(filters: ReportFilters) {
  return useQuery({
    queryKey: ['reports', 'sla', filters],
    queryFn: () => must(api.GET('/v1/reports/sla', { params: { query: filters } })),
    enabled: periodOk(filters.from, filters.to),
    placeholderData: keepPreviousData,
  });
}

/** The same report as a file (CSV or XLSX), saved under the name the API gives it. */
export async function downloadReport(filters: ReportFilters, format: 'csv' | 'xlsx'): Promise<string> {
  const { data, error, response } = await api.GET('/v1/reports/sla', {
    params: {
      query: format === 'xlsx' ? { ...filters, format } : filters,
      header: format === 'csv' ? { Accept: 'text/csv' } : undefined,
    },
    parseAs: 'blob',
  });
  if (!response.ok || !data) throw new ApiError(response.status, error as Schemas['Problem'] | undefined, null);
  const blob = data;
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? `sla-report_${filters.from}_${filters.to}.${format}`;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

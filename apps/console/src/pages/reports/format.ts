// How the report's figures read on screen (shared by the page and its tests).
import { CLOCK, KIND } from '../../components/labels';
import { regionName } from '../../lib/regions';

/** A row's key as a clerk reads it: the agency's name, the clock's, the month, the kind of case. */
export function keyLabel(groupBy: 'agency' | 'clock' | 'month' | 'kind', key: string): string {
  if (groupBy === 'agency') return regionName(key) || key;
  if (groupBy === 'clock') return CLOCK[key] ?? key;
  if (groupBy === 'kind') return KIND[key as keyof typeof KIND] ?? key;
  return key;
}

/** 0.5 → `50.0%`; no rate (nothing finished) → `—`. */
export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}

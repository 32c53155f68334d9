// Every date the console shows is in Asia/Shanghai, whatever the browser's own time zone: one helper for all.
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import 'dayjs/locale/zh-cn';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.locale('zh-cn');

export const ZONE = 'Asia/Shanghai';

/** `2026-12-07 16:30` for an ISO instant. */
export function formatInstant(iso: string | null | undefined): string {
  return iso ? dayjs(iso).tz(ZONE).format('YYYY-MM-DD HH:mm') : '—';
}

/**
 * A due instant is the end (24:00) of a working day in Shanghai, i.e. 00:00 of the next day: shown as
 * that working day, `2026-12-07（当日24:00前）`.
 */
export function formatDue(iso: string | null | undefined): string {
  return iso ? `${dueDate(iso)}（当日24:00前）` : '—';
}

export function dueDate(iso: string): string {
  return dayjs(iso).tz(ZONE).subtract(1, 'millisecond').format('YYYY-MM-DD');
}

/** Today's date in Shanghai (YYYY-MM-DD), at the browser's clock. */
export function todayInShanghai(now: Date = new Date()): string {
  return dayjs(now).tz(ZONE).format('YYYY-MM-DD');
}

/** The weekday of a YYYY-MM-DD date, in Chinese. */
export function weekdayOf(date: string): string {
  return dayjs.tz(date, ZONE).format('dddd');
}

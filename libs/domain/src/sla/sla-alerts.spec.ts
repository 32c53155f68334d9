import fc from 'fast-check';
import { WorkingCalendar } from '../calendar/working-calendar';
import { alertWindows, clockAgency, escalationDueBound } from './sla-alerts';
import { clockStatus, escalationAt, startClock } from './sla-clock';

const cal = WorkingCalendar.builtin();

describe('escalationDueBound', () => {
  it.each([
    // API.md: due at the end of 2026-10-19 → escalated from 2026-10-22T16:00:00.000Z.
    ['2026-10-22T15:59:59.999Z', '2026-10-18T16:00:00.000Z'],
    ['2026-10-22T16:00:00.000Z', '2026-10-19T16:00:00.000Z'],
    // Across the National Day holidays: due Sep 30 → 3rd working day after is Oct 10 (makeup Saturday),
    // so at the end of Oct 10 everything due up to the end of Oct 7 (the last holiday) is escalated.
    ['2026-10-10T15:59:59.999Z', '2026-09-29T16:00:00.000Z'],
    ['2026-10-10T16:00:00.000Z', '2026-10-07T16:00:00.000Z'],
  ])('at %s escalates clocks due up to %s', (now, bound) => {
    expect(escalationDueBound(cal, new Date(now)).toISOString()).toBe(bound);
  });

  it('agrees with escalationAt for any due date and any now', () => {
    const instant = fc.date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2026-12-31T00:00:00Z'), noInvalidDate: true });
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 60 * 24 * 3600 * 1000 }), (start, afterMs) => {
        const due = startClock(cal, 'OUTGOING', 5, start).dueAt as Date;
        const now = new Date(start.getTime() + afterMs);
        expect(due <= escalationDueBound(cal, now)).toBe(escalationAt(cal, due) <= now);
      }),
      { numRuns: 500 },
    );
  });
});

describe('alertWindows', () => {
  it('puts a running clock in the DUE_SOON window exactly when its state is DUE_SOON, in OVERDUE when OVERDUE', () => {
    const instant = fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2026-12-31T00:00:00Z'), noInvalidDate: true });
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 15 }), fc.integer({ min: 0, max: 40 * 24 * 3600 * 1000 }), (start, budget, afterMs) => {
        const clock = startClock(cal, 'REVIEW', budget, start);
        const now = new Date(start.getTime() + afterMs);
        const due = clock.dueAt as Date;
        const inWindow = (level: string) => {
          const w = alertWindows(cal, now).find((x) => x.level === level)!;
          return (w.after === null || due > w.after) && due <= w.upTo;
        };
        const state = clockStatus(cal, clock, now).state;
        expect(inWindow('DUE_SOON')).toBe(state === 'DUE_SOON');
        expect(inWindow('OVERDUE')).toBe(state === 'OVERDUE');
      }),
      { numRuns: 500 },
    );
  });
});

describe('clockAgency', () => {
  const transfer = { kind: 'TRANSFER' as const, fromRegion: '440500', toRegion: '360100', region: null };
  const refund = { kind: 'REFUND' as const, fromRegion: null, toRegion: null, region: '350100' };
  it.each([
    [transfer, 'SUBMITTED', 'OUTGOING', '440500'],
    [transfer, 'OUTGOING_APPROVED', 'INCOMING', '360100'],
    [transfer, 'INCOMING_ENROLLED', 'BALANCE', '360100'],
    [transfer, 'SUBMITTED', 'OVERALL', '440500'],
    [transfer, 'SUPPLEMENT_REQUIRED', 'OVERALL', '440500'],
    [transfer, 'OUTGOING_APPROVED', 'OVERALL', '360100'],
    [refund, 'SUBMITTED', 'REVIEW', '350100'],
    [refund, 'REFUND_APPROVED', 'PAYMENT', '350100'],
    [refund, 'REFUND_APPROVED', 'OVERALL', '350100'],
  ] as const)('%o in %s: %s is for %s', (regions, status, clock, agency) => {
    expect(clockAgency({ ...regions, status }, clock)).toBe(agency);
  });
});

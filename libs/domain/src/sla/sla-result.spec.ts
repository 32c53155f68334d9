import fc from 'fast-check';
import { shanghaiDate } from '../calendar/local-date';
import { WorkingCalendar } from '../calendar/working-calendar';
import { clockStatus, pauseClock, resumeClock, startClock, stopClock } from './sla-clock';
import { clockAgencies, clockOutcome, clockResultRows, clockWorkingDays, stoppedClockResults } from './sla-result';

const cal = WorkingCalendar.builtin();
const at = (shanghai: string) => new Date(`${shanghai}+08:00`);
const transfer = { kind: 'TRANSFER' as const, fromRegion: '440500', toRegion: '360100', region: null };
const refund = { kind: 'REFUND' as const, fromRegion: null, toRegion: null, region: '440300' };

describe('clockAgencies', () => {
  it.each([
    [transfer, 'OUTGOING', '440500', null],
    [transfer, 'INCOMING', '360100', null],
    [transfer, 'BALANCE', '360100', null],
    [transfer, 'OVERALL', '440500', '360100'],
    [refund, 'REVIEW', '440300', null],
    [refund, 'PAYMENT', '440300', null],
    [refund, 'OVERALL', '440300', null],
  ] as const)('%j %s belongs to %s (and %s)', (c, clock, agency, other) => {
    expect(clockAgencies(c, clock)).toEqual({ agency, other });
  });
});

describe('clockWorkingDays and clockOutcome', () => {
  it('counts the working days after the start date through the stop date (a makeup Saturday counts)', () => {
    const c = stopClock(startClock(cal, 'OUTGOING', 10, at('2026-02-26T10:00:00')), at('2026-03-02T10:00:00'));
    expect(clockWorkingDays(cal, c)).toEqual({ used: 3, paused: 0 }); // 02-27, 02-28, 03-02
    expect(clockOutcome(c, 'approve-outgoing')).toBe('MET');
  });

  it('leaves out the working days after the pause date through the resume date', () => {
    let c = startClock(cal, 'OUTGOING', 10, at('2026-03-02T10:00:00'));
    c = pauseClock(cal, c, at('2026-03-04T10:00:00'));
    c = resumeClock(cal, c, at('2026-03-11T10:00:00'));
    c = stopClock(c, at('2026-03-13T10:00:00'));
    expect(clockWorkingDays(cal, c)).toEqual({ used: 4, paused: 5 });
  });

  it('counts a pause open at the stop through the stop date', () => {
    let c = startClock(cal, 'REVIEW', 10, at('2026-03-02T10:00:00'));
    c = pauseClock(cal, c, at('2026-03-04T10:00:00'));
    c = stopClock(c, at('2026-03-06T10:00:00'));
    expect(clockWorkingDays(cal, c)).toEqual({ used: 2, paused: 2 });
  });

  it('calls a clock stopped by a withdrawal WITHDRAWN even when it was overdue, else MET or MISSED like clockStatus', () => {
    const late = stopClock(startClock(cal, 'REVIEW', 10, at('2026-03-02T10:00:00')), at('2026-03-25T10:00:00'));
    expect(clockOutcome(late, 'withdraw')).toBe('WITHDRAWN');
    expect(clockOutcome(late, 'approve-refund')).toBe('MISSED');
    const instant = fc.date({ min: new Date('2025-01-01T00:00:00Z'), max: new Date('2026-12-01T00:00:00Z'), noInvalidDate: true });
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 15 }), fc.integer({ min: 0, max: 40 * 86_400_000 }), (start, budget, afterMs) => {
        const c = stopClock(startClock(cal, 'REVIEW', budget, start), new Date(start.getTime() + afterMs));
        expect(clockOutcome(c, 'approve-refund')).toBe(clockStatus(cal, c, new Date()).state);
        const { used, paused } = clockWorkingDays(cal, c);
        expect(paused).toBe(0);
        // Without pauses, what a clock started on its start date and stopped on its stop date used.
        expect(used).toBe(cal.workingDaysBetween(shanghaiDate(c.startedAt), shanghaiDate(c.stoppedAt as Date)));
      }),
      { numRuns: 300 },
    );
  });
});

describe('stoppedClockResults', () => {
  it("gives only the clocks this transition stopped, a transfer's OVERALL once per agency", () => {
    const start = at('2026-03-02T10:00:00');
    const before = [startClock(cal, 'INCOMING', 5, start), startClock(cal, 'OVERALL', 15, start)];
    const stop = at('2026-03-05T10:00:00');
    const after = before.map((c) => stopClock(c, stop));
    const rows = stoppedClockResults(cal, transfer, before, after, 'reject');
    expect(rows.map((r) => [r.clock, r.agency, r.province, r.sharedWith, r.outcome, r.stoppedOn, r.workingDaysUsed])).toEqual([
      ['INCOMING', '360100', '36', null, 'MET', '2026-03-05', 3],
      ['OVERALL', '440500', '44', null, 'MET', '2026-03-05', 3],
      ['OVERALL', '360100', '36', '440500', 'MET', '2026-03-05', 3],
    ]);
    expect(stoppedClockResults(cal, transfer, after, after, 'reject')).toEqual([]);
    expect(clockResultRows(cal, refund, stopClock(startClock(cal, 'REVIEW', 10, start), stop), 'withdraw')).toHaveLength(1);
  });
});

import { WorkingCalendar } from '../calendar/working-calendar';
import { pauseClock, resumeClock, startClock } from './sla-clock';
import { explainClock, type ClockExplanation, type SkippedDay } from './sla-explain';

const cal = WorkingCalendar.builtin();
const t = (iso: string): Date => new Date(iso);

const nationalDay = (from: number, to: number): SkippedDay[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({
    date: `2026-10-0${from + i}`,
    reason: 'HOLIDAY',
    name: '国庆节',
    source: 'BUILTIN',
  }));
const weekend = (date: string): SkippedDay => ({ date, reason: 'WEEKEND', name: null, source: null });

describe('explainClock', () => {
  it('2026-09-29 + 5: National Day skipped, the makeup Saturday counted', () => {
    const c = startClock(cal, 'INCOMING', 5, t('2026-09-29T01:30:00.000Z'));
    expect(explainClock(cal, c, t('2026-10-09T02:00:00.000Z'))).toEqual<ClockExplanation>({
      clock: 'INCOMING',
      startedAt: t('2026-09-29T01:30:00.000Z'),
      dueAt: t('2026-10-12T16:00:00.000Z'),
      dueDate: '2026-10-12',
      budgetDays: 5,
      dueWith: 'BUDGET',
      countedDays: ['2026-09-30', '2026-10-08', '2026-10-09', '2026-10-10', '2026-10-12'],
      workingDaysUsed: 2,
      // Oct 3 and 4 are a weekend, but the data lists them as National Day: shown as holidays.
      skippedDays: [...nationalDay(1, 7), weekend('2026-10-11')],
      pauses: [],
    });
  });

  it('cuts the pause out: counted before the pause and after the resume', () => {
    // Started Mon Sep 14 with 10 days; paused Mon Sep 21 (4 left); resumed Wed Sep 30.
    const started = startClock(cal, 'OUTGOING', 10, t('2026-09-14T01:00:00.000Z'));
    const paused = pauseClock(cal, started, t('2026-09-21T07:00:00.000Z'));
    const resumed = resumeClock(cal, paused, t('2026-09-30T02:00:00.000Z'));

    const whilePaused = explainClock(cal, paused, t('2026-09-25T02:00:00.000Z'));
    expect(whilePaused).toMatchObject({
      dueAt: null,
      dueDate: null,
      countedDays: ['2026-09-15', '2026-09-16', '2026-09-17', '2026-09-18', '2026-09-20', '2026-09-21'],
      workingDaysUsed: 6,
      skippedDays: [weekend('2026-09-19')],
    });

    const after = explainClock(cal, resumed, t('2026-10-09T02:00:00.000Z'));
    expect(after).toMatchObject({
      dueDate: '2026-10-12',
      countedDays: [
        ...['2026-09-15', '2026-09-16', '2026-09-17', '2026-09-18', '2026-09-20', '2026-09-21'],
        ...['2026-10-08', '2026-10-09', '2026-10-10', '2026-10-12'],
      ],
      workingDaysUsed: 7,
      // Mid-autumn (Sep 25–27) fell inside the pause: not part of the explanation.
      skippedDays: [weekend('2026-09-19'), ...nationalDay(1, 7), weekend('2026-10-11')],
      pauses: resumed.pauses,
    });
    expect(after.countedDays).toHaveLength(10);
  });

  it('a clock paused when already overdue counted its whole budget before the pause', () => {
    const started = startClock(cal, 'OUTGOING', 10, t('2026-11-23T02:00:00.000Z'));
    const resumed = resumeClock(
      cal,
      pauseClock(cal, started, t('2026-12-08T02:00:00.000Z')),
      t('2026-12-10T02:00:00.000Z'),
    );
    const explained = explainClock(cal, resumed, t('2026-12-11T02:00:00.000Z'));
    expect(explained.dueDate).toBe('2026-12-07');
    expect(explained.countedDays).toEqual([
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
      '2026-12-03',
      '2026-12-04',
      '2026-12-07',
    ]);
    expect(explained.skippedDays.map((d) => d.date)).toEqual(['2026-11-28', '2026-11-29', '2026-12-05', '2026-12-06']);
  });

  it("names an admin's override among the skipped days", () => {
    const changed = cal.withOverrides([{ date: '2026-12-01', type: 'HOLIDAY', name: '临时停止办公' }]);
    const c = startClock(changed, 'OUTGOING', 10, t('2026-11-23T02:00:00.000Z'));
    const explained = explainClock(changed, c, t('2026-11-23T02:00:00.000Z'));
    expect(explained.dueDate).toBe('2026-12-08');
    expect(explained.skippedDays).toContainEqual<SkippedDay>({
      date: '2026-12-01',
      reason: 'HOLIDAY',
      name: '临时停止办公',
      source: 'OVERRIDE',
    });
    expect(explained.workingDaysUsed).toBe(0);
  });

  it('a clock without a budget says it is due with OVERALL', () => {
    const balance = startClock(cal, 'BALANCE', null, t('2026-12-02T02:00:00.000Z'), t('2026-12-14T16:00:00.000Z'));
    expect(explainClock(cal, balance, t('2026-12-03T02:00:00.000Z'))).toEqual<ClockExplanation>({
      clock: 'BALANCE',
      startedAt: t('2026-12-02T02:00:00.000Z'),
      dueAt: t('2026-12-14T16:00:00.000Z'),
      dueDate: '2026-12-14',
      budgetDays: null,
      dueWith: 'OVERALL',
      countedDays: [],
      workingDaysUsed: 0,
      skippedDays: [],
      pauses: [],
    });
  });
});

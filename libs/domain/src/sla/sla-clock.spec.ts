import fc from 'fast-check';
import { endOfShanghaiDay, epochDay, fromEpochDay } from '../calendar/local-date';
import { WorkingCalendar } from '../calendar/working-calendar';
import {
  clockStatus,
  dueDateOf,
  dueSoonThreshold,
  escalationAt,
  pauseClock,
  recomputeDueAt,
  resumeClock,
  startClock,
  stopClock,
  type ClockPause,
  type ClockRecord,
  type ClockStatus,
} from './sla-clock';

const cal = WorkingCalendar.builtin();
const t = (iso: string): Date => new Date(iso);
const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

/** API.md: started 2026-11-23 10:00+08:00 with 10 days -> due 2026-12-07T16:00:00.000Z. */
const NOV23 = startClock(cal, 'OUTGOING', 10, t('2026-11-23T02:00:00.000Z'));

/**
 * Worked pause example: started Monday 2026-09-14 09:00+08:00 with 10 days -> due end of Sep 28
 * (Sunday Sep 20 is a makeup day, Sep 25–27 Mid-autumn). Paused Monday Sep 21 15:00 with 4 working
 * days left after that date (Sep 22, 23, 24, 28); resumed Wednesday Sep 30 10:00, just before
 * National Day: Oct 1–7 are holidays, so the 4 days are Oct 8, 9, Saturday 10 (makeup) and 12.
 */
const SEP14 = startClock(cal, 'OUTGOING', 10, t('2026-09-14T01:00:00.000Z'));
const SEP14_PAUSED = pauseClock(cal, SEP14, t('2026-09-21T07:00:00.000Z'));
const SEP14_RESUMED = resumeClock(cal, SEP14_PAUSED, t('2026-09-30T02:00:00.000Z'));

describe('startClock: due at 24:00 Shanghai of the N-th working day after the start date', () => {
  it.each<[string, number, string]>([
    ['2026-11-23T02:00:00.000Z', 10, '2026-12-07T16:00:00.000Z'],
    ['2026-09-29T01:30:00.000Z', 5, '2026-10-12T16:00:00.000Z'],
    ['2026-02-13T08:00:00.000Z', 1, '2026-02-14T16:00:00.000Z'],
    ['2026-09-18T03:00:00.000Z', 15, '2026-10-15T16:00:00.000Z'],
    ['2026-09-14T01:00:00.000Z', 10, '2026-09-28T16:00:00.000Z'],
    // Monday 04:00 and 23:59 in Shanghai are Sunday evening / Monday afternoon in UTC.
    ['2026-11-22T20:00:00.000Z', 10, '2026-12-07T16:00:00.000Z'],
    ['2026-11-23T15:59:59.999Z', 10, '2026-12-07T16:00:00.000Z'],
    // Tuesday 00:00 in Shanghai: one day later.
    ['2026-11-23T16:00:00.000Z', 10, '2026-12-08T16:00:00.000Z'],
  ])('started %s with %i days -> due %s', (startedAt, budget, dueAt) => {
    const c = startClock(cal, 'OUTGOING', budget, t(startedAt));
    expect(c).toEqual<ClockRecord>({
      clock: 'OUTGOING',
      startedAt: t(startedAt),
      budgetDays: budget,
      dueAt: t(dueAt),
      pausedAt: null,
      stoppedAt: null,
      pauses: [],
    });
  });

  it('a clock without a budget is due with OVERALL', () => {
    const overallDue = t('2026-12-14T16:00:00.000Z');
    expect(startClock(cal, 'BALANCE', null, t('2026-12-02T02:00:00.000Z'), overallDue).dueAt).toEqual(overallDue);
    expect(startClock(cal, 'BALANCE', null, t('2026-12-02T02:00:00.000Z')).dueAt).toBeNull();
  });

  it('dueDateOf names the day the clock is due at the end of', () => {
    expect(dueDateOf(t('2026-12-07T16:00:00.000Z'))).toBe('2026-12-07');
    expect(dueDateOf(endOfShanghaiDay('2026-10-12'))).toBe('2026-10-12');
  });
});

describe('pause and resume: the clock keeps the working days it had left', () => {
  it('the worked example', () => {
    expect(iso(SEP14.dueAt)).toBe('2026-09-28T16:00:00.000Z');
    expect(SEP14_PAUSED).toMatchObject({ dueAt: null, pausedAt: t('2026-09-21T07:00:00.000Z') });
    expect(SEP14_PAUSED.pauses).toEqual<ClockPause[]>([
      {
        pausedAt: '2026-09-21T07:00:00.000Z',
        resumedAt: null,
        workingDaysLeft: 4,
        dueAtWhenPaused: '2026-09-28T16:00:00.000Z',
        overdue: false,
      },
    ]);
    expect(clockStatus(cal, SEP14_PAUSED, t('2026-09-28T17:00:00.000Z'))).toEqual<ClockStatus>({
      state: 'PAUSED',
      workingDaysRemaining: 4,
      calendarConfirmed: true,
    });
    expect(iso(SEP14_RESUMED.dueAt)).toBe('2026-10-12T16:00:00.000Z');
    expect(SEP14_RESUMED.pausedAt).toBeNull();
    expect(SEP14_RESUMED.pauses[0].resumedAt).toBe('2026-09-30T02:00:00.000Z');
  });

  it.each<[string, string, string, number, string]>([
    // [what, pausedAt, resumedAt, expected workingDaysLeft, new dueAt] for NOV23 (due end of Mon Dec 7).
    ['paused and resumed the same day', '2026-11-25T02:00:00.000Z', '2026-11-25T08:00:00.000Z', 8, '2026-12-07T16:00:00.000Z'],
    ['paused over a weekend', '2026-11-27T02:00:00.000Z', '2026-11-30T02:00:00.000Z', 6, '2026-12-08T16:00:00.000Z'],
    ['paused Friday, resumed Saturday', '2026-12-04T02:00:00.000Z', '2026-12-05T02:00:00.000Z', 1, '2026-12-07T16:00:00.000Z'],
    // Paused on the due day before its end: 0 left, due at the end of the resume day.
    ['paused on the due day', '2026-12-07T05:00:00.000Z', '2026-12-09T02:00:00.000Z', 0, '2026-12-09T16:00:00.000Z'],
    // The pause date is Shanghai's: Tuesday 00:30.
    ['paused just after midnight', '2026-11-23T16:30:00.000Z', '2026-11-26T02:00:00.000Z', 9, '2026-12-09T16:00:00.000Z'],
  ])('%s', (_what, pausedAt, resumedAt, left, dueAt) => {
    const paused = pauseClock(cal, NOV23, t(pausedAt));
    expect(paused.pauses[0]).toMatchObject({ workingDaysLeft: left, overdue: false });
    expect(iso(resumeClock(cal, paused, t(resumedAt)).dueAt)).toBe(dueAt);
  });

  it('a clock paused when already overdue keeps its due and stays overdue', () => {
    const paused = pauseClock(cal, NOV23, t('2026-12-08T02:00:00.000Z'));
    expect(paused.pauses[0]).toEqual<ClockPause>({
      pausedAt: '2026-12-08T02:00:00.000Z',
      resumedAt: null,
      workingDaysLeft: 0,
      dueAtWhenPaused: '2026-12-07T16:00:00.000Z',
      overdue: true,
    });
    expect(clockStatus(cal, paused, t('2026-12-09T02:00:00.000Z'))).toMatchObject({
      state: 'PAUSED',
      workingDaysRemaining: 0,
    });
    const resumed = resumeClock(cal, paused, t('2026-12-10T02:00:00.000Z'));
    expect(iso(resumed.dueAt)).toBe('2026-12-07T16:00:00.000Z');
    expect(clockStatus(cal, resumed, t('2026-12-10T02:00:00.000Z')).state).toBe('OVERDUE');
    const stopped = stopClock(resumed, t('2026-12-11T02:00:00.000Z'));
    expect(clockStatus(cal, stopped, t('2026-12-11T02:00:00.000Z')).state).toBe('MISSED');
  });

  it('paused exactly at the due instant counts as overdue', () => {
    expect(pauseClock(cal, NOV23, t('2026-12-07T16:00:00.000Z')).pauses[0].overdue).toBe(true);
    expect(pauseClock(cal, NOV23, t('2026-12-07T15:59:59.999Z')).pauses[0].overdue).toBe(false);
  });

  it('a second pause counts from the due the first resume gave', () => {
    // Second pause Oct 9 10:00: left after Oct 9 through Oct 12 = Sat 10 and Mon 12.
    const again = pauseClock(cal, SEP14_RESUMED, t('2026-10-09T02:00:00.000Z'));
    expect(again.pauses[1]).toMatchObject({ workingDaysLeft: 2, dueAtWhenPaused: '2026-10-12T16:00:00.000Z' });
    // Resumed Wednesday Oct 14: Oct 15 and 16.
    expect(iso(resumeClock(cal, again, t('2026-10-14T02:00:00.000Z')).dueAt)).toBe('2026-10-16T16:00:00.000Z');
  });

  it('a clock without a budget takes the due of OVERALL on resume', () => {
    const balance = startClock(cal, 'BALANCE', null, t('2026-12-02T02:00:00.000Z'), t('2026-12-14T16:00:00.000Z'));
    const paused = pauseClock(cal, balance, t('2026-12-03T02:00:00.000Z'));
    expect(paused.pauses[0].workingDaysLeft).toBe(7);
    const overallDue = t('2026-12-21T16:00:00.000Z');
    expect(resumeClock(cal, paused, t('2026-12-08T02:00:00.000Z'), overallDue).dueAt).toEqual(overallDue);
  });

  it('refuses to pause a clock that is not running, or resume one that is not paused', () => {
    expect(() => pauseClock(cal, SEP14_PAUSED, t('2026-09-22T00:00:00.000Z'))).toThrow('not running');
    expect(() => resumeClock(cal, SEP14, t('2026-09-22T00:00:00.000Z'))).toThrow('not paused');
    const stopped = stopClock(SEP14, t('2026-09-22T00:00:00.000Z'));
    expect(() => pauseClock(cal, stopped, t('2026-09-23T00:00:00.000Z'))).toThrow('not running');
    expect(() => resumeClock(cal, stopped, t('2026-09-23T00:00:00.000Z'))).toThrow('stopped');
    expect(() => stopClock(stopped, t('2026-09-23T00:00:00.000Z'))).toThrow('already stopped');
  });
});

describe('clockStatus of a running clock', () => {
  it.each<[string, ClockStatus['state'], number]>([
    // NOV23: due at the end of Monday 2026-12-07.
    ['2026-11-23T02:00:00.000Z', 'ON_TRACK', 11], // the start day itself is one of "today .. due"
    ['2026-11-28T02:00:00.000Z', 'ON_TRACK', 6], // Saturday: Nov 30 .. Dec 7
    ['2026-12-03T02:00:00.000Z', 'ON_TRACK', 3],
    ['2026-12-03T15:59:59.999Z', 'ON_TRACK', 3],
    ['2026-12-03T16:00:00.000Z', 'DUE_SOON', 2], // Friday 00:00 in Shanghai
    ['2026-12-04T09:00:00.000Z', 'DUE_SOON', 2],
    ['2026-12-05T02:00:00.000Z', 'DUE_SOON', 1],
    ['2026-12-07T15:59:59.999Z', 'DUE_SOON', 1],
    ['2026-12-07T16:00:00.000Z', 'OVERDUE', 0], // now == dueAt is overdue
    ['2027-01-10T02:00:00.000Z', 'OVERDUE', 0],
  ])('NOV23 at %s: %s, %i remaining', (now, state, remaining) => {
    expect(clockStatus(cal, NOV23, t(now))).toEqual<ClockStatus>({
      state,
      workingDaysRemaining: remaining,
      calendarConfirmed: true,
    });
  });

  it.each<[string, ClockStatus['state'], number]>([
    // Started 2026-09-29 with 5 days: due at the end of 2026-10-12.
    ['2026-09-30T02:00:00.000Z', 'ON_TRACK', 5],
    ['2026-10-05T02:00:00.000Z', 'ON_TRACK', 4], // a holiday: Oct 8, 9, 10, 12
    ['2026-10-09T02:00:00.000Z', 'ON_TRACK', 3],
    ['2026-10-10T02:00:00.000Z', 'DUE_SOON', 2], // the makeup Saturday counts
    ['2026-10-11T02:00:00.000Z', 'DUE_SOON', 1],
  ])('2026-09-29 + 5 at %s: %s, %i remaining', (now, state, remaining) => {
    const c = startClock(cal, 'INCOMING', 5, t('2026-09-29T01:30:00.000Z'));
    expect(clockStatus(cal, c, t(now))).toMatchObject({ state, workingDaysRemaining: remaining });
  });
});

describe('clockStatus of a stopped clock: MET or MISSED', () => {
  it.each<[string, ClockStatus['state']]>([
    ['2026-11-30T02:00:00.000Z', 'MET'],
    ['2026-12-07T15:59:59.999Z', 'MET'],
    ['2026-12-07T16:00:00.000Z', 'MET'],
    ['2026-12-07T16:00:00.001Z', 'MISSED'],
    ['2026-12-20T02:00:00.000Z', 'MISSED'],
  ])('NOV23 stopped at %s -> %s', (stoppedAt, state) => {
    const stopped = stopClock(NOV23, t(stoppedAt));
    expect(stopped.stoppedAt).toEqual(t(stoppedAt));
    expect(clockStatus(cal, stopped, t('2027-02-01T00:00:00.000Z'))).toEqual<ClockStatus>({
      state,
      workingDaysRemaining: null,
      calendarConfirmed: true,
    });
  });

  it('stopped during a pause with days left: no due date, MET', () => {
    const stopped = stopClock(SEP14_PAUSED, t('2026-10-30T02:00:00.000Z'));
    expect(stopped).toMatchObject({ dueAt: null, pausedAt: null, stoppedAt: t('2026-10-30T02:00:00.000Z') });
    expect(stopped.pauses[0].resumedAt).toBeNull();
    expect(clockStatus(cal, stopped, t('2026-11-01T00:00:00.000Z')).state).toBe('MET');
  });

  it('stopped during a pause that began overdue: keeps the missed due, MISSED', () => {
    const paused = pauseClock(cal, NOV23, t('2026-12-08T02:00:00.000Z'));
    const stopped = stopClock(paused, t('2026-12-09T02:00:00.000Z'));
    expect(iso(stopped.dueAt)).toBe('2026-12-07T16:00:00.000Z');
    expect(clockStatus(cal, stopped, t('2026-12-09T02:00:00.000Z')).state).toBe('MISSED');
  });
});

describe('dueSoonThreshold', () => {
  it.each<[string, string]>([
    ['2026-12-03T02:00:00.000Z', '2026-12-06T16:00:00.000Z'], // Thursday: due by the weekend
    ['2026-12-04T02:00:00.000Z', '2026-12-07T16:00:00.000Z'], // Friday: due by Monday
    ['2026-10-09T02:00:00.000Z', '2026-10-11T16:00:00.000Z'], // Friday before a makeup Saturday
    ['2026-09-30T02:00:00.000Z', '2026-10-08T16:00:00.000Z'], // before National Day
  ])('at %s -> %s', (now, threshold) => {
    expect(iso(dueSoonThreshold(cal, t(now)))).toBe(threshold);
  });

  it('a running clock is DUE_SOON iff now < dueAt <= threshold', () => {
    const from = epochDay('2025-12-01');
    const to = epochDay('2027-01-31');
    fc.assert(
      fc.property(
        fc.integer({ min: from * 86_400_000, max: to * 86_400_000 }),
        fc.integer({ min: -5, max: 30 }),
        (nowMs, dueOffset) => {
          const now = new Date(nowMs);
          const dueAt = endOfShanghaiDay(fromEpochDay(Math.floor(nowMs / 86_400_000) + dueOffset));
          const clock: ClockRecord = { ...NOV23, startedAt: new Date(nowMs - 86_400_000 * 40), dueAt };
          const soon = now < dueAt && dueAt <= dueSoonThreshold(cal, now);
          expect(clockStatus(cal, clock, now).state === 'DUE_SOON').toBe(soon);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('escalationAt: the end of the 3rd working day after the due date', () => {
  it.each<[string, string]>([
    ['2026-10-19T16:00:00.000Z', '2026-10-22T16:00:00.000Z'], // API.md
    ['2026-12-04T16:00:00.000Z', '2026-12-09T16:00:00.000Z'], // due Friday: Mon, Tue, Wed
    ['2026-09-29T16:00:00.000Z', '2026-10-09T16:00:00.000Z'], // Sep 30, then National Day, Oct 8, 9
    ['2026-10-08T16:00:00.000Z', '2026-10-12T16:00:00.000Z'], // Oct 9, makeup Saturday Oct 10, Oct 12
  ])('due %s -> escalated from %s', (dueAt, escalated) => {
    expect(iso(escalationAt(cal, t(dueAt)))).toBe(escalated);
  });
});

describe('recomputeDueAt after a calendar change', () => {
  it.each<[string, string, 'HOLIDAY' | 'WORKDAY', string]>([
    ['an ordinary Tuesday inside the window made a holiday', '2026-12-01', 'HOLIDAY', '2026-12-08T16:00:00.000Z'],
    ['the due day made a holiday', '2026-12-07', 'HOLIDAY', '2026-12-08T16:00:00.000Z'],
    ['a Saturday inside the window made a working day', '2026-11-28', 'WORKDAY', '2026-12-04T16:00:00.000Z'],
    ['a day after the due date made a holiday', '2026-12-10', 'HOLIDAY', '2026-12-07T16:00:00.000Z'],
    ['the start day made a holiday (it never counts)', '2026-11-23', 'HOLIDAY', '2026-12-07T16:00:00.000Z'],
    ['a Sunday after the due date made a working day', '2026-12-13', 'WORKDAY', '2026-12-07T16:00:00.000Z'],
  ])('%s (%s): due %s', (_what, date, type, dueAt) => {
    const changed = cal.withOverrides([{ date, type, name: '变更' }]);
    expect(iso(recomputeDueAt(changed, NOV23).dueAt)).toBe(dueAt);
  });

  it.each<[string, string, string]>([
    // SEP14_RESUMED counted Sep 15–21 and Oct 8–12; Sep 22–30 were paused.
    ['a day before the pause (fewer days were used)', '2026-09-16', '2026-10-13T16:00:00.000Z'],
    ['a day inside the pause', '2026-09-24', '2026-10-12T16:00:00.000Z'],
    ['a day after the resume', '2026-10-09', '2026-10-13T16:00:00.000Z'],
    ['a day after the due date', '2026-10-14', '2026-10-12T16:00:00.000Z'],
  ])('a resumed clock with %s made a holiday: due %s', (_what, date, dueAt) => {
    const changed = cal.withOverrides([{ date, type: 'HOLIDAY', name: '变更' }]);
    expect(iso(recomputeDueAt(changed, SEP14_RESUMED).dueAt)).toBe(dueAt);
  });

  it('a paused clock gets its days left recomputed, and resumes from them', () => {
    const changed = cal.withOverrides([{ date: '2026-09-16', type: 'HOLIDAY', name: '变更' }]);
    const recomputed = recomputeDueAt(changed, SEP14_PAUSED);
    expect(recomputed.dueAt).toBeNull();
    expect(recomputed.pauses[0]).toMatchObject({ workingDaysLeft: 5, dueAtWhenPaused: '2026-09-29T16:00:00.000Z' });
    expect(iso(resumeClock(changed, recomputed, t('2026-09-30T02:00:00.000Z')).dueAt)).toBe('2026-10-13T16:00:00.000Z');
  });

  it('changes nothing when the calendar did not change', () => {
    for (const c of [NOV23, SEP14, SEP14_PAUSED, SEP14_RESUMED]) expect(recomputeDueAt(cal, c)).toEqual(c);
  });

  it('leaves stopped clocks as they were', () => {
    const stopped = stopClock(NOV23, t('2026-12-01T02:00:00.000Z'));
    const changed = cal.withOverrides([{ date: '2026-12-01', type: 'HOLIDAY', name: '变更' }]);
    expect(recomputeDueAt(changed, stopped)).toBe(stopped);
  });

  it('a clock without a budget takes the new due of OVERALL', () => {
    const balance = startClock(cal, 'BALANCE', null, t('2026-12-02T02:00:00.000Z'), t('2026-12-14T16:00:00.000Z'));
    expect(iso(recomputeDueAt(cal, balance, t('2026-12-15T16:00:00.000Z')).dueAt)).toBe('2026-12-15T16:00:00.000Z');
    expect(recomputeDueAt(cal, balance)).toBe(balance);
  });
});

describe('calendarConfirmed: whether the due date lies in a year whose holidays are known', () => {
  // Started 2026-12-24 with 10 days: Jan 1 2027 is assumed a working day -> due end of 2027-01-07.
  const DEC24 = startClock(cal, 'OVERALL', 10, t('2026-12-24T02:00:00.000Z'));

  it('a due date in an unconfirmed year says so', () => {
    expect(iso(DEC24.dueAt)).toBe('2027-01-07T16:00:00.000Z');
    expect(clockStatus(cal, DEC24, t('2026-12-24T02:00:00.000Z'))).toEqual<ClockStatus>({
      state: 'ON_TRACK',
      workingDaysRemaining: 11,
      calendarConfirmed: false,
    });
    const stopped = stopClock(DEC24, t('2027-01-05T02:00:00.000Z'));
    expect(clockStatus(cal, stopped, t('2027-01-05T02:00:00.000Z'))).toMatchObject({ state: 'MET', calendarConfirmed: false });
    expect(clockStatus(cal, NOV23, t('2026-11-23T02:00:00.000Z')).calendarConfirmed).toBe(true);
  });

  it('a paused clock is unconfirmed once paused in an unconfirmed year', () => {
    const pausedIn = (pausedAt: string) => clockStatus(cal, pauseClock(cal, DEC24, t(pausedAt)), t(pausedAt));
    expect(pausedIn('2026-12-28T02:00:00.000Z').calendarConfirmed).toBe(true);
    expect(pausedIn('2027-01-04T02:00:00.000Z').calendarConfirmed).toBe(false);
  });

  it('entering the new notice confirms the year and moves the due date', () => {
    const notice = cal.withOverrides([{ date: '2027-01-01', type: 'HOLIDAY', name: '元旦' }]);
    const recomputed = recomputeDueAt(notice, DEC24);
    expect(iso(recomputed.dueAt)).toBe('2027-01-08T16:00:00.000Z');
    expect(clockStatus(notice, recomputed, t('2026-12-24T02:00:00.000Z')).calendarConfirmed).toBe(true);
  });
});

// Properties of the working-day arithmetic over 2004–2032 (confirmed and unconfirmed years), and
// its independence from the server's time zone.
import { isWorkday as chineseDaysIsWorkday } from 'chinese-days';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { addCalendarDays, epochDay, fromEpochDay, type LocalDate } from './local-date';
import { WorkingCalendar, type CalendarOverride } from './working-calendar';

const cal = WorkingCalendar.builtin();

const dateArb = fc.integer({ min: epochDay('2004-01-01'), max: epochDay('2032-12-31') }).map(fromEpochDay);
const budgetArb = fc.integer({ min: 0, max: 60 });
const overridesArb = fc.array(
  fc.record<CalendarOverride>({
    date: dateArb,
    type: fc.constantFrom('HOLIDAY', 'WORKDAY'),
    name: fc.constant('override'),
  }),
  { maxLength: 30 },
);

/** The definition, one day at a time. */
function naiveWorkingDaysBetween(c: WorkingCalendar, from: LocalDate, to: LocalDate): number {
  let count = 0;
  for (let d = addCalendarDays(from, 1); d <= to; d = addCalendarDays(d, 1)) {
    if (c.isWorkingDay(d)) count += 1;
  }
  return count;
}

describe('addWorkingDays and workingDaysBetween agree', () => {
  it('workingDaysBetween(d, addWorkingDays(d, n)) === n', () => {
    fc.assert(
      fc.property(dateArb, budgetArb, (d, n) => {
        expect(cal.workingDaysBetween(d, cal.addWorkingDays(d, n))).toBe(n);
      }),
    );
  });

  it('the result for n >= 1 is a working day', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 1, max: 60 }), (d, n) => {
        expect(cal.isWorkingDay(cal.addWorkingDays(d, n))).toBe(true);
      }),
    );
  });

  it('is strictly increasing in n, and n = 0 is the start day', () => {
    fc.assert(
      fc.property(dateArb, budgetArb, (d, n) => {
        expect(cal.addWorkingDays(d, 0)).toBe(d);
        expect(cal.addWorkingDays(d, n) < cal.addWorkingDays(d, n + 1)).toBe(true);
      }),
    );
  });

  it('the day before the result still lacks a working day', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 1, max: 60 }), (d, n) => {
        const due = cal.addWorkingDays(d, n);
        expect(cal.workingDaysBetween(d, addCalendarDays(due, -1))).toBe(n - 1);
      }),
    );
  });
});

describe('workingDaysBetween against its definition', () => {
  it('equals the day-by-day count, with any overrides, over spans up to 11 years', () => {
    fc.assert(
      fc.property(overridesArb, dateArb, fc.integer({ min: -10, max: 4000 }), (overrides, from, span) => {
        const c = cal.withOverrides(overrides);
        const to = addCalendarDays(from, span);
        expect(c.workingDaysBetween(from, to)).toBe(naiveWorkingDaysBetween(c, from, to));
      }),
      { numRuns: 60 },
    );
  });

  it('adds up over consecutive spans', () => {
    fc.assert(
      fc.property(dateArb, fc.nat(400), fc.nat(400), (a, x, y) => {
        const b = addCalendarDays(a, x);
        const c = addCalendarDays(b, y);
        expect(cal.workingDaysBetween(a, b) + cal.workingDaysBetween(b, c)).toBe(cal.workingDaysBetween(a, c));
      }),
    );
  });

  it('with overrides, addWorkingDays still inverts it', () => {
    fc.assert(
      fc.property(overridesArb, dateArb, budgetArb, (overrides, d, n) => {
        const c = cal.withOverrides(overrides);
        expect(c.workingDaysBetween(d, c.addWorkingDays(d, n))).toBe(n);
      }),
      { numRuns: 200 },
    );
  });
});

describe('built-in data', () => {
  it('agrees with chinese-days on every day of 2004–2026', () => {
    const mismatches: LocalDate[] = [];
    for (let d = '2004-01-01'; d <= '2026-12-31'; d = addCalendarDays(d, 1)) {
      if (cal.isWorkingDay(d) !== chineseDaysIsWorkday(d)) mismatches.push(d);
    }
    expect(mismatches).toEqual([]);
  });
});

// Jest hands each test file a copy of process.env, so setting TZ inside a test does not reach
// Node's clock. Each zone therefore runs in a child process started with that TZ, loading these
// TypeScript sources through ts-node (transpile only), and the results must not differ.
const PROBE = `
  const { addCalendarDays, endOfShanghaiDay, shanghaiDate, weekday } = require('./local-date.ts');
  const { WorkingCalendar } = require('./working-calendar.ts');
  const c = WorkingCalendar.builtin().withOverrides([{ date: '2026-12-01', type: 'HOLIDAY', name: 'x' }]);
  const instants = ${JSON.stringify([
    '2026-11-23T02:00:00.000Z',
    '2026-11-23T15:59:59.999Z',
    '2026-11-23T16:00:00.000Z',
    '2026-12-31T20:00:00.000Z',
    '2026-03-08T07:30:00.000Z', // a US daylight-saving change
    '2026-11-01T06:00:00.000Z',
  ])};
  const dates = ${JSON.stringify(['2026-11-23', '2026-09-29', '2026-02-13', '2026-09-18', '2026-10-10', '2026-03-08', '2030-01-01'])};
  process.stdout.write(JSON.stringify({
    localHour: new Date('2026-01-01T00:00:00.000Z').getHours(),
    results: {
      instants: instants.map((iso) => {
        const date = shanghaiDate(new Date(iso));
        return [date, endOfShanghaiDay(date).toISOString(), endOfShanghaiDay(c.addWorkingDays(date, 10)).toISOString()];
      }),
      dates: dates.map((d) => [
        weekday(d),
        c.dayInfo(d),
        c.addWorkingDays(d, 5),
        c.addWorkingDays(d, 15),
        c.workingDaysBetween(d, addCalendarDays(d, 45)),
      ]),
      days: c.daysOfYear(2026),
    },
  }));
`;

function probe(tz: string): { localHour: number; results: { instants: string[][] } } {
  const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', PROBE], {
    cwd: __dirname,
    env: { ...process.env, TZ: tz },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (run.status !== 0) throw new Error(`probe under TZ=${tz} failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

describe("the server's time zone changes nothing", () => {
  const reference = probe('UTC');

  it('the reference run computes the API.md example', () => {
    expect(reference.localHour).toBe(0);
    expect(reference.results.instants[0]).toEqual(['2026-11-23', '2026-11-23T16:00:00.000Z', '2026-12-08T16:00:00.000Z']);
  });

  it.each<[string, number]>([
    ['America/New_York', 19],
    ['Pacific/Kiritimati', 14],
    ['Asia/Shanghai', 8],
  ])('TZ=%s', (tz, localHour) => {
    const run = probe(tz);
    // The zone really applied to local-time methods...
    expect(run.localHour).toBe(localHour);
    // ...and no result moved.
    expect(run.results).toEqual(reference.results);
  });
});

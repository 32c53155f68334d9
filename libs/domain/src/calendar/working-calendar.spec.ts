import { addCalendarDays, endOfShanghaiDay, shanghaiDate, type LocalDate } from './local-date';
import { WorkingCalendar, type CalendarDay, type DayInfo, type DayType } from './working-calendar';

const cal = WorkingCalendar.builtin();

/** Every date from `from` to `to` inclusive. */
function datesFrom(from: LocalDate, to: LocalDate): LocalDate[] {
  const dates: LocalDate[] = [];
  for (let d = from; d <= to; d = addCalendarDays(d, 1)) dates.push(d);
  return dates;
}

// DOMAIN.md, Counting working days: the 2026 notice.
const HOLIDAYS_2026: [LocalDate, LocalDate, string][] = [
  ['2026-01-01', '2026-01-03', '元旦'],
  ['2026-02-15', '2026-02-23', '春节'],
  ['2026-04-04', '2026-04-06', '清明'],
  ['2026-05-01', '2026-05-05', '劳动节'],
  ['2026-06-19', '2026-06-21', '端午'],
  ['2026-09-25', '2026-09-27', '中秋'],
  ['2026-10-01', '2026-10-07', '国庆节'],
];
const MAKEUP_WORKDAYS_2026: [LocalDate, string][] = [
  ['2026-01-04', '元旦（调休上班）'], // Sunday
  ['2026-02-14', '春节（调休上班）'], // Saturday
  ['2026-02-28', '春节（调休上班）'], // Saturday
  ['2026-05-09', '劳动节（调休上班）'], // Saturday
  ['2026-09-20', '国庆节（调休上班）'], // Sunday
  ['2026-10-10', '国庆节（调休上班）'], // Saturday
];
const HOLIDAY_DAYS_2026 = HOLIDAYS_2026.flatMap(([from, to, name]) =>
  datesFrom(from, to).map((date): [LocalDate, string] => [date, name]),
);

describe('built-in calendar: 2026 as in DOMAIN.md', () => {
  it.each(HOLIDAY_DAYS_2026)('%s is a holiday (%s)', (date, name) => {
    expect(cal.isWorkingDay(date)).toBe(false);
    expect(cal.dayInfo(date)).toEqual<DayInfo>({ date, working: false, reason: 'HOLIDAY', name, source: 'BUILTIN' });
  });

  it.each(MAKEUP_WORKDAYS_2026)('%s is a makeup working day (%s)', (date, name) => {
    expect(cal.isWorkingDay(date)).toBe(true);
    expect(cal.dayInfo(date)).toEqual<DayInfo>({ date, working: true, reason: 'MAKEUP_WORKDAY', name, source: 'BUILTIN' });
  });

  it('lists exactly those days for 2026, sorted', () => {
    const expected: CalendarDay[] = [
      ...HOLIDAY_DAYS_2026.map(([date, name]): CalendarDay => ({ date, type: 'HOLIDAY', name, source: 'BUILTIN' })),
      ...MAKEUP_WORKDAYS_2026.map(([date, name]): CalendarDay => ({ date, type: 'WORKDAY', name, source: 'BUILTIN' })),
    ].sort((a, b) => a.date.localeCompare(b.date));
    expect(cal.daysOfYear(2026)).toEqual(expected);
  });

  it('every other day of 2026 follows Monday–Friday', () => {
    const special = new Set([...HOLIDAY_DAYS_2026.map(([d]) => d), ...MAKEUP_WORKDAYS_2026.map(([d]) => d)]);
    for (const date of datesFrom('2026-01-01', '2026-12-31')) {
      if (special.has(date)) continue;
      const info = cal.dayInfo(date);
      expect(info.name).toBeNull();
      expect(info.source).toBeNull();
      expect([info.working, info.reason]).toEqual(info.working ? [true, 'WEEKDAY'] : [false, 'WEEKEND']);
    }
  });

  // Holidays of part of the population do not close agencies (picked where they fall on a weekday).
  it.each<[LocalDate, string]>([
    ['2024-03-08', "Women's Day (Friday)"],
    ['2023-05-04', 'Youth Day (Thursday)'],
    ['2026-06-01', "Children's Day (Monday)"],
    ['2025-08-01', 'Army Day (Friday)'],
  ])('%s, %s, is a working day', (date) => {
    expect(cal.dayInfo(date)).toEqual<DayInfo>({ date, working: true, reason: 'WEEKDAY', name: null, source: null });
  });

  it.each<[LocalDate, DayInfo['reason']]>([
    ['2026-11-23', 'WEEKDAY'],
    ['2026-11-28', 'WEEKEND'],
    ['2026-11-29', 'WEEKEND'],
  ])('%s is an ordinary %s', (date, reason) => {
    expect(cal.dayInfo(date)).toMatchObject({ reason, name: null, source: null });
  });

  it('is built once', () => {
    expect(WorkingCalendar.builtin()).toBe(cal);
  });
});

describe('addWorkingDays: the start day never counts', () => {
  it.each<[LocalDate, number, LocalDate]>([
    // DOMAIN.md worked examples.
    ['2026-11-23', 10, '2026-12-07'],
    ['2026-09-29', 5, '2026-10-12'],
    ['2026-02-13', 1, '2026-02-14'],
    ['2026-09-18', 15, '2026-10-15'],
    ['2026-11-23', 0, '2026-11-23'],
    ['2026-11-28', 0, '2026-11-28'],
    ['2026-11-27', 1, '2026-11-30'],
    // From a weekend or holiday, the next working day is day 1.
    ['2026-11-28', 1, '2026-11-30'],
    ['2026-10-01', 1, '2026-10-08'],
    ['2026-02-14', 1, '2026-02-24'],
    ['2025-12-31', 1, '2026-01-04'],
    ['2026-12-31', 1, '2027-01-01'],
  ])('%s + %i -> %s', (from, n, expected) => {
    expect(cal.addWorkingDays(from, n)).toBe(expected);
  });

  it('API.md: started 2026-11-23T02:00:00Z (10:00 in Shanghai) with 10 days -> due 2026-12-07T16:00:00.000Z', () => {
    const started = new Date('2026-11-23T02:00:00.000Z');
    expect(endOfShanghaiDay(cal.addWorkingDays(shanghaiDate(started), 10)).toISOString()).toBe('2026-12-07T16:00:00.000Z');
  });

  it('counts from the Shanghai date, which is a day ahead of UTC late in the UTC evening', () => {
    // 2026-11-22T20:00Z is Monday 04:00 in Shanghai: start Monday, not Sunday.
    const started = new Date('2026-11-22T20:00:00.000Z');
    expect(shanghaiDate(started)).toBe('2026-11-23');
    expect(cal.addWorkingDays(shanghaiDate(started), 10)).toBe('2026-12-07');
  });

  it.each([-1, 1.5, NaN, Infinity])('rejects n = %p', (n) => {
    expect(() => cal.addWorkingDays('2026-11-23', n)).toThrow(RangeError);
  });

  it('rejects a malformed date', () => {
    expect(() => cal.addWorkingDays('2026-02-30', 1)).toThrow(RangeError);
  });
});

describe('workingDaysBetween: working days d with from < d <= to', () => {
  it.each<[LocalDate, LocalDate, number]>([
    ['2026-11-23', '2026-12-07', 10],
    ['2026-09-29', '2026-10-12', 5],
    ['2026-02-13', '2026-02-14', 1],
    ['2026-09-18', '2026-10-15', 15],
    ['2026-11-23', '2026-11-23', 0],
    ['2026-12-07', '2026-11-23', 0],
    ['2026-11-27', '2026-11-29', 0],
    ['2026-09-30', '2026-10-07', 0],
    ['2026-09-30', '2026-10-10', 3],
    ['2025-12-31', '2026-12-31', 248],
    ['1969-12-25', '1970-01-05', 7],
  ])('%s .. %s -> %i', (from, to, expected) => {
    expect(cal.workingDaysBetween(from, to)).toBe(expected);
  });

  it('is fast over ten years', () => {
    const started = process.hrtime.bigint();
    for (let i = 0; i < 10_000; i++) cal.workingDaysBetween('2018-01-01', '2028-01-01');
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(1000);
  });
});

describe('confirmed years', () => {
  it.each<[number, boolean]>([
    [2003, false],
    [2004, true],
    [2025, true],
    [2026, true],
    [2027, false],
    [2030, false],
  ])('%i confirmed: %s', (year, confirmed) => {
    expect(cal.isConfirmed(year)).toBe(confirmed);
  });

  it('assumes Monday–Friday in an unconfirmed year (2030)', () => {
    expect(cal.daysOfYear(2030)).toEqual([]);
    // New Year's Day and National Day 2030 fall on Tuesdays: working until the notice is in.
    expect(cal.isWorkingDay('2030-01-01')).toBe(true);
    expect(cal.isWorkingDay('2030-10-01')).toBe(true);
    expect(cal.isWorkingDay('2030-01-05')).toBe(false);
    expect(cal.addWorkingDays('2029-12-28', 3)).toBe('2030-01-02');
    expect(cal.workingDaysBetween('2029-12-31', '2030-12-31')).toBe(261);
  });

  it('a HOLIDAY override confirms its year; a WORKDAY override alone does not', () => {
    expect(cal.withOverrides([{ date: '2030-01-01', type: 'HOLIDAY', name: '元旦' }]).isConfirmed(2030)).toBe(true);
    expect(cal.withOverrides([{ date: '2030-01-05', type: 'WORKDAY', name: '调休' }]).isConfirmed(2030)).toBe(false);
  });
});

describe('overrides take precedence over the built-in data', () => {
  it.each<[string, LocalDate, DayType, LocalDate, number, LocalDate, DayInfo['reason']]>([
    ['an ordinary Tuesday made a holiday', '2026-12-01', 'HOLIDAY', '2026-11-23', 10, '2026-12-08', 'HOLIDAY'],
    ['an ordinary Saturday made a working day', '2026-12-05', 'WORKDAY', '2026-11-23', 10, '2026-12-05', 'MAKEUP_WORKDAY'],
    ['a built-in holiday (a Monday) made a working day', '2026-10-05', 'WORKDAY', '2026-09-29', 5, '2026-10-10', 'WEEKDAY'],
    ['a built-in holiday (a Saturday) made a working day', '2026-10-03', 'WORKDAY', '2026-09-29', 5, '2026-10-10', 'MAKEUP_WORKDAY'],
    ['a built-in makeup day made a holiday', '2026-10-10', 'HOLIDAY', '2026-09-29', 5, '2026-10-13', 'HOLIDAY'],
    ['a built-in holiday restated', '2026-10-05', 'HOLIDAY', '2026-09-29', 5, '2026-10-12', 'HOLIDAY'],
    ['an ordinary weekday restated as working', '2026-12-01', 'WORKDAY', '2026-11-23', 10, '2026-12-07', 'WEEKDAY'],
  ])('%s (%s %s): %s + %i -> %s', (_what, date, type, from, n, expected, reason) => {
    const changed = cal.withOverrides([{ date, type, name: '管理员设定' }]);
    expect(changed.dayInfo(date)).toEqual<DayInfo>({
      date,
      working: type === 'WORKDAY',
      reason,
      name: '管理员设定',
      source: 'OVERRIDE',
    });
    expect(changed.addWorkingDays(from, n)).toBe(expected);
    expect(changed.workingDaysBetween(from, expected)).toBe(n);
    expect(changed.daysOfYear(2026).filter((d) => d.date === date)).toEqual<CalendarDay[]>([
      { date, type, name: '管理员设定', source: 'OVERRIDE' },
    ]);
  });

  it('leaves the calendar it came from unchanged', () => {
    cal.withOverrides([{ date: '2026-12-01', type: 'HOLIDAY', name: 'x' }]);
    expect(cal.isWorkingDay('2026-12-01')).toBe(true);
    expect(cal.daysOfYear(2026)).toHaveLength(HOLIDAY_DAYS_2026.length + MAKEUP_WORKDAYS_2026.length);
  });

  it('a later override of the same date wins, and overrides stack', () => {
    const changed = cal
      .withOverrides([
        { date: '2026-12-01', type: 'HOLIDAY', name: 'first' },
        { date: '2026-12-01', type: 'WORKDAY', name: 'second' },
      ])
      .withOverrides([{ date: '2026-12-02', type: 'HOLIDAY', name: 'third' }]);
    expect(changed.isWorkingDay('2026-12-01')).toBe(true);
    expect(changed.dayInfo('2026-12-01').name).toBe('second');
    expect(changed.isWorkingDay('2026-12-02')).toBe(false);
  });

  it('rejects a malformed override', () => {
    expect(() => cal.withOverrides([{ date: '2026-02-30', type: 'HOLIDAY', name: 'x' }])).toThrow(RangeError);
    expect(() => cal.withOverrides([{ date: '2026-12-01', type: 'CLOSED' as DayType, name: 'x' }])).toThrow(RangeError);
  });
});

describe('fromDays', () => {
  const custom = WorkingCalendar.fromDays(
    [
      { date: '2031-05-01', type: 'HOLIDAY', name: '劳动节', source: 'BUILTIN' },
      { date: '2031-04-27', type: 'WORKDAY', name: '劳动节（调休上班）', source: 'BUILTIN' },
    ],
    [2031],
  );

  it('uses exactly the given days and years', () => {
    expect(custom.isConfirmed(2031)).toBe(true);
    expect(custom.isConfirmed(2026)).toBe(false);
    expect(custom.isWorkingDay('2031-05-01')).toBe(false);
    expect(custom.isWorkingDay('2031-04-27')).toBe(true);
    // No built-in data: National Day 2026 is an ordinary Thursday here.
    expect(custom.isWorkingDay('2026-10-01')).toBe(true);
    expect(custom.daysOfYear(2031).map((d) => d.date)).toEqual(['2031-04-27', '2031-05-01']);
  });
});

import {
  addCalendarDays,
  endOfShanghaiDay,
  epochDay,
  fromEpochDay,
  isLocalDate,
  shanghaiDate,
  startOfShanghaiDay,
  weekday,
  yearOf,
} from './local-date';

describe('isLocalDate', () => {
  it.each<[unknown, boolean]>([
    ['2026-12-07', true],
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['0001-01-01', true],
    ['0050-06-15', true],
    ['2026-02-29', false],
    ['1900-02-29', false],
    ['2026-04-31', false],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-12-00', false],
    ['2026-1-07', false],
    ['2026/12/07', false],
    ['2026-12-07T00:00:00Z', false],
    [' 2026-12-07', false],
    ['', false],
    [20261207, false],
    [null, false],
  ])('%p -> %s', (s, expected) => {
    expect(isLocalDate(s)).toBe(expected);
  });
});

describe('shanghaiDate: the date at UTC+8', () => {
  it.each<[string, string]>([
    ['2026-11-23T02:00:00.000Z', '2026-11-23'],
    ['2026-11-23T15:59:59.999Z', '2026-11-23'],
    // Late evening in UTC is already the next morning in Shanghai.
    ['2026-11-23T16:00:00.000Z', '2026-11-24'],
    ['2026-11-23T23:30:00.000Z', '2026-11-24'],
    ['2026-12-31T16:00:00.000Z', '2027-01-01'],
    ['2024-02-28T16:00:00.000Z', '2024-02-29'],
    ['2026-11-22T16:00:00.000Z', '2026-11-23'],
    ['1969-12-31T16:00:00.000Z', '1970-01-01'],
    ['1969-12-31T15:59:59.999Z', '1969-12-31'],
  ])('%s -> %s', (iso, date) => {
    expect(shanghaiDate(new Date(iso))).toBe(date);
  });

  it('rejects an invalid Date', () => {
    expect(() => shanghaiDate(new Date('nope'))).toThrow(RangeError);
  });
});

describe('start and end of a Shanghai day', () => {
  it.each<[string, string, string]>([
    ['2026-12-07', '2026-12-06T16:00:00.000Z', '2026-12-07T16:00:00.000Z'],
    ['2026-10-12', '2026-10-11T16:00:00.000Z', '2026-10-12T16:00:00.000Z'],
    ['2026-12-31', '2026-12-30T16:00:00.000Z', '2026-12-31T16:00:00.000Z'],
    ['2024-02-29', '2024-02-28T16:00:00.000Z', '2024-02-29T16:00:00.000Z'],
  ])('%s starts %s and ends %s', (date, start, end) => {
    expect(startOfShanghaiDay(date).toISOString()).toBe(start);
    expect(endOfShanghaiDay(date).toISOString()).toBe(end);
    // The end is the next day's start, and both map back to the right dates.
    expect(endOfShanghaiDay(date)).toEqual(startOfShanghaiDay(addCalendarDays(date, 1)));
    expect(shanghaiDate(startOfShanghaiDay(date))).toBe(date);
    expect(shanghaiDate(new Date(endOfShanghaiDay(date).getTime() - 1))).toBe(date);
  });

  it('rejects a malformed date', () => {
    expect(() => endOfShanghaiDay('2026-02-30')).toThrow(RangeError);
    expect(() => startOfShanghaiDay('tomorrow')).toThrow(RangeError);
  });
});

describe('addCalendarDays', () => {
  it.each<[string, number, string]>([
    ['2026-12-07', 0, '2026-12-07'],
    ['2026-12-07', 1, '2026-12-08'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2026-01-01', 365, '2027-01-01'],
    ['1970-01-01', -1, '1969-12-31'],
  ])('%s + %i -> %s', (date, n, expected) => {
    expect(addCalendarDays(date, n)).toBe(expected);
  });

  it('rejects a fractional count', () => {
    expect(() => addCalendarDays('2026-12-07', 1.5)).toThrow(RangeError);
  });
});

describe('weekday, yearOf, epochDay', () => {
  it.each<[string, number]>([
    ['1970-01-01', 4],
    ['1969-12-28', 0],
    ['2026-11-23', 1],
    ['2026-10-10', 6],
    ['2026-10-11', 0],
    ['2026-09-20', 0],
    ['2026-02-14', 6],
  ])('%s is weekday %i', (date, day) => {
    expect(weekday(date)).toBe(day);
  });

  it('reads the year', () => {
    expect(yearOf('2026-12-07')).toBe(2026);
    expect(() => yearOf('2026-13-07')).toThrow(RangeError);
  });

  it('round-trips epoch days', () => {
    expect(epochDay('1970-01-01')).toBe(0);
    expect(epochDay('1969-12-31')).toBe(-1);
    expect(fromEpochDay(epochDay('2026-12-07'))).toBe('2026-12-07');
  });
});

import { isYearMonth, validateFeePeriod, type FeePeriodError } from './fee-period';

describe('isYearMonth', () => {
  it.each<[unknown, boolean]>([
    ['2025-01', true],
    ['2025-12', true],
    ['1990-01', true],
    ['9999-12', true],
    ['1989-12', false],
    ['2025-00', false],
    ['2025-13', false],
    ['2025-1', false],
    ['2025/01', false],
    ['202501', false],
    ['2025-01-01', false],
    [202501, false],
  ])('%p -> %s', (s, expected) => {
    expect(isYearMonth(s)).toBe(expected);
  });
});

describe('validateFeePeriod (today 2026-11-23)', () => {
  const today = '2026-11-23';
  const future = 'must not be after the current month (2026-11)';
  const badFormat = 'must be a month YYYY-MM from 1990 on';

  it.each<[string, string, FeePeriodError[]]>([
    ['2025-01', '2025-06', []],
    ['2025-06', '2025-06', []],
    ['2026-11', '2026-11', []],
    ['2025-07', '2025-06', [{ path: 'periodTo', message: 'must not be before periodFrom (2025-07)' }]],
    ['2026-10', '2026-12', [{ path: 'periodTo', message: future }]],
    [
      '2027-01',
      '2027-02',
      [
        { path: 'periodFrom', message: future },
        { path: 'periodTo', message: future },
      ],
    ],
    [
      '2027-03',
      '2027-02',
      [
        { path: 'periodFrom', message: future },
        { path: 'periodTo', message: future },
        { path: 'periodTo', message: 'must not be before periodFrom (2027-03)' },
      ],
    ],
    ['2025-13', '2025-06', [{ path: 'periodFrom', message: badFormat }]],
    [
      '1980-01',
      '2025',
      [
        { path: 'periodFrom', message: badFormat },
        { path: 'periodTo', message: badFormat },
      ],
    ],
  ])('%s..%s', (from, to, expected) => {
    expect(validateFeePeriod(from, to, today)).toEqual(expected);
  });

  it('rejects a malformed today as a programming error', () => {
    expect(() => validateFeePeriod('2025-01', '2025-02', '2026-11')).toThrow(RangeError);
  });
});

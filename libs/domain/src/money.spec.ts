import { compareMoney, formatMoney, isMoney, isZeroMoney, normalizeMoney, parseMoney } from './money';

describe('isMoney / parseMoney', () => {
  it.each<[string, number]>([
    ['0.00', 0],
    ['0.01', 1],
    ['1.00', 100],
    ['1234.50', 123450],
    ['99999999.99', 9999999999],
    ['10000000.00', 1000000000],
  ])('%s is %d cents', (s, cents) => {
    expect(isMoney(s)).toBe(true);
    expect(parseMoney(s)).toBe(cents);
  });

  it.each([
    '100000000.00', // not below 100,000,000.00
    '1234.5',
    '1234',
    '1234.500',
    '-1.00',
    '01.00',
    '00.00',
    '.50',
    '1,234.50',
    ' 1.00',
    '1e3.00',
    '',
  ])('%p is not money and parseMoney throws', (s) => {
    expect(isMoney(s)).toBe(false);
    expect(() => parseMoney(s)).toThrow(RangeError);
  });

  it.each([1234.5, null, undefined])('%p (not a string) is not money', (value) => {
    expect(isMoney(value)).toBe(false);
  });
});

describe('formatMoney', () => {
  it.each<[number, string]>([
    [0, '0.00'],
    [5, '0.05'],
    [50, '0.50'],
    [123450, '1234.50'],
    [9999999999, '99999999.99'],
  ])('%d cents -> %s', (cents, s) => {
    expect(formatMoney(cents)).toBe(s);
  });

  it.each([-1, 0.5, 10000000000, Number.NaN])('%p throws', (cents) => {
    expect(() => formatMoney(cents)).toThrow(RangeError);
  });

  it.each(['0.00', '0.07', '1234.50', '99999999.99'])('round-trips %s', (s) => {
    expect(formatMoney(parseMoney(s))).toBe(s);
  });
});

describe('normalizeMoney', () => {
  it.each<[string, string]>([
    ['0', '0.00'],
    ['0.5', '0.50'],
    ['1234.5', '1234.50'],
    ['1234.56', '1234.56'],
    ['007.10', '7.10'],
  ])('%s -> %s', (s, expected) => {
    expect(normalizeMoney(s)).toBe(expected);
  });

  it.each(['1.234', '-1', 'abc', '100000000', ''])('%p throws', (s) => {
    expect(() => normalizeMoney(s)).toThrow(RangeError);
  });
});

describe('compareMoney / isZeroMoney', () => {
  it.each<[string, string, -1 | 0 | 1]>([
    ['1.00', '1.00', 0],
    ['0.99', '1.00', -1],
    ['1.01', '1.00', 1],
    ['9.00', '10.00', -1], // numeric, not string order
    ['100.00', '99.99', 1],
  ])('compareMoney(%s, %s) = %d', (a, b, expected) => {
    expect(compareMoney(a, b)).toBe(expected);
  });

  it.each<[string, boolean]>([
    ['0.00', true],
    ['0.01', false],
    ['10.00', false],
  ])('isZeroMoney(%s) = %s', (s, expected) => {
    expect(isZeroMoney(s)).toBe(expected);
  });
});

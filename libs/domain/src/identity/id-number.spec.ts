import { idNumberCheckChar, isRealDate, maskIdNumber, maskPhone, validateIdNumber, validatePhone } from './id-number';

// Independent derivation of the check character for building fixtures: weight i is
// 2^(17-i) mod 11, and the check value c makes (sum + c) mod 11 equal 1.
function withCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * (2 ** (17 - i) % 11);
  const c = (12 - (sum % 11)) % 11;
  return first17 + (c === 10 ? 'X' : String(c));
}

const TODAY = '2026-11-23';
const MSG = {
  legacy: 'legacy 15-digit ID numbers are not accepted; use the 18-digit number',
  chars: 'ID number must be 17 digits followed by a digit or X',
  leadingZero: 'ID number cannot start with 0 (no address code starts with 0)',
  notADate: 'the birth date in the ID number (characters 7-14) is not a real calendar date',
  before1900: 'the birth date in the ID number (characters 7-14) is before 1900-01-01',
  future: 'the birth date in the ID number (characters 7-14) is in the future',
  check: 'the ID number check character does not match (a digit may be mistyped)',
};

describe('withCheckChar (spec helper) agrees with known-good numbers', () => {
  it.each(['11010519491231002X', '440524188001010014'])('%s', (id) => {
    expect(withCheckChar(id.slice(0, 17))).toBe(id);
  });
});

describe('validateIdNumber accepts', () => {
  it.each<[string, string, string]>([
    ['known-good with X', '11010519491231002X', '11010519491231002X'],
    ['lower-case x, normalised', '11010519491231002x', '11010519491231002X'],
    ['Hong Kong residence permit (81)', withCheckChar('81000019900101001'), withCheckChar('81000019900101001')],
    ['Macao residence permit (82)', withCheckChar('82000019850615002'), withCheckChar('82000019850615002')],
    ['Taiwan residence permit (83)', withCheckChar('83000019720229003'), withCheckChar('83000019720229003')],
    ['foreigner permanent residence (9)', withCheckChar('93184019800101001'), withCheckChar('93184019800101001')],
    ['born 1900-01-01', withCheckChar('11010119000101001'), withCheckChar('11010119000101001')],
    ['born today', withCheckChar('11010120261123001'), withCheckChar('11010120261123001')],
    ['born on a leap day', withCheckChar('11010120000229001'), withCheckChar('11010120000229001')],
  ])('%s', (_label, raw, value) => {
    expect(validateIdNumber(raw, TODAY)).toEqual({ ok: true, value });
  });
});

describe('validateIdNumber rejects', () => {
  it.each<[string, string, string]>([
    ['legacy 15-digit', '110105491231002', MSG.legacy],
    ['surrounding spaces (refused, never trimmed)', ' 11010519491231002X ', 'ID number must be 18 characters long (got 20)'],
    ['a trailing newline', '11010519491231002X\n', 'ID number must be 18 characters long (got 19)'],
    ['17 characters', '11010519491231002', 'ID number must be 18 characters long (got 17)'],
    ['19 characters', '11010519491231002X1', 'ID number must be 18 characters long (got 19)'],
    ['empty', '', 'ID number must be 18 characters long (got 0)'],
    ['15 characters with a letter', '11010549123100X', 'ID number must be 18 characters long (got 15)'],
    ['letter other than X last', '11010519491231002Y', MSG.chars],
    ['X not last', '1101051949123100X2', MSG.chars],
    ['full-width digit', '11010519491231002１', MSG.chars],
    ['leading 0', withCheckChar('01010519491231002'), MSG.leadingZero],
    ['month 13', withCheckChar('11010519491331002'), MSG.notADate],
    ['30 February', withCheckChar('11010519490230002'), MSG.notADate],
    ['29 February 1900 (not a leap year)', withCheckChar('11010519000229002'), MSG.notADate],
    ['day 00', withCheckChar('11010519491200002'), MSG.notADate],
    ['born 1899-12-31', withCheckChar('11010518991231002'), MSG.before1900],
    ['born tomorrow', withCheckChar('11010520261124002'), MSG.future],
    ['wrong check digit', '110105194912310021', MSG.check],
    ['two digits transposed', '11010519491231020X', MSG.check],
    // The standard's own example has a correct check character but a birth year before 1900.
    ['GB 11643 example born 1880', '440524188001010014', MSG.before1900],
    ['one digit mistyped', '11010519491231003X', MSG.check],
  ])('%s', (_label, raw, message) => {
    expect(validateIdNumber(raw, TODAY)).toEqual({ ok: false, message });
  });

  it('throws on a malformed today (a programming error, not user input)', () => {
    expect(() => validateIdNumber('11010519491231002X', '20261123')).toThrow(RangeError);
  });
});

describe('idNumberCheckChar / isRealDate', () => {
  it.each<[string, string]>([
    ['11010519491231002', 'X'],
    ['44052418800101001', '4'],
  ])('%s -> %s', (first17, expected) => {
    expect(idNumberCheckChar(first17)).toBe(expected);
  });

  it('throws unless given 17 digits', () => {
    expect(() => idNumberCheckChar('1101051949123100')).toThrow(RangeError);
  });

  it.each<[string, boolean]>([
    ['20240229', true],
    ['20230229', false],
    ['21000229', false],
    ['20231231', true],
    ['20230431', false],
    ['2023123', false],
  ])('isRealDate(%s) = %s', (s, expected) => {
    expect(isRealDate(s)).toBe(expected);
  });
});

describe('maskIdNumber', () => {
  it.each<[string, string]>([
    ['11010519491231002X', '110105********002X'],
    ['440524188001010014', '440524********0014'],
    ['110105491231002', '***************'],
    ['', ''],
  ])('%s -> %s', (id, masked) => {
    expect(maskIdNumber(id)).toBe(masked);
  });
});

describe('validatePhone', () => {
  const message =
    'phone must be a mainland mobile number (11 digits, 13x-19x) or a landline with area code such as 0755-12345678';

  it.each<[string, string]>([
    ['13800138000', '13800138000'],
    ['19912345678', '19912345678'],
    ['0755-12345678', '0755-12345678'],
    ['075512345678', '075512345678'],
    ['010-1234567', '010-1234567'],
    ['01012345678', '01012345678'],
  ])('accepts %p', (raw, value) => {
    expect(validatePhone(raw)).toEqual({ ok: true, value });
  });

  it.each([
    ' 13800138000 ',
    '13800138000\t',
    '12800138000',
    '1380013800',
    '138001380001',
    '+8613800138000',
    '138-0013-8000',
    '755-12345678',
    '0755-123456',
    '0755-123456789',
    '07551-12345678',
    '',
  ])('rejects %p', (raw) => {
    expect(validatePhone(raw)).toEqual({ ok: false, message });
  });
});

describe('maskPhone', () => {
  it.each<[string, string]>([
    ['13800138000', '138****8000'],
    ['0755-12345678', '075****5678'],
    ['075512345678', '075****5678'],
    ['1234567', '*******'],
  ])('%s -> %s', (phone, masked) => {
    expect(maskPhone(phone)).toBe(masked);
  });
});

import { MAINLAND_PROVINCE_PREFIXES, provinceOf, transferScope, validateRegionCode } from './region-code';

describe('validateRegionCode', () => {
  it.each(['110000', '110105', '440500', '360100', '150000', '230100', '460100', '540000', '650000'])(
    'accepts %p',
    (raw) => {
      expect(validateRegionCode(raw)).toEqual({ ok: true, value: raw });
    },
  );

  it.each<[string, string]>([
    ['710000', 'region code 710000 is not a mainland insurance region (province prefix 71)'],
    ['810000', 'region code 810000 is not a mainland insurance region (province prefix 81)'],
    ['820000', 'region code 820000 is not a mainland insurance region (province prefix 82)'],
    ['100000', 'region code 100000 is not a mainland insurance region (province prefix 10)'],
    ['160100', 'region code 160100 is not a mainland insurance region (province prefix 16)'],
    ['470100', 'region code 470100 is not a mainland insurance region (province prefix 47)'],
    ['660100', 'region code 660100 is not a mainland insurance region (province prefix 66)'],
    ['000000', 'region code 000000 is not a mainland insurance region (province prefix 00)'],
  ])('rejects %s as not mainland', (raw, message) => {
    expect(validateRegionCode(raw)).toEqual({ ok: false, message });
  });

  it.each(['44050', '4405000', '44O500', '', '440-500', ' 440500', '440500 ', '440500\t', '440500\n', '４４０５００'])('rejects malformed %p', (raw) => {
    expect(validateRegionCode(raw)).toEqual({ ok: false, message: 'region code must be exactly 6 digits (GB/T 2260)' });
  });

  it('lists exactly the 31 mainland provinces', () => {
    expect(MAINLAND_PROVINCE_PREFIXES).toHaveLength(31);
  });
});

describe('provinceOf / transferScope', () => {
  it.each<[string, string]>([
    ['440500', '44'],
    ['110105', '11'],
  ])('provinceOf(%s) = %s', (code, province) => {
    expect(provinceOf(code)).toBe(province);
  });

  it.each<[string, string, string]>([
    ['440500', '440300', 'INTRA_PROVINCE'],
    ['440500', '440000', 'INTRA_PROVINCE'],
    ['440500', '360100', 'CROSS_PROVINCE'],
    ['110105', '120101', 'CROSS_PROVINCE'],
  ])('%s -> %s is %s', (from, to, scope) => {
    expect(transferScope(from, to)).toBe(scope);
  });
});

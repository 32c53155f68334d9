// Region and agency codes (GB/T 2260). Only the province prefix is checked: the region list itself
// is data that admins extend, not a frozen enum.

export type RegionCodeResult = { ok: true; value: string } | { ok: false; message: string };

export type TransferScope = 'INTRA_PROVINCE' | 'CROSS_PROVINCE';

export const MAINLAND_PROVINCE_PREFIXES = [
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
] as const;

/** Exactly 6 ASCII digits: surrounding blanks are refused, never trimmed (a char(6) column would drop them). */
export function validateRegionCode(code: string): RegionCodeResult {
  if (!/^\d{6}$/.test(code)) {
    return { ok: false, message: 'region code must be exactly 6 digits (GB/T 2260)' };
  }
  const prefix = provinceOf(code);
  if (!(MAINLAND_PROVINCE_PREFIXES as readonly string[]).includes(prefix)) {
    // 71 (Taiwan), 81 (Hong Kong), 82 (Macao) exist in GB/T 2260 but have no insurance agency.
    return {
      ok: false,
      message: `region code ${code} is not a mainland insurance region (province prefix ${prefix})`,
    };
  }
  return { ok: true, value: code };
}

/** The province part of a region code: its first two digits. */
export function provinceOf(code: string): string {
  return code.slice(0, 2);
}

export function transferScope(fromRegion: string, toRegion: string): TransferScope {
  return provinceOf(fromRegion) === provinceOf(toRegion) ? 'INTRA_PROVINCE' : 'CROSS_PROVINCE';
}

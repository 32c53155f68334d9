// Resident ID numbers (GB 11643) and phone numbers: validation and the masked forms that are the
// only ones allowed in responses, logs and alerts. Messages never echo the number back, so they are
// safe to log.

export type IdentityResult = { ok: true; value: string } | { ok: false; message: string };

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK_CHARS = '10X98765432';
const EARLIEST_BIRTH_DATE = '19000101';
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** ISO 7064 MOD 11-2 check character for the first 17 digits of an ID number. */
export function idNumberCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) {
    throw new RangeError('idNumberCheckChar needs exactly 17 digits');
  }
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    sum += Number(first17[i]) * ID_WEIGHTS[i];
  }
  return ID_CHECK_CHARS[sum % 11];
}

/** `yyyymmdd` is a real calendar date (leap years included). */
export function isRealDate(yyyymmdd: string): boolean {
  if (!/^\d{8}$/.test(yyyymmdd)) return false;
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this one; UTC avoids any local-zone shift.
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

/**
 * Validates a resident ID number, including HK/Macao/Taiwan residence permits (81/82/83) and the
 * foreigner permanent-residence ID (leading 9), which share the format and check character.
 * `today` is the current date in Asia/Shanghai (YYYY-MM-DD); births after it are refused.
 */
export function validateIdNumber(raw: string, today: string): IdentityResult {
  const todayMatch = ISO_DATE.exec(today);
  if (!todayMatch) {
    throw new RangeError(`validateIdNumber: today must be YYYY-MM-DD, got '${today}'`);
  }
  // Taken as sent: blanks are refused, not trimmed. A lower-case x is the same check character.
  const id = raw.toUpperCase();
  if (/^\d{15}$/.test(id)) {
    return { ok: false, message: 'legacy 15-digit ID numbers are not accepted; use the 18-digit number' };
  }
  if (id.length !== 18) {
    return { ok: false, message: `ID number must be 18 characters long (got ${id.length})` };
  }
  if (!/^\d{17}[\dX]$/.test(id)) {
    return { ok: false, message: 'ID number must be 17 digits followed by a digit or X' };
  }
  if (id.startsWith('0')) {
    return { ok: false, message: 'ID number cannot start with 0 (no address code starts with 0)' };
  }
  const birth = id.slice(6, 14);
  if (!isRealDate(birth)) {
    return { ok: false, message: 'the birth date in the ID number (characters 7-14) is not a real calendar date' };
  }
  if (birth < EARLIEST_BIRTH_DATE) {
    return { ok: false, message: 'the birth date in the ID number (characters 7-14) is before 1900-01-01' };
  }
  if (birth > todayMatch.slice(1).join('')) {
    return { ok: false, message: 'the birth date in the ID number (characters 7-14) is in the future' };
  }
  if (idNumberCheckChar(id.slice(0, 17)) !== id[17]) {
    return { ok: false, message: 'the ID number check character does not match (a digit may be mistyped)' };
  }
  return { ok: true, value: id };
}

/** `110105********002X`. Anything that is not 18 characters is masked completely. */
export function maskIdNumber(id: string): string {
  if (id.length !== 18) return '*'.repeat(id.length);
  return `${id.slice(0, 6)}********${id.slice(14)}`;
}

const MOBILE = /^1[3-9]\d{9}$/;
// Area code (0 + 2-3 digits) and a 7-8 digit number; the hyphen is optional. Kept as entered
// because without the hyphen the split between area code and number is ambiguous.
const LANDLINE = /^0\d{2,3}-?\d{7,8}$/;

export function validatePhone(phone: string): IdentityResult {
  if (MOBILE.test(phone) || LANDLINE.test(phone)) return { ok: true, value: phone };
  return {
    ok: false,
    message:
      'phone must be a mainland mobile number (11 digits, 13x-19x) or a landline with area code such as 0755-12345678',
  };
}

/** `138****8000`, and `075****5678` for a landline. Shorter input is masked completely. */
export function maskPhone(phone: string): string {
  if (phone.length < 8) return '*'.repeat(phone.length);
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

// What the service accepts as text, and how typed text is kept free of full ID numbers and phones.
// Input is taken exactly as sent or refused (API.md, Conventions): nothing here repairs a value.

/** Control characters (C0, DEL, C1) other than tab and newline. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
/** A UTF-16 surrogate without its partner: JSON can carry one, UTF-8 (and PostgreSQL) cannot. */
const LONE_SURROGATE = /\p{Cs}/u;

/** Why a piece of text is refused, or null when it is acceptable. */
export function textProblem(value: string): string | null {
  if (FORBIDDEN_CONTROL.test(value)) {
    return value.includes('\u0000')
      ? 'must not contain NUL (U+0000)'
      : 'must not contain control characters (tab and newline are allowed)';
  }
  if (LONE_SURROGATE.test(value)) return 'must be well-formed Unicode (a lone surrogate is not a character)';
  return null;
}

// Shapes, not checks: anything that looks like an ID number or a mobile number is masked, valid or not.
// Digits on either side make it part of a longer number (an account, a caseNo), which is left alone.
const ID_NUMBER_18 = /(?<!\d)(\d{6})\d{8}(\d{3}[\dXx])(?![\dXx])/g;
const ID_NUMBER_15 = /(?<!\d)(\d{6})\d{6}(\d{3})(?!\d)/g;
// A leading 86 (the country code written without + or a space) still counts as the start.
const MOBILE = /(?:(?<!\d)|(?<=(?<!\d)86))(1[3-9]\d)([- ]?)\d{4}\2(\d{4})(?!\d)/g;

/**
 * Typed text with every ID-number-shaped and mobile-shaped sequence masked:
 * `11010519491231002X` → `110105********002X`, a legacy `110105491231002` → `110105******002`,
 * `13800138000` → `138****8000` (also written `138-0013-8000` or `138 0013 8000`). Lengths are kept.
 */
export function maskPersonalData(text: string): string {
  return text
    .replace(ID_NUMBER_18, (_m, head: string, tail: string) => `${head}********${tail}`)
    .replace(ID_NUMBER_15, (_m, head: string, tail: string) => `${head}******${tail}`)
    .replace(MOBILE, (_m, head: string, sep: string, tail: string) => `${head}${sep}****${sep}${tail}`);
}

// Client-side checks: the same rules as the API (libs/domain), with Chinese messages for the window.
import { MONEY_PATTERN } from '@domain/money';
import { validateFeePeriod } from '@domain/fee-period';
import { validateIdNumber, validatePhone } from '@domain/identity/id-number';
import { validateRegionCode } from '@domain/identity/region-code';
import { todayInShanghai } from '../components/dates';

type Rule = { validator: (_: unknown, value: unknown) => Promise<void> };
const rule = (check: (value: string) => string | null): Rule => ({
  validator: (_, value) => {
    const message = value === undefined || value === null || value === '' ? null : check(String(value));
    return message ? Promise.reject(new Error(message)) : Promise.resolve();
  },
});

export function idNumberProblem(value: string): string | null {
  if (value !== value.trim()) return '身份证号前后不能有空格';
  const result = validateIdNumber(value, todayInShanghai());
  if (result.ok) return null;
  const m = result.message;
  if (m.includes('15-digit')) return '不受理15位旧身份证号，请输入18位号码';
  if (m.includes('18 characters')) return `身份证号应为18位（现为${value.length}位）`;
  if (m.includes('17 digits')) return '身份证号应为17位数字加1位数字或X';
  if (m.includes('check character')) return '身份证号校验位不符，可能有数字录入错误';
  if (m.includes('birth date')) return '身份证号中的出生日期无效';
  return '身份证号不正确';
}

export function regionProblem(value: string): string | null {
  if (!/^\d{6}$/.test(value)) return '应为6位数字的行政区划代码';
  return validateRegionCode(value).ok ? null : '不是内地医保统筹区的行政区划代码';
}

export function moneyProblem(value: string): string | null {
  return MONEY_PATTERN.test(value) ? null : '金额应为两位小数，如 1234.50（上限 99999999.99）';
}

export function phoneProblem(value: string): string | null {
  return validatePhone(value).ok ? null : '请输入11位手机号或带区号的固定电话（如 0755-12345678）';
}

export const idNumberRule = rule(idNumberProblem);
export const regionRule = rule(regionProblem);
export const moneyRule = rule(moneyProblem);
export const phoneRule = rule(phoneProblem);

/** Problems of a fee period by field (periodFrom / periodTo). */
export function feePeriodProblems(from: string, to: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of validateFeePeriod(from, to, todayInShanghai())) {
    out[e.path] ??= e.message.includes('YYYY-MM')
      ? '应为年月 YYYY-MM'
      : e.message.includes('after the current month')
        ? '不能晚于本月'
        : e.message.includes('before periodFrom')
          ? '结束月份不能早于开始月份'
          : '缴费期间不正确';
  }
  return out;
}

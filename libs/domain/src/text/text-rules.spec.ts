import { maskPersonalData, textProblem } from './text-rules';

describe('textProblem', () => {
  it.each(['', '张三', 'line one\nline two\tcolumn', '😀 emoji pair', 'SELECT * FROM cases; --', '\u200f RTL mark', '\uFEFF'])(
    'accepts %j',
    (value) => expect(textProblem(value)).toBeNull(),
  );

  it.each([
    ['\u0000', /NUL/],
    ['a\u0000b', /NUL/],
    ['bell\u0007', /control/],
    ['cr\r', /control/],
    ['vt\u000b', /control/],
    ['esc\u001b[0m', /control/],
    ['del\u007f', /control/],
    ['c1\u0085', /control/],
    ['\ud800', /surrogate/],
    ['x\udfffy', /surrogate/],
    ['\ude00\ud83d', /surrogate/],
  ])('refuses %j', (value, message) => expect(textProblem(value)).toMatch(message));
});

describe('maskPersonalData', () => {
  it.each([
    ['11010519491231002X', '110105********002X'],
    ['11010519491231002x', '110105********002x'],
    ['440524198001010013', '440524********0013'],
    ['身份证11010519491231002X号', '身份证110105********002X号'],
    ['ID:440524198001010013, again 440524198001010013.', 'ID:440524********0013, again 440524********0013.'],
    ['旧证110105491231002', '旧证110105******002'],
    ['13800138000', '138****8000'],
    ['电话13800138000转', '电话138****8000转'],
    ['138-0013-8000', '138-****-8000'],
    ['138 0013 8000', '138 **** 8000'],
    ['+8613800138000', '+86138****8000'],
    ['+86 13800138000', '+86 138****8000'],
    ['a 11010519491231002X and 13900139000', 'a 110105********002X and 139****9000'],
  ])('%j → %j', (text, masked) => expect(maskPersonalData(text)).toBe(masked));

  it.each([
    '',
    'nothing personal',
    'TR-20261123-0000001',
    '12800138000', // not a mobile prefix
    '1380013800', // 10 digits
    '6222021234567890123', // 19-digit account number
    '123456', // a region code
    '1234.50',
  ])('leaves %j alone', (text) => expect(maskPersonalData(text)).toBe(text));

  it('keeps the length and never leaves the middle digits', () => {
    const text = '11010519491231002X / 13800138000 / 110105491231002';
    const masked = maskPersonalData(text);
    expect(masked).toHaveLength(text.length);
    expect(masked).not.toMatch(/19491231|00138|491231/);
  });

  it('is idempotent', () => {
    const once = maskPersonalData('11010519491231002X 13800138000');
    expect(maskPersonalData(once)).toBe(once);
  });
});

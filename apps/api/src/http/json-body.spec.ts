import { duplicateJsonKey } from './json-body';

describe('duplicateJsonKey', () => {
  it.each([
    '{}',
    '[]',
    '{"a":1,"b":2}',
    '{"a":{"a":1},"b":{"a":2}}',
    '[{"a":1},{"a":2}]',
    '{"a":"\\"a\\":","b":["a","a"]}',
    '{"a":[1,{"b":1,"c":[{"b":2}]}],"c":3}',
    '"a"',
    '{"a\\\\":1,"a":2}',
  ])('finds none in %s', (json) => expect(duplicateJsonKey(json)).toBeNull());

  it.each([
    ['{"a":1,"a":2}', 'a'],
    ['{"kind":"TRANSFER","applicant":{},"kind":"REFUND"}', 'kind'],
    ['{"x":{"a":1,"b":{},"a":2}}', 'a'],
    ['[{"ok":1},{"b":1,"b":1}]', 'b'],
    ['{"a":1,"\\u0061":2}', 'a'],
    ['{ "a" : 1 , "a" : 2 }', 'a'],
  ])('finds the duplicate in %s', (json, key) => expect(duplicateJsonKey(json)).toBe(key));

  it('walks deep nesting without recursion', () => {
    const deep = '['.repeat(50_000) + ']'.repeat(50_000);
    expect(duplicateJsonKey(deep)).toBeNull();
  });
});

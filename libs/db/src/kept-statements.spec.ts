import { KEPT_PLAN, KeptStatements, MAX_KEPT_STATEMENTS } from './kept-statements';

describe('KeptStatements', () => {
  const kept = (text: string) => `${KEPT_PLAN.sql}${text}`;

  it('names a marked statement by its text: the same text, the same name; another text, another name', () => {
    const names = new KeptStatements();
    const a = names.nameOf(kept('SELECT 1 WHERE $1'));
    expect(a).toMatch(/^kept_[0-9a-f]{32}$/);
    expect(new KeptStatements().nameOf(kept('SELECT 1 WHERE $1'))).toBe(a);
    expect(names.nameOf(kept('SELECT 2 WHERE $1'))).not.toBe(a);
  });

  it('leaves every other statement unnamed', () => {
    expect(new KeptStatements().nameOf('SELECT 1 WHERE $1')).toBe('');
    expect(new KeptStatements().nameOf(` ${KEPT_PLAN.sql}SELECT 1`)).toBe('');
  });

  it(`keeps at most ${MAX_KEPT_STATEMENTS} statements; later ones run unnamed, the kept ones keep their names`, () => {
    const names = new KeptStatements();
    const first = names.nameOf(kept('SELECT 0'));
    for (let i = 1; i < MAX_KEPT_STATEMENTS; i++) expect(names.nameOf(kept(`SELECT ${i}`))).not.toBe('');
    expect(names.nameOf(kept(`SELECT ${MAX_KEPT_STATEMENTS}`))).toBe('');
    expect(names.nameOf(kept('SELECT 0'))).toBe(first);
  });
});

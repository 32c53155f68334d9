import { createHash } from 'node:crypto';
import { Prisma } from './generated/prisma/client';

const MARK = '/* kept plan */ ';

/**
 * Starts a raw statement that is prepared once per connection and kept there (a named statement),
 * so PostgreSQL parses it once and may reuse its plan: after five executions a generic plan, when it
 * is estimated to cost no more than the plans made for each execution's values. For the hot
 * statements that find their rows by key (a transition's read and write), whose plan does not depend
 * on the values; every other statement stays unnamed and is planned for its values each time, as
 * before. A kept statement names its columns rather than `*`: a column added by a migration while
 * the process runs must not change its result type. Named statements live on the server connection:
 * a pooler between the API and PostgreSQL must keep them (PgBouncer in transaction mode only from 1.21,
 * with max_prepared_statements set).
 */
export const KEPT_PLAN = Prisma.raw(MARK);

/** True for a statement's text that starts with KEPT_PLAN. */
export function isKept(sql: string): boolean {
  return sql.startsWith(MARK);
}

/** At most this many distinct statements are kept per process (so per connection); later ones run unnamed. */
export const MAX_KEPT_STATEMENTS = 256;

/**
 * The name a statement is prepared under (the adapter's statementNameGenerator): a digest of its text
 * for a statement starting with KEPT_PLAN (the same text, the same name, on every connection), `''`
 * (unnamed) for any other.
 */
export class KeptStatements {
  private readonly names = new Map<string, string>();

  nameOf(sql: string): string {
    if (!isKept(sql)) return '';
    const known = this.names.get(sql);
    if (known !== undefined) return known;
    if (this.names.size >= MAX_KEPT_STATEMENTS) return '';
    const name = `kept_${createHash('sha256').update(sql).digest('hex').slice(0, 32)}`;
    this.names.set(sql, name);
    return name;
  }
}

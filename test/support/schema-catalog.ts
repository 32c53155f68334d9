// A database's schema as a sorted list of readable lines, from pg_catalog: enough to say whether two
// databases have the same tables, columns (type, nullability, default), indexes, constraints,
// sequences and enums. Column order is left out on purpose: ALTER TABLE … ADD COLUMN appends, so a
// migrated database and one built in one go legitimately differ there.
import { Client } from 'pg';

export async function schemaCatalog(url: string, ignoreTables: string[] = ['_prisma_migrations']): Promise<string[]> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    const q = async (sql: string, params: unknown[] = []) =>
      (await client.query<{ line: string }>(sql, params)).rows.map((r) => r.line);
    const ignore = [ignoreTables];
    const tables = `SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT (c.relname = ANY($1))`;
    const lines = [
      ...(await q(`SELECT 'table ' || c.relname AS line FROM pg_class c WHERE c.oid IN (${tables})`, ignore)),
      ...(await q(`
        SELECT format('column %s.%s %s%s%s%s%s', c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
                      CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END,
                      COALESCE(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), ''),
                      CASE WHEN a.attidentity <> '' THEN ' IDENTITY ' || a.attidentity::text ELSE '' END,
                      CASE WHEN a.attgenerated <> '' THEN ' GENERATED ' || a.attgenerated::text ELSE '' END) AS line
          FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
          LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
         WHERE c.oid IN (${tables}) AND a.attnum > 0 AND NOT a.attisdropped`, ignore)),
      ...(await q(`
        SELECT format('index %s: %s', i.relname, pg_get_indexdef(i.oid)) AS line
          FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
         WHERE x.indrelid IN (${tables})`, ignore)),
      ...(await q(`
        SELECT format('constraint %s.%s (%s): %s', c.relname, k.conname, k.contype::text, pg_get_constraintdef(k.oid)) AS line
          FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
         WHERE k.conrelid IN (${tables})`, ignore)),
      ...(await q(`
        SELECT format('sequence %s %s start %s step %s min %s max %s%s', s.sequencename, s.data_type,
                      s.start_value, s.increment_by, s.min_value, s.max_value,
                      CASE WHEN s.cycle THEN ' CYCLE' ELSE '' END) AS line
          FROM pg_sequences s WHERE s.schemaname = 'public'`)),
      ...(await q(`
        SELECT format('enum %s: %s', t.typname, string_agg(e.enumlabel, ', ' ORDER BY e.enumsortorder)) AS line
          FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
         WHERE n.nspname = 'public'
         GROUP BY t.typname`)),
      ...(await q(`
        SELECT 'extension ' || extname AS line FROM pg_extension
         WHERE extname <> 'plpgsql'`)),
    ];
    return lines.sort();
  } finally {
    await client.end();
  }
}

/** Lines only on one side, as a readable report; '' when both catalogs agree. */
export function catalogDifference(left: string[], right: string[], leftName: string, rightName: string): string {
  const r = new Set(right);
  const l = new Set(left);
  const onlyLeft = left.filter((x) => !r.has(x));
  const onlyRight = right.filter((x) => !l.has(x));
  if (onlyLeft.length === 0 && onlyRight.length === 0) return '';
  return [
    ...(onlyLeft.length ? [`only in ${leftName}:`, ...onlyLeft.map((x) => `  - ${x}`)] : []),
    ...(onlyRight.length ? [`only in ${rightName}:`, ...onlyRight.map((x) => `  + ${x}`)] : []),
  ].join('\n');
}

// The schema as the migration CLI (prisma@6.19, see prisma/prisma.migrate.config.ts) must read it.
//
// Prisma 7 forbids `url` in the datasource block; Prisma 6.19's validator requires one, even though
// with a driver adapter it never uses it. So the migration CLI reads a copy of prisma/schema.prisma
// with `url = env("DATABASE_URL")` added, regenerated from the real file on every run: schema.prisma
// stays the only source of truth and nobody edits the copy.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const SCHEMA_PATH = path.join(REPO_ROOT, 'prisma', 'schema.prisma');
export const MIGRATIONS_DIR = path.join(REPO_ROOT, 'prisma', 'migrations');
export const MIGRATE_CONFIG_PATH = path.join(REPO_ROOT, 'prisma', 'prisma.migrate.config.ts');
const CACHE_DIR = path.join(REPO_ROOT, 'node_modules', '.cache', 'case-desk-migrate');

/** schema.prisma's text with a placeholder `url` in its datasource block. */
export function toMigrateSchema(schema: string): string {
  const open = /^\s*datasource\s+\w+\s*\{/m.exec(schema);
  if (!open) throw new Error('schema.prisma has no datasource block');
  const start = open.index + open[0].length;
  const end = schema.indexOf('}', start);
  if (end < 0) throw new Error('schema.prisma: the datasource block is not closed');
  if (/^\s*url\s*=/m.test(schema.slice(start, end))) return schema;
  // Never used: the adapter in prisma.migrate.config.ts decides where the CLI connects.
  return `${schema.slice(0, start)}\n  url = env("DATABASE_URL")${schema.slice(start)}`;
}

/**
 * Writes the copy for `schemaPath` (default prisma/schema.prisma) and returns its path. The file name
 * carries a hash of the content, and the write is atomic, so concurrent runs never see a torn file.
 */
export function prepareMigrateSchema(schemaPath: string = SCHEMA_PATH): string {
  const text = toMigrateSchema(fs.readFileSync(schemaPath, 'utf8'));
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
  const target = path.join(CACHE_DIR, `schema-${hash}.prisma`);
  if (!fs.existsSync(target)) {
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    const tmp = `${target}.${process.pid}.${Date.now()}.tmp`;
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, target);
  }
  return target;
}

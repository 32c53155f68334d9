import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

// Every Prisma call lives in a *.repository.ts; application services open transactions through the
// TransactionRunner and pass its handle to repository methods; a repository never calls a service.

const ROOT = join(__dirname, '..', '..', '..');
const SCANNED = ['apps', 'libs'];
const SKIPPED_DIRS = new Set(['node_modules', 'generated', 'dist']);
/** The db library itself: the client, the transaction runner and the health probe. */
const DB_LIB = 'libs/db/';

/** Prisma used directly: the client, a transaction or raw SQL, a model call on the client or a transaction handle. */
const PRISMA_USE: [string, RegExp][] = [
  ['PrismaService', /\bPrismaService\b/],
  ['$transaction', /\$transaction\b/],
  ['raw SQL', /\$(queryRaw|executeRaw|queryRawUnsafe|executeRawUnsafe)\b/],
  ['the Prisma client', /(\bprisma|\.prisma)\s*\.\s*[\w$]+/],
  [
    'a Prisma model call',
    /\b(tx|db|client)\s*\.\s*\w+\s*\.\s*(findMany|findFirst|findFirstOrThrow|findUnique|findUniqueOrThrow|create|createMany|update|updateMany|upsert|delete|deleteMany|count|aggregate|groupBy)\s*\(/,
  ],
];

/** A service imported or injected into a repository: a class named *Service (the Prisma client aside) or a *.service file. */
const SERVICE_IMPORT = /\bfrom\s+['"][^'"]*\.service['"]/;
const SERVICE_NAME = /\b(?!PrismaService\b)[A-Z]\w*Service\b/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

function scannedFiles(): string[] {
  return SCANNED.flatMap((top) => sourceFiles(join(ROOT, top)))
    .map((path) => relative(ROOT, path).split(sep).join('/'))
    .filter((path) => !path.startsWith('apps/console/'));
}

/** The file's lines with comments blanked (a comment may name what the code must not do). */
function codeLines(text: string): string[] {
  const withoutBlocks = text.replace(/\/\*[\s\S]*?\*\//g, (block) => block.replace(/[^\n]/g, ' '));
  return withoutBlocks.split('\n').map((line) => line.replace(/(^|[^:'"`])\/\/.*$/, '$1'));
}

export function prismaOutsideRepositories(files: { path: string; text: string }[]): string[] {
  return files
    .filter(({ path }) => !path.endsWith('.repository.ts') && !path.startsWith(DB_LIB))
    .flatMap(({ path, text }) =>
      codeLines(text).flatMap((line, i) =>
        PRISMA_USE.filter(([, pattern]) => pattern.test(line)).map(([what]) => `${path}:${i + 1}: ${what}: ${line.trim()}`),
      ),
    );
}

export function servicesInRepositories(files: { path: string; text: string }[]): string[] {
  return files
    .filter(({ path }) => path.endsWith('.repository.ts'))
    .flatMap(({ path, text }) => {
      return codeLines(text).flatMap((line, i) =>
        SERVICE_NAME.test(line) || SERVICE_IMPORT.test(line) ? [`${path}:${i + 1}: ${line.trim()}`] : [],
      );
    });
}

describe('persistence boundary', () => {
  const files = scannedFiles().map((path) => ({ path, text: readFileSync(join(ROOT, path), 'utf8') }));

  it('scans the apps and the libraries', () => {
    expect(files.some((f) => f.path.startsWith('apps/api/'))).toBe(true);
    expect(files.some((f) => f.path.startsWith('libs/cases/'))).toBe(true);
    expect(files.some((f) => f.path.includes('/generated/'))).toBe(false);
  });

  it('has every Prisma call in a *.repository.ts (the db library aside)', () => {
    expect(prismaOutsideRepositories(files)).toEqual([]);
  });

  it('has no repository importing or injecting a service', () => {
    expect(servicesInRepositories(files)).toEqual([]);
  });

  it('catches what it is meant to catch', () => {
    const service = [
      "import { PrismaService } from '@case-desk/db';",
      'export class X {',
      '  run() { return this.prisma.$transaction(async (tx) => tx.case.findMany({})); }',
      '  // this.prisma.case.findMany() in a comment is fine',
      '}',
    ].join('\n');
    expect(prismaOutsideRepositories([{ path: 'libs/x/src/x.service.ts', text: service }])).toEqual([
      "libs/x/src/x.service.ts:1: PrismaService: import { PrismaService } from '@case-desk/db';",
      'libs/x/src/x.service.ts:3: $transaction: run() { return this.prisma.$transaction(async (tx) => tx.case.findMany({})); }',
      'libs/x/src/x.service.ts:3: the Prisma client: run() { return this.prisma.$transaction(async (tx) => tx.case.findMany({})); }',
      'libs/x/src/x.service.ts:3: a Prisma model call: run() { return this.prisma.$transaction(async (tx) => tx.case.findMany({})); }',
    ]);
    expect(prismaOutsideRepositories([{ path: 'libs/x/src/x.repository.ts', text: service }])).toEqual([]);

    const repository = [
      "import { PrismaService } from '@case-desk/db';",
      "import { SlaService } from '@case-desk/sla';",
      "import { helper } from './x.service';",
      'export class XRepository {',
      '  constructor(private readonly prisma: PrismaService, private readonly sla: SlaService) {}',
      '}',
    ].join('\n');
    expect(servicesInRepositories([{ path: 'libs/x/src/x.repository.ts', text: repository }])).toEqual([
      "libs/x/src/x.repository.ts:2: import { SlaService } from '@case-desk/sla';",
      "libs/x/src/x.repository.ts:3: import { helper } from './x.service';",
      'libs/x/src/x.repository.ts:5: constructor(private readonly prisma: PrismaService, private readonly sla: SlaService) {}',
    ]);
  });
});

// Everything that differs between kinds sits in the kinds' folders (STYLE.md habit 15): no other
// production code names a kind. A kind literal outside them ('TRANSFER', "REFUND", CaseKind.TRANSFER)
// is a branch, a hand-written list or a default that the next kind would silently miss.
//
// Not scanned: specs, their fixtures and end-to-end tests (they exercise particular kinds on
// purpose), the generated Prisma client, and apps/console, a UI that shows a form per kind and reads
// the kinds from the OpenAPI document's types (README "Adding a case kind").
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { CASE_KINDS } from './registry';

const ROOT = join(__dirname, '..', '..', '..', '..');
const SCANNED = ['apps', 'libs'];
const SKIPPED_DIRS = new Set(['node_modules', 'generated', 'dist']);
const SKIPPED_PATHS = ['apps/console/', 'libs/domain/src/kinds/'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.((e2e-)?spec|fixtures)\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** The code without its comments (a comment may name a kind), line numbers kept. */
function withoutComments(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, (block) => block.replace(/[^\n]/g, ' '))
    .replace(/(^|[^:\\'"`])\/\/.*$/gm, '$1');
}

const KINDS = CASE_KINDS.join('|');
const KIND_LITERAL = new RegExp(`(['"\`])(?:${KINDS})\\1|\\bCaseKind\\.(?:${KINDS})\\b`);

function literalsIn(rel: string, text: string): string[] {
  const lines = withoutComments(text).split('\n');
  return lines.flatMap((line, i) => (KIND_LITERAL.test(line) ? [`${rel}:${i + 1}: ${line.trim()}`] : []));
}

function kindLiterals(file: string): string[] {
  return literalsIn(relative(ROOT, file).split(sep).join('/'), readFileSync(file, 'utf8'));
}

describe('no code outside libs/domain/src/kinds names a kind', () => {
  const files = SCANNED.flatMap((dir) => sourceFiles(join(ROOT, dir))).filter((file) => {
    const rel = relative(ROOT, file).split(sep).join('/');
    return !SKIPPED_PATHS.some((prefix) => rel.startsWith(prefix));
  });

  it('scans the apps and libraries', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it('finds no kind literal', () => {
    expect(files.flatMap(kindLiterals)).toEqual([]);
  });

  it.each([
    [`if (c.kind === '${CASE_KINDS[0]}') {`, 1],
    [`const k = CaseKind.${CASE_KINDS[1]};`, 1],
    [`// a comment may name '${CASE_KINDS[0]}'\nconst x = 1;`, 0],
    [`/* '${CASE_KINDS[1]}' */ const y = \`${CASE_KINDS[0]}\`;`, 1],
  ])('the check itself works: %j has %d', (text, found) => {
    expect(literalsIn('sample.ts', text)).toHaveLength(found);
  });
});

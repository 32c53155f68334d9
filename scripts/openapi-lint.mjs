// npm run openapi:lint — Redocly's recommended rules on the committed OpenAPI document (apps/api/openapi.json).
// Prints every problem; exits 1 when there is an error (warnings are printed, not fatal).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createConfig, lintFromString } from '@redocly/openapi-core';

const path = fileURLToPath(new URL('../apps/api/openapi.json', import.meta.url));
const config = await createConfig({ extends: ['recommended'] });
const problems = await lintFromString({ source: readFileSync(path, 'utf8'), absoluteRef: path, config });
const errors = problems.filter((p) => p.severity === 'error');
const warnings = problems.filter((p) => p.severity === 'warn');
for (const p of problems) {
  console.log(`${p.severity} ${p.ruleId}: ${p.message} (${p.location.map((l) => l.pointer).join(', ')})`);
}
console.log(`redocly recommended: ${errors.length} errors, ${warnings.length} warnings`);
process.exit(errors.length > 0 ? 1 : 0);

// Prisma 7 CLI config: `prisma generate` (npm run db:generate). Migrations are applied offline by
// `npm run db:migrate` (WASM schema engine, see prisma/prisma.migrate.config.ts); where the native
// engine can be downloaded, plain `prisma migrate deploy` with this file does the same job.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/case_desk' },
});

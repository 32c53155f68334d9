# One image for both apps (docker-compose.yml picks the command), plus a `migrate` stage that keeps
# the development tools `npm run db:migrate` needs (ts-node and the Prisma 6.19 migrate CLI).
#
# `npm install`, not `npm ci`: see README ("Dependencies").

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json tsconfig.json prisma.config.ts ./
COPY prisma ./prisma
# postinstall generates the Prisma client (scripts/db-generate.cjs) and the migrate CLI is a file: dependency.
COPY scripts ./scripts
RUN npm install --no-audit --no-fund

FROM deps AS migrate
CMD ["npm", "run", "db:migrate"]

FROM deps AS build
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
# Two malloc arenas instead of glibc's 8 per core: the API's resident memory under load ~25 MB lower
# (docs/performance.md, "Memory").
ENV NODE_ENV=production MALLOC_ARENA_MAX=2
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000
# The API's heap is capped (its live data is 60-100 MB; see docs/performance.md, "Memory") so that V8
# collects before the process grows past ~300 MB. The worker (docker-compose.yml) keeps V8's default.
CMD ["node", "--enable-source-maps", "--max-old-space-size=160", "dist/apps/api/main.js"]

#!/usr/bin/env bash
# npm run up — brings Case Desk up on this machine from a fresh clone:
#   local PostgreSQL and Redis (started if they are down), dependencies, configuration with fresh
#   secrets (kept in .env.local across runs), migrations, build, then the API and the worker in the
#   background with a demo admin. Run it again at any time: it restarts the API and the worker.
# Stop them with `npm run down`. Logs: var/log/{api,worker}.log.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
env_file="$root/.env.local"
log_dir="$root/var/log"
run_dir="$root/var/run"
mkdir -p "$log_dir" "$run_dir"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# --- local services -------------------------------------------------------------------------------
bash scripts/services-up.sh

# --- dependencies ---------------------------------------------------------------------------------
# `npm install`, not `npm ci`: see README ("Dependencies").
if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  say 'installing dependencies'
  npm install --no-audit --no-fund
fi

# --- configuration --------------------------------------------------------------------------------
secret() { node -e 'process.stdout.write(require("node:crypto").randomBytes(+process.argv[1]).toString("base64url"))' "$1"; }
if [[ ! -f "$env_file" ]]; then
  say "writing $env_file (fresh secrets; keep this file: PII_KEY must never change once cases exist)"
  umask 077
  cat >"$env_file" <<EOF
# Written by scripts/up.sh on $(date -u +%Y-%m-%dT%H:%M:%SZ). Every variable is described in README.md.
NODE_ENV=production
DATABASE_URL=postgresql://postgres@127.0.0.1:5432/case_desk
REDIS_URL=redis://127.0.0.1:6379/0
REDIS_PREFIX=casedesk
HOST=127.0.0.1
PORT=3000
LOG_LEVEL=info
JWT_SECRET=$(secret 48)
PII_KEY=$(secret 48)
BOOTSTRAP_ADMIN_USERNAME=admin
BOOTSTRAP_ADMIN_PASSWORD=$(secret 15)
BOOTSTRAP_ADMIN_AGENCY=110000
EOF
fi
set -a
# shellcheck disable=SC1090
source "$env_file"
set +a

# --- database and build ---------------------------------------------------------------------------
say 'applying migrations'
npm run --silent db:migrate
say 'building api, worker and console'
npm run --silent build

# --- processes ------------------------------------------------------------------------------------
bash scripts/down.sh --quiet
# The API runs with the memory settings of the image (Dockerfile); the worker with V8's defaults.
start() {
  local name=$1
  shift
  say "starting $name (log: var/log/$name.log)"
  MALLOC_ARENA_MAX=2 nohup node --enable-source-maps "$@" "dist/apps/$name/main.js" >>"$log_dir/$name.log" 2>&1 </dev/null &
  echo $! >"$run_dir/$name.pid"
}
start api --max-old-space-size=160
start worker

base="http://${HOST}:${PORT}"
for _ in $(seq 1 60); do
  if curl -fsS "$base/health/ready" >/dev/null 2>&1; then
    break
  fi
  if ! kill -0 "$(cat "$run_dir/api.pid")" 2>/dev/null; then
    echo "The API stopped while starting; the end of var/log/api.log:" >&2
    tail -n 30 "$log_dir/api.log" >&2
    exit 1
  fi
  sleep 0.5
done
curl -fsS "$base/health/ready" >/dev/null || { echo "The API is not ready after 30 s; see var/log/api.log" >&2; exit 1; }
kill -0 "$(cat "$run_dir/worker.pid")" 2>/dev/null || { echo "The worker stopped; see var/log/worker.log" >&2; exit 1; }

cat <<EOF

Case Desk is up: API $base (docs: $base/docs), worker running.

Console (clerks and supervisors): $base/console/
Demo admin: ${BOOTSTRAP_ADMIN_USERNAME} / ${BOOTSTRAP_ADMIN_PASSWORD}   (agency ${BOOTSTRAP_ADMIN_AGENCY}; from .env.local)

Or log in from a shell:
  curl -sS -X POST $base/v1/auth/token -H 'content-type: application/json' \\
    -d '{"username":"${BOOTSTRAP_ADMIN_USERNAME}","password":"${BOOTSTRAP_ADMIN_PASSWORD}"}'

Stop: npm run down
EOF

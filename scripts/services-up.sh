#!/usr/bin/env bash
# Starts this machine's local PostgreSQL and Redis when they are down (used by `npm run up` and .ci/run).
# On a machine where they run elsewhere (Docker, managed services) it does nothing once both answer.
set -euo pipefail

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432; }
redis_up() { [[ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" == PONG ]]; }
wait_for() {
  local what=$1 check=$2
  for _ in $(seq 1 60); do
    if $check; then return 0; fi
    sleep 0.5
  done
  echo "$what did not come up on 127.0.0.1" >&2
  return 1
}

if ! pg_up; then
  echo '==> starting PostgreSQL'
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start
  wait_for PostgreSQL pg_up
fi
if ! redis_up; then
  echo '==> starting Redis'
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
  wait_for Redis redis_up
fi

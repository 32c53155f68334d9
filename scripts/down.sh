#!/usr/bin/env bash
# npm run down — stops the API and the worker that `npm run up` started (PostgreSQL and Redis stay up).
set -euo pipefail
cd "$(dirname "$0")/.."
quiet=${1:-}
for name in worker api; do
  pid_file="var/run/$name.pid"
  [[ -f "$pid_file" ]] || continue
  pid=$(cat "$pid_file")
  if kill -0 "$pid" 2>/dev/null; then
    [[ -n "$quiet" ]] || echo "stopping $name (pid $pid)"
    kill -TERM "$pid"
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "$name did not stop within 10 s; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$pid_file"
done

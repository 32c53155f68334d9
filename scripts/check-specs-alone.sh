#!/usr/bin/env bash
# Runs every spec file alone, one Jest run per file (each in Jest's random order, see jest.config.js),
# to show that no spec depends on another file or on the order of its tests. A file fails when one of
# its tests fails or when Jest reports something left open after the run.
#
#   bash scripts/check-specs-alone.sh              every unit and e2e spec file
#   bash scripts/check-specs-alone.sh e2e          the e2e specs only (unit: the unit specs only)
#   bash scripts/check-specs-alone.sh e2e alerts   the e2e specs whose path contains "alerts"
#
# Extra Jest options go through JEST_ARGS, e.g. JEST_ARGS='--seed=1234' to replay one order.
# Some e2e specs need `npm run build` first (the worker and console ones), as under `npm test`.
set -uo pipefail
cd "$(dirname "$0")/.."

project=${1:-all}
filter=${2:-}
case "$project" in
  unit) roots=(libs apps); pattern='*.spec.ts' ;;
  e2e) roots=(test); pattern='*.e2e-spec.ts' ;;
  all) roots=(libs apps test); pattern='*spec.ts' ;;
  *) echo "usage: $0 [unit|e2e|all] [path-substring]" >&2; exit 2 ;;
esac

mapfile -t files < <(find "${roots[@]}" -path '*/node_modules' -prune -o -path 'apps/console' -prune -o -name "$pattern" -print | grep -F -- "$filter" | sort)
[[ ${#files[@]} -gt 0 ]] || { echo "no spec file matches" >&2; exit 2; }

log=$(mktemp)
trap 'rm -f "$log"' EXIT
failed=()
for file in "${files[@]}"; do
  case "$file" in *.e2e-spec.ts) selected=e2e ;; *) selected=unit ;; esac
  started=$(date +%s)
  # shellcheck disable=SC2086 # JEST_ARGS is a list of options
  npx jest --ci --selectProjects "$selected" ${JEST_ARGS:-} -- "$file" >"$log" 2>&1
  status=$?
  if [[ $status -eq 0 ]] && grep -qE 'Jest did not exit|failed to exit gracefully|open handle' "$log"; then status=1; fi
  seed=$(grep -oE 'Seed: +-?[0-9]+' "$log" | head -1 | tr -s ' ')
  if [[ $status -eq 0 ]]; then
    echo "ok    $file ($(($(date +%s) - started)) s${seed:+, $seed})"
  else
    echo "FAIL  $file ($(($(date +%s) - started)) s${seed:+, $seed})"
    tail -n 60 "$log" | sed 's/^/      /'
    failed+=("$file")
  fi
done

echo
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "${#failed[@]} of ${#files[@]} spec files failed alone:"
  printf '  %s\n' "${failed[@]}"
  exit 1
fi
echo "all ${#files[@]} spec files passed alone"

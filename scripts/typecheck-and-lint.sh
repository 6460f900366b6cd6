#!/usr/bin/env bash
# npm test's first step: the type check and ESLint side by side. Each keeps one core busy for most
# of a minute, and CI has two; both always run to the end, so one run reports the failures of both.
set -uo pipefail
npm run typecheck &
typecheck=$!
npm run lint
lint_status=$?
wait "$typecheck"
typecheck_status=$?
[ "$typecheck_status" -eq 0 ] && [ "$lint_status" -eq 0 ]

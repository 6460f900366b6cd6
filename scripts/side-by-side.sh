#!/usr/bin/env bash
# Runs the commands given at once, each line of their output marked with the command's last word
# (`[lint] …`), and waits for all of them: one run reports every failure. Fails when any failed.
# npm test uses it for steps that leave a core idle: the type check beside ESLint, and the
# robustness suite (mostly waiting on its servers' timeouts) beside the cluster's.
set -uo pipefail
pids=()
for command in "$@"; do
  name=${command##* }
  # A subshell, so waiting for it gives the command's status (pipefail), not awk's. The name goes
  # in as a variable, not into the program, so any name prints as it is.
  (bash -c "$command" 2>&1 | awk -v name="$name" '{ print "[" name "] " $0; fflush() }') &
  pids+=("$!")
done
status=0
for pid in "${pids[@]}"; do
  wait "$pid" || status=1
done
exit "$status"

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# scripts/exercises-check.sh: make exercise-N-check for every exercise in
# labs/exercises/, then one line: "exercises: N passed, N failed".
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
only_recipe_612 "the exercises"

pass=0 fail=0
for p in "$FORK_ROOT"/labs/exercises/[0-9][0-9]-*.patch; do
	nn=$(basename "$p" | cut -c1-2)
	if "$FORK_ROOT/scripts/exercise.sh" "$nn" check; then
		pass=$((pass + 1))
	else
		echo "exercise $nn: FAILED"
		fail=$((fail + 1))
	fi
done
echo "exercises: $pass passed, $fail failed"
[ "$fail" = 0 ]

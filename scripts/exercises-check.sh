#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# scripts/exercises-check.sh: make exercise-N-check for every exercise of
# the recipe (RECIPE_EXERCISES: labs/exercises/, labs/exercises/7.3/), then
# one line: "exercises: N passed, N failed".
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

pass=0 fail=0
for p in "$RECIPE_EXERCISES"/[0-9][0-9]-*.patch; do
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

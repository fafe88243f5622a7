#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: run every check listed in tests/checks, in order, streaming
# their output, and end with exactly one line "N passed, N failed".
# CHECKS="name ..." runs a subset. A check's log: build/checks/NAME.log.
# A check may also leave warnings, which do not fail it, one a line in
# build/checks/NAME.warnings (check-series: a newer 6.12.y that the series
# no longer applies to); they are repeated just before the last line.

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
only_recipe_612 "make check"

cd "$FORK_ROOT"
mkdir -p "$BUILD/checks"
passed=0
failed=0
failures=()
ran=()
while read -r name cmd; do
	case $name in '' | '#'*) continue ;; esac
	# Whole names only: CHECKS=kernel-doc must not also run "kernel".
	if [ -n "${CHECKS:-}" ] && ! tr -s ' \t' '\n' <<<"$CHECKS" | grep -qxF -- "$name"; then
		continue
	fi
	step "check $name: $cmd"
	rm -f "$BUILD/checks/$name.warnings"
	ran+=("$name")
	start=$SECONDS
	if bash -c "$cmd" </dev/null 2>&1 | tee "$BUILD/checks/$name.log"; then
		echo "--- PASS $name ($((SECONDS - start)) s)"
		passed=$((passed + 1))
	else
		echo "--- FAIL $name ($((SECONDS - start)) s; log: build/checks/$name.log)"
		failed=$((failed + 1))
		failures+=("$name")
	fi
done <"$FORK_ROOT/tests/checks"

for name in "${ran[@]}"; do
	if [ -s "$BUILD/checks/$name.warnings" ]; then
		sed 's/^/warning: /' "$BUILD/checks/$name.warnings"
	fi
done
[ $failed = 0 ] || echo "failed checks: ${failures[*]}"
echo "$passed passed, $failed failed"
[ $failed = 0 ]

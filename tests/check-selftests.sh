#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The selftests verdict can fail: on made-up consoles, a result that
# differs, a must-run test that skipped, changed kselftest totals and a
# kernel warning are each caught, and identical runs pass. Then make
# selftests: the mm selftests on the base and the series kernel.

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"

table=$FORK_ROOT/scripts/series-selftests-table.sh
tmp=$BUILD/checks/selftests-tests
rm -rf "$tmp"
mkdir -p "$tmp/guest"
printf '%s\n' "t-run 60 run prog-a" "t-skip 60 run prog-b -x" "t-any 60 any prog-c" >"$tmp/guest/list"

# console NAME "RC-a RC-b RC-c" [TOTALS-a] [KERNEL-LINE-in-c]
console() {
	local -a rcs
	read -r -a rcs <<<"$2"
	{
		echo "fork: booted 6.12.117 on 2 CPUs"
		echo "fork: selftest-begin t-run (run): prog-a"
		echo "# Totals: ${3:-pass:3 fail:0 xfail:0 xpass:0 skip:0 error:0}"
		echo "fork: selftest-end t-run rc=${rcs[0]} secs=5"
		echo "fork: selftest-begin t-skip (run): prog-b -x"
		echo "fork: selftest-end t-skip rc=${rcs[1]} secs=1"
		echo "fork: selftest-begin t-any (any): prog-c"
		[ -z "${4:-}" ] || echo "$4"
		echo "fork: selftest-end t-any rc=${rcs[2]} secs=1"
		echo "fork: selftests done"
	} >"$tmp/$1.console.log"
}

# expect PASS|FAIL WHAT [PATTERN]: run the verdict on base and series.
expect() {
	local out rc=0
	out=$("$table" "$tmp" base series 2>&1) || rc=$?
	if [ "$1" = PASS ] && [ $rc != 0 ]; then
		printf '%s\n' "$out"
		die "verdict: $2 failed, but should pass"
	fi
	if [ "$1" = FAIL ]; then
		[ $rc != 0 ] || {
			printf '%s\n' "$out"
			die "verdict: $2 passed, but should fail"
		}
		grep -qF -- "$3" <<<"$out" || {
			printf '%s\n' "$out"
			die "verdict: $2 failed without saying '$3'"
		}
	fi
	echo "verdict: $2: $1, as it should"
}

console base "0 0 4"
console series "0 0 4"
expect PASS "identical runs"
console series "1 0 4"
expect FAIL "a test that fails on the series only" "t-run: base gave 'pass (pass:3 fail:0 skip:0)', series gave 'fail(rc=1)"
console base "0 4 4"
console series "0 4 4"
expect FAIL "a must-run test that skipped on both" "t-skip on base: skipped, but the list says it must run"
console base "0 0 4"
console series "0 0 4" "pass:2 fail:0 xfail:0 xpass:0 skip:1 error:0"
expect FAIL "kselftest totals that changed" "series gave 'pass (pass:2 fail:0 skip:1)'"
console series "0 0 4" "" "[   12.345678] WARNING: CPU: 1 PID: 77 at mm/memory.c:100 do_fault+0x1/0x2"
expect FAIL "a kernel warning during a test" "t-any on series: skip + KERNEL WARNING"

# Then the real base-vs-series run (make selftests); SELFTESTS_RUN=0 stops
# here, for work on the verdict alone.
[ "${SELFTESTS_RUN:-1}" = 0 ] || "$FORK_ROOT/scripts/selftests.sh"

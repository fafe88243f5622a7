#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: run every check listed in tests/checks, in order, streaming
# their output, and end with exactly one line "N passed, N failed".
# CHECKS="name ..." runs a subset. A check's log: build/checks/NAME.log.
# A whole run also removes, at the "@prune" lines of tests/checks, the
# build directories that no later check uses (CHECK_KEEP=1 keeps them).
# A check may also leave warnings, which do not fail it, one a line in
# build/checks/NAME.warnings (check-series: a newer 6.12.y that the series
# no longer applies to); they are repeated just before the last line.
# The working tree's state outside build/ is recorded just before the first
# check (scripts/worktree-state.sh record; a run refused earlier leaves the
# last record alone), and the last check, worktree,
# fails on whatever the run changed there.  CHECKS_FILE names another list
# than tests/checks (tests/check-guards.sh runs the guards below on lists
# of its own).

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
only_recipe_612 "make check"

cd "$FORK_ROOT"
mkdir -p "$BUILD/checks"
CHECKS_FILE=${CHECKS_FILE:-$FORK_ROOT/tests/checks}
[ -f "$CHECKS_FILE" ] || die "no list of checks at $CHECKS_FILE"
# The list as it is now: an edit of tests/checks while the run goes on
# (a line added above the one being run) must not make the run read a
# line twice or skip one.
check_list=$(cat "$CHECKS_FILE")

# The list is read through once before anything runs, so that a mistake in
# it stops the run at once instead of hours later: every @prune directory
# is under build/, no name comes twice, worktree (which judges what the
# checks before it left) is the last one, and every name CHECKS gives is in
# the list.
names=()
while read -r name cmd; do
	case $name in
	'' | '#'*) continue ;;
	@prune)
		for d in $cmd; do
			case $d in
			/* | *..*) die "${CHECKS_FILE#"$FORK_ROOT"/}: @prune takes directories under build/, not '$d'" ;;
			esac
		done
		continue
		;;
	esac
	[ -n "$cmd" ] || die "${CHECKS_FILE#"$FORK_ROOT"/}: check '$name' has no command"
	! in_list "$name" "${names[@]}" || die "${CHECKS_FILE#"$FORK_ROOT"/}: check '$name' is listed twice"
	[ "${#names[@]}" = 0 ] || [ "${names[-1]}" != worktree ] ||
		die "${CHECKS_FILE#"$FORK_ROOT"/}: '$name' comes after worktree, which must be the last check (it judges what the checks before it left in the working tree)"
	names+=("$name")
done <<<"$check_list"
for name in ${CHECKS:-}; do
	in_list "$name" "${names[@]}" ||
		die "CHECKS names '$name', which is not a check of ${CHECKS_FILE#"$FORK_ROOT"/} (the checks: ${names[*]})"
done

# Room on the disk that holds build/, in GiB.  Each check's last line says
# what is left, so that a "No space left on device" is read at a glance;
# and a whole run on a disk too small for it is refused before the first
# check.  The need was measured on a clean clone (README, "Disk"); what
# build/ already holds counts towards it.
CHECK_DISK_NEED_GIB=10
CHECK_DISK_NEED_KEEP_GIB=22
free_gib() {
	df -Pk "$BUILD" | awk 'NR == 2 { printf "%.1f", $4 / 1048576 }'
}
gib_of() {
	du -sk "$@" 2>/dev/null | awk '{ k += $1 } END { printf "%.1f", k / 1048576 }'
}
whole_run=
[ -n "${CHECKS:-}" ] || whole_run=1
prune=
[ -z "$whole_run" ] || [ "${CHECK_KEEP:-0}" = 1 ] || prune=1
if [ -n "$whole_run" ]; then
	if [ -n "$prune" ]; then need_gib=$CHECK_DISK_NEED_GIB; else need_gib=$CHECK_DISK_NEED_KEEP_GIB; fi
	need_gib=${CHECK_DISK_GIB:-$need_gib}
	[[ $need_gib =~ ^[0-9]+(\.[0-9]+)?$ ]] ||
		die "CHECK_DISK_GIB must be a number of GiB (like 12 or 7.5), not '$need_gib'"
	have_gib=$(gib_of "$BUILD")
	# The ?: in parentheses: unbracketed, awk reads "printf ... > 0 ..." as
	# printf redirected into a file named 0 (POSIX awk, "Output Statements").
	more_gib=$(awk -v n="$need_gib" -v h="$have_gib" 'BEGIN { m = n - h; printf "%.1f", (m > 0 ? m : 0) }')
	[ -n "$more_gib" ] || die "tests/run.sh: could not work out the disk this run needs (need $need_gib GiB, build/ holds $have_gib GiB)"
	if awk -v f="$(free_gib)" -v m="$more_gib" 'BEGIN { exit !(f < m) }'; then
		die "make check needs about $need_gib GiB for build/$([ -n "$prune" ] || echo ' with CHECK_KEEP=1') (README, 'Disk'); build/ holds $have_gib, and the disk has $(free_gib) GiB free: free $more_gib GiB, or set CHECK_DISK_GIB=0 to try anyway"
	fi
	echo "disk: build/ holds $have_gib GiB, $(free_gib) GiB free; this run needs about $need_gib GiB in all"
fi

# @prune DIR...: the build directories (under build/) that only the checks
# above use.  Removed in a whole run unless CHECK_KEEP=1; the commands that
# need one later (make lab-N, KASAN=1 make lab-N-check, make check-series)
# build it again, from ccache.
prune_dirs() {
	local d dirs=() gib
	for d in "$@"; do
		case $d in
		/* | *..*) die "tests/checks: @prune takes directories under build/, not '$d'" ;;
		esac
		[ ! -e "$BUILD/$d" ] || dirs+=("$BUILD/$d")
	done
	[ "${#dirs[@]}" -gt 0 ] || return 0
	gib=$(gib_of "${dirs[@]}")
	rm -rf "${dirs[@]}"
	echo "--- pruned ${dirs[*]#"$FORK_ROOT"/} ($gib GiB; no later check uses them); $(free_gib) GiB free"
}

# What the checks below will be judged against: the working tree now.
"$FORK_ROOT/scripts/worktree-state.sh" record

passed=0
failed=0
failures=()
ran=()
while read -r name cmd; do
	case $name in
	'' | '#'*) continue ;;
	@prune)
		# shellcheck disable=SC2086
		[ -z "$prune" ] || prune_dirs $cmd
		continue
		;;
	esac
	# Whole names only: CHECKS=kernel-doc must not also run "kernel".
	if [ -n "${CHECKS:-}" ] && ! tr -s ' \t' '\n' <<<"$CHECKS" | grep -qxF -- "$name"; then
		continue
	fi
	step "check $name: $cmd"
	rm -f "$BUILD/checks/$name.warnings"
	ran+=("$name")
	start=$SECONDS
	if bash -c "$cmd" </dev/null 2>&1 | tee "$BUILD/checks/$name.log"; then
		echo "--- PASS $name ($((SECONDS - start)) s; $(free_gib) GiB free)"
		passed=$((passed + 1))
	else
		echo "--- FAIL $name ($((SECONDS - start)) s; $(free_gib) GiB free; log: build/checks/$name.log)"
		failed=$((failed + 1))
		failures+=("$name")
	fi
done <<<"$check_list"

for name in "${ran[@]}"; do
	if [ -s "$BUILD/checks/$name.warnings" ]; then
		sed 's/^/warning: /' "$BUILD/checks/$name.warnings"
	fi
done
[ $failed = 0 ] || echo "failed checks: ${failures[*]}"
echo "$passed passed, $failed failed"
[ $failed = 0 ]

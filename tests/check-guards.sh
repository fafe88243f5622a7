#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The failure branches of make check's own guards, each taken once: every
# case plants the bad input and expects the refusal and its message, and
# that nothing ran past it.  Everything it makes is under build/guards/.
#
#  - tests/run.sh's disk guard: a whole run with CHECK_DISK_GIB larger than
#    what is free is refused before its first check; CHECK_DISK_GIB=0 lets
#    it through; CHECK_DISK_GIB that is not a number is refused;
#  - tests/run.sh's reading of the list: once, before the first check (a
#    check that rewrites it changes nothing); an @prune outside build/, a
#    name twice, a check after worktree, CHECKS naming no check, RECIPE=7.3;
#  - scripts/worktree-state.sh: a file a run creates, changes or deletes,
#    a developer's edit that a run changes again or undoes, and no record;
#    and a developer's edit left alone is no failure;
#  - the arguments of scripts/lab-check.sh, scripts/exercise.sh,
#    scripts/coccicheck.sh and scripts/lab-known.sh (RECIPE, KASAN, N);
#  - make lab-N while another lab's guest runs (scripts/lab-known.sh guest).
# (The fixtures of pte_nolock.cocci fail on a semantic patch that cannot
# be read or reports nothing: tests/check-coccicheck.sh, after the tree.)
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"

g=$BUILD/guards
rm -rf "$g"
mkdir -p "$g"
# run.sh records the working tree's state here, not where the make check
# that runs this check keeps its own.
export WORKTREE_STATE=$g/worktree-at-start
cases=0

# refused WHAT PATTERN CMD...: CMD must fail, print PATTERN (grep -E) and
# an "error: " line.
refused() {
	local what=$1 pattern=$2 out rc=0
	shift 2
	out=$("$@" 2>&1) || rc=$?
	printf '%s\n' "$out" >"$g/case-$cases.log"
	[ "$rc" != 0 ] || { sed 's/^/  /' "$g/case-$cases.log"; die "$what: not refused (exit 0)"; }
	grep -qE -- "$pattern" <<<"$out" || {
		sed 's/^/  /' "$g/case-$cases.log"
		die "$what: refused (exit $rc) but without /$pattern/ (output above)"
	}
	# ... and said why, in the words of die()
	grep -q '^error: ' <<<"$out" || {
		sed 's/^/  /' "$g/case-$cases.log"
		die "$what: refused (exit $rc) without an 'error: ' line (output above)"
	}
	echo "refused, as it must: $what: $(grep -E -m1 -- "$pattern" <<<"$out")"
	cases=$((cases + 1))
}

# no_line PATTERN: the last case's output has no line matching PATTERN.
no_line() {
	! grep -qE -- "$1" "$g/case-$((cases - 1)).log" ||
		die "case $((cases - 1)): /$1/ is in its output, so it ran past the guard ($g/case-$((cases - 1)).log)"
}

list() {
	printf '%s\n' "$@" >"$g/checks"
}

run_sh=$FORK_ROOT/tests/run.sh

# --- tests/run.sh's disk guard (a whole run: no CHECKS)
list "guard-ran	echo guard-check-ran"
free=$(df -Pk "$BUILD" | awk 'NR == 2 { printf "%d", $4 / 1048576 }')
too_much=$((free + 1000))
refused "a whole run needing $too_much GiB with $free GiB free" \
	"make check needs about $too_much GiB for build/" \
	env -u CHECKS CHECKS_FILE="$g/checks" CHECK_DISK_GIB="$too_much" "$run_sh"
no_line guard-check-ran
[ ! -e "$FORK_ROOT/0" ] || die "a file named 0 at the repository's top: the disk guard's awk printed into a file again"
out=$(env -u CHECKS CHECKS_FILE="$g/checks" CHECK_DISK_GIB=0 "$run_sh" 2>&1) ||
	{ printf '%s\n' "$out"; die "CHECK_DISK_GIB=0: the run was refused"; }
grep -qx guard-check-ran <<<"$out" || die "CHECK_DISK_GIB=0: the check did not run"
grep -qx '1 passed, 0 failed' <<<"$out" || die "CHECK_DISK_GIB=0: no '1 passed, 0 failed' line"
echo "let through, as it must: CHECK_DISK_GIB=0: $(grep '^disk: ' <<<"$out")"
refused "CHECK_DISK_GIB=lots" "CHECK_DISK_GIB must be a number" \
	env -u CHECKS CHECKS_FILE="$g/checks" CHECK_DISK_GIB=lots "$run_sh"
no_line guard-check-ran

# --- tests/run.sh reads the list once: a check that rewrites it in place,
# a line added above its own (as an edit of tests/checks during a run
# does), neither runs twice nor makes the new line run
list "guard-edit	{ printf 'guard-top\\techo guard-top-ran\\n'; cat '$g/checks'; } >'$g/checks.new' && cat '$g/checks.new' >'$g/checks' && echo guard-edit-ran"
out=$(env -u CHECKS CHECKS_FILE="$g/checks" CHECK_DISK_GIB=0 "$run_sh" 2>&1) ||
	{ printf '%s\n' "$out"; die "tests/run.sh read its list again after a check rewrote it: a check that is no line of it ran (above)"; }
if [ "$(grep -cx guard-edit-ran <<<"$out")" != 1 ] || grep -qx guard-top-ran <<<"$out"; then
	printf '%s\n' "$out"
	die "tests/run.sh read its list again after a check rewrote it (above)"
fi
grep -q '^guard-top' "$g/checks" || die "the list-editing check did not edit the list: no test"
echo "read once, as it must: a check that rewrote the list ran once, the line it added did not run"

# --- tests/run.sh's reading of the list (a subset run: no du of build/)
list "guard-ran	echo guard-check-ran" "@prune	kernel ../elsewhere"
refused "@prune outside build/" "@prune takes directories under build/, not '../elsewhere'" \
	env CHECKS_FILE="$g/checks" CHECKS=guard-ran "$run_sh"
no_line guard-check-ran
list "guard-ran	echo guard-check-ran" "guard-ran	true"
refused "a check listed twice" "check 'guard-ran' is listed twice" \
	env CHECKS_FILE="$g/checks" CHECKS=guard-ran "$run_sh"
list "worktree	true" "guard-ran	echo guard-check-ran"
refused "a check after worktree" "'guard-ran' comes after worktree" \
	env CHECKS_FILE="$g/checks" CHECKS=guard-ran "$run_sh"
list "guard-ran	echo guard-check-ran"
refused "CHECKS naming no check" "CHECKS names 'guard-rna', which is not a check" \
	env CHECKS_FILE="$g/checks" CHECKS="guard-rna" "$run_sh"
no_line guard-check-ran
refused "make check with RECIPE=7.3" "make check: not ported to RECIPE=7.3" \
	env RECIPE=7.3 CHECKS_FILE="$g/checks" CHECKS=guard-ran "$run_sh"

# --- scripts/worktree-state.sh, on a repository of its own
ws=$FORK_ROOT/scripts/worktree-state.sh
r=$g/repo
git init -q "$r"
printf 'one\n' >"$r/kept"
printf 'two\n' >"$r/edited"
mkdir -p "$r/build"
git -C "$r" add kept edited
git -C "$r" -c user.name=check -c user.email=check@invalid commit -q -m base
st=$g/repo-state
refused "compare without a record" "no record of the working tree" "$ws" compare "$r" "$g/none"
"$ws" record "$r" "$st"
printf 'left\n' >"$r/build/ignored-by-rule"
printf 'x\n' >"$r/build/output"
# build/ is never judged, ignored or not
"$ws" compare "$r" "$st" >/dev/null || die "worktree-state.sh: a file under build/ was judged"
printf 'left\n' >"$r/0"
refused "a file the run created" '\+ \?\? 0	' "$ws" compare "$r" "$st"
rm "$r/0"
printf 'changed\n' >>"$r/kept"
refused "a tracked file the run changed" '\+  M kept	' "$ws" compare "$r" "$st"
git -C "$r" checkout -q -- kept
rm "$r/kept"
refused "a tracked file the run deleted" '\+  D kept	-' "$ws" compare "$r" "$st"
git -C "$r" checkout -q -- kept
# the developer's edit, made before the run
printf 'mine\n' >>"$r/edited"
"$ws" record "$r" "$st"
out=$("$ws" compare "$r" "$st") || die "worktree-state.sh: the developer's own edit, left alone, failed the check: $out"
echo "let through, as it must: $out"
printf 'and the run\n' >>"$r/edited"
refused "the developer's edited file changed again by the run" '\+  M edited	' "$ws" compare "$r" "$st"
git -C "$r" checkout -q -- edited
refused "the developer's edit undone by the run" '-  M edited	' "$ws" compare "$r" "$st"

# --- the scripts' arguments
refused "lab-check.sh with REPEAT=twice" "REPEAT must be a positive number, not 'twice'" \
	"$FORK_ROOT/scripts/lab-check.sh" 3 twice
refused "exercise.sh with no number" "usage: .* N \[check\]" "$FORK_ROOT/scripts/exercise.sh" three
refused "exercise.sh 99" "no exercise 99 in" "$FORK_ROOT/scripts/exercise.sh" 99 check
refused "coccicheck.sh with an unknown part" "usage: .*coccicheck.sh" "$FORK_ROOT/scripts/coccicheck.sh" everything
refused "RECIPE=4.19" "RECIPE=4.19: no such recipe" env RECIPE=4.19 "$FORK_ROOT/scripts/lab-known.sh" 3
refused "lab 9" "no lab '9': the labs of RECIPE=6.12 are" "$FORK_ROOT/scripts/lab-known.sh" 9
refused "lab 1 on RECIPE=7.3" "lab 1 does not run on RECIPE=7.3" env RECIPE=7.3 "$FORK_ROOT/scripts/lab-known.sh" 1
refused "KASAN=2" "KASAN must be 1 or unset, not '2'" env KASAN=2 "$FORK_ROOT/scripts/lab-known.sh" 3
refused "lab-known.sh with a second word it does not know" "usage: lab-known.sh N \[guest\]" \
	"$FORK_ROOT/scripts/lab-known.sh" 3 sideways

# --- one lab's guest at a time: make lab-N asks before it rebuilds anything
# (a lock of this check's own, held on a descriptor of this shell, stands in
# for a running guest's)
exec 8>"$g/lab.lock"
flock 8
refused "make lab-3 while another lab's guest runs" "a lab \(or make debug\) is already running here" \
	env DEBUG_LOCK="$g/lab.lock" "$FORK_ROOT/scripts/lab-known.sh" 3 guest
exec 8>&-

echo "guards: $cases failure branches taken, each with its message"

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make lab-6-stress (RECIPE=7.3): lab 6's race with no window and random
# timing (labs/guest/run/lab-6-stress.sh), on the two kernels without split
# page-table locks.  With 7.3.4's step 4 (CONFIG_PTLAB_LOCKPTR_RECHECK; the
# window is not armed, so this is 7.3.4's code path) the kernel must report
# the collapse of a freed table within STRESS_UNFIXED_ITERS iterations (an
# upper bound: the program stops at the first report); with the fork's fix
# it must survive STRESS_FIXED_ITERS iterations without any report.  Exit 0
# only if both hold.

# shellcheck source=scripts/lab-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lab-lib.sh"

unfixed_iters=${STRESS_UNFIXED_ITERS:-400}
fixed_iters=${STRESS_FIXED_ITERS:-1000}
for v in unfixed_iters fixed_iters; do
	[[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "${v^^} must be a positive number, not '${!v}'"
done
lab_known 6
need_guest
build_nr2_kernels
mkdir -p "$BUILD/checks"

# stress KERNEL_DIR NAME ITERATIONS: boot, run, print the verdict lines;
# sets $log to the console log.
stress() {
	local kdir=$1 name=$2 iters=$3 rc=0
	log=$BUILD/checks/lab-6-stress-$name.console.log
	BZIMAGE=$kdir/arch/x86/boot/bzImage
	qemu_argv lab-6-stress "fork.iters=$iters"
	step "lab 6 stress, $name kernel (${kdir#"$FORK_ROOT"/}): up to $iters iterations, console ${log#"$FORK_ROOT"/}"
	timeout "${STRESS_TIMEOUT:-900}" "${QEMU[@]}" -serial stdio -monitor none </dev/null >"$log" 2>&1 || rc=$?
	[ $rc = 0 ] || { tail -n 30 "$log" >&2; die "QEMU exited with $rc (console above)"; }
	grep -aE '^ptcollapse-race: (kernel report|[0-9]+ iterations|MADV_COLLAPSE)|BUG: (Bad page state|non-zero pgtables_bytes)|kernel BUG|^lab: stress-end' "$log" |
		tr -d '\r' | sed 's/^/    /'
}

ok=1
stress "$NR2_LOCKPTR_KBUILD" lockptr "$unfixed_iters"
if grep -aq 'BUG: Bad page state in process .*pfn:00000' "$log"; then
	echo "lab 6 stress, 7.3.4's step 4: the kernel reported the collapse of a freed table, as it must"
else
	echo "lab 6 stress, 7.3.4's step 4: no report within $unfixed_iters iterations (expected one)"
	ok=0
fi
stress "$NR2_KBUILD" fixed "$fixed_iters"
if grep -aq "^lab: stress-end rc=0 iterations=$fixed_iters" "$log" &&
	! grep -aqE "$KERNEL_PROBLEMS" "$log"; then
	echo "lab 6 stress, the fork's fix: $fixed_iters iterations, no kernel report"
else
	echo "lab 6 stress, the fork's fix: a kernel report or an unfinished run (console: ${log#"$FORK_ROOT"/})"
	ok=0
fi
[ $ok = 1 ]

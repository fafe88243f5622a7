#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make lab-N-check [REPEAT=n]: lab N's steps in batch GDB against a fresh
# guest, every step asserted (labs/gdb/lab-N.py), n times.  Prints the
# transcript of the first run (and of every failed one), the console check,
# the time of each run, and "k/n runs passed".  Exit 0 only if all passed.
#
# Lab 3 runs twice per repetition: on the lab kernel and on the kernel whose
# MGLRU recheck compares raw pmd values (an Accessed bit flip makes it skip
# the table).  KASAN=1 runs every lab on Generic KASAN builds instead
# (lab 3 on the lab kernel only) and fails on any KASAN report.
# Lab 4 runs twice per repetition: on the kernel whose recheck compares the
# stack copy (the walker walks a detached table) and on the lab kernel
# (the recheck catches it).  Lab 5 runs twice too: on the kernel whose
# UFFDIO_MOVE guards dst with pte_same() only (the page is lost, and the
# kernel reports a bad rss-counter, which that run expects) and on the lab
# kernel (pmd_same() catches it, the move retries).  Lab 6 (7.3) runs on
# two kernels without split page-table locks: with 7.3.4's step 4 (the
# collapse of a freed table, which the kernel reports, and that run
# expects) and with the fork's fix (the recheck fails, the collapse gives
# up).
#
# LAB_KERNEL="DIR VARIANT": one run per repetition, on the kernel built in
# DIR, held to what the lab expects of its VARIANT kernel, with no
# transcript compared (a review exercise's kernel: scripts/exercise.sh).

# shellcheck source=scripts/lab-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lab-lib.sh"

n=${1:?usage: lab-check.sh N [REPEAT]}
repeat=${2:-1}
timeout=${LAB_TIMEOUT:-240}
lab_known "$n"
[[ $repeat =~ ^[1-9][0-9]*$ ]] || die "REPEAT must be a positive number, not '$repeat'"
script=$FORK_ROOT/labs/gdb/lab-$n.py
[ -f "$script" ] || die "no GDB script $script"
need_guest
if [ -n "${LAB_KERNEL:-}" ]; then
	read -r only_kdir only_variant <<<"$LAB_KERNEL"
	[ -n "$only_variant" ] || die "LAB_KERNEL must be 'DIR VARIANT', not '$LAB_KERNEL'"
	[ -f "$only_kdir/vmlinux" ] || die "LAB_KERNEL: no kernel built in $only_kdir"
elif [ -n "$KSUFFIX" ]; then
	build_live_kernel	# KASAN=1: its own build of the lab kernel
else
	[ "$n" = 1 ] || need_ptlab_kernel "$KBUILD"	# lab 1 needs no window
fi
# Lab 3's raw-recheck kernel shows the Accessed bit, not memory safety: it
# has no KASAN run.
if [ -z "${LAB_KERNEL:-}" ]; then
	[ "$n" != 3 ] || [ -n "$KSUFFIX" ] || build_raw_kernel
	[ "$n" != 4 ] || build_copy_kernel
	[ "$n" != 5 ] || build_dst_dummy_kernel
	[ "$n" != 6 ] || build_nr2_kernels
fi
export LAB_BATCH=1

mkdir -p "$BUILD/checks"
out=$BUILD/checks/lab-$n-run.log

# Kernel reports in a console log: lib.sh's KERNEL_PROBLEMS and
# LAB_PROBLEMS, the patterns the lab scripts' expect_clean_console() uses.
# The lab-5 run on the pte_same()-only kernel expects one report, the
# leaked page's rss counter (its GDB script asserts that it is there).
console_problems() {
	local allow='^$'
	[ "$n:${2:-}" != 5:dummy ] ||
		allow='BUG: Bad rss-counter state mm:[^ ]+ type:MM_ANONPAGES val:1( Comm:[^ ]+ Pid:[0-9]+)?[[:space:]]*$'
	# lab 6's run before the fix expects the two reports of the collapse
	# of a freed table (its GDB script asserts them, and nothing else)
	[ "$n:${2:-}" != 6:lockptr ] ||
		allow='BUG: Bad page state in process [^ ]+ +pfn:00000[[:space:]]*$|BUG: non-zero pgtables_bytes on freeing mm: -4096[[:space:]]*$'
	grep -avE "$allow" "$1" | grep -aE -A4 "$KERNEL_PROBLEMS|$LAB_PROBLEMS" | head -n 40 || true
}

# One batch run against one kernel: KERNEL VARIANT.  Returns GDB's status.
run_once() {
	local kdir=$1 variant=$2 rc=0 log
	rm -f "$out.transcript"
	BZIMAGE=$kdir/arch/x86/boot/bzImage VMLINUX=$kdir/vmlinux LAB_VARIANT=$variant \
		LAB_ANY_KERNEL=${LAB_KERNEL:+1} \
		LAB_TRANSCRIPT=$out.transcript \
		"$FORK_ROOT/scripts/gdb-batch.sh" "lab-$n" "$script" "$timeout" >"$out" 2>&1 || rc=$?
	# finish() prints this line only when it ran; anything else is a failure.
	grep -q '^fork-gdb: 0 failed expectation(s)$' "$out" || rc=1
	# The transcript of a passing run must be the page's (every lab, every
	# variant: lab-N.txt, or lab-N-VARIANT.txt when there are several).
	# The pages show the lab kernels' runs, not the KASAN builds'.
	if [ $rc = 0 ] && [ -z "${KSUFFIX:-}" ] && [ -z "${LAB_KERNEL:-}" ]; then
		"$FORK_ROOT/scripts/lab-transcript.sh" "$out.transcript" \
			"lab-$n$([ ${#variants[@]} = 1 ] || echo "-$variant")$RECIPE_TRANSCRIPT_SUFFIX" >>"$out" 2>&1 || rc=1
	fi
	# The newest console log is this run's (gdb-batch.sh names it by port).
	log=$(find "$BUILD/checks" -name "lab-$n-*.console.log" -newer "$out.start" -print 2>/dev/null | head -n 1)
	if [ -n "$log" ] && console_problems "$log" "$variant" | grep -q .; then
		echo "console of the $variant run reports a problem:" >>"$out"
		console_problems "$log" "$variant" | head -n 20 >>"$out"
		rc=1
	fi
	# A KASAN run proves something only if KASAN was on (lib.sh).
	if [ -n "$KSUFFIX" ]; then
		if [ -n "$log" ] && grep -aqF "$KASAN_BANNER" "$log"; then
			echo "console of the $variant run: $KASAN_BANNER$([ $rc != 0 ] || echo '; no KASAN or other kernel report')" >>"$out"
		else
			echo "console of the $variant run: no '$KASAN_BANNER' line: not a KASAN run" >>"$out"
			rc=1
		fi
	fi
	if [ -n "$log" ]; then
		if [ $rc = 0 ]; then
			rm -f "$log" "${log%.console.log}.gdb"
		else
			echo "console log kept: $log" >>"$out"
		fi
	fi
	return $rc
}

variants=("$LIVE_KBUILD live")
[ "$n" != 3 ] || [ -n "$KSUFFIX" ] || variants=("$LIVE_KBUILD live" "$RAW_KBUILD raw")
[ "$n" != 4 ] || variants=("$COPY_KBUILD copy" "$LIVE_KBUILD live")
[ "$n" != 5 ] || variants=("$DUMMY_KBUILD dummy" "$LIVE_KBUILD live")
[ "$n" != 6 ] || variants=("$NR2_LOCKPTR_KBUILD lockptr" "$NR2_KBUILD fixed")
[ -z "${LAB_KERNEL:-}" ] || variants=("$only_kdir $only_variant")

passed=0
total_time=0
for ((i = 1; i <= repeat; i++)); do
	ok=1
	start=$SECONDS
	for v in "${variants[@]}"; do
		read -r kdir variant <<<"$v"
		touch "$out.start"
		if run_once "$kdir" "$variant"; then
			[ "$i" != 1 ] || { echo "=== lab $n, run 1 ($variant kernel) ==="; grep -vE '^(Breakpoint|Temporary breakpoint|Run till exit)' "$out"; }
		else
			ok=0
			echo "=== lab $n, run $i ($variant kernel): FAILED ==="
			cat "$out"
		fi
	done
	t=$((SECONDS - start))
	total_time=$((total_time + t))
	if [ $ok = 1 ]; then
		passed=$((passed + 1))
		echo "lab $n run $i/$repeat: pass (${t} s)"
	else
		echo "lab $n run $i/$repeat: FAIL (${t} s)"
	fi
done
rm -f "$out.start"
echo "lab $n: $passed/$repeat runs passed, $((total_time / repeat)) s per run on average"
[ "$passed" = "$repeat" ]

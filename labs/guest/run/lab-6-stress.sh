# SPDX-License-Identifier: GPL-2.0
# Lab 6, the stress check: no window, random timing.
# ptcollapse-race races MADV_COLLAPSE (CPU 0) on a PTE-mapped shmem THP
# against MADV_DONTNEED of the same 2 MiB (CPU 1) for fork.iters=N
# iterations (default 200); by default it stops at the first kernel report,
# fork.keep=1 keeps going.  The last line is the end marker:
#   lab: stress-end rc=N iterations=N
# shellcheck shell=sh
# shellcheck source=labs/guest/run/lab-lib.sh
. /fork/run/lab-lib.sh
# busybox ash has pipefail, POSIX sh does not
# shellcheck disable=SC3040
set -euo pipefail

iters=200
keep=
read -r cmdline </proc/cmdline
for arg in $cmdline; do
	case $arg in
	fork.iters=*) iters=${arg#fork.iters=} ;;
	fork.keep=1) keep=-k ;;
	esac
done

lab_say "stress: $iters iterations on $(uname -r), $(grep -c '^processor' /proc/cpuinfo) CPUs"
rc=0
# $keep is empty or one word
# shellcheck disable=SC2086
ptcollapse-race $keep "$iters" | tee /tmp/race.out || rc=$?

# The mm's counters are checked when it is freed (check_mm()); a CPU that
# last ran the program may still hold the mm as its lazy TLB mm: running a
# task on each CPU lets go of it.  Then give RCU time to free the tables.
taskset 1 true
taskset 2 true
sleep 1
# The kernel's reports may have broken the program's lines: say them again.
while IFS= read -r line; do
	case $line in
	*"kernel report after"* | *"MADV_COLLAPSE ="* | *" iterations, "*) lab_say "$line" ;;
	esac
done </tmp/race.out
lab_say "stress-end rc=$rc iterations=$iters"

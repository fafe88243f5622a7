# SPDX-License-Identifier: GPL-2.0
# Lab 6, what the recheck cannot see (7.3): ptcollapse-race -w runs one
# MADV_COLLAPSE (CPU 0) of a PTE-mapped shmem THP and holds it in the
# khugepaged_collapse window, between step 2 (the table emptied, its lock
# dropped) and step 4 (the pmd lock) of try_collapse_pte_mapped_thp(),
# while MADV_DONTNEED of the same 2 MiB (CPU 1) frees the empty table.
# shellcheck shell=sh
# shellcheck source=labs/guest/run/lab-lib.sh
. /fork/run/lab-lib.sh

rc=0
# Its lines are printed after the kernel's reports, which would otherwise
# cut through them on the console.
ptcollapse-race -w 1 >/tmp/ptcollapse-race.out 2>&1 || rc=$?
lab_say "after: $(ptlab_status khugepaged_collapse)"
# The mm's counters are checked when it is freed (check_mm()); a CPU that
# last ran the program may still hold the mm as its lazy TLB mm: running a
# task on each CPU lets go of it.  Then give RCU time to free the tables.
taskset 1 true
taskset 2 true
sleep 1
cat /tmp/ptcollapse-race.out
lab_say "ptcollapse-race exited $rc"
lab_say "done"

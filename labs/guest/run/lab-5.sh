# SPDX-License-Identifier: GPL-2.0
# Lab 5, what a missing recheck costs: ptmove's UFFDIO_MOVE (CPU 0) holds
# its destination's PTE table T in the uffd_move window while MADV_DONTNEED
# (CPU 1) empties the range and frees T: through the lab's stand-in
# reclaimer on 6.12, through the kernel's own PT_RECLAIM on 7.3.  On the kernel
# with CONFIG_PTLAB_DST_DUMMY only pte_same() guards dst and the page is
# lost; on the lab kernel pmd_same() fails and the move retries.
# shellcheck shell=sh
# shellcheck source=labs/guest/run/lab-lib.sh
. /fork/run/lab-lib.sh

# Steps 1-6 happen inside ptmove (it arms the window and the reclaimer).
ptmove || lab_fail "ptmove failed"
lab_say "after: $(ptlab_status uffd_move)"
# The stand-in reclaimer's line (6.12); 7.3's PT_RECLAIM has none.
if grep -q '^reclaim ' "$PTLAB/status"; then
	lab_say "reclaimer: $(grep '^reclaim ' "$PTLAB/status")"
fi

# Step 7: ptmove's mm is freed once nothing holds it (an idle ptlab site
# holds no mm; reset zeroes the counters), and the kernel checks its
# counters (check_mm()); give RCU time to free T.
ptlab_ctl reset uffd_move
# A CPU that last ran ptmove may still hold its mm as a lazy TLB mm; running
# a task on each CPU lets go of it.
taskset 1 true
taskset 2 true
sleep 1
lab_say "done"
